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

    /** The 1–99 percentile window of {@code pixels}. */
    public static Window window(float[] pixels) {
        float[] s = pixels.clone();
        Arrays.sort(s);
        return new Window(percentile(s, LOW_PERCENTILE), percentile(s, HIGH_PERCENTILE));
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
            out[i] = (byte) (v <= 0 ? 0 : v >= 255 ? 255 : (int) Math.round(v));
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
