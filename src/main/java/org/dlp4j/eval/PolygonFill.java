package org.dlp4j.eval;

import java.util.Arrays;

/**
 * Rasterises a closed polygon ({@code {xs, ys}}, pixel coordinates with pixel centres on integers): a pixel is
 * inside when its centre is inside by the even-odd rule (centres exactly on a left edge count as inside, on a
 * right edge as outside).
 */
final class PolygonFill {
    private PolygonFill() {
    }

    static boolean[] fill(double[][] poly, int width, int height) {
        boolean[] mask = new boolean[width * height];
        double[] xs = poly[0];
        double[] ys = poly[1];
        int n = xs.length;
        double[] cross = new double[n];
        for (int r = 0; r < height; r++) {
            int k = 0;
            for (int i = 0; i < n; i++) {
                int j = (i + 1) % n;
                if ((ys[i] > r) != (ys[j] > r)) {
                    cross[k++] = xs[i] + (r - ys[i]) * (xs[j] - xs[i]) / (ys[j] - ys[i]);
                }
            }
            Arrays.sort(cross, 0, k);
            for (int p = 0; p + 1 < k; p += 2) {
                int from = (int) Math.max(0, Math.ceil(cross[p]));
                int to = (int) Math.min(width, Math.ceil(cross[p + 1]));
                for (int c = from; c < to; c++) {
                    mask[r * width + c] = true;
                }
            }
        }
        return mask;
    }
}
