package org.dlp4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core commands' contracts: exit codes and messages. */
public class CoreCliTest {
    @TempDir
    Path dir;

    public record Run(int code, String out, String err) {
    }

    public static Run dlp(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void versionNamesEverything() {
        Run r = dlp("version", "--json");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\"dlp4j\"").contains("\"caffe\":\"1.0").contains("\"javacpp\":\"1.5.8\"")
                .contains("openblas").contains("\"gpus\":\"0\"");
    }

    @Test
    void onlyTheNamedSubcommandIsBuiltAndHelpStillListsThemAll() {
        assertThat(Main.subcommandNamed("import", "sunnybrook", "x")).isEqualTo("import");
        assertThat(Main.subcommandNamed("--caffe-log-level", "1", "train", "--help")).isEqualTo("train");
        assertThat(Main.subcommandNamed("--caffe-log", "version", "infer")).isEqualTo("infer");
        assertThat(Main.subcommandNamed("--caffe-log-level=1", "net", "show")).isEqualTo("net");
        assertThat(Main.subcommandNamed("--help", "train")).isNull();
        assertThat(Main.subcommandNamed("trian")).isNull();
        assertThat(Main.subcommandNamed()).isNull();
        assertThat(Main.commandLine("net", "show", "x").getSubcommands()).containsOnlyKeys("net");
        assertThat(Main.commandLine("net", "show", "x").getSubcommands().get("net").getSubcommands()).isNotEmpty();
        assertThat(Main.commandLine().getSubcommands()).containsOnlyKeys(Main.SUBCOMMANDS.keySet());

        Run help = dlp("--help");
        assertThat(help.code()).isZero();
        for (String name : Main.SUBCOMMANDS.keySet()) {
            assertThat(help.out()).contains("  " + name + " ");
        }
        Run typo = dlp("trian");
        assertThat(typo.code()).isEqualTo(2);
        assertThat(typo.err()).contains("train");
        Run sub = dlp("--caffe-log-level", "1", "version", "--json");
        assertThat(sub.code()).isZero();
        assertThat(sub.out()).contains("\"dlp4j\"");
    }

    @Test
    void validateUnknownBottomExits2NamingLayerAndBlob() throws Exception {
        Path p = dir.resolve("n.prototxt");
        Files.writeString(p, """
                layer { name: "data" type: "Input" top: "data" input_param { shape { dim: 1 dim: 1 dim: 4 dim: 4 } } }
                layer { name: "relu1" type: "ReLU" bottom: "conv1" top: "relu1" }
                """);
        Run r = dlp("net", "validate", p.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("layer 'relu1'").contains("bottom 'conv1'");
        Files.writeString(p, Files.readString(p).replace("\"conv1\"", "\"data\""));
        Run ok = dlp("net", "validate", p.toString());
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("valid net (2 layers, 2 blobs)");
    }

    @Test
    void unknownOptionAndMissingFileAreBadInput() {
        assertThat(dlp("net", "validate", "--frobnicate", "x").code()).isEqualTo(2);
        Run r = dlp("net", "validate", dir.resolve("none.prototxt").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("file not found");
    }

    @Test
    void timeOfANetThatAbortsInsideCaffeExits3WithTheCheckLine() throws Exception {
        Path p = dir.resolve("bad.prototxt");
        Files.writeString(p, """
                layer { name: "a" type: "DummyData" top: "a" dummy_data_param { shape { dim: 1 dim: 2 dim: 3 dim: 3 } } }
                layer { name: "e" type: "ContrastiveLoss" bottom: "a" bottom: "a" bottom: "a" top: "e" }
                """);
        Run r = dlp("time", "--model", p.toString(), "--iterations", "1");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("Check failed");
        Files.writeString(p, """
                layer { name: "a" type: "DummyData" top: "a" dummy_data_param { shape { dim: 1 dim: 2 dim: 3 dim: 3 } } }
                layer { name: "c" type: "Convolution" bottom: "a" top: "c" convolution_param { num_output: 2 kernel_size: 1 } }
                """);
        Run ok = dlp("time", "--model", p.toString(), "--iterations", "2");
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("Convolution").contains("forward-backward");
    }

    @Test
    void caffeLogLevelAndFileReachWorkers() throws Exception {
        Path p = dir.resolve("ok.prototxt");
        Files.writeString(p, """
                layer { name: "a" type: "DummyData" top: "a" dummy_data_param { shape { dim: 1 dim: 2 dim: 3 dim: 3 } } }
                layer { name: "c" type: "Convolution" bottom: "a" top: "c" convolution_param { num_output: 2 kernel_size: 1 } }
                """);
        Path log = dir.resolve("caffe.log");
        try {
            Run r = dlp("--caffe-log-level", "0", "--caffe-log", log.toString(), "time", "--model", p.toString(),
                    "--iterations", "1");
            assertThat(r.code()).isZero();
            assertThat(Files.readString(log)).contains("Creating layer c");
            assertThat(dlp("--caffe-log-level", "7", "version").code()).isEqualTo(2);
        } finally {
            org.dlp4j.worker.Worker.resetLogging();
        }
    }

    @Test
    void timeMistakesInPhaseWorkspaceOrLogPathExit2BeforeAnyWorkerStarts() throws Exception {
        Path p = dir.resolve("ok.prototxt");
        Files.writeString(p, "layer { name: \"a\" type: \"DummyData\" top: \"a\" dummy_data_param { shape { dim: 1 } } }\n");
        Run phase = dlp("time", "--model", p.toString(), "--iterations", "1", "--phase", "foo");
        assertThat(phase.code()).as(phase.err()).isEqualTo(2);
        assertThat(phase.err()).contains("--phase must be TRAIN or TEST, not 'foo'").doesNotContain("internal error");

        Path missing = dir.resolve("nonexistent");
        Run ws = dlp("time", "--model", p.toString(), "--iterations", "1", "--ws", missing.toString());
        assertThat(ws.code()).as(ws.err()).isEqualTo(2);
        assertThat(ws.err()).contains(missing + ": no such folder").contains("--ws").doesNotContain("internal error");
        Run wsFile = dlp("time", "--model", p.toString(), "--iterations", "1", "--ws", p.toString());
        assertThat(wsFile.code()).as(wsFile.err()).isEqualTo(2);
        assertThat(wsFile.err()).contains(p + " is not a folder");

        try {
            Run logDir = dlp("--caffe-log", dir.toString(), "time", "--model", p.toString(), "--iterations", "1");
            assertThat(logDir.code()).as(logDir.err()).isEqualTo(2);
            assertThat(logDir.err()).contains("the Caffe log " + dir + " (--caffe-log) is a folder; give a file name")
                    .doesNotContain("internal error");
            Run logUnderFile = dlp("--caffe-log", p.resolve("caffe.log").toString(), "time", "--model", p.toString(),
                    "--iterations", "1");
            assertThat(logUnderFile.code()).as(logUnderFile.err()).isEqualTo(2);
            assertThat(logUnderFile.err()).contains(p + " is a file, not a folder");
        } finally {
            org.dlp4j.worker.Worker.resetLogging();
        }
    }

    @Test
    void anOutputPathOfTheWrongKindExits2WithTheReasonBeforeAnyWork() throws Exception {
        Path file = Files.writeString(dir.resolve("afile"), "x");
        Path folder = Files.createDirectories(dir.resolve("emptydir"));
        String notAFolder = "--out " + file + " exists and is not a folder";
        String[][] folderOuts = {
            {"import", "sunnybrook", dir.resolve("no-such-source").toString(), "--out", file.toString()},
            {"import", "images", "--images", dir.toString(), "--labels", dir.toString(), "--out", file.toString()},
            {"import", "classes", dir.toString(), "--out", file.toString()},
            {"synth", "sunnybrook", "--out", file.toString(), "--cases", "1"},
            {"net", "show", "fcn-small", "--out", file.toString()},
        };
        for (String[] args : folderOuts) {
            Run r = dlp(args);
            assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).contains(notAFolder).doesNotContain("internal error");
        }
        Run under = dlp("net", "show", "fcn-small", "--out", file.resolve("nets").toString());
        assertThat(under.code()).isEqualTo(2);
        assertThat(under.err()).contains(file + " exists and is not a folder");
        assertThat(Files.readString(file)).isEqualTo("x");

        String aFolder = "--out " + folder + " is a folder; give a file name";
        Run draw = dlp("net", "draw", "prototxt/alexfcn/train_val.prototxt", "--out", folder.toString());
        assertThat(draw.code()).as(draw.err()).isEqualTo(2);
        assertThat(draw.err()).contains(aFolder).doesNotContain(".tmp");
        Run dump = dlp("lmdb", "inspect", dir.toString(), "--dump", "0", "--out", folder.toString());
        assertThat(dump.code()).as(dump.err()).isEqualTo(2);
        assertThat(dump.err()).contains(aFolder);
        Run deploy = dlp("net", "deploy", "prototxt/alexfcn/train_val.prototxt", "--out", folder.toString());
        assertThat(deploy.code()).as(deploy.err()).isEqualTo(2);
        assertThat(deploy.err()).contains(aFolder);
    }
}
