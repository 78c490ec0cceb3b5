package org.dlp4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ContourMetricsTest {
    /** A circle of radius r mm around (cx, cy) mm, sampled at n points, returned in pixel coordinates. */
    static double[][] circle(double cxMm, double cyMm, double rMm, int n, double rowMm, double colMm) {
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double t = 2 * Math.PI * i / n;
            x[i] = (cxMm + rMm * Math.cos(t)) / colMm;
            y[i] = (cyMm + rMm * Math.sin(t)) / rowMm;
        }
        return new double[][] {x, y};
    }

    /** Mean over the shifted circle of its distance to the original: (1/2π)∫ |√(R²+s²+2Rs cosθ) − R| dθ. */
    static double analyticApd(double r, double s) {
        int n = 200_000;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double t = 2 * Math.PI * (i + 0.5) / n;
            sum += Math.abs(Math.sqrt(r * r + s * s + 2 * r * s * Math.cos(t)) - r);
        }
        return sum / n;
    }

    @Test
    void shiftedCircleIsotropic() {
        double[][] expert = circle(40, 40, 15, 720, 1, 1);
        double[][] auto = circle(43, 40, 15, 720, 1, 1);
        assertThat(ContourMetrics.apdMm(auto, expert, 1, 1)).isCloseTo(analyticApd(15, 3), within(2e-3));
        assertThat(ContourMetrics.hausdorffMm(auto, expert, 1, 1)).isCloseTo(3.0, within(2e-3));
        assertThat(analyticApd(15, 3)).isCloseTo(2 * 3 / Math.PI, within(0.05)); // sanity: ≈ 2s/π for small shifts
    }

    @Test
    void shiftedCircleAnisotropicSpacing() {
        double rowMm = 1.5;
        double colMm = 0.8;
        double[][] expert = circle(40, 40, 15, 720, rowMm, colMm);
        // shift 2 mm along x (= 2.5 pixels) and, separately, 3 mm along y (= 2 pixels)
        double[][] autoX = circle(42, 40, 15, 720, rowMm, colMm);
        double[][] autoY = circle(40, 43, 15, 720, rowMm, colMm);
        assertThat(autoX[0][0] - expert[0][0]).isCloseTo(2.5, within(1e-12));
        assertThat(autoY[1][180] - expert[1][180]).isCloseTo(2.0, within(1e-12));
        assertThat(ContourMetrics.apdMm(autoX, expert, rowMm, colMm)).isCloseTo(analyticApd(15, 2), within(2e-3));
        assertThat(ContourMetrics.hausdorffMm(autoX, expert, rowMm, colMm)).isCloseTo(2.0, within(2e-3));
        assertThat(ContourMetrics.apdMm(autoY, expert, rowMm, colMm)).isCloseTo(analyticApd(15, 3), within(2e-3));
        assertThat(ContourMetrics.hausdorffMm(autoY, expert, rowMm, colMm)).isCloseTo(3.0, within(2e-3));
    }

    @Test
    void distanceIsToEdgesNotJustVertices() {
        double[][] expert = {{0, 10, 10, 0}, {0, 0, 10, 10}};
        // points on the middle of the edges: 5 away from every vertex, 0 from the polygon
        double[][] auto = {{5, 10, 5, 0}, {0, 5, 10, 5}};
        assertThat(ContourMetrics.apdMm(auto, expert, 1, 1)).isEqualTo(0.0);
        // Hausdorff the other way: expert vertices lie 5·√2/2 from the auto diamond's edges
        assertThat(ContourMetrics.hausdorffMm(auto, expert, 1, 1)).isCloseTo(5 / Math.sqrt(2), within(1e-12));
        // spacing 2 mm along rows only scales the y distances
        double[][] p = {{5}, {-3}};
        assertThat(ContourMetrics.apdMm(p, expert, 2, 1)).isCloseTo(6.0, within(1e-12));
    }

    @Test
    void spacingMustBePositiveAndFinite() {
        double[][] c = circle(40, 40, 15, 72, 1, 1);
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> ContourMetrics.apdMm(c, c, bad, 1)).as("row " + bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ContourMetrics.apdMm(c, c, 1, bad)).as("col " + bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void goodContourThreshold() {
        assertThat(ContourMetrics.isGood(4.999)).isTrue();
        assertThat(ContourMetrics.isGood(5.0)).isFalse();
    }
}
