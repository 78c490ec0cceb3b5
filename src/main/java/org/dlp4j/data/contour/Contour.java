package org.dlp4j.data.contour;

/**
 * A closed polygon in pixel coordinates: {@code x} is the column, {@code y} the row (the Sunnybrook convention).
 * The last point connects back to the first; the polygon is not explicitly closed.
 */
public record Contour(double[] x, double[] y) {
    public Contour {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x has " + x.length + " points, y has " + y.length);
        }
    }

    public int size() {
        return x.length;
    }

    /** Polygon area in square pixels by the shoelace formula (always non-negative). */
    public double area() {
        double s = 0;
        int n = x.length;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            s += x[i] * y[j] - x[j] * y[i];
        }
        return Math.abs(s) / 2;
    }

    /** The centroid of the vertices (mean x, mean y). */
    public double[] meanPoint() {
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < x.length; i++) {
            sx += x[i];
            sy += y[i];
        }
        return new double[] {sx / x.length, sy / x.length};
    }
}
