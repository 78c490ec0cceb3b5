package org.dlp4j.data.dicom;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dlp4j.BadInputException;

/**
 * Reads DICOM files and returns modality pixel values plus header fields ({@link DicomSlice} says what the values
 * are). Plain uncompressed Part 10 files (Explicit/Implicit VR Little Endian, Explicit VR Big Endian, 8/16-bit
 * MONOCHROME1/2, with or without rescale) are parsed in pure Java by {@link FastDicom}: no lock, so many threads
 * decode at once; everything else (files without preamble, other bit depths) goes through ImageJ's
 * {@code ij.plugin.DICOM} ({@link ImageJDicom}), whose decoder is serialised. Both give the same values. Errors
 * are {@link BadInputException}s naming the file and the problem: compressed transfer syntaxes (named),
 * truncated pixel data, files that are not images.
 */
public final class DicomReader {
    /**
     * Bytes read first for a header (one page: MR headers are 0.7-3 KB; Sunnybrook's 2.4 KB), then
     * {@link #HEADER_PREFIX_LARGE} (vendor private tags), then the whole file.
     */
    private static final int HEADER_PREFIX = 4 * 1024;
    private static final int HEADER_PREFIX_LARGE = 64 * 1024;

    private DicomReader() {
    }

    /** Reads one file. Throws {@link BadInputException} for anything that is not a readable uncompressed image. */
    public static DicomSlice read(Path file) {
        byte[] buf;
        // java.io's stream, as readHeader; no stat beforehand: a missing file or a folder fails the open
        try (InputStream in = new java.io.FileInputStream(file.toFile())) {
            buf = in.readAllBytes();
        } catch (java.io.FileNotFoundException e) {
            if (!Files.isRegularFile(file)) {
                throw new BadInputException(file + ": no such DICOM file", e);
            }
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        FastDicom.Parsed r = parseQuietly(buf);
        if (r != null && r.us(FastDicom.SAMPLES) > 1) {
            throw new BadInputException(file + ": a colour DICOM (" + r.us(FastDicom.SAMPLES) + " samples per pixel, "
                    + r.string(FastDicom.PHOTOMETRIC) + "); dlp reads grey images (MONOCHROME1/2, one sample per"
                    + " pixel)");
        }
        if (r != null && "PALETTE COLOR".equals(r.string(FastDicom.PHOTOMETRIC))) {
            throw new BadInputException(file + ": a colour DICOM (PALETTE COLOR: its values are indices into a"
                    + " colour table, not grey levels); dlp reads grey images (MONOCHROME1/2, one sample per pixel)");
        }
        if (r == null || !FastDicom.pixelsSupported(r)) {
            return ImageJDicom.read(file);
        }
        double[] spacing = spacing(r);
        Integer frameTag = intValue(r.string(FastDicom.FRAMES));
        if (spacing == null || (frameTag != null && frameTag < 1)) {
            return ImageJDicom.read(file);
        }
        int frames = frameTag == null ? 1 : frameTag;
        int rows = r.us(FastDicom.ROWS);
        int cols = r.us(FastDicom.COLS);
        int bytesPerPixel = r.us(FastDicom.BITS_ALLOC) / 8;
        long need = r.pixelOffset + (long) rows * cols * frames * bytesPerPixel;
        if (need > buf.length) {
            throw new BadInputException(file + ": truncated DICOM: pixel data needs " + need + " bytes, the file"
                    + " has " + buf.length + " (" + (need - buf.length) + " bytes missing)");
        }
        FastDicom.Decoded d = FastDicom.decode(r, rows * cols, frames);
        return new DicomSlice(d.pixels(), rows, cols, spacing[0], spacing[1], intValue(r.string(FastDicom.SERIES_NO)),
                intValue(r.string(FastDicom.INSTANCE_NO)), doubleValue(r.string(FastDicom.SLICE_LOC)), frames,
                r.string(FastDicom.PATIENT_ID), r.string(FastDicom.STUDY_UID), r.string(FastDicom.SERIES_UID),
                r.string(FastDicom.MODALITY), r.syntax, file, r.string(FastDicom.SERIES_DESC), d.firstFrame(),
                r.string(FastDicom.PHOTOMETRIC));
    }

    /**
     * Reads only the header (no pixel decoding; the first 4 KiB of a plain file, more when the header is longer).
     * Throws {@link BadInputException} when the file is not a DICOM image or uses a compressed transfer syntax.
     */
    public static DicomHeader readHeader(Path file) {
        FastDicom.Parsed r = null;
        // java.io's stream: a third of the time of Files.newInputStream's channel for these one-read files (5,184
        // headers: 63 against 150 ms, where each is read once and that code path runs barely compiled)
        try (InputStream in = new java.io.FileInputStream(file.toFile())) {
            byte[] head = new byte[0];
            // the header is parsed from a growing prefix; a file that ends first is not for the fast path
            for (int limit : new int[] {HEADER_PREFIX, HEADER_PREFIX_LARGE, Integer.MAX_VALUE}) {
                head = concat(head, in.readNBytes(limit - head.length));
                try {
                    r = FastDicom.parse(head);
                    break;
                } catch (FastDicom.ShortBuffer e) {
                    if (head.length < limit) {
                        break;
                    }
                }
            }
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (r == null || r.us(FastDicom.ROWS) <= 0 || r.us(FastDicom.COLS) <= 0) {
            return ImageJDicom.readHeader(file);
        }
        double[] spacing = spacing(r);
        if (spacing == null) {
            return ImageJDicom.readHeader(file);
        }
        return new DicomHeader(file, r.us(FastDicom.ROWS), r.us(FastDicom.COLS),
                intValue(r.string(FastDicom.SERIES_NO)), intValue(r.string(FastDicom.INSTANCE_NO)),
                r.string(FastDicom.SERIES_UID), r.string(FastDicom.SERIES_DESC), r.string(FastDicom.MODALITY),
                r.syntax, r.string(FastDicom.PATIENT_ID), spacing[0], spacing[1]);
    }

    /** The ImageJ path only (for comparing the two). */
    static DicomSlice readWithImageJ(Path file) {
        return ImageJDicom.read(file);
    }

    /** The ImageJ header path only (for comparing the two). */
    static DicomHeader readHeaderWithImageJ(Path file) {
        return ImageJDicom.readHeader(file);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        if (a.length == 0) {
            return b;
        }
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static FastDicom.Parsed parseQuietly(byte[] buf) {
        try {
            return FastDicom.parse(buf);
        } catch (FastDicom.ShortBuffer e) {
            return null;
        }
    }

    /**
     * The pixel spacing as ImageJ finds it: (0028,0030) Pixel Spacing, else (0018,1164) Imager Pixel Spacing (the
     * detector plane of projection radiographs), else 1 x 1; null when the tag used is unusable (ImageJ decides then).
     */
    private static double[] spacing(FastDicom.Parsed r) {
        String ps = r.string(FastDicom.SPACING);
        if (ps == null) {
            ps = r.string(FastDicom.IMAGER_SPACING);
        }
        return ps == null ? new double[] {1.0, 1.0} : spacing(ps);
    }

    /** "row\column" as two positive numbers; null when unusable. */
    private static double[] spacing(String ps) {
        int bs = ps.indexOf('\\');
        try {
            double r = Double.parseDouble((bs < 0 ? ps : ps.substring(0, bs)).trim());
            double c = bs < 0 ? r : Double.parseDouble(firstValue(ps.substring(bs + 1)));
            return r > 0 && c > 0 ? new double[] {r, c} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String firstValue(String v) {
        int bs = v.indexOf('\\');
        return (bs < 0 ? v : v.substring(0, bs)).trim();
    }

    private static Integer intValue(String v) {
        Double d = doubleValue(v);
        return d == null ? null : (int) Math.round(d);
    }

    private static Double doubleValue(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Double.parseDouble(firstValue(v));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
