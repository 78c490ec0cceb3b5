package org.dlp4j.data.images;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.dlp4j.BadInputException;
import org.dlp4j.data.dicom.DicomReader;
import org.dlp4j.data.dicom.DicomSlice;
import org.dlp4j.data.sunnybrook.Normalization;

/**
 * Loads images and masks from PNG, JPEG, BMP, GIF, TIFF, 16-bit PNG and DICOM. 8-bit grayscale and colour images are
 * kept as they are; 16-bit and DICOM images get the per-slice 1–99 percentile window (see {@link Normalization}).
 * Masks must be single-channel class indices (palette PNGs: the palette index is the class).
 */
public final class ImageLoader {
    /** A loaded image: 1 or 3 channels (R, G, B planes), 8-bit, with the window used (null when none). */
    public record Loaded(int channels, int rows, int cols, byte[] pixels, float[] floats,
            Normalization.Window window, double rowSpacing, double colSpacing) {
    }

    private ImageLoader() {
    }

    /** Image files this loader takes, by extension (DICOM files need ".dcm"). */
    public static boolean isImageFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".bmp")
                || n.endsWith(".gif") || n.endsWith(".dcm") || n.endsWith(".tif") || n.endsWith(".tiff");
    }

    /** Loads an image; {@link BadInputException} naming the file when it cannot be read. */
    public static Loaded image(Path file) {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".dcm")) {
            DicomSlice s = DicomReader.read(file);
            float[] px = s.firstFrame();
            Normalization.Normalized n = Normalization.normalize(px, s.firstFrameHistogram(), s.invertedGrey());
            Normalization.Window w = n.window();
            return new Loaded(1, s.rows(), s.cols(), n.uint8(), Normalization.toFloat(px, w, s.invertedGrey()), w,
                    s.rowSpacing(), s.colSpacing());
        }
        BufferedImage img = read(file);
        int rows = img.getHeight();
        int cols = img.getWidth();
        Raster r = img.getRaster();
        int n = rows * cols;
        boolean palette = img.getColorModel() instanceof IndexColorModel;
        if (r.getNumBands() == 1 && !palette) {
            int bits = img.getColorModel().getComponentSize(0);
            float[] f = new float[n];
            r.getSamples(0, 0, cols, rows, 0, f);
            if (bits <= 8) {
                byte[] b = new byte[n];
                for (int i = 0; i < n; i++) {
                    b[i] = (byte) (int) f[i];
                }
                return new Loaded(1, rows, cols, b, f, null, 1, 1);
            }
            Normalization.Normalized norm = Normalization.normalize(f);
            return new Loaded(1, rows, cols, norm.uint8(), Normalization.toFloat(f, norm.window()), norm.window(), 1, 1);
        }
        byte[] planes = new byte[3 * n];
        float[] floats = new float[3 * n];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                int rgb = img.getRGB(x, y);
                int i = y * cols + x;
                planes[i] = (byte) (rgb >> 16);
                planes[n + i] = (byte) (rgb >> 8);
                planes[2 * n + i] = (byte) rgb;
                floats[i] = (rgb >> 16) & 0xff;
                floats[n + i] = (rgb >> 8) & 0xff;
                floats[2 * n + i] = rgb & 0xff;
            }
        }
        return new Loaded(3, rows, cols, planes, floats, null, 1, 1);
    }

    /** Loads a mask of class indices (0..255). */
    public static Loaded mask(Path file) {
        BufferedImage img = read(file);
        return new Loaded(1, img.getHeight(), img.getWidth(), classIndices(img, file.toString()), null, null, 1, 1);
    }

    /**
     * The class indices of a one-channel image (grey values, or palette indices), row-major; {@code what} (the file)
     * names it in the {@link BadInputException} for more channels or a value above 255.
     */
    static byte[] classIndices(BufferedImage img, String what) {
        Raster r = img.getRaster();
        if (r.getNumBands() != 1) {
            throw new BadInputException(what + ": a mask must be a single-channel image of class indices, this one"
                    + " has " + r.getNumBands() + " channels");
        }
        int rows = img.getHeight();
        int cols = img.getWidth();
        int[] v = r.getSamples(0, 0, cols, rows, 0, new int[rows * cols]);
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] > 255) {
                throw new BadInputException(what + ": mask value " + v[i] + " at (" + (i / cols) + ", " + (i % cols)
                        + ") is not a class index 0..255");
            }
            b[i] = (byte) v[i];
        }
        return b;
    }

    private static BufferedImage read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new BadInputException(file + ": no such image file");
            }
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) {
                throw new BadInputException(file + ": not a readable image (supported: PNG, JPEG, BMP, GIF, TIFF,"
                        + " DICOM)");
            }
            return img;
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read image (" + e.getMessage() + ")", e);
        }
    }
}
