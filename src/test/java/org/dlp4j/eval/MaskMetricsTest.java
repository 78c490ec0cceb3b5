package org.dlp4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MaskMetricsTest {
    static boolean[] square(int size, int r0, int c0, int side) {
        boolean[] m = new boolean[size * size];
        for (int r = r0; r < r0 + side; r++) {
            for (int c = c0; c < c0 + side; c++) {
                m[r * size + c] = true;
            }
        }
        return m;
    }

    @Test
    void twoOffsetSquares() {
        // 4x4 squares at (1,1) and (2,2) in a 10x10 image: overlap 3x3 = 9, each 16, union 23.
        boolean[] a = square(10, 1, 1, 4);
        boolean[] b = square(10, 2, 2, 4);
        MaskMetrics.Counts c = MaskMetrics.count(a, b);
        assertThat(c).isEqualTo(new MaskMetrics.Counts(9, 7, 7, 77));
        assertThat(MaskMetrics.dice(a, b)).isCloseTo(18.0 / 32, within(1e-15));
        assertThat(MaskMetrics.iou(a, b)).isCloseTo(9.0 / 23, within(1e-15));
        assertThat(MaskMetrics.pixelAccuracy(a, b)).isCloseTo(86.0 / 100, within(1e-15));
    }

    @Test
    void emptyMasksAgreePerfectlyByConvention() {
        boolean[] e = new boolean[25];
        assertThat(MaskMetrics.dice(e, e)).isEqualTo(1.0);
        assertThat(MaskMetrics.iou(e, e)).isEqualTo(1.0);
        assertThat(MaskMetrics.dice(e, square(5, 0, 0, 2))).isEqualTo(0.0);
    }

    @Test
    void foregroundCountsSkipIgnoreAndMergeClasses() {
        int[] truth = {0, 1, 2, 255, 255, 0};
        int[] pred = {0, 2, 0, 1, 0, 1};
        // pixel 1: tp (class 1 vs 2 both foreground), 2: fn, 3/4 ignored, 5: fp, 0: tn
        assertThat(MaskMetrics.countForeground(truth, pred)).isEqualTo(new MaskMetrics.Counts(1, 1, 1, 1));
    }
}
