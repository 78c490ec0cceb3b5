package org.dlp4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dlp plot RUN}: plots from metrics.jsonl, and a clear word when there is nothing to plot. */
class PlotCommandTest {
    private static final String TRAIN = "{\"iteration\":%d,\"loss\":%s,\"smoothed_loss\":%s,\"lr\":0.001}";
    private static final String TEST = "{\"iteration\":%d,\"test_loss\":0.5,\"dice\":%s,\"accuracy\":0.9}";

    @Test
    void aMetricsFileWithNoReadableLineIsBadInputAndWritesNoPlots(@TempDir Path run) throws Exception {
        Files.writeString(run.resolve("metrics.jsonl"), "");
        CoreCliTest.Run empty = CoreCliTest.dlp("plot", run.toString());
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err()).contains("metrics.jsonl: no metric lines yet").doesNotContain("Exception");

        Files.write(run.resolve("metrics.jsonl"), List.of("iteration 1 loss 0.7", "{\"iteration\":2,\"lo"));
        CoreCliTest.Run junk = CoreCliTest.dlp("plot", run.toString());
        assertThat(junk.code()).isEqualTo(2);
        assertThat(junk.err()).contains("none of its 2 lines is a JSON metric line");
        assertThat(run.resolve("plots")).doesNotExist();
    }

    @Test
    void unreadableLinesAreLeftOutWithAWarning(@TempDir Path run) throws Exception {
        Files.write(run.resolve("metrics.jsonl"), List.of(String.format(TEST, 0, "0.1"),
                String.format(TRAIN, 1, "0.7", "0.7"), "", String.format(TRAIN, 2, "0.6", "0.65"),
                String.format(TEST, 2, "0.4"), "{\"iteration\":3,\"lo"));
        CoreCliTest.Run r = CoreCliTest.dlp("plot", run.toString());
        assertThat(r.code()).as(r.err()).isZero();
        // 5 non-blank lines, 4 of them JSON
        assertThat(r.err()).contains("warning:").contains("1 of 5 lines are not JSON");
        assertThat(r.out()).contains("(4 metric lines)");
        for (String png : new String[] {"loss.png", "accuracy.png", "dice.png"}) {
            byte[] b = Files.readAllBytes(run.resolve("plots").resolve(png));
            assertThat(b.length).as(png).isGreaterThan(1000);
            assertThat(new String(b, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
        }
    }
}
