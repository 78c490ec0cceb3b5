package org.dlp4j.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverlayTest {
    @Test
    void filledOutlineAndBackgroundPixelsFollowTheBlendFormula(@TempDir Path dir) throws Exception {
        int w = 10;
        int h = 8;
        int[] grey = new int[w * h];
        for (int i = 0; i < grey.length; i++) {
            grey[i] = (i * 7) % 256;
        }
        int[] cls = new int[w * h];
        for (int r = 1; r <= 5; r++) {
            for (int c = 1; c <= 4; c++) {
                cls[r * w + c] = 1; // 5x4 block of class 1
            }
        }
        cls[6 * w + 8] = 2; // a single class-2 pixel: all outline
        ClassMask mask = new ClassMask(w, h, cls);
        BufferedImage img = Overlay.render(grey, mask, List.of("background", "left ventricle", "myocardium"), 0.4);
        Path png = dir.resolve("overlay.png");
        MaskIO.writePng(img, png);
        BufferedImage back = ImageIO.read(png.toFile());

        // legend strip: two foreground classes below the 8 image rows
        assertThat(back.getWidth()).isEqualTo(w);
        assertThat(back.getHeight()).isEqualTo(h + Overlay.LEGEND_PAD + 2 * Overlay.LEGEND_ROW);
        // interior pixel (row 3, col 2): grey 7·32 = 224 → R round(0.6·224 + 0.4·255) = round(236.4) = 236,
        // G = B = round(0.6·224) = round(134.4) = 134
        assertThat(grey[3 * w + 2]).isEqualTo(224);
        assertThat(back.getRGB(2, 3) & 0xFFFFFF).isEqualTo((236 << 16) | (134 << 8) | 134);
        // outline pixel (row 1, col 1) of class 1: pure red
        assertThat(back.getRGB(1, 1) & 0xFFFFFF).isEqualTo(0xFF0000);
        // class 2 pixel: pure green (a different colour)
        assertThat(back.getRGB(8, 6) & 0xFFFFFF).isEqualTo(0x00FF00);
        // background pixel (row 7, col 9): grey 7·79 mod 256 = 41
        assertThat(back.getRGB(9, 7) & 0xFFFFFF).isEqualTo((41 << 16) | (41 << 8) | 41);
        // legend swatch of class 1 in the strip
        assertThat(back.getRGB(5, h + Overlay.LEGEND_PAD / 2 + 5) & 0xFFFFFF).isEqualTo(0xFF0000);
        assertThat(back.getRGB(5, h + Overlay.LEGEND_PAD / 2 + Overlay.LEGEND_ROW + 5) & 0xFFFFFF).isEqualTo(0x00FF00);
    }

    @Test
    void blendFormula() {
        assertThat(Overlay.blend(100, 0x0080FF, 0.5)).isEqualTo((50 << 16) | (114 << 8) | 178);
        assertThat(Overlay.blend(100, 0xFF0000, 0.0)).isEqualTo((100 << 16) | (100 << 8) | 100);
        assertThat(Overlay.colour(9)).isNotEqualTo(Overlay.colour(10)).isNotEqualTo(Overlay.colour(1));
    }

    @Test
    void noLegendWithoutForegroundClasses() {
        BufferedImage img = Overlay.render(new int[4], new ClassMask(2, 2, new int[4]), List.of(), 0.4);
        assertThat(img.getHeight()).isEqualTo(2);
    }

    @Test
    void alphaOutsideZeroToOneOrNaNIsRefused() {
        ClassMask mask = new ClassMask(2, 1, new int[] {0, 1});
        for (double bad : new double[] {-0.1, 1.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> Overlay.render(new int[] {0, 0}, mask, List.of("bg", "lv"), bad)).as("alpha " + bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alpha");
        }
    }
}
