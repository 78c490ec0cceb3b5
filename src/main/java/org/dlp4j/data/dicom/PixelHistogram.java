package org.dlp4j.data.dicom;

/**
 * How many pixels of a frame hold each integer value: value {@code offset + i} occurs {@code counts[i]} times, and
 * every count outside {@code [lo, hi]} is zero. The decoder counts while it decodes 8- and 16-bit frames, so that
 * a percentile window needs no further pass over the pixels.
 */
public record PixelHistogram(int offset, int[] counts, int lo, int hi) {
    /**
     * The histogram of {@code counts} (value = offset + index), its non-zero range found; null when all are 0.
     * Every count above {@code maxBound} is known to be 0 (the decoder bounds it; the last index otherwise).
     */
    static PixelHistogram of(int offset, int[] counts, int maxBound) {
        int lo = 0;
        while (lo <= maxBound && counts[lo] == 0) {
            lo++;
        }
        if (lo > maxBound) {
            return null;
        }
        int hi = maxBound;
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
