package org.dlp4j.data.dicom;

import java.nio.charset.StandardCharsets;

/**
 * A pure-Java parser for the plain cases: Part 10 files (preamble + "DICM") in Implicit VR Little Endian, Explicit
 * VR Little Endian or Explicit VR Big Endian, one sample per pixel, MONOCHROME2 or MONOCHROME1, 8 or 16 bits
 * allocated (signed or unsigned), with or without a modality rescale, native pixel data. It reads the few tags the
 * importer needs and the pixels directly: no lock, no ImageJ calibration tables. Anything else makes
 * {@link #parse} return null and the caller falls back to ImageJ. Values are modality values as
 * {@link DicomSlice} documents them: stored value × slope + intercept, MONOCHROME1 values not inverted (the
 * normalisation inverts its 8-bit image).
 */
final class FastDicom {
    /** The tags read: group &lt;&lt; 16 | element. */
    static final int TS = 0x00020010;
    static final int MODALITY = 0x00080060;
    static final int SERIES_DESC = 0x0008103E;
    static final int PATIENT_ID = 0x00100020;
    static final int STUDY_UID = 0x0020000D;
    static final int SERIES_UID = 0x0020000E;
    static final int SERIES_NO = 0x00200011;
    static final int INSTANCE_NO = 0x00200013;
    static final int SLICE_LOC = 0x00201041;
    static final int IMAGER_SPACING = 0x00181164;
    static final int SAMPLES = 0x00280002;
    static final int PHOTOMETRIC = 0x00280004;
    static final int FRAMES = 0x00280008;
    static final int ROWS = 0x00280010;
    static final int COLS = 0x00280011;
    static final int SPACING = 0x00280030;
    static final int BITS_ALLOC = 0x00280100;
    static final int BITS_STORED = 0x00280101;
    static final int PIXEL_REP = 0x00280103;
    static final int INTERCEPT = 0x00281052;
    static final int SLOPE = 0x00281053;
    static final int PIXEL_DATA = 0x7FE00010;
    private static final int[] WANTED = {MODALITY, SERIES_DESC, PATIENT_ID, IMAGER_SPACING, STUDY_UID, SERIES_UID,
        SERIES_NO, INSTANCE_NO, SLICE_LOC, SAMPLES, PHOTOMETRIC, FRAMES, ROWS, COLS, SPACING, BITS_ALLOC, BITS_STORED,
        PIXEL_REP, INTERCEPT, SLOPE};

    /** Thrown internally when the buffer ends before the pixel data: the caller reads more or falls back. */
    static final class ShortBuffer extends RuntimeException {
        ShortBuffer() {
            super(null, null, false, false);
        }
    }

    /** A parsed header: raw tag values (offset/length into the buffer) and where the pixel data starts. */
    static final class Parsed {
        final byte[] buf;
        final String syntax;
        final boolean bigEndian;
        private final int[] off = new int[WANTED.length];
        private final int[] len = new int[WANTED.length];
        private final boolean[] us = new boolean[WANTED.length];
        long pixelOffset = -1;
        long pixelLength;

        Parsed(byte[] buf, String syntax, boolean bigEndian) {
            this.buf = buf;
            this.syntax = syntax;
            this.bigEndian = bigEndian;
            java.util.Arrays.fill(len, -1);
        }

        private static int slot(int tag) {
            for (int i = 0; i < WANTED.length; i++) {
                if (WANTED[i] == tag) {
                    return i;
                }
            }
            return -1;
        }

        /** The value as ImageJ's info text shows it (trimmed string, or the US number), null when absent. */
        String string(int tag) {
            int s = slot(tag);
            if (s < 0 || len[s] < 0) {
                return null;
            }
            if (us[s]) {
                return len[s] >= 2 ? Integer.toString(u16(buf, off[s], bigEndian)) : null;
            }
            return new String(buf, off[s], len[s], StandardCharsets.UTF_8).trim();
        }

        /** A US value (binary in explicit VR or, for the US tags, in implicit VR), -1 when absent. */
        int us(int tag) {
            int s = slot(tag);
            if (s < 0 || len[s] < 2) {
                return -1;
            }
            return u16(buf, off[s], bigEndian);
        }

        boolean has(int tag) {
            int s = slot(tag);
            return s >= 0 && len[s] >= 0;
        }

        void put(int tag, int offset, int length, boolean unsignedShort) {
            int s = slot(tag);
            if (s >= 0 && len[s] < 0) {
                off[s] = offset;
                len[s] = length;
                us[s] = unsignedShort;
            }
        }
    }

    private FastDicom() {
    }

    /**
     * Parses {@code buf} (the whole file or its first bytes) up to the pixel data element. Returns null when the
     * file is not one the fast path handles; throws {@link ShortBuffer} when {@code buf} ends first.
     */
    static Parsed parse(byte[] buf) {
        if (buf.length < 132 || buf[128] != 'D' || buf[129] != 'I' || buf[130] != 'C' || buf[131] != 'M') {
            return null;
        }
        int p = 132;
        String syntax = null;
        while (true) {
            need(buf, p, 8);
            if (u16(buf, p, false) != 0x0002) {
                break;
            }
            int element = u16(buf, p + 2, false);
            long length;
            if (longVr(buf[p + 4], buf[p + 5])) {
                need(buf, p, 12);
                length = u32(buf, p + 8, false);
                p += 12;
            } else {
                length = u16(buf, p + 6, false);
                p += 8;
            }
            if (length > 1 << 20) {
                return null;
            }
            need(buf, p, (int) length);
            if (element == 0x0010) {
                syntax = new String(buf, p, (int) length, StandardCharsets.US_ASCII).replace("\0", "").trim();
            }
            p += (int) length;
        }
        boolean explicit;
        boolean big;
        if (TransferSyntax.EXPLICIT_LE.equals(syntax)) {
            explicit = true;
            big = false;
        } else if (TransferSyntax.IMPLICIT_LE.equals(syntax)) {
            explicit = false;
            big = false;
        } else if (TransferSyntax.EXPLICIT_BE.equals(syntax)) {
            explicit = true;
            big = true;
        } else {
            return null;
        }
        Parsed r = new Parsed(buf, syntax, big);
        return dataset(buf, p, explicit, big, r) ? r : null;
    }

    /** Top-level elements up to the pixel data; false when something is outside the fast path. */
    private static boolean dataset(byte[] buf, int p, boolean explicit, boolean big, Parsed r) {
        while (true) {
            if (p == buf.length) {
                return false; // no pixel data at all
            }
            need(buf, p, 8);
            int tag = (u16(buf, p, big) << 16) | u16(buf, p + 2, big);
            boolean sq = false;
            boolean usVr = false;
            long length;
            if (explicit) {
                byte v0 = buf[p + 4];
                byte v1 = buf[p + 5];
                sq = v0 == 'S' && v1 == 'Q';
                usVr = v0 == 'U' && v1 == 'S';
                if (longVr(v0, v1)) {
                    need(buf, p, 12);
                    length = u32(buf, p + 8, big);
                    p += 12;
                } else {
                    length = u16(buf, p + 6, big);
                    p += 8;
                }
            } else {
                length = u32(buf, p + 4, big);
                usVr = (tag >>> 16) == 0x0028 && (tag & 0xffff) >= 0x0002 && (tag & 0xffff) <= 0x0103
                        && tag != PHOTOMETRIC && tag != FRAMES && tag != SPACING;
                p += 8;
            }
            if (tag == PIXEL_DATA) {
                if (length == 0xFFFFFFFFL) {
                    return false; // encapsulated
                }
                r.pixelOffset = p;
                r.pixelLength = length;
                return true;
            }
            if (length == 0xFFFFFFFFL) {
                p = skipUndefined(buf, p, explicit, big);
                continue;
            }
            if (length > Integer.MAX_VALUE - p) {
                return false;
            }
            need(buf, p, (int) length);
            if (!sq) {
                r.put(tag, p, (int) length, usVr);
            }
            p += (int) length;
        }
    }

    /** Skips a sequence (or item) of undefined length: items until the sequence delimiter. */
    private static int skipUndefined(byte[] buf, int p, boolean explicit, boolean big) {
        while (true) {
            need(buf, p, 8);
            int tag = (u16(buf, p, big) << 16) | u16(buf, p + 2, big);
            long length = u32(buf, p + 4, big);
            p += 8;
            if (tag == 0xFFFEE0DD) {
                return p;
            }
            if (tag != 0xFFFEE000) {
                throw new ShortBuffer(); // malformed: let ImageJ decide
            }
            if (length == 0xFFFFFFFFL) {
                p = skipItem(buf, p, explicit, big);
            } else {
                need(buf, p, (int) length);
                p += (int) length;
            }
        }
    }

    /** Skips the elements of an undefined-length item up to its delimiter. */
    private static int skipItem(byte[] buf, int p, boolean explicit, boolean big) {
        while (true) {
            need(buf, p, 8);
            int tag = (u16(buf, p, big) << 16) | u16(buf, p + 2, big);
            if (tag == 0xFFFEE00D) {
                return p + 8;
            }
            long length;
            if (explicit) {
                if (longVr(buf[p + 4], buf[p + 5])) {
                    need(buf, p, 12);
                    length = u32(buf, p + 8, big);
                    p += 12;
                } else {
                    length = u16(buf, p + 6, big);
                    p += 8;
                }
            } else {
                length = u32(buf, p + 4, big);
                p += 8;
            }
            if (length == 0xFFFFFFFFL) {
                p = skipUndefined(buf, p, explicit, big);
            } else {
                need(buf, p, (int) Math.min(length, Integer.MAX_VALUE));
                p += (int) length;
            }
        }
    }

    /** VRs with a 2-byte reserved field and a 4-byte length in explicit VR. */
    private static boolean longVr(byte a, byte b) {
        return (a == 'O' && (b == 'B' || b == 'W' || b == 'F' || b == 'D' || b == 'L' || b == 'V'))
                || (a == 'S' && (b == 'Q' || b == 'V')) || (a == 'U' && (b == 'N' || b == 'T' || b == 'C'
                        || b == 'R' || b == 'V'));
    }

    private static void need(byte[] buf, int p, int n) {
        if (n < 0 || (long) p + n > buf.length) {
            throw new ShortBuffer();
        }
    }

    static int u16(byte[] b, int off, boolean big) {
        return big ? ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff) : (b[off] & 0xff) | ((b[off + 1] & 0xff) << 8);
    }

    static long u32(byte[] b, int off, boolean big) {
        long lo = u16(b, off, big);
        long hi = u16(b, off + 2, big);
        return big ? (lo << 16) | hi : (hi << 16) | lo;
    }

    /**
     * Whether the parsed image is decodable here: one sample, MONOCHROME2, MONOCHROME1 (or unspecified), 8/16 bits,
     * a rescale slope and intercept that are numbers when given ({@link #rescale}). Otherwise ImageJ handles it.
     */
    static boolean pixelsSupported(Parsed r) {
        int samples = r.us(SAMPLES);
        int bits = r.us(BITS_ALLOC);
        String photometric = r.string(PHOTOMETRIC);
        return (samples == -1 || samples == 1) && (bits == 8 || bits == 16)
                && (photometric == null || photometric.equals("MONOCHROME2") || photometric.equals("MONOCHROME1"))
                && rescale(r) != null && r.us(ROWS) > 0 && r.us(COLS) > 0;
    }

    /**
     * The modality rescale {slope, intercept} of (0028,1053) and (0028,1052): {1, 0} when absent (either may be
     * given alone), null when one is not a finite number or the slope is 0.
     */
    static double[] rescale(Parsed r) {
        double slope = number(r.string(SLOPE), 1.0);
        double intercept = number(r.string(INTERCEPT), 0.0);
        return Double.isFinite(slope) && slope != 0 && Double.isFinite(intercept) ? new double[] {slope, intercept}
                : null;
    }

    private static double number(String v, double absent) {
        if (v == null || v.isBlank()) {
            return absent;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Decoded frames and the first frame's value counts. */
    record Decoded(float[] pixels, PixelHistogram firstFrame) {
    }

    /**
     * Decodes {@code frames} frames of {@code n} pixels to floats (signed 16-bit as signed) and counts the first
     * frame's values in the same pass: 256 counts for 8-bit data, 65,536 for 16-bit (value = index, or index -
     * 32,768 when signed). The pass also ANDs and ORs the count indices: for non-negative ints {@code x & y <=
     * min(x, y)} and {@code x | y >= max(x, y)}, so the search for the first and last non-zero count starts there,
     * not at the ends of the 65,536 (for 12-bit MR about a thousand steps instead of 65,000; 12 % of the pass,
     * microbenchmark).
     */
    static Decoded decode(Parsed r, int n, int frames) {
        float[] out = new float[n * frames];
        byte[] b = r.buf;
        int p = (int) r.pixelOffset;
        int total = n * frames;
        int and = -1;
        int or = 0;
        if (r.us(BITS_ALLOC) == 8) {
            int[] c = new int[256];
            // signed 8-bit (PixelRepresentation 1): value = byte, index = value + 128
            int flip = r.us(PIXEL_REP) == 1 ? 0x80 : 0;
            for (int i = 0; i < n; i++) {
                int u = (b[p + i] & 0xff) ^ flip;
                out[i] = u - flip;
                c[u]++;
                and &= u;
                or |= u;
            }
            for (int i = n; i < total; i++) {
                out[i] = ((b[p + i] & 0xff) ^ flip) - flip;
            }
            return rescaled(r, storedBitsOnly(r, new Decoded(out, PixelHistogram.of(-flip, c, and, or)), flip != 0));
        }
        boolean signed = r.us(PIXEL_REP) == 1;
        int hiOff = r.bigEndian ? 0 : 1;
        int loOff = r.bigEndian ? 1 : 0;
        int[] c = new int[65536];
        // one loop per case: no per-pixel branch on signedness in the hot loop
        if (signed) {
            for (int i = 0, q = p; i < n; i++, q += 2) {
                int v = (short) ((b[q + hiOff] << 8) | (b[q + loOff] & 0xff));
                out[i] = v;
                int u = v + 32768;
                c[u]++;
                and &= u;
                or |= u;
            }
            for (int i = n, q = p + 2 * n; i < total; i++, q += 2) {
                out[i] = (short) ((b[q + hiOff] << 8) | (b[q + loOff] & 0xff));
            }
        } else {
            for (int i = 0, q = p; i < n; i++, q += 2) {
                int v = ((b[q + hiOff] & 0xff) << 8) | (b[q + loOff] & 0xff);
                out[i] = v;
                c[v]++;
                and &= v;
                or |= v;
            }
            for (int i = n, q = p + 2 * n; i < total; i++, q += 2) {
                out[i] = ((b[q + hiOff] & 0xff) << 8) | (b[q + loOff] & 0xff);
            }
        }
        return rescaled(r, storedBitsOnly(r, new Decoded(out, PixelHistogram.of(signed ? -32768 : 0, c, and, or)),
                signed));
    }

    /**
     * Values from the BitsStored (0028,0101) low bits alone when fewer than BitsAllocated (DICOM PS3.5 8.1.1: the
     * other bits are no part of the value, and readers may not assume they are zero or sign extension; pydicom 3,
     * vtk-dicom and fo-dicom mask them and sign-extend signed data from bit BitsStored - 1):
     * a signed 12-bit -1 stored as 0x0FFF is -1, and an overlay bit above an unsigned 12-bit value is dropped.
     * Nearly every writer leaves nothing there, so one look at the values decides, and only then is each pixel
     * redone (its counts dropped: readers count the corrected values themselves).
     */
    private static Decoded storedBitsOnly(Parsed r, Decoded d, boolean signed) {
        int stored = r.us(BITS_STORED);
        if (stored <= 0 || stored >= r.us(BITS_ALLOC)) {
            return d;
        }
        float[] px = d.pixels();
        float lo = signed ? -(1 << (stored - 1)) : 0;
        float hi = signed ? (1 << (stored - 1)) - 1 : (1 << stored) - 1;
        boolean outside = false;
        for (float v : px) {
            if (v < lo || v > hi) {
                outside = true;
                break;
            }
        }
        if (!outside) {
            return d;
        }
        for (int i = 0; i < px.length; i++) {
            px[i] = storedValue((int) px[i], stored, signed);
        }
        return new Decoded(px, null);
    }

    /** The value of the low {@code stored} bits of {@code v}, sign-extended when {@code signed}. */
    static int storedValue(int v, int stored, boolean signed) {
        int sign = signed ? 1 << (stored - 1) : 0;
        return ((v & ((1 << stored) - 1)) ^ sign) - sign;
    }

    /**
     * Stored values to modality values (value × slope + intercept) when the file rescales; the counts, which are of
     * stored values, are then dropped (readers count the rescaled values themselves).
     */
    private static Decoded rescaled(Parsed r, Decoded d) {
        double[] si = rescale(r);
        if (si == null || (si[0] == 1 && si[1] == 0)) {
            return d;
        }
        float[] px = d.pixels();
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) (px[i] * si[0] + si[1]);
        }
        return new Decoded(px, null);
    }
}
