package org.dlp4j.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.dlp4j.BadInputException;
import org.dlp4j.data.dicom.DicomReader;
import org.dlp4j.data.dicom.DicomSlice;
import org.dlp4j.data.sunnybrook.Normalization;

/**
 * An input slice as the net saw its kind during training: DICOM and 16-bit images get the import's
 * recorded normalisation (per-slice 1–99 percentile window to 0..255); 8-bit PNG/JPG (e.g. the
 * workspace's {@code data/test_images}, already normalised) are used as they are.
 *
 * @param name   file name (names the outputs)
 * @param image  grey values 0..255
 * @param rowMm  pixel spacing, NaN when unknown
 * @param colMm  pixel spacing, NaN when unknown
 */
public record InputImage(String name, GreyImage image, double rowMm, double colMm) {

    /** Reads one input file. */
    public static InputImage load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": not a file");
        }
        String name = file.getFileName().toString();
        try {
            if (Files.size(file) == 0) {
                throw new BadInputException(file + ": empty file (0 bytes), not an image.");
            }
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (isDicom(file)) {
            DicomSlice s = DicomReader.read(file);
            return new InputImage(name, new GreyImage(s.cols(), s.rows(),
                    windowed(s.firstFrame(), s.firstFrameHistogram(), s.invertedGrey())), s.rowSpacing(), s.colSpacing());
        }
        GreyImage g;
        try {
            g = MaskIO.readGrey(file);
        } catch (BadInputException e) {
            throw e; // names the file and what is wrong with it already
        } catch (RuntimeException e) {
            throw new BadInputException(file + ": not a readable image (" + FORMATS + "): " + e.getMessage(), e);
        }
        float max = 0;
        for (float v : g.pixels()) {
            max = Math.max(max, v);
        }
        if (max > 255) {
            g = new GreyImage(g.width(), g.height(), windowed(g.pixels(), null, false));
        }
        return new InputImage(name, g, Double.NaN, Double.NaN);
    }

    /**
     * The import's normalisation: per-slice 1–99 percentile window to 0..255 (as uint8 values); {@code counted}, the
     * decoder's counts of these pixels when it made them; {@code invert} for MONOCHROME1 DICOMs (minimum = white),
     * inverted after the window as the import does, so that the net sees what it was trained on.
     */
    private static float[] windowed(float[] px, org.dlp4j.data.dicom.PixelHistogram counted, boolean invert) {
        byte[] u8 = Normalization.normalize(px, counted, invert).uint8();
        float[] f = new float[u8.length];
        for (int i = 0; i < u8.length; i++) {
            f[i] = u8[i] & 0xff;
        }
        return f;
    }

    /** True for .dcm files, files with the DICM magic at 128, or extension-less files that parse as DICOM. */
    public static boolean isDicom(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".dcm") || n.endsWith(".dicom")) {
            return true;
        }
        for (String ext : IMAGE_EXTENSIONS) {
            if (n.endsWith(ext)) {
                return false;
            }
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(132);
            return head.length == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M';
        } catch (IOException e) {
            return false;
        }
    }

    /** The input formats, as error messages list them. */
    static final String FORMATS = "PNG, JPEG, 16-bit PNG, BMP, GIF, TIFF, PGM or DICOM";

    /** Extensions of the image files read through {@link MaskIO#readGrey} (javax.imageio, or {@link Pgm}). */
    static final java.util.List<String> IMAGE_EXTENSIONS = java.util.List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif",
            ".tif", ".tiff", ".pgm");

    /**
     * Lower-case extensions, without the dot and sorted, of the files {@link #load} reads: DICOM ({@code dcm},
     * {@code dicom}) and {@link #IMAGE_EXTENSIONS}. The web server's upload check and the Deploy tab's list use it.
     */
    public static java.util.List<String> readableExtensions() {
        java.util.TreeSet<String> s = new java.util.TreeSet<>(java.util.List.of("dcm", "dicom"));
        IMAGE_EXTENSIONS.forEach(e -> s.add(e.substring(1)));
        return java.util.List.copyOf(s);
    }

    /** True when the file name looks like an input we can read: an image extension, .dcm/.dicom, or none. */
    public static boolean isCandidate(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.startsWith(".")) {
            return false;
        }
        if (!n.contains(".") || n.endsWith(".dcm") || n.endsWith(".dicom")) {
            return true;
        }
        return IMAGE_EXTENSIONS.stream().anyMatch(n::endsWith);
    }
}
