package org.dlp4j.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dlp4j.BadInputException;

/**
 * Netpbm grey images ({@code .pgm}): binary {@code P5} with 8-bit samples (maxval &lt; 256) or 16-bit big-endian ones
 * (maxval 256..65535), and plain {@code P2} (decimal numbers). Header comments ({@code #} to end of line) are
 * skipped. Values: 8-bit files whose maxval is 255 keep 0..255; a smaller maxval is stretched to 0..255 (a maxval
 * of 15 means white at 15); 16-bit files keep their raw values, as a 16-bit PNG does. Only the first image of a
 * multi-image file is read.
 */
final class Pgm {
    private Pgm() {
    }

    /** True when the bytes start with a Netpbm grey magic ({@code P2} or {@code P5}). */
    static boolean looksLikePgm(byte[] head) {
        return head.length >= 2 && head[0] == 'P' && (head[1] == '2' || head[1] == '5');
    }

    /** Reads a PGM file; BadInputException naming the file and what is wrong. */
    static GreyImage read(Path file) {
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return decode(b, file.toString());
    }

    /** Decodes PGM bytes; {@code name} names the source in errors. */
    static GreyImage decode(byte[] b, String name) {
        if (b.length < 2 || b[0] != 'P' || (b[1] != '2' && b[1] != '5')) {
            String magic = b.length >= 2 && b[0] == 'P' && b[1] >= '1' && b[1] <= '7' ? "P" + (char) b[1] : null;
            throw new BadInputException(name + ": not a grey PGM image (P2 or P5 expected"
                    + (magic == null ? "" : ", found a Netpbm " + magic + " file: convert it to grey PGM or PNG") + ").");
        }
        boolean plain = b[1] == '2';
        int[] pos = {2};
        long w = header(b, pos, name, "width");
        long h = header(b, pos, name, "height");
        long max = header(b, pos, name, "maxval");
        if (w < 1 || h < 1 || w * h > Integer.MAX_VALUE / 2) {
            throw new BadInputException(name + ": PGM header gives a " + w + "x" + h + " image: width and height must"
                    + " be positive and the image under 1 billion pixels.");
        }
        if (max < 1 || max > 65535) {
            throw new BadInputException(name + ": PGM maxval " + max + " is outside 1..65535.");
        }
        int n = (int) (w * h);
        float[] px = new float[n];
        if (plain) {
            for (int i = 0; i < n; i++) {
                long v = number(b, pos);
                if (v < 0) {
                    throw truncated(name, i, n);
                }
                px[i] = check(v, max, name, i);
            }
        } else {
            int p = pos[0] + 1; // exactly one whitespace byte after maxval
            int bytes = max < 256 ? 1 : 2;
            if (pos[0] >= b.length || b.length - p < (long) n * bytes) {
                throw truncated(name, Math.max(0, (b.length - p) / bytes), n);
            }
            for (int i = 0; i < n; i++) {
                int v = bytes == 1 ? b[p + i] & 0xff : (b[p + 2 * i] & 0xff) << 8 | (b[p + 2 * i + 1] & 0xff);
                px[i] = check(v, max, name, i);
            }
        }
        if (max < 255) {
            for (int i = 0; i < n; i++) {
                px[i] = Math.round(px[i] * 255f / max);
            }
        }
        return new GreyImage((int) w, (int) h, px);
    }

    private static float check(long v, long max, String name, int i) {
        if (v > max) {
            throw new BadInputException(name + ": PGM pixel " + i + " is " + v + ", above the header's maxval " + max
                    + ".");
        }
        return v;
    }

    private static BadInputException truncated(String name, int got, int n) {
        return new BadInputException(name + ": PGM file is truncated: its header promises " + n + " pixels, it holds "
                + got + ".");
    }

    private static long header(byte[] b, int[] pos, String name, String field) {
        long v = number(b, pos);
        if (v < 0) {
            throw new BadInputException(name + ": PGM header has no valid " + field + " (expected 'P5 width height"
                    + " maxval' before the pixels).");
        }
        return v;
    }

    /**
     * The next decimal number from {@code pos[0]}, skipping whitespace and {@code #} comments; leaves {@code pos[0]}
     * on the byte after it. -1 when the data ends first or holds something else.
     */
    private static long number(byte[] b, int[] pos) {
        int p = pos[0];
        while (p < b.length) {
            if (b[p] == '#') {
                while (p < b.length && b[p] != '\n' && b[p] != '\r') {
                    p++;
                }
            } else if (b[p] == ' ' || b[p] == '\t' || b[p] == '\n' || b[p] == '\r' || b[p] == '\f' || b[p] == 0x0b) {
                p++;
            } else {
                break;
            }
        }
        long v = 0;
        int start = p;
        while (p < b.length && b[p] >= '0' && b[p] <= '9' && p - start < 10) {
            v = v * 10 + (b[p] - '0');
            p++;
        }
        pos[0] = p;
        return p == start ? -1 : v;
    }
}
