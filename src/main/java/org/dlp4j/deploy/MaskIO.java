package org.dlp4j.deploy;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.dlp4j.BadInputException;
import org.dlp4j.data.images.Png;
import org.dlp4j.data.images.PngDecoder;

/**
 * PNG masks of class indices (8-bit grey, pixel value = class index) and grey image loading (PNG/JPEG through
 * javax.imageio; a 16-bit PNG keeps its full 0..65535 range). Writes are atomic (temp file, then rename).
 */
public final class MaskIO {
    static {
        System.setProperty("java.awt.headless", System.getProperty("java.awt.headless", "true"));
        ImageIO.setUseCache(false);
    }

    private MaskIO() {
    }

    /** Writes an 8-bit grey PNG whose pixel values are the class indices (0..255). */
    public static void writeClasses(Path png, ClassMask mask) {
        BufferedImage img = new BufferedImage(mask.width(), mask.height(), BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = img.getRaster();
        int[] v = mask.values();
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0 || v[i] > 255) {
                throw new IllegalArgumentException("class index " + v[i] + " at pixel " + i + " does not fit 8 bits");
            }
        }
        r.setSamples(0, 0, mask.width(), mask.height(), 0, v);
        writePng(img, png);
    }

    /**
     * Reads a mask PNG as class indices: the grey value of a grey PNG, the palette index of an indexed PNG,
     * the first channel of an RGB PNG.
     */
    public static ClassMask readClasses(Path png) {
        BufferedImage img = read(png);
        Raster r = img.getRaster();
        int w = img.getWidth();
        int h = img.getHeight();
        int[] v = r.getSamples(0, 0, w, h, 0, new int[w * h]);
        for (int x : v) {
            if (x > 255) {
                throw new BadInputException("mask " + png + " holds value " + x + ": a mask PNG holds class indices"
                        + " 0..255 (write it as 8-bit grey).");
            }
        }
        return new ClassMask(w, h, v);
    }

    /**
     * Reads a grey image as floats: 8-bit 0..255, 16-bit 0..65535; colour images become luma (Rec. 601). PNG, JPEG,
     * BMP, GIF and TIFF go through javax.imageio; PGM ({@code .pgm}, or a file starting with P2/P5) through
     * {@link Pgm}.
     */
    public static GreyImage readGrey(Path file) {
        GreyImage fast = readPngGrey(file);
        if (fast != null) {
            return fast;
        }
        if (isPgm(file)) {
            return Pgm.read(file);
        }
        BufferedImage img = read(file);
        int w = img.getWidth();
        int h = img.getHeight();
        float[] out = new float[w * h];
        Raster r = img.getRaster();
        if (img.getColorModel() instanceof IndexColorModel) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = img.getRGB(x, y);
                    out[y * w + x] = (float) luma((rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255);
                }
            }
        } else if (r.getNumBands() >= 3) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = (float) luma(r.getSample(x, y, 0), r.getSample(x, y, 1), r.getSample(x, y, 2));
                }
            }
        } else {
            r.getSamples(0, 0, w, h, 0, out);
        }
        return new GreyImage(w, h, out);
    }

    /**
     * The common PNG kinds through {@link PngDecoder}; null for anything else, and for a PNG it finds broken, so
     * that {@code javax.imageio} reads it or words the error.
     */
    private static GreyImage readPngGrey(Path file) {
        String n = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!n.endsWith(".png") || !Files.isRegularFile(file)) {
            return null;
        }
        try {
            PngDecoder.Grey g = PngDecoder.decodeGrey(Files.readAllBytes(file));
            return g == null ? null : new GreyImage(g.width(), g.height(), g.pixels());
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isPgm(Path file) {
        if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".pgm")) {
            return true;
        }
        try (java.io.InputStream in = Files.newInputStream(file)) {
            return Pgm.looksLikePgm(in.readNBytes(2));
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes an 8-bit grey PNG from values 0..255. */
    public static void writeGrey8(Path png, int width, int height, int[] grey) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSamples(0, 0, width, height, 0, grey);
        writePng(img, png);
    }

    /** Writes any image as PNG, atomically (grey and RGB rasters through {@link Png#encode}'s fast encoder). */
    public static void writePng(BufferedImage img, Path png) {
        try {
            Png.write(png, img);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png + ": " + e.getMessage(), e);
        }
    }

    private static BufferedImage read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("image " + file + " does not exist.");
        }
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read it as an image (" + e.getMessage() + "): a damaged or"
                    + " truncated file, or not a PNG, JPEG, BMP, GIF or TIFF image.", e);
        }
        if (img == null) {
            throw new BadInputException(file + ": not an image in a format read here (PNG, JPEG, BMP, GIF, TIFF, PGM;"
                    + " DICOM for inputs).");
        }
        return img;
    }

    private static double luma(int r, int g, int b) {
        return 0.299 * r + 0.587 * g + 0.114 * b;
    }
}
