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
}
