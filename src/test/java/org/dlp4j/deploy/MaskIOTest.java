package org.dlp4j.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.dlp4j.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskIOTest {
    @Test
    void classMaskRoundTrip(@TempDir Path dir) throws Exception {
        int[] v = {0, 1, 2, 255, 1, 0};
        Path png = dir.resolve("m.png");
        MaskIO.writeClasses(png, new ClassMask(3, 2, v));
        BufferedImage raw = ImageIO.read(png.toFile());
        assertThat(raw.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(raw.getRaster().getSample(0, 1, 0)).isEqualTo(255);
        ClassMask back = MaskIO.readClasses(png);
        assertThat(back.values()).containsExactly(v);
        assertThat(back.foregroundCount()).isEqualTo(3);
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("m.png"); // no temp files left
        }
    }

    @Test
    void sixteenBitPngKeepsFullRange(@TempDir Path dir) throws Exception {
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_USHORT_GRAY);
        img.getRaster().setSamples(0, 0, 2, 2, 0, new int[] {0, 300, 40000, 65535});
        Path png = dir.resolve("g16.png");
        ImageIO.write(img, "png", png.toFile());
        GreyImage g = MaskIO.readGrey(png);
        assertThat(g.pixels()).containsExactly(0f, 300f, 40000f, 65535f);
        // display mapping: min..max → 0..255
        assertThat(g.toGrey8()).containsExactly(0, 1, 156, 255);
    }

    @Test
    void eightBitAndColourImages(@TempDir Path dir) throws Exception {
        Path grey = dir.resolve("g8.png");
        MaskIO.writeGrey8(grey, 2, 1, new int[] {17, 250});
        assertThat(MaskIO.readGrey(grey).pixels()).containsExactly(17f, 250f);
        assertThat(MaskIO.readGrey(grey).toGrey8()).containsExactly(17, 250);
        BufferedImage rgb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, (100 << 16) | (200 << 8) | 50);
        Path png = dir.resolve("rgb.png");
        ImageIO.write(rgb, "png", png.toFile());
        assertThat(MaskIO.readGrey(png).pixels()[0]).isEqualTo((float) (0.299 * 100 + 0.587 * 200 + 0.114 * 50));
    }

    @Test
    void notAnImageIsBadInput(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("x.png"), "not a png");
        assertThatThrownBy(() -> MaskIO.readClasses(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("x.png");
        assertThatThrownBy(() -> MaskIO.readGrey(dir.resolve("missing.png"))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("does not exist");
    }
}
