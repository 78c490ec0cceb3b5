package org.dlp4j.data.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** PNG decoding checked against the pixels that went in and against javax.imageio on the same bytes. */
class PngDecoderTest {
    /** Samples (0..2^depth-1) of a random image whose rows use every filter type in turn. */
    private static int[] samples(Random r, int w, int h, int channels, int depth) {
        int[] s = new int[w * h * channels];
        for (int i = 0; i < s.length; i++) {
            // smooth with noise, so that every filter sees carries and borrows
            int x = (i / channels) % w;
            int base = (x * 7 + (i / channels / w) * 3) << (depth - 8);
            s[i] = Math.floorMod(base + r.nextInt(1 << (depth - 4)), 1 << depth);
        }
        return s;
    }

    /** Filter type {@code f} applied to one row, written from the PNG specification (not shared with the decoder). */
    private static int filtered(int f, int x, int a, int b, int c) {
        return switch (f) {
            case 0 -> x;
            case 1 -> x - a;
            case 2 -> x - b;
            case 3 -> x - ((a + b) / 2);
            default -> {
                int p = a + b - c;
                int pa = Math.abs(p - a);
                int pb = Math.abs(p - b);
                int pc = Math.abs(p - c);
                yield x - (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
            }
        };
    }

    static byte[] png(int[] samples, int w, int h, int colourType, int channels, int depth, int interlace) {
        int bytes = depth / 8;
        int stride = w * channels * bytes;
        byte[] rows = new byte[h * stride];
        for (int i = 0; i < samples.length; i++) {
            if (bytes == 1) {
                rows[i] = (byte) samples[i];
            } else {
                rows[2 * i] = (byte) (samples[i] >> 8);
                rows[2 * i + 1] = (byte) samples[i];
            }
        }
        int bpp = channels * bytes;
        byte[] f = new byte[h * (stride + 1)];
        for (int y = 0; y < h; y++) {
            int type = y % 5;
            f[y * (stride + 1)] = (byte) type;
            for (int i = 0; i < stride; i++) {
                int x = rows[y * stride + i] & 0xff;
                int a = i >= bpp ? rows[y * stride + i - bpp] & 0xff : 0;
                int b = y > 0 ? rows[(y - 1) * stride + i] & 0xff : 0;
                int c = i >= bpp && y > 0 ? rows[(y - 1) * stride + i - bpp] & 0xff : 0;
                f[y * (stride + 1) + 1 + i] = (byte) filtered(type, x, a, b, c);
            }
        }
        Deflater d = new Deflater(6);
        d.setInput(f);
        d.finish();
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!d.finished()) {
            z.write(buf, 0, d.deflate(buf));
        }
        d.end();
        byte[] idat = z.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", new byte[] {0, 0, (byte) (w >> 8), (byte) w, 0, 0, (byte) (h >> 8), (byte) h, (byte) depth,
            (byte) colourType, 0, 0, (byte) interlace});
        chunk(out, "tEXt", "Comment\0ancillary".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        // the image data split over two IDAT chunks, as encoders may do
        chunk(out, "IDAT", Arrays.copyOfRange(idat, 0, idat.length / 3));
        chunk(out, "IDAT", Arrays.copyOfRange(idat, idat.length / 3, idat.length));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(data.length >>> 24);
        out.write(data.length >>> 16);
        out.write(data.length >>> 8);
        out.write(data.length);
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        long v = crc.getValue();
        out.write((int) (v >>> 24));
        out.write((int) (v >>> 16));
        out.write((int) (v >>> 8));
        out.write((int) v);
    }

    private static float expected(int[] s, int pixel, int channels) {
        int i = pixel * channels;
        return channels >= 3 ? (float) (0.299 * s[i] + 0.587 * s[i + 1] + 0.114 * s[i + 2]) : s[i];
    }

    @Test
    void everyColourTypeDepthAndFilterDecodesToTheSourcePixelsAndToImageIosSamples() throws Exception {
        Random r = new Random(5);
        int[][] kinds = {{0, 1}, {2, 3}, {4, 2}, {6, 4}}; // colour type, channels
        for (int[] kind : kinds) {
            for (int depth : new int[] {8, 16}) {
                for (int[] size : new int[][] {{1, 1}, {7, 5}, {33, 17}, {256, 12}}) {
                    int w = size[0];
                    int h = size[1];
                    int[] s = samples(r, w, h, kind[1], depth);
                    byte[] png = png(s, w, h, kind[0], kind[1], depth, 0);
                    PngDecoder.Grey g = PngDecoder.decodeGrey(png);
                    String what = "type " + kind[0] + " depth " + depth + " " + w + "x" + h;
                    assertThat(g).as(what).isNotNull();
                    assertThat(g.width()).isEqualTo(w);
                    assertThat(g.height()).isEqualTo(h);
                    assertThat(g.maxValue()).isEqualTo(depth == 16 ? 65535 : 255);
                    Raster ref = ImageIO.read(new ByteArrayInputStream(png)).getRaster();
                    for (int p = 0; p < w * h; p++) {
                        assertThat(g.pixels()[p]).as(what + " pixel " + p).isEqualTo(expected(s, p, kind[1]));
                        int x = p % w;
                        int y = p / w;
                        float io = kind[1] >= 3 ? (float) (0.299 * ref.getSample(x, y, 0) + 0.587 * ref.getSample(x, y, 1)
                                + 0.114 * ref.getSample(x, y, 2)) : ref.getSample(x, y, 0);
                        assertThat(g.pixels()[p]).as(what + " ImageIO pixel " + p).isEqualTo(io);
                    }
                }
            }
        }
    }

    @Test
    void ourOwnEncodersOutputRoundTrips() {
        Random r = new Random(9);
        byte[] px = new byte[40 * 30];
        r.nextBytes(px);
        PngDecoder.Grey g = PngDecoder.decodeGrey(PngEncoder.grey(px, 30, 40));
        for (int i = 0; i < px.length; i++) {
            assertThat(g.pixels()[i]).isEqualTo(px[i] & 0xff);
        }
        byte[] mask = new byte[40 * 30];
        Arrays.fill(mask, 100, 300, (byte) 1);
        g = PngDecoder.decodeGrey(PngEncoder.grey(mask, 30, 40));
        for (int i = 0; i < mask.length; i++) {
            assertThat(g.pixels()[i]).isEqualTo(mask[i]);
        }
    }

    @Test
    void otherKindsAreLeftToImageIoAndBrokenFilesThrow() throws Exception {
        int[] s = new int[4 * 3];
        byte[] interlaced = png(s, 4, 3, 0, 1, 8, 1);
        assertThat(PngDecoder.decodeGrey(interlaced)).isNull();
        BufferedImage pal = new BufferedImage(5, 4, BufferedImage.TYPE_BYTE_INDEXED);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ImageIO.write(pal, "png", o);
        assertThat(PngDecoder.decodeGrey(o.toByteArray())).isNull();
        BufferedImage bin = new BufferedImage(5, 4, BufferedImage.TYPE_BYTE_BINARY);
        o.reset();
        ImageIO.write(bin, "png", o);
        assertThat(PngDecoder.decodeGrey(o.toByteArray())).isNull();
        assertThat(PngDecoder.decodeGrey("GIF89a".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).isNull();

        byte[] good = png(samples(new Random(1), 20, 10, 1, 8), 20, 10, 0, 1, 8, 0);
        assertThatThrownBy(() -> PngDecoder.decodeGrey(Arrays.copyOf(good, good.length - 30)))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] badFilter = good.clone();
        // the first IDAT's zlib stream is intact; corrupt its deflate data instead
        int idat = org.dlp4j.testing.Bytes.indexOf(good, "IDAT".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                + 4;
        for (int i = idat + 2; i < idat + 12; i++) {
            badFilter[i] ^= (byte) 0x5a;
        }
        assertThatThrownBy(() -> PngDecoder.decodeGrey(badFilter)).isInstanceOf(IllegalArgumentException.class);
    }
}
