package org.dlp4j.data.dicom;

/**
 * How many pixels of a frame hold each integer value: value {@code offset + i} occurs {@code counts[i]} times, and
 * every count outside {@code [lo, hi]} is zero. The decoder counts while it decodes 8- and 16-bit frames, so that
 * a percentile window needs no further pass over the pixels.
 */
public record PixelHistogram(int offset, int[] counts, int lo, int hi) {
    /**
     * The histogram of {@code counts} (value = offset + index), its non-zero range found; null when all are 0.
     * {@code and} and {@code or} are the AND and the OR of every counted index (-1 and 0 when none was counted):
     * no non-zero count lies below the one or above the other, so the two searches start there.
     */
    static PixelHistogram of(int offset, int[] counts, int and, int or) {
        if (and < 0) { // nothing counted: the AND of any index (0 .. 65,535) is not negative
            return null;
        }
        int lo = and;
        while (counts[lo] == 0) {
            lo++;
        }
        int hi = or;
        while (counts[hi] == 0) {
            hi--;
        }
        return new PixelHistogram(offset, counts, lo, hi);
    }

    /** The smallest value present. */
    public int min() {
        return offset + lo;
    }

    /** The largest value present. */
    public int max() {
        return offset + hi;
    }
}
