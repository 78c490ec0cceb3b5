package org.dlp4j.data.sunnybrook;

import java.util.Arrays;

/**
 * The recorded intensity normalisation: a per-slice window from the 1st to the 99th percentile (linear
 * interpolation between order statistics, as numpy's default) mapped to 0..255. uint8 output is clamped and
 * rounded; float output keeps the same scale without clamping.
 */
public final class Normalization {
    public static final double LOW_PERCENTILE = 1;
    public static final double HIGH_PERCENTILE = 99;

    /** A window [low, high] in calibrated DICOM units. */
    public record Window(double low, double high) {
        double scale() {
            return high > low ? 255.0 / (high - low) : 0.0;
        }
    }

    private Normalization() {
    }

    /**
     * The 1–99 percentile window of {@code pixels}. Integer-valued images (all DICOM and PNG data) use a counting
     * histogram, which gives exactly the order statistics a sort would, in linear time.
     */
    public static Window window(float[] pixels) {
        if (pixels.length == 0) {
            return new Window(0, 0);
        }
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        boolean integral = true;
        for (float v : pixels) {
            // plain comparisons: Math.min/max handle NaN and -0.0, which cost in this hot loop and never occur in
            // decoded pixels (a NaN makes the image non-integral below, so it takes the sorting path)
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
            // an int cast is exact for |v| < 2^24, where every float integer is representable
            integral &= v == (int) v && v < 16777216f && v > -16777216f;
        }
        if (integral && max - min < (1 << 20)) {
            int[] counts = new int[(int) (max - min) + 1];
            for (float v : pixels) {
                counts[(int) (v - min)]++;
            }
            return new Window(percentile(counts, (int) min, pixels.length, LOW_PERCENTILE),
                    percentile(counts, (int) min, pixels.length, HIGH_PERCENTILE));
        }
        float[] s = pixels.clone();
        Arrays.sort(s);
        return new Window(percentile(s, LOW_PERCENTILE), percentile(s, HIGH_PERCENTILE));
    }

    /** Percentile q of the values described by {@code counts} (value = offset + index), linear interpolation. */
    static double percentile(int[] counts, int offset, int n, double q) {
        double pos = q / 100.0 * (n - 1);
        long i = (long) Math.floor(pos);
        double f = pos - i;
        double a = orderStatistic(counts, offset, i);
        double b = orderStatistic(counts, offset, Math.min(n - 1, i + 1));
        return a + (b - a) * f;
    }

    private static double orderStatistic(int[] counts, int offset, long k) {
        long seen = 0;
        for (int v = 0; v < counts.length; v++) {
            seen += counts[v];
            if (seen > k) {
                return offset + v;
            }
        }
        return offset + counts.length - 1;
    }

    /** Percentile q (0..100) of sorted values, linear interpolation. */
    public static double percentile(float[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        double pos = q / 100.0 * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(sorted.length - 1, i + 1);
        double f = pos - i;
        return sorted[i] + (sorted[j] - sorted[i]) * f;
    }

    /** 8-bit: round(clamp((v - low) * 255 / (high - low), 0, 255)). */
    public static byte[] toUint8(float[] pixels, Window w) {
        byte[] out = new byte[pixels.length];
        double scale = w.scale();
        for (int i = 0; i < pixels.length; i++) {
            double v = (pixels[i] - w.low()) * scale;
            // v is in (0, 255) here, where Math.round(v) == (int) (v + 0.5)
            out[i] = (byte) (v <= 0 ? 0 : v >= 255 ? 255 : (int) (v + 0.5));
        }
        return out;
    }

    /** Float: (v - low) * 255 / (high - low), not clamped. */
    public static float[] toFloat(float[] pixels, Window w) {
        float[] out = new float[pixels.length];
        double scale = w.scale();
        for (int i = 0; i < pixels.length; i++) {
            out[i] = (float) ((pixels[i] - w.low()) * scale);
        }
        return out;
    }
}
