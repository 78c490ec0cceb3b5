package org.dlp4j.data.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.dlp4j.data.contour.Contour;
import org.dlp4j.data.contour.Rasterizer;

/**
 * Draws one synthetic short-axis cardiac MR slice (signed 16-bit values) with its left-ventricle contours:
 * dark background, body ellipse, a smooth bias field, an LV blood pool whose boundary is a smooth closed curve
 * (the i-contour), a myocardium ring around it (outer boundary = o-contour), a right ventricle, a liver-like
 * blob and noise. The blood pool in the image is exactly the i-contour's area mask, so the truth is known.
 */
public final class SyntheticHeart {
    /** LV geometry of one slice: centre (column, row), mean radius, wall thickness, shape harmonics. */
    public record Geometry(double cx, double cy, double radius, double wall, double a2, double p2, double a3,
            double p3) {
        /** Boundary radius at angle t; {@code grow} pixels added (0 for the blood pool, wall for the epicardium). */
        double r(double t, double grow) {
            return radius * (1 + a2 * Math.cos(2 * t + p2) + a3 * Math.cos(3 * t + p3)) + grow;
        }
    }

    /** One rendered slice: stored pixels and the two contours. */
    public record Slice(short[] pixels, int rows, int cols, Contour inner, Contour outer) {
    }

    private SyntheticHeart() {
    }

    /**
     * The closed curve at {@code grow} pixels outside the blood pool as a Sunnybrook-style chain: points on the
     * 0.5-pixel grid, consecutive points at most 0.5 apart in x and in y.
     */
    public static Contour chain(Geometry g, double grow) {
        double circumference = 2 * Math.PI * (g.radius * 1.5 + grow);
        int steps = Math.max(64, (int) Math.ceil(circumference / 0.1));
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            double t = 2 * Math.PI * i / steps;
            double r = g.r(t, grow);
            double x = Math.round((g.cx + r * Math.cos(t)) * 2) / 2.0;
            double y = Math.round((g.cy + r * Math.sin(t)) * 2) / 2.0;
            double[] last = pts.isEmpty() ? null : pts.get(pts.size() - 1);
            if (last == null || last[0] != x || last[1] != y) {
                pts.add(new double[] {x, y});
            }
        }
        if (pts.size() > 1 && pts.get(0)[0] == pts.get(pts.size() - 1)[0]
                && pts.get(0)[1] == pts.get(pts.size() - 1)[1]) {
            pts.remove(pts.size() - 1);
        }
        double[] xs = new double[pts.size()];
        double[] ys = new double[pts.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = pts.get(i)[0];
            ys[i] = pts.get(i)[1];
        }
        return new Contour(xs, ys);
    }

    /** Whether pixel centre (c, r) lies more than {@code grow} pixels outside the blood pool boundary. */
    private static boolean outside(Geometry g, int c, int r, double grow) {
        double dx = c - g.cx;
        double dy = r - g.cy;
        return Math.hypot(dx, dy) > g.r(Math.atan2(dy, dx), grow);
    }

    /** Renders a short-axis slice of {@code rows x cols}; {@code rnd} drives noise and texture. */
    public static Slice render(Geometry g, int rows, int cols, double brightness, SplittableRandom rnd) {
        Contour inner = chain(g, 0);
        Contour outer = chain(g, g.wall);
        byte[] pool = Rasterizer.area(inner, rows, cols);
        byte[] wall = Rasterizer.area(outer, rows, cols);
        // right ventricle: a crescent wrapped around the LV's left side, separated from it by the septum
        double rvCx = g.cx - g.radius * 0.8;
        double rvCy = g.cy + 2;
        double rvA = g.radius + g.wall + 14;
        double rvB = g.radius * 1.45 + g.wall + 8;
        double liverCx = cols * 0.30;
        double liverCy = rows * 0.68;
        double bodyCx = cols * 0.5;
        double bodyCy = rows * 0.52;
        double bx = rnd.nextDouble(0, 2 * Math.PI);
        float[] v = new float[rows * cols];
        double[] sinC = new double[cols];
        double[] cosC = new double[cols];
        double[] biasC = new double[cols];
        for (int c = 0; c < cols; c++) {
            sinC[c] = Math.sin(c * 0.05);
            cosC[c] = Math.cos(c * 0.05);
            biasC[c] = 0.18 * Math.sin(2 * Math.PI * c / cols + bx);
        }
        for (int r = 0; r < rows; r++) {
            double sinR = Math.sin(r * 0.03);
            double cosR = Math.cos(r * 0.03);
            double biasR = Math.cos(Math.PI * r / rows);
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                double ex = (c - bodyCx) / (cols * 0.42);
                double ey = (r - bodyCy) / (rows * 0.34);
                double val = 6;
                if (ex * ex + ey * ey < 1) {
                    val = 260 + 40 * (sinC[c] * cosR + cosC[c] * sinR);
                    double lx = (c - liverCx) / 40.0;
                    double ly = (r - liverCy) / 26.0;
                    if (lx * lx + ly * ly < 1) {
                        val = 380;
                    }
                    double rx = (c - rvCx) / rvA;
                    double ry = (r - rvCy) / rvB;
                    if (rx * rx + ry * ry < 1 && c < g.cx && outside(g, c, r, g.wall + 3)) {
                        val = 720;
                    }
                }
                if (wall[i] != 0) {
                    val = 210;
                }
                if (pool[i] != 0) {
                    val = 900;
                }
                double bias = 1 + biasC[c] * biasR;
                v[i] = (float) (val * bias * brightness);
            }
        }
        short[] px = new short[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                // light 3x3 smoothing (partial-volume look), then Rician-like noise
                double s = 0;
                int k = 0;
                for (int dr = -1; dr <= 1; dr++) {
                    for (int dc = -1; dc <= 1; dc++) {
                        int rr = r + dr;
                        int cc = c + dc;
                        if (rr >= 0 && rr < rows && cc >= 0 && cc < cols) {
                            s += v[rr * cols + cc] * (dr == 0 && dc == 0 ? 4 : 1);
                            k += dr == 0 && dc == 0 ? 4 : 1;
                        }
                    }
                }
                double n1 = s / k + rnd.nextGaussian() * 22;
                double n2 = rnd.nextGaussian() * 22;
                px[r * cols + c] = (short) Math.min(32000, Math.round(Math.sqrt(n1 * n1 + n2 * n2)));
            }
        }
        return new Slice(px, rows, cols, inner, outer);
    }
}
