package org.dlp4j.testing;

/** Byte-array helpers for tests that patch encoded files. */
public final class Bytes {
    private Bytes() {
    }

    /** The first index of {@code pattern} in {@code b}; an {@link AssertionError} when it does not occur. */
    public static int indexOf(byte[] b, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= b.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (b[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found");
    }
}
