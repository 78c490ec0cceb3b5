package org.dlp4j.deploy;

import java.util.ArrayList;
import java.util.List;

/**
 * The largest connected component of a binary mask and its outline as a closed polygon.
 * <p>Coordinates are pixel coordinates with x = column, y = row, pixel centres on integers (Sunnybrook contour
 * convention). The outline runs along pixel edges (vertices at {@code (col ± 0.5, row ± 0.5)}), so testing pixel
 * centres against the polygon (even-odd rule) gives back exactly the component with its holes filled.
 * Only the outer boundary is traced; holes are not reported.
 * <p>Connectivity: {@link Connectivity#FOUR} (the default) links pixels sharing an edge; with it, two pixels that
 * touch only at a corner are separate components. {@link Connectivity#EIGHT} also links corner neighbours, and the
 * outline then passes through such corner points.
 */
public final class MaskBoundary {
    /** Which neighbours make pixels connected. */
    public enum Connectivity { FOUR, EIGHT }

    private MaskBoundary() {
    }

    /**
     * The largest connected component (ties: the one whose first pixel comes first in row-major order);
     * an all-false mask when the mask is empty.
     */
    public static boolean[] largestComponent(boolean[] mask, int width, int height, Connectivity conn) {
        check(mask, width, height);
        int[] label = new int[mask.length];
        int[] queue = new int[mask.length];
        int next = 0;
        int bestLabel = 0;
        int bestSize = 0;
        for (int start = 0; start < mask.length; start++) {
            if (!mask[start] || label[start] != 0) {
                continue;
            }
            next++;
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            label[start] = next;
            while (head < tail) {
                int p = queue[head++];
                int r = p / width;
                int c = p % width;
                for (int dr = -1; dr <= 1; dr++) {
                    for (int dc = -1; dc <= 1; dc++) {
                        if ((dr == 0 && dc == 0) || (conn == Connectivity.FOUR && dr != 0 && dc != 0)) {
                            continue;
                        }
                        int rr = r + dr;
                        int cc = c + dc;
                        if (rr < 0 || rr >= height || cc < 0 || cc >= width) {
                            continue;
                        }
                        int q = rr * width + cc;
                        if (mask[q] && label[q] == 0) {
                            label[q] = next;
                            queue[tail++] = q;
                        }
                    }
                }
            }
            if (tail > bestSize) {
                bestSize = tail;
                bestLabel = next;
            }
        }
        boolean[] out = new boolean[mask.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = bestLabel != 0 && label[i] == bestLabel;
        }
        return out;
    }

    /** Outline of the largest 4-connected component; an empty polygon {@code {[], []}} for an empty mask. */
    public static double[][] largestOutline(boolean[] mask, int width, int height) {
        return outline(largestComponent(mask, width, height, Connectivity.FOUR), width, height, Connectivity.FOUR);
    }

    /**
     * Outer boundary of the component that contains the mask's first foreground pixel (row-major), traced
     * along pixel edges, as {@code {xs, ys}} with one vertex per corner where the boundary turns.
     */
    public static double[][] outline(boolean[] mask, int width, int height, Connectivity conn) {
        check(mask, width, height);
        int first = -1;
        for (int i = 0; i < mask.length && first < 0; i++) {
            if (mask[i]) {
                first = i;
            }
        }
        if (first < 0) {
            return new double[][] {new double[0], new double[0]};
        }
        // Lattice corners: corner (vx, vy) is the top-left corner of pixel (row vy, col vx). Walk with the
        // foreground on the right-hand side (screen coordinates, y down), starting east along the first pixel's top.
        int sx = first % width;
        int sy = first / width;
        int vx = sx;
        int vy = sy;
        int dx = 1;
        int dy = 0;
        List<int[]> corners = new ArrayList<>();
        corners.add(new int[] {sx, sy});
        int guard = 4 * (mask.length + width + height) + 8;
        do {
            vx += dx;
            vy += dy;
            int rx = -dy;
            int ry = dx;
            boolean aheadRight = at(mask, width, height, vx + (dx + rx > 0 ? 0 : -1), vy + (dy + ry > 0 ? 0 : -1));
            boolean aheadLeft = at(mask, width, height, vx + (dx - rx > 0 ? 0 : -1), vy + (dy - ry > 0 ? 0 : -1));
            int ndx;
            int ndy;
            boolean left = aheadRight ? aheadLeft : aheadLeft && conn == Connectivity.EIGHT;
            if (left) {
                ndx = dy;
                ndy = -dx;
            } else if (aheadRight) {
                ndx = dx;
                ndy = dy;
            } else {
                ndx = -dy;
                ndy = dx;
            }
            if (ndx != dx || ndy != dy) {
                if (vx != sx || vy != sy) {
                    corners.add(new int[] {vx, vy});
                }
                dx = ndx;
                dy = ndy;
            }
            if (--guard < 0) {
                throw new IllegalStateException("boundary tracing did not close (internal error)");
            }
        } while (vx != sx || vy != sy);
        double[] xs = new double[corners.size()];
        double[] ys = new double[corners.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = corners.get(i)[0] - 0.5;
            ys[i] = corners.get(i)[1] - 0.5;
        }
        return new double[][] {xs, ys};
    }

    /**
     * The same closed polygon with extra points on each edge so that consecutive points are at most
     * {@code step} apart (0.5 reproduces the 0.5-pixel chains of the Sunnybrook expert contours).
     */
    public static double[][] densify(double[][] poly, double step) {
        if (!(step > 0)) {
            throw new IllegalArgumentException("step must be positive, got " + step);
        }
        double[] xs = poly[0];
        double[] ys = poly[1];
        int n = xs.length;
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            double len = Math.hypot(xs[j] - xs[i], ys[j] - ys[i]);
            int parts = Math.max(1, (int) Math.ceil(len / step - 1e-9));
            for (int k = 0; k < parts; k++) {
                double t = (double) k / parts;
                pts.add(new double[] {xs[i] + t * (xs[j] - xs[i]), ys[i] + t * (ys[j] - ys[i])});
            }
        }
        double[] ox = new double[pts.size()];
        double[] oy = new double[pts.size()];
        for (int i = 0; i < ox.length; i++) {
            ox[i] = pts.get(i)[0];
            oy[i] = pts.get(i)[1];
        }
        return new double[][] {ox, oy};
    }

    private static boolean at(boolean[] mask, int width, int height, int col, int row) {
        return col >= 0 && col < width && row >= 0 && row < height && mask[row * width + col];
    }

    private static void check(boolean[] mask, int width, int height) {
        if (width <= 0 || height <= 0 || mask.length != width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " mask needs " + (long) width * height
                    + " pixels, got " + mask.length);
        }
    }
}
