package org.dlp4j.data.images;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A small PNG encoder for the two kinds of image this tool writes in bulk: 8-bit grey (images, class masks) and
 * 8-bit RGB (overlays). It writes IHDR, one IDAT and IEND. Images of at most 16 distinct values (masks) are
 * stored unfiltered and deflated with LZ77 at {@link Deflater#BEST_SPEED}; others use the Sub filter and Huffman
 * coding only. Measured on a 256 x 256 MRI slice and its mask: 0.42 ms and 0.11 ms against 2.6 ms and 0.47 ms
 * for {@code javax.imageio}'s writer; the slice's file is smaller (44 KB vs 51 KB), the mask's larger (610 vs 336
 * bytes). Any PNG decoder reads the result;
 * the tests decode it with {@code javax.imageio} and compare every pixel. Thread-safe (no shared state).
 */
public final class PngEncoder {
    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int GREY = 0;
    private static final int RGB = 2;

    private PngEncoder() {
    }

    /** 8-bit grey PNG of {@code rows x cols} row-major values. */
    public static byte[] grey(byte[] pixels, int rows, int cols) {
        check(pixels.length, rows, cols, 1);
        return encode(pixels, rows, cols, 1, GREY);
    }

    /** 8-bit RGB PNG of interleaved R, G, B bytes ({@code rows x cols x 3}). */
    public static byte[] rgbInterleaved(byte[] rgb, int rows, int cols) {
        check(rgb.length, rows, cols, 3);
        return encode(rgb, rows, cols, 3, RGB);
    }

    /** 8-bit RGB PNG of three planes (C x H x W in R, G, B order). */
    public static byte[] rgbPlanes(byte[] planes, int rows, int cols) {
        check(planes.length, rows, cols, 3);
        int n = rows * cols;
        byte[] rgb = new byte[3 * n];
        for (int i = 0, j = 0; i < n; i++, j += 3) {
            rgb[j] = planes[i];
            rgb[j + 1] = planes[n + i];
            rgb[j + 2] = planes[2 * n + i];
        }
        return encode(rgb, rows, cols, 3, RGB);
    }

    /**
     * The PNG bytes of {@code img} when it is one of the types encoded here (TYPE_BYTE_GRAY, TYPE_INT_RGB,
     * TYPE_3BYTE_BGR with a plain raster), or null: the caller then uses {@code javax.imageio}.
     */
    public static byte[] tryEncode(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        var raster = img.getRaster();
        if (raster.getMinX() != 0 || raster.getMinY() != 0 || raster.getParent() != null) {
            return null;
        }
        switch (img.getType()) {
            case BufferedImage.TYPE_BYTE_GRAY -> {
                if (!(raster.getDataBuffer() instanceof DataBufferByte db) || db.getNumBanks() != 1
                        || !(raster.getSampleModel() instanceof java.awt.image.PixelInterleavedSampleModel sm)
                        || sm.getScanlineStride() != w || sm.getPixelStride() != 1 || db.getOffset() != 0) {
                    return null;
                }
                return encode(db.getData(), h, w, 1, GREY);
            }
            case BufferedImage.TYPE_INT_RGB -> {
                if (!(raster.getDataBuffer() instanceof DataBufferInt db) || db.getNumBanks() != 1
                        || !(raster.getSampleModel() instanceof java.awt.image.SinglePixelPackedSampleModel sm)
                        || sm.getScanlineStride() != w || db.getOffset() != 0) {
                    return null;
                }
                int[] px = db.getData();
                int n = w * h;
                byte[] rgb = new byte[3 * n];
                for (int i = 0, j = 0; i < n; i++, j += 3) {
                    int v = px[i];
                    rgb[j] = (byte) (v >> 16);
                    rgb[j + 1] = (byte) (v >> 8);
                    rgb[j + 2] = (byte) v;
                }
                return rgbInterleaved(rgb, h, w);
            }
            case BufferedImage.TYPE_3BYTE_BGR -> {
                if (!(raster.getDataBuffer() instanceof DataBufferByte db) || db.getNumBanks() != 1
                        || !(raster.getSampleModel() instanceof java.awt.image.PixelInterleavedSampleModel sm)
                        || sm.getScanlineStride() != 3 * w || sm.getPixelStride() != 3 || db.getOffset() != 0) {
                    return null;
                }
                int[] bands = sm.getBandOffsets();
                byte[] src = db.getData();
                int n = w * h;
                byte[] rgb = new byte[3 * n];
                for (int i = 0, j = 0; i < n; i++, j += 3) {
                    rgb[j] = src[j + bands[0]];
                    rgb[j + 1] = src[j + bands[1]];
                    rgb[j + 2] = src[j + bands[2]];
                }
                return rgbInterleaved(rgb, h, w);
            }
            default -> {
                return null;
            }
        }
    }

    private static void check(int length, int rows, int cols, int channels) {
        if (rows <= 0 || cols <= 0 || (long) rows * cols * channels != length) {
            throw new IllegalArgumentException("PNG of " + rows + " x " + cols + " x " + channels + " needs "
                    + (long) rows * cols * channels + " bytes, got " + length);
        }
    }

    private static byte[] encode(byte[] px, int rows, int cols, int channels, int colourType) {
        int stride = cols * channels;
        // Masks and other images of few values compress best unfiltered with LZ77 (long runs); natural images
        // best with the Sub filter and Huffman coding alone, which is also several times faster than LZ77 on them.
        boolean fewValues = distinctValuesAtMost(px, rows * stride, 16);
        byte[] filtered = new byte[rows * (stride + 1)];
        for (int y = 0; y < rows; y++) {
            int src = y * stride;
            int dst = y * (stride + 1);
            if (fewValues) {
                filtered[dst] = 0; // None
                System.arraycopy(px, src, filtered, dst + 1, stride);
            } else {
                filtered[dst] = 1; // Sub: x - the same channel of the pixel to the left
                System.arraycopy(px, src, filtered, dst + 1, channels);
                for (int i = channels; i < stride; i++) {
                    filtered[dst + 1 + i] = (byte) (px[src + i] - px[src + i - channels]);
                }
            }
        }
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        if (!fewValues) {
            deflater.setStrategy(Deflater.HUFFMAN_ONLY);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(filtered.length / 2 + 128);
        try {
            out.writeBytes(SIGNATURE);
            byte[] ihdr = new byte[13];
            putInt(ihdr, 0, cols);
            putInt(ihdr, 4, rows);
            ihdr[8] = 8; // bit depth
            ihdr[9] = (byte) colourType;
            // compression 0, filter method 0, no interlace
            chunk(out, "IHDR", ihdr, ihdr.length);
            deflater.setInput(filtered);
            deflater.finish();
            byte[] buf = new byte[filtered.length + filtered.length / 8 + 64];
            int n = 0;
            while (!deflater.finished()) {
                if (n == buf.length) {
                    buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                }
                n += deflater.deflate(buf, n, buf.length - n);
            }
            chunk(out, "IDAT", buf, n);
            chunk(out, "IEND", new byte[0], 0);
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }

    /** Whether {@code px[0 .. length)} holds at most {@code limit} distinct byte values. */
    static boolean distinctValuesAtMost(byte[] px, int length, int limit) {
        boolean[] seen = new boolean[256];
        int distinct = 0;
        for (int i = 0; i < length; i++) {
            int v = px[i] & 0xff;
            if (!seen[v]) {
                seen[v] = true;
                if (++distinct > limit) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data, int length) {
        byte[] head = new byte[8];
        putInt(head, 0, length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, head, 4, 4);
        out.write(head, 0, 8);
        out.write(data, 0, length);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data, 0, length);
        byte[] c = new byte[4];
        putInt(c, 0, (int) crc.getValue());
        out.write(c, 0, 4);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
