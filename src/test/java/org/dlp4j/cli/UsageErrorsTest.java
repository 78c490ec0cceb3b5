package org.dlp4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.dlp4j.Json;
import org.dlp4j.cli.CoreCliTest.Run;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Command lines picocli refuses before any command runs, command groups without a command, and the help texts. */
class UsageErrorsTest {
    private static Run dlp(String... args) {
        return CoreCliTest.dlp(args);
    }

    @Test
    void aUsageErrorWithJsonPrintsOneJsonObjectOnStdoutAndUsageOnStderr() throws Exception {
        String[][] lines = {
            {"lmdb", "inspect", "--json"},
            {"dicom", "info", "--json", "--bogus", "x"},
            {"train", "--json", "--solver", "s.prototxt", "--run", "r", "--max-iter", "abc"},
            {"evaluate", "--json", "--pred", "X"},
        };
        String[] says = {"Missing required parameter", "Unknown option", "--max-iter", "--truth"};
        for (int i = 0; i < lines.length; i++) {
            String what = String.join(" ", lines[i]);
            Run r = dlp(lines[i]);
            assertThat(r.code()).as(what + ": " + r.err()).isEqualTo(2);
            JsonNode j = Json.MAPPER.readTree(r.out());
            assertThat(j.size()).as(what).isEqualTo(2);
            assertThat(j.path("exit_code").asInt()).as(what).isEqualTo(2);
            assertThat(j.path("error").asText()).as(what).contains(says[i]);
            assertThat(r.out().strip().lines().count()).as(what).isEqualTo(1);
            assertThat(r.err()).as(what).contains(says[i]).contains("--help' for usage");
        }
        Run plain = dlp("evaluate", "--pred", "X");
        assertThat(plain.code()).isEqualTo(2);
        assertThat(plain.out()).isEmpty();
        assertThat(plain.err()).contains("--truth");
    }

    @Test
    void aCommandGroupWithoutACommandPrintsItsUsageOnStderrAndExits2() {
        Run root = dlp();
        assertThat(root.code()).isEqualTo(2);
        assertThat(root.out()).isEmpty();
        assertThat(root.err()).contains("dlp: name a command: version, demo, net").contains("Usage: dlp ");
        Run net = dlp("net");
        assertThat(net.code()).isEqualTo(2);
        assertThat(net.out()).isEmpty();
        assertThat(net.err()).contains("dlp net: name a command: validate, library").contains("Usage: dlp net ");
        Run logged = dlp("--caffe-log-level", "1", "import");
        assertThat(logged.code()).isEqualTo(2);
        assertThat(logged.err()).contains("Usage: dlp import ");
        assertThat(dlp("net", "--help").code()).isZero();
        assertThat(dlp("--help").code()).isZero();
    }

    @Test
    void caffeLogLevelAcceptsAndDocumentsGlogsFourLevels() {
        try {
            assertThat(dlp("--caffe-log-level", "3", "version").code()).isZero();
            Run four = dlp("--caffe-log-level", "4", "version");
            assertThat(four.code()).isEqualTo(2);
            assertThat(four.err()).contains("--caffe-log-level must be 0 (INFO), 1 (WARNING), 2 (ERROR) or 3 (FATAL),"
                    + " not 4");
            assertThat(dlp("--help").out().replaceAll("\\s+", " "))
                    .contains("0 INFO, 1 WARNING, 2 ERROR, 3 FATAL only");
        } finally {
            org.dlp4j.worker.Worker.resetLogging();
        }
    }

    /** Every command and its summary in {@code dlp --help}: one complete sentence; no paragraph stops mid-sentence. */
    @Test
    void everyCommandHasAOneSentenceSummaryAndWholeSentenceParagraphs() {
        List<CommandLine> all = new ArrayList<>();
        collect(Main.commandLine(), all);
        assertThat(all.size()).isGreaterThan(20);
        for (CommandLine cl : all) {
            CommandLine.Model.UsageMessageSpec u = cl.getCommandSpec().usageMessage();
            String name = cl.getCommandSpec().qualifiedName();
            String[] summary = u.header().length > 0 ? u.header() : u.description();
            assertThat(summary).as(name).isNotEmpty();
            assertThat(summary[0]).as(name + " summary").endsWith(".");
            for (String[] lines : List.of(u.header(), u.description())) {
                for (String p : lines) {
                    assertThat(p).as(name + ": " + p).matches("(?s).*[.)]$");
                }
            }
        }
        String help = dlp("--help").out();
        assertThat(help).contains("Run the whole tutorial on generated data and print its Dice score.")
                .contains("Train a net with a Caffe solver, with live progress and Dice.")
                .contains("Start the web UI and its JSON API on 127.0.0.1.")
                .doesNotContain("generate and\n").doesNotContain("Open the printed URL:");
        String net = dlp("net", "--help").out();
        assertThat(net).contains("Check a net or solver prototxt without running Caffe.");
        String train = dlp("train", "--help").out();
        // picocli wraps a paragraph at the terminal width: the text reads on without a break after "test pass,"
        assertThat(train.replaceAll("\\s+", " ")).contains("Dice after each test pass, snapshots in RUN/snapshots");
    }

    private static void collect(CommandLine cl, List<CommandLine> into) {
        into.add(cl);
        cl.getSubcommands().values().forEach(c -> collect(c, into));
    }
}
