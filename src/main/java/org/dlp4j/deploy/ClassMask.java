package org.dlp4j.deploy;

/**
 * A per-pixel class-index image, row-major ({@code values[row * width + col]}); 0 background, 255 ignore.
 */
public record ClassMask(int width, int height, int[] values) {
    public ClassMask {
        if (width <= 0 || height <= 0 || values.length != width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " mask needs " + (long) width * height
                    + " values, got " + values.length);
        }
    }

    /** Pixels of the given class. */
    public boolean[] binary(int cls) {
        boolean[] b = new boolean[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = values[i] == cls;
        }
        return b;
    }

    /** Pixels of any class other than background (0) and ignore (255). */
    public boolean[] foreground() {
        boolean[] b = new boolean[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = values[i] != 0 && values[i] != 255;
        }
        return b;
    }

    /** Number of foreground pixels. */
    public int foregroundCount() {
        int n = 0;
        for (int v : values) {
            n += v != 0 && v != 255 ? 1 : 0;
        }
        return n;
    }

    /**
     * Per-pixel argmax of a network's score blob for one image ({@code classes×height×width}, channel-major, as
     * Caffe lays it out); ties go to the lower class.
     */
    public static ClassMask argmax(float[] scores, int classes, int height, int width) {
        int n = height * width;
        if (classes < 1 || scores.length != classes * n) {
            throw new IllegalArgumentException("score blob of " + scores.length + " values is not " + classes + "x"
                    + height + "x" + width);
        }
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (scores[c * n + i] > scores[best * n + i]) {
                    best = c;
                }
            }
            v[i] = best;
        }
        return new ClassMask(width, height, v);
    }

    /** A mask from a binary image: true → class 1. */
    public static ClassMask of(int width, int height, boolean[] mask) {
        int[] v = new int[mask.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = mask[i] ? 1 : 0;
        }
        return new ClassMask(width, height, v);
    }
}
