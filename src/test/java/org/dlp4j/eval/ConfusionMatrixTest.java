package org.dlp4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
    // 2x3 image, 3 classes. Truth (labels): 0 1 2 / 1 2 255. Prediction by argmax: 0 1 1 / 1 2 0.
    // Hand-computed matrix (truth rows): [1 0 0] [0 2 0] [0 1 1]; the 255 pixel is ignored; 5 pixels scored.
    private static final float[] LABELS = {0, 1, 2, 1, 2, 255};
    private static final float[] SCORES = {
        // channel 0
        5.0f, 0.1f, 0.0f, -1f, 0.2f, 9f,
        // channel 1
        1.0f, 2.0f, 3.0f, 4f, 0.1f, 1f,
        // channel 2
        0.5f, 1.9f, 2.5f, 3f, 0.3f, 2f,
    };

    private static ConfusionMatrix matrix() {
        return new ConfusionMatrix(3).add(SCORES, 3, 2, 3, LABELS);
    }

    @Test
    void countsFromScoreBlobArgmaxSkipIgnoredLabels() {
        ConfusionMatrix m = matrix();
        long[][] expect = {{1, 0, 0}, {0, 2, 0}, {0, 1, 1}};
        for (int t = 0; t < 3; t++) {
            for (int p = 0; p < 3; p++) {
                assertThat(m.count(t, p)).as("truth %d pred %d", t, p).isEqualTo(expect[t][p]);
            }
        }
        assertThat(m.total()).isEqualTo(5);
    }

    @Test
    void everyScoreEqualsHandValues() {
        ConfusionMatrix m = matrix();
        assertThat(m.pixelAccuracy()).isCloseTo(4.0 / 5, within(1e-12));
        assertThat(m.perClassAccuracy()).containsExactly(new double[] {1.0, 1.0, 0.5}, within(1e-12));
        assertThat(m.meanAccuracy()).isCloseTo(2.5 / 3, within(1e-12));
        assertThat(m.iou()).containsExactly(new double[] {1.0, 2.0 / 3, 0.5}, within(1e-12));
        assertThat(m.meanIU()).isCloseTo((1.0 + 2.0 / 3 + 0.5) / 3, within(1e-12));
        assertThat(m.dice()).containsExactly(new double[] {1.0, 0.8, 2.0 / 3}, within(1e-12));
        assertThat(m.frequencyWeightedIU()).isCloseTo(0.2 * 1 + 0.4 * (2.0 / 3) + 0.4 * 0.5, within(1e-12));
    }

    @Test
    void integerAddMatchesBlobAdd() {
        ConfusionMatrix a = new ConfusionMatrix(3).add(new int[] {0, 1, 2, 1, 2, 255}, new int[] {0, 1, 1, 1, 2, 0});
        assertThat(a.toString()).isEqualTo(matrix().toString());
    }

    @Test
    void ignoredPixelsDoNotCountEvenWithOutOfRangePrediction() {
        ConfusionMatrix m = new ConfusionMatrix(2).add(new int[] {255, 255, 1}, new int[] {1, 0, 1});
        assertThat(m.total()).isEqualTo(1);
        assertThat(m.pixelAccuracy()).isEqualTo(1.0);
        // class 0 absent from truth and prediction: its IoU is undefined and the mean skips it
        assertThat(m.iou()[0]).isNaN();
        assertThat(m.meanIU()).isEqualTo(1.0);
        assertThatThrownBy(() -> new ConfusionMatrix(2).add(new int[] {2}, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
    }

    @Test
    void resizedKeepsCounts() {
        ConfusionMatrix m = matrix().resized(5);
        assertThat(m.classes()).isEqualTo(5);
        assertThat(m.count(2, 1)).isEqualTo(1);
        assertThat(m.total()).isEqualTo(5);
        assertThat(m.meanIU()).isCloseTo((1.0 + 2.0 / 3 + 0.5) / 3, within(1e-12));
    }
}
