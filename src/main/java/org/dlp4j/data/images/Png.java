package org.dlp4j.data.images;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;

/** Writes 8-bit grayscale and RGB PNGs atomically (temp file, then rename). */
public final class Png {
    private Png() {
    }

    /** 8-bit grayscale, row-major {@code rows * cols} values written as they are (class indices stay indices). */
    public static void writeGray(Path file, byte[] pixels, int rows, int cols) throws IOException {
        BufferedImage img = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        System.arraycopy(pixels, 0, dst, 0, rows * cols);
        write(file, img);
    }

    /** RGB from three planes (C×H×W, in R, G, B order). */
    public static void writeRgb(Path file, byte[] planes, int rows, int cols) throws IOException {
        BufferedImage img = new BufferedImage(cols, rows, BufferedImage.TYPE_INT_RGB);
        int n = rows * cols;
        for (int i = 0; i < n; i++) {
            int rgb = ((planes[i] & 0xff) << 16) | ((planes[n + i] & 0xff) << 8) | (planes[2 * n + i] & 0xff);
            img.setRGB(i % cols, i / cols, rgb);
        }
        write(file, img);
    }

    /** 8-bit grayscale PNG bytes, the same bytes {@link #writeGray} writes (encode on any thread). */
    public static byte[] encodeGray(byte[] pixels, int rows, int cols) throws IOException {
        BufferedImage img = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        System.arraycopy(pixels, 0, dst, 0, rows * cols);
        return encode(img);
    }

    /** RGB PNG bytes from three planes, the same bytes {@link #writeRgb} writes. */
    public static byte[] encodeRgb(byte[] planes, int rows, int cols) throws IOException {
        BufferedImage img = new BufferedImage(cols, rows, BufferedImage.TYPE_INT_RGB);
        int n = rows * cols;
        for (int i = 0; i < n; i++) {
            int rgb = ((planes[i] & 0xff) << 16) | ((planes[n + i] & 0xff) << 8) | (planes[2 * n + i] & 0xff);
            img.setRGB(i % cols, i / cols, rgb);
        }
        return encode(img);
    }

    private static byte[] encode(BufferedImage img) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(img.getWidth() * img.getHeight() / 2);
        if (!ImageIO.write(img, "png", out)) {
            throw new IOException("no PNG writer available");
        }
        return out.toByteArray();
    }

    /** Writes already encoded PNG bytes atomically. */
    public static void writeBytes(Path file, byte[] png) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".tmp-", ".png");
        try {
            Files.write(tmp, png);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes any image as PNG atomically. */
    public static void write(Path file, BufferedImage img) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".tmp-", ".png");
        try {
            if (!ImageIO.write(img, "png", tmp.toFile())) {
                throw new IOException("no PNG writer available");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
