package org.dlp4j.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dlp4j.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PGM files written byte by byte here, read through the path {@code dlp infer} and the web server use. */
class PgmTest {
    @TempDir
    Path dir;

    private static byte[] bytes(String header, int... raw) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        for (int v : raw) {
            b.write(v);
        }
        return b.toByteArray();
    }

    @Test
    void binaryEightBitWithACommentKeepsItsValues() throws Exception {
        Path f = dir.resolve("a.pgm");
        Files.write(f, bytes("P5\n# made by hand\n3 2\n255\n", 0, 10, 255, 128, 7, 200));
        GreyImage g = MaskIO.readGrey(f);
        assertThat(g.width()).isEqualTo(3);
        assertThat(g.height()).isEqualTo(2);
        assertThat(g.pixels()).containsExactly(0, 10, 255, 128, 7, 200);
    }

    @Test
    void binarySixteenBitIsBigEndianAndKeepsItsRangeThenInputImageWindowsIt() throws Exception {
        Path f = dir.resolve("b.pgm");
        // 2x2: 0x0102 = 258, 0x1000 = 4096, 0 and 0xFFFF = 65535
        Files.write(f, bytes("P5 2 2 65535\n", 0x01, 0x02, 0x10, 0x00, 0x00, 0x00, 0xFF, 0xFF));
        assertThat(MaskIO.readGrey(f).pixels()).containsExactly(258, 4096, 0, 65535);
        // over 255: the import's percentile window maps it to 0..255, as a 16-bit PNG
        float[] px = InputImage.load(f).image().pixels();
        for (float v : px) {
            assertThat(v).isBetween(0f, 255f);
        }
        assertThat(px[2]).isEqualTo(0f);
        assertThat(px[3]).isEqualTo(255f);
    }

    @Test
    void plainP2WithSmallMaxvalIsStretchedTo255() throws Exception {
        Path f = dir.resolve("c.pgm");
        Files.writeString(f, "P2\n# feep\n4 1\n15\n0 3  # a comment among the pixels\n 15\n5\n");
        // v * 255 / 15 = v * 17
        assertThat(MaskIO.readGrey(f).pixels()).containsExactly(0, 51, 255, 85);
    }

    @Test
    void aPgmWithoutTheExtensionIsRecognisedByItsMagic() throws Exception {
        Path f = dir.resolve("slice"); // extension-less: infer's folder listing takes it, and it is not DICOM
        Files.write(f, bytes("P5 1 2 255 ", 9, 250));
        assertThat(InputImage.isDicom(f)).isFalse();
        assertThat(InputImage.load(f).image().pixels()).containsExactly(9, 250);
    }

    @Test
    void infersFolderListingTakesPgmAndTheOtherImageIoFormats() throws Exception {
        for (String n : List.of("a.pgm", "b.bmp", "c.tif", "d.gif", "e.png", "notes.txt", "f.csv")) {
            Files.writeString(dir.resolve(n), "x");
        }
        assertThat(Inference.inputs(dir).stream().map(p -> p.getFileName().toString()))
                .containsExactly("a.pgm", "b.bmp", "c.tif", "d.gif", "e.png");
    }

    @Test
    void truncatedBadMaxvalAndColourNetpbmAreRefusedNamingTheFile() throws Exception {
        Path shortFile = dir.resolve("short.pgm");
        Files.write(shortFile, bytes("P5 3 3 255\n", 1, 2, 3, 4));
        assertThatThrownBy(() -> InputImage.load(shortFile)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("short.pgm").hasMessageContaining("truncated").hasMessageContaining("9 pixels")
                .hasMessageContaining("holds 4");
        Path plainShort = dir.resolve("plain.pgm");
        Files.writeString(plainShort, "P2 2 2 255 1 2 3");
        assertThatThrownBy(() -> MaskIO.readGrey(plainShort)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("plain.pgm").hasMessageContaining("holds 3");
        Path above = dir.resolve("above.pgm");
        Files.writeString(above, "P2 2 1 100 5 101");
        assertThatThrownBy(() -> MaskIO.readGrey(above)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("above.pgm").hasMessageContaining("pixel 1 is 101, above the header's maxval 100");
        Path colour = dir.resolve("colour.pgm");
        Files.write(colour, bytes("P6 1 1 255\n", 1, 2, 3));
        assertThatThrownBy(() -> MaskIO.readGrey(colour)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("colour.pgm").hasMessageContaining("found a Netpbm P6 file");
        Path noHeader = dir.resolve("empty.pgm");
        Files.writeString(noHeader, "P5\n4\n");
        assertThatThrownBy(() -> MaskIO.readGrey(noHeader)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("empty.pgm").hasMessageContaining("no valid height");
    }
}
