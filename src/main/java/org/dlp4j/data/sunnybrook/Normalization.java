package org.dlp4j.data.sunnybrook;

import java.util.Arrays;
import org.dlp4j.data.dicom.PixelHistogram;

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
        Histogram h = Histogram.of(pixels);
        if (h != null) {
            return h.window(pixels.length);
        }
        float[] s = pixels.clone();
        Arrays.sort(s);
        return new Window(percentile(s, LOW_PERCENTILE), percentile(s, HIGH_PERCENTILE));
    }

    /** Counts of integer pixel values from {@code min} on; null (from {@link #of}) where a sort is needed. */
    private record Histogram(int min, int[] counts) {
        static Histogram of(float[] pixels) {
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            boolean integral = true;
            for (float v : pixels) {
                // plain comparisons: Math.min/max handle NaN and -0.0, which cost in this hot loop and never occur
                // in decoded pixels (a NaN makes the image non-integral, so it takes the sorting path)
                if (v < min) {
                    min = v;
                }
                if (v > max) {
                    max = v;
                }
                integral &= v == (int) v;
            }
            // an int cast is exact for |v| < 2^24, where every float integer is representable: checking the
            // extremes covers every value between them
            if (!integral || !(min > -16777216f && max < 16777216f && max - min < (1 << 20))) {
                return null;
            }
            int[] counts = new int[(int) (max - min) + 1];
            for (float v : pixels) {
                counts[(int) (v - min)]++;
            }
            return new Histogram((int) min, counts);
        }

        static Histogram of(PixelHistogram counted) {
            return new Histogram(counted.min(), Arrays.copyOfRange(counted.counts(), counted.lo(), counted.hi() + 1));
        }

        Window window(int n) {
            return new Window(percentile(counts, min, n, LOW_PERCENTILE), percentile(counts, min, n, HIGH_PERCENTILE));
        }
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
            out[i] = uint8(pixels[i], w.low(), scale);
        }
        return out;
    }

    /** A slice's window and its 8-bit image: {@code toUint8(pixels, window(pixels))}. */
    public record Normalized(Window window, byte[] uint8) {
    }

    /**
     * {@link #window} and {@link #toUint8} in one: integer pixels (all DICOM and PNG data) are counted once, and
     * when their range is no wider than the image each value's 8-bit level is computed once, by the same
     * expression, into a table read per pixel. The bytes are those of {@code toUint8(pixels, window(pixels))}.
     */
    public static Normalized normalize(float[] pixels) {
        return normalize(pixels, null);
    }

    /**
     * {@link #normalize(float[])} with the counts the decoder made of these pixels' values (null: count them here),
     * which saves two passes over the pixels. The bytes are the same.
     */
    public static Normalized normalize(float[] pixels, PixelHistogram counted) {
        return normalize(pixels, counted, false);
    }

    /**
     * {@link #normalize(float[], PixelHistogram)}, with the 8-bit levels inverted after the window ({@code 255 - v})
     * when {@code invert}: a MONOCHROME1 image, whose minimum is displayed white (DICOM PS3.3 C.7.6.3.1.2: after any
     * VOI transformation, i.e. after this window). The window itself is that of the values, not inverted.
     */
    public static Normalized normalize(float[] pixels, PixelHistogram counted, boolean invert) {
        Histogram h = pixels.length == 0 ? null : counted != null ? Histogram.of(counted) : Histogram.of(pixels);
        if (h == null) {
            Window w = window(pixels);
            return new Normalized(w, inverted(toUint8(pixels, w), invert));
        }
        Window w = h.window(pixels.length);
        if (h.counts.length > pixels.length) { // a table wider than the image costs more than it saves
            return new Normalized(w, inverted(toUint8(pixels, w), invert));
        }
        double scale = w.scale();
        byte[] lut = new byte[h.counts.length];
        int flip = invert ? 255 : 0; // 255 ^ v == 255 - v for 0..255: the inversion lives in the table
        for (int k = 0; k < lut.length; k++) {
            lut[k] = (byte) (uint8(h.min + k, w.low(), scale) ^ flip);
        }
        byte[] out = new byte[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            out[i] = lut[(int) (pixels[i] - h.min)];
        }
        return new Normalized(w, out);
    }

    /** {@code 255 - v} for every byte when {@code invert} (in place), else the bytes as they are. */
    private static byte[] inverted(byte[] b, boolean invert) {
        if (invert) {
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) ~b[i];
            }
        }
        return b;
    }

    private static byte uint8(float px, double low, double scale) {
        double v = (px - low) * scale;
        // v is in (0, 255) here, where Math.round(v) == (int) (v + 0.5)
        return (byte) (v <= 0 ? 0 : v >= 255 ? 255 : (int) (v + 0.5));
    }

    /** Float: (v - low) * 255 / (high - low), not clamped. */
    public static float[] toFloat(float[] pixels, Window w) {
        return toFloat(pixels, w, false);
    }

    /** {@link #toFloat(float[], Window)}, or {@code 255 - } that when {@code invert} (MONOCHROME1). */
    public static float[] toFloat(float[] pixels, Window w, boolean invert) {
        float[] out = new float[pixels.length];
        double scale = invert ? -w.scale() : w.scale();
        double base = invert ? 255 : 0;
        for (int i = 0; i < pixels.length; i++) {
            out[i] = (float) (base + (pixels[i] - w.low()) * scale);
        }
        return out;
    }
}
