package org.dlp4j.eval;

/**
 * Distances between closed contours given as polygons {@code {xs, ys}} in pixel coordinates (x = column,
 * y = row; the polygon closes from the last point back to the first). Everything is computed in millimetre
 * coordinates ({@code X = x·colMm, Y = y·rowMm}), so anisotropic pixels are handled exactly.
 * Distances from a point to a contour are to the nearest point on any polygon edge, not just to a vertex.
 */
public final class ContourMetrics {
    /** Sunnybrook challenge: a contour is "good" when its APD is below this many millimetres. */
    public static final double GOOD_APD_MM = 5.0;

    private ContourMetrics() {
    }

    /**
     * Average perpendicular distance: mean over the automatic contour's points of the distance to the
     * expert contour, in mm. NaN when either contour has no points.
     */
    public static double apdMm(double[][] auto, double[][] expert, double rowMm, double colMm) {
        double[][] a = toMm(auto, rowMm, colMm);
        double[][] e = toMm(expert, rowMm, colMm);
        if (a[0].length == 0 || e[0].length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (int i = 0; i < a[0].length; i++) {
            s += distanceToPolygon(a[0][i], a[1][i], e);
        }
        return s / a[0].length;
    }

    /**
     * Symmetric Hausdorff distance in mm: the larger of (max over automatic points of the distance to the
     * expert polygon) and (max over expert points of the distance to the automatic polygon). NaN when either
     * contour is empty.
     */
    public static double hausdorffMm(double[][] auto, double[][] expert, double rowMm, double colMm) {
        double[][] a = toMm(auto, rowMm, colMm);
        double[][] e = toMm(expert, rowMm, colMm);
        if (a[0].length == 0 || e[0].length == 0) {
            return Double.NaN;
        }
        return Math.max(directed(a, e), directed(e, a));
    }

    /** True when {@code apdMm < 5}. */
    public static boolean isGood(double apdMm) {
        return apdMm < GOOD_APD_MM;
    }

    private static double directed(double[][] from, double[][] to) {
        double m = 0;
        for (int i = 0; i < from[0].length; i++) {
            m = Math.max(m, distanceToPolygon(from[0][i], from[1][i], to));
        }
        return m;
    }

    /** Distance from (px, py) to the closed polygon {xs, ys} (same units). */
    public static double distanceToPolygon(double px, double py, double[][] poly) {
        double[] xs = poly[0];
        double[] ys = poly[1];
        int n = xs.length;
        if (n == 1) {
            return Math.hypot(px - xs[0], py - ys[0]);
        }
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            best = Math.min(best, distanceToSegment(px, py, xs[i], ys[i], xs[j], ys[j]));
        }
        return best;
    }

    static double distanceToSegment(double px, double py, double ax, double ay, double bx, double by) {
        double dx = bx - ax;
        double dy = by - ay;
        double len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / len2;
        t = Math.max(0, Math.min(1, t));
        return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
    }

    private static double[][] toMm(double[][] poly, double rowMm, double colMm) {
        if (poly == null || poly.length != 2 || poly[0].length != poly[1].length) {
            throw new IllegalArgumentException("a contour is {xs, ys} with equal lengths");
        }
        if (!(rowMm > 0 && Double.isFinite(rowMm)) || !(colMm > 0 && Double.isFinite(colMm))) {
            throw new IllegalArgumentException("pixel spacing must be positive and finite, got " + rowMm + " x " + colMm);
        }
        double[] x = new double[poly[0].length];
        double[] y = new double[poly[1].length];
        for (int i = 0; i < x.length; i++) {
            x[i] = poly[0][i] * colMm;
            y[i] = poly[1][i] * rowMm;
        }
        return new double[][] {x, y};
    }
}
