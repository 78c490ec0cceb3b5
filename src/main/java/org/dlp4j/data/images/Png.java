package org.dlp4j.data.images;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.dlp4j.AtomicFiles;

/** Encodes 8-bit grayscale and RGB PNGs ({@link PngEncoder}) and writes them atomically (temp file, then rename). */
public final class Png {
    private Png() {
    }

    /** 8-bit grayscale, row-major {@code rows * cols} values written as they are (class indices stay indices). */
    public static void writeGray(Path file, byte[] pixels, int rows, int cols) throws IOException {
        writeBytes(file, encodeGray(pixels, rows, cols));
    }

    /** RGB from three planes (C×H×W, in R, G, B order). */
    public static void writeRgb(Path file, byte[] planes, int rows, int cols) throws IOException {
        writeBytes(file, encodeRgb(planes, rows, cols));
    }

    /** 8-bit grayscale PNG bytes, the same bytes {@link #writeGray} writes (encode on any thread). */
    public static byte[] encodeGray(byte[] pixels, int rows, int cols) {
        return PngEncoder.grey(pixels, rows, cols);
    }

    /** RGB PNG bytes from three planes, the same bytes {@link #writeRgb} writes. */
    public static byte[] encodeRgb(byte[] planes, int rows, int cols) {
        return PngEncoder.rgbPlanes(planes, rows, cols);
    }

    /** PNG bytes of any image: {@link PngEncoder} for grey and RGB rasters, {@code javax.imageio} otherwise. */
    public static byte[] encode(BufferedImage img) throws IOException {
        byte[] fast = PngEncoder.tryEncode(img);
        if (fast != null) {
            return fast;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(img.getWidth() * img.getHeight() / 2);
        if (!ImageIO.write(img, "png", out)) {
            throw new IOException("no PNG writer available for image type " + img.getType());
        }
        return out.toByteArray();
    }

    /** Writes already encoded PNG bytes atomically ({@link AtomicFiles}). */
    public static void writeBytes(Path file, byte[] png) throws IOException {
        AtomicFiles.writeChecked(file, png);
    }

    /** Writes any image as PNG atomically. */
    public static void write(Path file, BufferedImage img) throws IOException {
        writeBytes(file, encode(img));
    }
}
