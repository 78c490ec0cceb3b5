package org.dlp4j.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiPredicate;
import org.dlp4j.deploy.MaskBoundary.Connectivity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskBoundaryTest {
    static boolean[] shape(int w, int h, BiPredicate<Integer, Integer> inside) {
        boolean[] m = new boolean[w * h];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                m[r * w + c] = inside.test(r, c);
            }
        }
        return m;
    }

    /** Test-local point-in-polygon (ray casting, even-odd) at pixel centres (x = column, y = row). */
    static boolean[] rasterise(double[] xs, double[] ys, int w, int h) {
        boolean[] m = new boolean[w * h];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                boolean in = false;
                for (int i = 0, j = xs.length - 1; i < xs.length; j = i++) {
                    if ((ys[i] > r) != (ys[j] > r) && c < xs[j] + (r - ys[j]) * (xs[i] - xs[j]) / (ys[i] - ys[j])) {
                        in = !in;
                    }
                }
                m[r * w + c] = in;
            }
        }
        return m;
    }

    static double iou(boolean[] a, boolean[] b) {
        int inter = 0;
        int union = 0;
        for (int i = 0; i < a.length; i++) {
            inter += a[i] && b[i] ? 1 : 0;
            union += a[i] || b[i] ? 1 : 0;
        }
        return (double) inter / union;
    }

    @Test
    void largestOfTwoBlobs() {
        // blob A: 2x3 = 6 pixels at top-left; blob B: 3x3 = 9 pixels at bottom-right
        boolean[] m = shape(10, 8, (r, c) -> (r < 2 && c < 3) || (r >= 4 && r < 7 && c >= 5 && c < 8));
        boolean[] big = MaskBoundary.largestComponent(m, 10, 8, Connectivity.FOUR);
        boolean[] expect = shape(10, 8, (r, c) -> r >= 4 && r < 7 && c >= 5 && c < 8);
        assertThat(big).isEqualTo(expect);
    }

    @Test
    void connectivityDecidesWhetherDiagonalPixelsJoin() {
        // a 2x2 block and a 3-pixel diagonal tail touching it only at corners
        boolean[] m = shape(8, 8, (r, c) -> (r < 2 && c < 2) || (r == c && r >= 2 && r < 5));
        assertThat(count(MaskBoundary.largestComponent(m, 8, 8, Connectivity.FOUR))).isEqualTo(4);
        assertThat(count(MaskBoundary.largestComponent(m, 8, 8, Connectivity.EIGHT))).isEqualTo(7);
        double[][] eight = MaskBoundary.outline(m, 8, 8, Connectivity.EIGHT);
        assertThat(rasterise(eight[0], eight[1], 8, 8)).isEqualTo(m);
    }

    @Test
    void singlePixelOutlineRunsAlongItsEdges() {
        boolean[] m = shape(6, 5, (r, c) -> r == 2 && c == 3);
        double[][] p = MaskBoundary.largestOutline(m, 6, 5);
        assertThat(p[0]).containsExactly(2.5, 3.5, 3.5, 2.5);
        assertThat(p[1]).containsExactly(1.5, 1.5, 2.5, 2.5);
        assertThat(MaskBoundary.largestOutline(new boolean[30], 6, 5)[0]).isEmpty();
    }

    @Test
    void exportedContourRasterisesBackToTheMask(@TempDir Path dir) throws Exception {
        int w = 64;
        int h = 48;
        List<boolean[]> shapes = List.of(
                shape(w, h, (r, c) -> Math.hypot(r - 23.3, c - 30.6) <= 14.2),                       // disc
                shape(w, h, (r, c) -> Math.pow((c - 32.0) / 25.5, 2) + Math.pow((r - 22.5) / 11.3, 2) <= 1), // ellipse
                shape(w, h, (r, c) -> (r >= 5 && r < 40 && c >= 6 && c < 18) || (r >= 28 && r < 40 && c >= 6 && c < 50))); // L
        int i = 0;
        for (boolean[] m : shapes) {
            Path f = ContourExport.write(dir, "shape_" + (++i) + ".png", MaskBoundary.largestOutline(m, w, h));
            // read back with the importer's own contour reader, filled with the importer's rasteriser
            org.dlp4j.data.contour.Contour c = org.dlp4j.data.contour.ContourFile.read(f);
            double[] xs = c.x();
            double[] ys = c.y();
            for (int k = 1; k < xs.length; k++) {
                assertThat(Math.hypot(xs[k] - xs[k - 1], ys[k] - ys[k - 1])).isLessThanOrEqualTo(0.5 + 1e-9);
            }
            byte[] filled = org.dlp4j.data.contour.Rasterizer.area(c, h, w);
            boolean[] back = new boolean[filled.length];
            for (int k = 0; k < filled.length; k++) {
                back[k] = filled[k] != 0;
            }
            assertThat(back).as("importer rasteriser agrees with the test's own").isEqualTo(rasterise(xs, ys, w, h));
            double iou = iou(rasterise(xs, ys, w, h), m);
            assertThat(iou).as("shape %d", i).isGreaterThanOrEqualTo(0.98);
            assertThat(iou).as("edge contours reproduce the mask exactly").isEqualTo(1.0);
        }
    }

    @Test
    void holesAreFilledAndOnlyTheOuterBoundaryIsTraced() {
        boolean[] ring = shape(12, 12, (r, c) -> r >= 2 && r < 10 && c >= 2 && c < 10 && !(r >= 5 && r < 7 && c >= 5 && c < 7));
        double[][] p = MaskBoundary.largestOutline(ring, 12, 12);
        assertThat(p[0]).hasSize(4);
        assertThat(count(rasterise(p[0], p[1], 12, 12))).isEqualTo(64);
    }

    @Test
    void randomBlobsTraceExactlyTheFilledComponent() {
        java.util.Random rnd = new java.util.Random(7);
        int w = 20;
        int h = 16;
        for (int trial = 0; trial < 200; trial++) {
            double density = 0.35 + 0.3 * rnd.nextDouble();
            boolean[] m = shape(w, h, (r, c) -> rnd.nextDouble() < density);
            for (Connectivity conn : Connectivity.values()) {
                boolean[] comp = MaskBoundary.largestComponent(m, w, h, conn);
                double[][] p = MaskBoundary.outline(comp, w, h, conn);
                assertThat(rasterise(p[0], p[1], w, h)).as("trial %d %s", trial, conn)
                        .isEqualTo(filled(comp, w, h, conn == Connectivity.FOUR));
            }
        }
    }

    /** The component plus every pixel not reachable from outside the image through non-component pixels. */
    static boolean[] filled(boolean[] comp, int w, int h, boolean eightConnectedBackground) {
        boolean[] outside = new boolean[w * h];
        java.util.ArrayDeque<int[]> q = new java.util.ArrayDeque<>();
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                if ((r == 0 || c == 0 || r == h - 1 || c == w - 1) && !comp[r * w + c]) {
                    outside[r * w + c] = true;
                    q.add(new int[] {r, c});
                }
            }
        }
        while (!q.isEmpty()) {
            int[] p = q.poll();
            for (int dr = -1; dr <= 1; dr++) {
                for (int dc = -1; dc <= 1; dc++) {
                    if ((dr == 0 && dc == 0) || (!eightConnectedBackground && dr != 0 && dc != 0)) {
                        continue;
                    }
                    int r = p[0] + dr;
                    int c = p[1] + dc;
                    if (r >= 0 && r < h && c >= 0 && c < w && !comp[r * w + c] && !outside[r * w + c]) {
                        outside[r * w + c] = true;
                        q.add(new int[] {r, c});
                    }
                }
            }
        }
        boolean[] f = new boolean[w * h];
        for (int i = 0; i < f.length; i++) {
            f[i] = !outside[i];
        }
        return f;
    }

    private static int count(boolean[] m) {
        int n = 0;
        for (boolean b : m) {
            n += b ? 1 : 0;
        }
        return n;
    }
}
