package org.dlp4j.data.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.dlp4j.BadInputException;
import org.dlp4j.data.dicom.DicomWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shape read from a file's header is the shape {@link ImageLoader} gives after decoding it, and a header that
 * shows a problem gives the loader's own message: for every kind of file the importers take.
 */
class ImageShapeTest {
    @TempDir
    Path tmp;

    private Path write(String name, BufferedImage img, String format) throws Exception {
        Path f = tmp.resolve(name);
        assertThat(ImageIO.write(img, format, f.toFile())).as(name).isTrue();
        return f;
    }

    private static BufferedImage filled(int type, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, 0xff000000 | (x * 40) << 16 | (y * 30) << 8 | ((x + y) * 9));
            }
        }
        return img;
    }

    private List<Path> files() throws Exception {
        List<Path> out = new ArrayList<>();
        int[][] types = {{BufferedImage.TYPE_BYTE_GRAY}, {BufferedImage.TYPE_USHORT_GRAY},
            {BufferedImage.TYPE_INT_RGB}, {BufferedImage.TYPE_INT_ARGB}, {BufferedImage.TYPE_BYTE_BINARY},
            {BufferedImage.TYPE_3BYTE_BGR}, {BufferedImage.TYPE_BYTE_INDEXED}};
        for (int[] t : types) {
            out.add(write("t" + t[0] + ".png", filled(t[0], 7, 5), "png"));
            if (t[0] != BufferedImage.TYPE_USHORT_GRAY && t[0] != BufferedImage.TYPE_INT_ARGB) {
                out.add(write("t" + t[0] + ".bmp", filled(t[0], 7, 5), "bmp"));
                out.add(write("t" + t[0] + ".gif", filled(t[0], 7, 5), "gif"));
            }
            if (t[0] == BufferedImage.TYPE_BYTE_GRAY || t[0] == BufferedImage.TYPE_INT_RGB) {
                out.add(write("t" + t[0] + ".jpg", filled(t[0], 7, 5), "jpeg"));
            }
            out.add(write("t" + t[0] + ".tif", filled(t[0], 7, 5), "tiff"));
        }
        // a palette of 4 grey levels and grey + alpha, written by hand-built rasters
        byte[] grey4 = {0, 85, (byte) 170, (byte) 255};
        BufferedImage pal = new BufferedImage(6, 3, BufferedImage.TYPE_BYTE_BINARY,
                new IndexColorModel(2, 4, grey4, grey4, grey4));
        out.add(write("pal2bit.png", pal, "png"));
        BufferedImage ga = new BufferedImage(new java.awt.image.ComponentColorModel(
                java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_GRAY), true, false,
                java.awt.Transparency.TRANSLUCENT, java.awt.image.DataBuffer.TYPE_BYTE),
                java.awt.image.Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, 4, 3, 2, null),
                false, null);
        out.add(write("greyalpha.png", ga, "png"));
        // grey and RGB PNGs with a tRNS chunk: javax.imageio adds an alpha band
        out.add(withTrns("greytrns.png", Png.encodeGray(new byte[] {0, 1, 2, 3, 4, 5}, 2, 3), new byte[] {0, 1}));
        out.add(withTrns("rgbtrns.png", Png.encodeRgb(new byte[18], 2, 3), new byte[] {0, 1, 0, 2, 0, 3}));
        Path dcm = tmp.resolve("mr.dcm");
        DicomWriter.write(dcm, new DicomWriter.MrImage(new short[12], 3, 4, true, 1, 1, 1, 1, 0, "P", "1", "1.2",
                "1.2.3", "d"));
        out.add(dcm);
        Files.write(tmp.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        out.add(tmp.resolve("broken.png"));
        Files.writeString(tmp.resolve("text.bmp"), "not an image");
        out.add(tmp.resolve("text.bmp"));
        out.add(tmp.resolve("missing.png"));
        return out;
    }

    /** {@code png} with a tRNS chunk of {@code value} after IHDR (and a pHYs chunk before it, to be skipped). */
    private Path withTrns(String name, byte[] png, byte[] value) throws Exception {
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        o.write(png, 0, 33);
        o.write(chunk("pHYs", new byte[] {0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1}));
        o.write(chunk("tRNS", value));
        o.write(png, 33, png.length - 33);
        Path f = tmp.resolve(name);
        Files.write(f, o.toByteArray());
        return f;
    }

    private static byte[] chunk(String type, byte[] data) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(12 + data.length);
        b.putInt(data.length).put(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).put(data);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b.array(), 4, 4 + data.length);
        return b.putInt((int) crc.getValue()).array();
    }

    /** "channels x rows x cols", or the exception's message. */
    private static String outcome(Path f, Function<Path, int[]> read) {
        try {
            int[] s = read.apply(f);
            return s[0] + "x" + s[1] + "x" + s[2];
        } catch (BadInputException e) {
            return e.getMessage();
        }
    }

    @Test
    void headersGiveTheDecodedShapeOrTheLoadersMessage() throws Exception {
        List<String> kinds = new ArrayList<>();
        for (Path f : files()) {
            String image = outcome(f, p -> {
                ImageLoader.Loaded l = ImageLoader.image(p);
                return new int[] {l.channels(), l.rows(), l.cols()};
            });
            assertThat(outcome(f, p -> {
                ImageShape.Shape s = ImageShape.image(p);
                return new int[] {s.channels(), s.rows(), s.cols()};
            })).as("image " + f.getFileName()).isEqualTo(image);
            String mask = outcome(f, p -> {
                ImageLoader.Loaded l = ImageLoader.mask(p);
                return new int[] {l.channels(), l.rows(), l.cols()};
            });
            assertThat(outcome(f, p -> {
                ImageShape.Shape s = ImageShape.mask(p);
                return new int[] {s.channels(), s.rows(), s.cols()};
            })).as("mask " + f.getFileName()).isEqualTo(mask);
            kinds.add(f.getFileName() + " " + image + " / " + mask.replace(tmp.toString(), ""));
        }
        // the cases cover both channel counts, both mask verdicts and the unreadable files
        assertThat(String.join("\n", kinds)).contains("t10.png 1x5x7", "t1.png 3x5x7", "t10.jpg 1x5x7 / 1x5x7",
                "t1.jpg 3x5x7 / /t1.jpg: a mask must be a single-channel image of class indices, this one has 3",
                "greyalpha.png 3x3x4 / /greyalpha.png: a mask must be a single-channel image of class indices, this"
                        + " one has 2 channels",
                "pal2bit.png 3x3x6 / 1x3x6", "mr.dcm 1x3x4", "t12.png 3x5x7 / 1x5x7",
                "greytrns.png 3x2x3 / /greytrns.png: a mask must be a single-channel image of class indices, this one"
                        + " has 2 channels", "rgbtrns.png 3x2x3 / /rgbtrns.png: a mask must be a single-channel image"
                        + " of class indices, this one has 4 channels", "broken.png: not a readable image",
                "missing.png: no such image file");
    }

    @Test
    void sixteenBitMasksAreDecodedToCheckTheirValues() throws Exception {
        BufferedImage m = new BufferedImage(3, 2, BufferedImage.TYPE_USHORT_GRAY);
        m.getRaster().setSample(1, 1, 0, 256);
        Path f = write("m16.png", m, "png");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ImageShape.mask(f))
                .isInstanceOf(BadInputException.class).hasMessageContaining("mask value 256 at (1, 1)");
        m.getRaster().setSample(1, 1, 0, 255);
        Path ok = write("m16ok.png", m, "png");
        assertThat(ImageShape.mask(ok)).isEqualTo(new ImageShape.Shape(1, 2, 3));
    }

    @Test
    void pngHeaderFieldsComeFromIhdrAlone() {
        byte[] png = Png.encodeGray(new byte[6 * 4], 4, 6);
        PngDecoder.Header h = PngDecoder.header(java.util.Arrays.copyOf(png, PngDecoder.HEADER_BYTES));
        assertThat(h).isEqualTo(new PngDecoder.Header(6, 4, 8, 0, false));
        assertThat(PngDecoder.header(java.util.Arrays.copyOf(png, PngDecoder.HEADER_BYTES - 1))).isNull();
        assertThat(PngDecoder.header(new byte[40])).isNull();
    }
}
