package org.dlp4j.data.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our PNG encoder against javax.imageio's decoder, pixel by pixel. */
class PngEncoderTest {
    private static BufferedImage decode(byte[] png) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(img).as("decodable PNG").isNotNull();
        return img;
    }

    /** A smooth image with noise (many values: Sub + Huffman path). */
    private static byte[] natural(int rows, int cols, long seed) {
        Random r = new Random(seed);
        byte[] px = new byte[rows * cols];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                px[y * cols + x] = (byte) (128 + 90 * Math.sin(x / 7.0) * Math.cos(y / 5.0) + r.nextInt(30) - 15);
            }
        }
        return px;
    }

    @Test
    void greyImagesOfManyValuesAndMasksDecodeToTheSamePixels() throws IOException {
        for (int[] size : new int[][] {{256, 256}, {7, 13}, {1, 1}, {33, 2}}) {
            int rows = size[0];
            int cols = size[1];
            byte[] natural = natural(rows, cols, rows * 31L + cols);
            byte[] mask = new byte[rows * cols];
            for (int i = 0; i < mask.length; i++) {
                mask[i] = (byte) ((i % cols) > cols / 2 && (i / cols) > rows / 3 ? 1 : (i % 17 == 0 ? 255 : 0));
            }
            for (byte[] px : new byte[][] {natural, mask}) {
                BufferedImage img = decode(PngEncoder.grey(px, rows, cols));
                assertThat(img.getWidth()).isEqualTo(cols);
                assertThat(img.getHeight()).isEqualTo(rows);
                assertThat(img.getRaster().getNumBands()).isEqualTo(1);
                assertThat(img.getColorModel().getPixelSize()).isEqualTo(8);
                int[] got = img.getRaster().getSamples(0, 0, cols, rows, 0, new int[rows * cols]);
                for (int i = 0; i < got.length; i++) {
                    assertThat(got[i]).as("pixel %d of %dx%d", i, rows, cols).isEqualTo(px[i] & 0xff);
                }
            }
        }
    }

    @Test
    void rgbFromPlanesAndInterleavedDecodeToTheSameColours() throws IOException {
        int rows = 19;
        int cols = 23;
        int n = rows * cols;
        byte[] planes = new byte[3 * n];
        System.arraycopy(natural(rows, cols, 1), 0, planes, 0, n);
        System.arraycopy(natural(rows, cols, 2), 0, planes, n, n);
        System.arraycopy(natural(rows, cols, 3), 0, planes, 2 * n, n);
        byte[] interleaved = new byte[3 * n];
        for (int i = 0; i < n; i++) {
            interleaved[3 * i] = planes[i];
            interleaved[3 * i + 1] = planes[n + i];
            interleaved[3 * i + 2] = planes[2 * n + i];
        }
        for (byte[] png : new byte[][] {PngEncoder.rgbPlanes(planes, rows, cols),
            PngEncoder.rgbInterleaved(interleaved, rows, cols)}) {
            BufferedImage img = decode(png);
            for (int i = 0; i < n; i++) {
                int rgb = img.getRGB(i % cols, i / cols) & 0xffffff;
                int want = ((planes[i] & 0xff) << 16) | ((planes[n + i] & 0xff) << 8) | (planes[2 * n + i] & 0xff);
                assertThat(rgb).as("pixel %d", i).isEqualTo(want);
            }
        }
    }

    @Test
    void bufferedImagesOfTheCommonTypesAreEncodedHereAndOthersAreLeftToImageIo() throws IOException {
        Random r = new Random(5);
        for (int type : new int[] {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_3BYTE_BGR,
            BufferedImage.TYPE_BYTE_GRAY}) {
            BufferedImage src = new BufferedImage(31, 17, type);
            for (int y = 0; y < 17; y++) {
                for (int x = 0; x < 31; x++) {
                    int v = r.nextInt(1 << 24);
                    src.setRGB(x, y, type == BufferedImage.TYPE_BYTE_GRAY ? (v & 0xff) * 0x010101 : v);
                }
            }
            byte[] png = PngEncoder.tryEncode(src);
            assertThat(png).as("type %d encoded here", type).isNotNull();
            BufferedImage back = decode(png);
            for (int y = 0; y < 17; y++) {
                for (int x = 0; x < 31; x++) {
                    if (type == BufferedImage.TYPE_BYTE_GRAY) {
                        assertThat(back.getRaster().getSample(x, y, 0)).isEqualTo(src.getRaster().getSample(x, y, 0));
                    } else {
                        assertThat(back.getRGB(x, y)).isEqualTo(src.getRGB(x, y));
                    }
                }
            }
            // Png.encode gives the same bytes for these types
            assertThat(Png.encode(src)).isEqualTo(png);
        }
        BufferedImage argb = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(1, 2, 0x80ff0000);
        assertThat(PngEncoder.tryEncode(argb)).isNull();
        assertThat(decode(Png.encode(argb)).getRGB(1, 2)).isEqualTo(0x80ff0000);
        BufferedImage parent = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        assertThat(PngEncoder.tryEncode(parent.getSubimage(2, 2, 3, 3))).isNull();
    }

    @Test
    void wrongSizesAreRefused() {
        assertThatThrownBy(() -> PngEncoder.grey(new byte[10], 3, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs 9 bytes, got 10");
        assertThatThrownBy(() -> PngEncoder.rgbPlanes(new byte[9], 3, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNaturalSliceIsSmallerThanItsRawPixelsAndWritesAtomically(@TempDir Path dir) throws IOException {
        byte[] px = natural(256, 256, 9);
        byte[] png = PngEncoder.grey(px, 256, 256);
        assertThat(png.length).isLessThan(px.length);
        Path f = dir.resolve("a/b.png");
        Png.writeGray(f, px, 256, 256);
        assertThat(Files.readAllBytes(f)).isEqualTo(png);
        try (var s = Files.list(f.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("b.png");
        }
        byte[] mask = new byte[256 * 256];
        mask[300] = 1;
        assertThat(PngEncoder.grey(mask, 256, 256).length).as("a nearly empty mask deflates well").isLessThan(1000);
    }
}
