package org.dlp4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.dlp4j.caffe.CaffeNet;
import org.dlp4j.caffe.Phase;
import org.dlp4j.caffe.TextProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Confusion-matrix metrics from a test net's score and label blobs, against values computed by hand. */
class TestMetricsTest {
    @TempDir
    Path dir;

    @Test
    void handMadeScoresAndLabels() throws Exception {
        String net = """
                layer { name: "s" type: "Input" top: "score" input_param { shape { dim: 1 dim: 2 dim: 2 dim: 3 } } }
                layer { name: "l" type: "Input" top: "label" input_param { shape { dim: 1 dim: 1 dim: 2 dim: 3 } } }
                layer { name: "acc" type: "Accuracy" bottom: "score" bottom: "label" top: "accuracy" }
                """;
        Path p = dir.resolve("m.prototxt");
        Files.writeString(p, net);
        // predictions (argmax): [1 1 0 / 0 0 1]; truth: [1 0 0 / 0 1 1]
        float[] score = {0, 0, 5, 5, 5, 0, // class 0
                         1, 1, 0, 0, 0, 1}; // class 1
        float[] label = {1, 0, 0, 0, 1, 1};
        TestMetrics m = TestMetrics.forNet(TextProto.parse(net));
        try (CaffeNet n = CaffeNet.load(p, null, Phase.TEST)) {
            n.forward(Map.of("score", score, "label", label));
            m.start();
            m.addBatch(n);
        }
        Map<String, Object> r = m.finish();
        // class 1: TP 2, FP 1, FN 1 → Dice 4/6; class 0: TP 2, FP 1, FN 1 → IoU 2/4, class 1 IoU 2/4
        assertThat((double) r.get("dice")).isCloseTo(4.0 / 6, within(1e-12));
        assertThat((double) r.get("accuracy")).isCloseTo(4.0 / 6, within(1e-12));
        assertThat((double) r.get("mean_iu")).isCloseTo(0.5, within(1e-12));
        assertThat((double[]) r.get("per_class_accuracy")).containsExactly(2.0 / 3, 2.0 / 3);
    }

    @Test
    void aClassAbsentFromTheWholeTestPassHasNoDiceRatherThanZero() throws Exception {
        String net = """
                layer { name: "s" type: "Input" top: "score" input_param { shape { dim: 1 dim: 3 dim: 2 dim: 3 } } }
                layer { name: "l" type: "Input" top: "label" input_param { shape { dim: 1 dim: 1 dim: 2 dim: 3 } } }
                layer { name: "loss" type: "SoftmaxWithLoss" bottom: "score" bottom: "label" top: "loss" }
                """;
        Path p = dir.resolve("m3.prototxt");
        Files.writeString(p, net);
        // predictions as above, class 2 never predicted and never true: Dice(1) = 2*2/(3+3), Dice(2) undefined
        float[] score = {0, 0, 5, 5, 5, 0, // class 0
                         1, 1, 0, 0, 0, 1, // class 1
                         -9, -9, -9, -9, -9, -9}; // class 2
        TestMetrics m = TestMetrics.forNet(TextProto.parse(net));
        try (CaffeNet n = CaffeNet.load(p, null, Phase.TEST)) {
            n.forward(Map.of("score", score, "label", new float[] {1, 0, 0, 0, 1, 1}));
            m.start();
            m.addBatch(n);
            assertThat((double) m.finish().get("dice")).isCloseTo(4.0 / 6, within(1e-12)); // was (4/6 + 0) / 2
            // all background, all predicted background: no foreground to score at all
            m.start();
            float[] allBackground = score.clone();
            java.util.Arrays.fill(allBackground, 0, 6, 9f);
            n.forward(Map.of("score", allBackground, "label", new float[] {0, 0, 0, 0, 0, 0}));
            m.addBatch(n);
            Map<String, Object> none = m.finish();
            assertThat(none).containsKey("dice");
            assertThat(none.get("dice")).isNull(); // was 0: a perfect empty prediction read as a total miss
            assertThat((double) none.get("accuracy")).isEqualTo(1.0);
        }
    }
}
