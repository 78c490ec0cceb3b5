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

    /** A mask from a binary image: true → class 1. */
    public static ClassMask of(int width, int height, boolean[] mask) {
        int[] v = new int[mask.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = mask[i] ? 1 : 0;
        }
        return new ClassMask(width, height, v);
    }
}
