package org.dlp4j.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dlp4j.cli.CoreCliTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs README's commands as written, in order, in a scratch folder (relative paths such as {@code ws},
 * {@code sb}, {@code first.png} land there). Only the commands that need downloads, hours of AlexFCN
 * training, or a server that keeps running are skipped — each for the reason given, and each is
 * exercised by its own test with smaller inputs.
 */
class ReadmeCommandsRunTest {
    private static final Map<String, String> SKIPPED = Map.of(
            "./dlp demo", "DemoTest runs the demo (reduced size)",
            "./dlp import sunnybrook ~/", "needs the real Sunnybrook download (SunnybrookImportTest uses the shared real files)",
            "./dlp net convolutionalize", "needs the BVLC AlexNet download (ConvolutionalizeTest uses the real LeNet)",
            "./dlp train", "10,000 AlexFCN iterations (TrainCliTest, LibraryNetsTrainTest train the same files briefly)",
            "./dlp plot ws/runs/alexfcn", "needs that training run (PlotCommand is run by the demo test's run)",
            "./dlp infer", "needs the trained AlexFCN weights (InferenceTest, DemoTest run infer)",
            "./dlp evaluate", "needs those predictions (EvaluateCommandTest)",
            "./dlp serve", "keeps serving (ServeCommandTest starts it in its own JVM)");

    @TempDir
    Path dir;

    @Test
    void readmeCommandsRunAsWritten() throws Exception {
        List<String> ran = new ArrayList<>();
        for (String c : ReadmeTest.commands()) {
            if (SKIPPED.keySet().stream().anyMatch(c::startsWith)) {
                continue;
            }
            String[] words = c.substring("./dlp ".length()).split("\\s+");
            String[] args = new String[words.length];
            for (int i = 0; i < words.length; i++) {
                args[i] = local(words[i]);
            }
            CoreCliTest.Run r = CoreCliTest.dlp(args);
            assertThat(r.code()).as(c + "\n" + r.err()).isZero();
            ran.add(c);
        }
        assertThat(ran).hasSizeGreaterThanOrEqualTo(14);
        assertThat(dir.resolve("ws/data/train_lmdb/data.mdb")).exists();
        assertThat(dir.resolve("first.png")).isNotEmptyFile();
        assertThat(dir.resolve("alexfcn.svg")).isNotEmptyFile();
        assertThat(Files.readString(dir.resolve("ws/nets/alexfcn/train_val.prototxt")))
                .contains("name: \"fc6\"").contains("name: \"fc7\"").doesNotContain("name: \"conv6\"");
        assertThat(Files.readString(dir.resolve("ws/nets/alexfcn/deploy.prototxt"))).contains("dim: 256");
    }

    private String local(String word) {
        boolean path = !word.startsWith("-") && !word.contains("=") && !word.startsWith("/")
                && (word.equals("ws") || word.equals("sb") || word.startsWith("ws/") || word.startsWith("sb/")
                        || word.endsWith(".png") || word.endsWith(".svg"));
        return path ? dir.resolve(word).toString() : word;
    }
}
