package org.dlp4j.data.dicom;

import ij.ImageStack;
import ij.io.FileInfo;
import ij.measure.Calibration;
import ij.plugin.DICOM;
import ij.process.ImageProcessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.dlp4j.BadInputException;

/**
 * The ImageJ path of {@link DicomReader}, for files {@link FastDicom} does not handle: reads DICOM files with
 * ImageJ's {@code ij.plugin.DICOM} and returns modality pixel values ({@link DicomSlice}) plus header fields.
 * Thread-safe: ImageJ's decoder keeps static state, so the decode itself is serialised; the calibration and
 * copying run outside the lock. Errors are {@link BadInputException}s naming the file and the problem:
 * compressed transfer syntaxes (named), truncated pixel data, files that are not images.
 */
final class ImageJDicom {
    private static final Object IMAGEJ_LOCK = new Object();

    static {
        ij.Prefs.fixedDicomScaling = true;
    }

    private ImageJDicom() {
    }

    /** Reads one file. Throws {@link BadInputException} for anything that is not a readable uncompressed image. */
    static DicomSlice read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such DICOM file");
        }
        String syntax;
        long size;
        try {
            syntax = TransferSyntax.read(file);
            size = Files.size(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (TransferSyntax.isCompressed(syntax)) {
            throw new BadInputException(file + ": compressed DICOM transfer syntax " + TransferSyntax.name(syntax)
                    + " (" + syntax + ") is not supported; convert it to uncompressed Explicit VR Little Endian first,"
                    + " e.g. `gdcmconv --raw IN OUT` or `dcmdjpeg`/`dcmdrle` from DCMTK");
        }
        DICOM d = new DICOM();
        String info;
        synchronized (IMAGEJ_LOCK) {
            ij.Prefs.fixedDicomScaling = true;
            d.open(file.toString());
            Object p = d.getProperty("Info");
            info = p instanceof String s ? s : "";
        }
        if (d.getWidth() == 0 || d.getHeight() == 0) {
            throw new BadInputException(file + ": not a readable DICOM image (ImageJ could not decode it: no pixel"
                    + " data, an unsupported encoding or not a DICOM file)");
        }
        FileInfo fi = d.getOriginalFileInfo();
        int frames = d.getStackSize();
        if (fi != null && fi.offset > 0) {
            long need = fi.getOffset() + (long) d.getWidth() * d.getHeight() * frames * fi.getBytesPerPixel();
            if (need > size) {
                throw new BadInputException(file + ": truncated DICOM: pixel data needs " + need + " bytes, the file"
                        + " has " + size + " (" + (need - size) + " bytes missing)");
            }
        }
        Map<String, String> tags = parseInfo(info);
        Integer samples = intTag(tags, "0028,0002");
        if ((samples != null && samples > 1) || d.getBitDepth() == 24) {
            throw new BadInputException(file + ": a colour DICOM (" + (samples != null ? samples : 3) + " samples per"
                    + " pixel, " + tags.getOrDefault("0028,0004", "RGB").trim() + "); dlp reads grey images"
                    + " (MONOCHROME1/2, one sample per pixel)");
        }
        if ("PALETTE COLOR".equals(tags.get("0028,0004"))) {
            throw new BadInputException(file + ": a colour DICOM (PALETTE COLOR: its values are indices into a"
                    + " colour table, not grey levels); dlp reads grey images (MONOCHROME1/2, one sample per pixel)");
        }
        if (syntax == null) {
            syntax = tags.get("0002,0010");
        }
        int rows = d.getHeight();
        int cols = d.getWidth();
        float[] pixels = modalityValues(d, fi, tags, rows * cols, frames);
        double[] spacing = spacing(tags.get("0028,0030"), d.getCalibration());
        return new DicomSlice(pixels, rows, cols, spacing[0], spacing[1], intTag(tags, "0020,0011"),
                intTag(tags, "0020,0013"), doubleTag(tags, "0020,1041"), frames, tags.get("0010,0020"),
                tags.get("0020,000D"), tags.get("0020,000E"), tags.get("0008,0060"), syntax, file,
                tags.get("0008,103E"), null, tags.get("0028,0004"));
    }

    /**
     * Reads only the header (no pixel decoding, ~1 ms). Throws {@link BadInputException} when the file is not a
     * DICOM image or uses a compressed transfer syntax.
     */
    static DicomHeader readHeader(Path file) {
        String syntax;
        try {
            syntax = TransferSyntax.read(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (TransferSyntax.isCompressed(syntax)) {
            throw new BadInputException(file + ": compressed DICOM transfer syntax " + TransferSyntax.name(syntax)
                    + " (" + syntax + ") is not supported");
        }
        String info;
        synchronized (IMAGEJ_LOCK) {
            ij.Prefs.fixedDicomScaling = true;
            info = new DICOM().getInfo(file.toString());
        }
        Map<String, String> tags = parseInfo(info == null ? "" : info);
        Integer rows = intTag(tags, "0028,0010");
        Integer cols = intTag(tags, "0028,0011");
        if (rows == null || cols == null || rows <= 0 || cols <= 0 || !tags.containsKey("7FE0,0010")) {
            throw new BadInputException(file + ": not a DICOM image (no rows/columns or no pixel data)");
        }
        // Pixel Spacing, else Imager Pixel Spacing: what ImageJ's calibration (the read path's fallback) uses
        String ps = tags.containsKey("0028,0030") ? tags.get("0028,0030") : tags.get("0018,1164");
        double[] spacing = spacing(ps, new Calibration());
        return new DicomHeader(file, rows, cols, intTag(tags, "0020,0011"), intTag(tags, "0020,0013"),
                tags.get("0020,000E"), tags.get("0008,103E"), tags.get("0008,0060"),
                syntax != null ? syntax : tags.get("0002,0010"), tags.get("0010,0020"), spacing[0], spacing[1]);
    }

    /**
     * Modality values (stored value x slope + intercept, from the file's own (0028,1053) and (0028,1052), either may
     * come alone) from ImageJ's stored pixels: ImageJ's calibration drops a slope that comes without an intercept
     * and every rescale of 8-bit data, so it is used only for float data and for rescale tags that are not numbers.
     * ImageJ keeps signed 16-bit pixels as stored value + 32,768, and every allocated bit, so bits above BitsStored
     * are dropped here.
     */
    private static float[] modalityValues(DICOM d, FileInfo fi, Map<String, String> tags, int n, int frames) {
        double slope = number(tags.get("0028,1053"), 1.0);
        double intercept = number(tags.get("0028,1052"), 0.0);
        int bits = d.getBitDepth();
        if (fi == null || (bits != 8 && bits != 16) || !Double.isFinite(slope) || slope == 0
                || !Double.isFinite(intercept)) {
            return calibrated(d, n, frames);
        }
        boolean signed = bits == 16 && fi.fileType == FileInfo.GRAY16_SIGNED;
        int offset = signed ? 32768 : 0;
        // only the BitsStored low bits hold the value (as in FastDicom)
        Integer storedTag = intTag(tags, "0028,0101");
        int stored = storedTag != null && storedTag > 0 && storedTag < bits ? storedTag : 0;
        ImageStack stack = d.getStack();
        float[] out = new float[n * frames];
        for (int f = 0; f < frames; f++) {
            ImageProcessor ip = stack.getProcessor(f + 1);
            int base = f * n;
            for (int i = 0; i < n; i++) {
                int v = ip.get(i) - offset;
                out[base + i] = (float) ((stored > 0 ? FastDicom.storedValue(v, stored, signed) : v) * slope
                        + intercept);
            }
        }
        return out;
    }

    private static double number(String v, double absent) {
        if (v == null || v.isBlank()) {
            return absent;
        }
        try {
            return Double.parseDouble(v.split("\\\\")[0].trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static float[] calibrated(DICOM d, int n, int frames) {
        Calibration cal = d.getCalibration();
        ImageStack stack = d.getStack();
        float[] out = new float[n * frames];
        double[] line = cal.getFunction() == Calibration.STRAIGHT_LINE ? cal.getCoefficients() : null;
        boolean none = cal.getFunction() == Calibration.NONE || d.getBitDepth() == 32;
        float[] table = none || line != null ? null : cal.getCTable();
        for (int f = 0; f < frames; f++) {
            ImageProcessor ip = stack.getProcessor(f + 1);
            int base = f * n;
            if (line != null && line.length >= 2 && ip.getPixels() instanceof short[] px) {
                // ImageJ's straight-line calibration: value = a + b * raw (raw unsigned 16-bit)
                for (int i = 0; i < n; i++) {
                    out[base + i] = (float) (line[0] + line[1] * (px[i] & 0xffff));
                }
            } else if (table != null) {
                for (int i = 0; i < n; i++) {
                    out[base + i] = table[ip.get(i)];
                }
            } else {
                for (int i = 0; i < n; i++) {
                    out[base + i] = ip.getf(i);
                }
            }
        }
        return out;
    }

    /** (0028,0030) is "row spacing\column spacing"; ImageJ's calibration is the fallback. */
    static double[] spacing(String ps, Calibration cal) {
        if (ps != null) {
            String[] parts = ps.split("\\\\");
            try {
                double r = Double.parseDouble(parts[0].trim());
                double c = parts.length > 1 ? Double.parseDouble(parts[1].trim()) : r;
                if (r > 0 && c > 0) {
                    return new double[] {r, c};
                }
            } catch (NumberFormatException e) {
                // fall through to ImageJ's calibration
            }
        }
        double c = cal.pixelWidth > 0 ? cal.pixelWidth : 1.0;
        double r = cal.pixelHeight > 0 ? cal.pixelHeight : 1.0;
        return new double[] {r, c};
    }

    /** ImageJ's info text: lines "GGGG,EEEE  Name: value"; the first occurrence of a tag wins. */
    static Map<String, String> parseInfo(String info) {
        Map<String, String> tags = new HashMap<>();
        for (String line : info.split("\n")) {
            if (line.length() < 11 || line.charAt(4) != ',') {
                continue;
            }
            String tag = line.substring(0, 9).toUpperCase();
            int colon = line.indexOf(':', 9);
            if (colon < 0) {
                continue;
            }
            String value = line.substring(colon + 1).trim();
            tags.putIfAbsent(tag, value);
        }
        return tags;
    }

    static Integer intTag(Map<String, String> tags, String tag) {
        Double d = doubleTag(tags, tag);
        return d == null ? null : (int) Math.round(d);
    }

    static Double doubleTag(Map<String, String> tags, String tag) {
        String v = tags.get(tag);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Double.parseDouble(v.split("\\\\")[0].trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
