package org.dlp4j.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentationWriterTest {
    @Test
    void argmaxScoresToMasksOverlaysContoursAndCsv(@TempDir Path out) throws Exception {
        int w = 8;
        int h = 6;
        float[] scores = new float[2 * w * h];
        // class 1 wins on a 3x2 block (rows 2..3, cols 3..5), class 0 elsewhere; a tie (pixel 0) goes to class 0
        for (int i = 0; i < w * h; i++) {
            int r = i / w;
            int c = i % w;
            boolean fg = r >= 2 && r <= 3 && c >= 3 && c <= 5;
            scores[i] = fg ? 0.2f : 0.9f;
            scores[w * h + i] = fg ? 0.8f : 0.1f;
        }
        scores[0] = 0.5f;
        scores[w * h] = 0.5f;
        ClassMask mask = ClassMask.argmax(scores, 2, h, w);
        assertThat(mask.foregroundCount()).isEqualTo(6);
        assertThat(mask.values()[0]).isZero();

        SegmentationWriter sw = new SegmentationWriter(out, List.of("background", "left ventricle"), 0.4);
        Path contour = sw.write("SC-HF-I-1_IM-0001-0048.png", new GreyImage(w, h, new float[w * h]), mask, 1.25, 1.25, 7);
        Path empty = sw.write("blank.png", new GreyImage(w, h, new float[w * h]), new ClassMask(w, h, new int[w * h]),
                Double.NaN, Double.NaN, 3);
        sw.finish();
        assertThat(empty).isNull();
        assertThat(out.relativize(contour).toString()).isEqualTo("contours/SC-HF-I-1/IM-0001-0048-icontour-auto.txt");
        assertThat(Files.readAllLines(contour)).hasSize(20).startsWith("2.50 1.50"); // perimeter 10 px at 0.5 px
        assertThat(MaskIO.readClasses(out.resolve("masks/SC-HF-I-1_IM-0001-0048.png")).values()).isEqualTo(mask.values());
        assertThat(Files.isRegularFile(out.resolve("overlays/blank.png"))).isTrue();
        assertThat(Files.readAllLines(out.resolve("predictions.csv"))).containsExactly(
                "file,foreground_pixels,area_mm2,ms", "SC-HF-I-1_IM-0001-0048.png,6,9.38,7.0", "blank.png,0,,3.0");
    }

    @Test
    void inputsWhoseNamesGiveTheSameContourFileEachKeepTheirOwn(@TempDir Path out) throws Exception {
        int w = 8;
        int h = 6;
        boolean[] small = new boolean[w * h];
        small[2 * w + 3] = true;
        boolean[] large = new boolean[w * h];
        for (int i = 0; i < w * h; i++) {
            large[i] = i / w >= 1 && i / w <= 4 && i % w >= 1 && i % w <= 6;
        }
        // two series of one case share slice number 5; two cases of the SCD layout share slice 7
        List<String> names = List.of("IM-0804-0005.dcm", "IM-0805-0005.dcm", "caseA_7.png", "caseB_7.png");
        SegmentationWriter sw = new SegmentationWriter(out, List.of("background", "lv"), 0.4, names);
        GreyImage g = new GreyImage(w, h, new float[w * h]);
        Path a = sw.write(names.get(0), g, ClassMask.of(w, h, small), Double.NaN, Double.NaN, 1);
        Path b = sw.write(names.get(1), g, ClassMask.of(w, h, large), Double.NaN, Double.NaN, 1);
        Path c = sw.write(names.get(2), g, ClassMask.of(w, h, small), Double.NaN, Double.NaN, 1);
        Path d = sw.write(names.get(3), g, ClassMask.of(w, h, large), Double.NaN, Double.NaN, 1);
        assertThat(out.relativize(a).toString()).isEqualTo("contours/IM-0804-0005-icontour-auto.txt");
        assertThat(out.relativize(b).toString()).isEqualTo("contours/IM-0805-0005-icontour-auto.txt");
        assertThat(out.relativize(c).toString()).isEqualTo("contours/caseA/IM-0001-0007-icontour-auto.txt");
        assertThat(out.relativize(d).toString()).isEqualTo("contours/caseB/IM-0001-0007-icontour-auto.txt");
        // each file holds its own outline: a one-pixel square (perimeter 4 px, 8 points) and a 6 x 4 block (40)
        assertThat(Files.readAllLines(a)).hasSize(8);
        assertThat(Files.readAllLines(b)).hasSize(40);
        assertThat(Files.readAllLines(c)).hasSize(8);
        assertThat(Files.readAllLines(d)).hasSize(40);
    }
}
