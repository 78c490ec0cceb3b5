package org.dlp4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationTest {
    static int[] block(int size, int r0, int c0, int side) {
        int[] m = new int[size * size];
        for (int r = r0; r < r0 + side; r++) {
            for (int c = c0; c < c0 + side; c++) {
                m[r * size + c] = 1;
            }
        }
        return m;
    }

    /** Pixel-edge square around the block: corners at ±0.5. */
    static double[][] outline(int r0, int c0, int side) {
        double a = c0 - 0.5;
        double b = c0 + side - 0.5;
        double t = r0 - 0.5;
        double u = r0 + side - 0.5;
        return new double[][] {{a, b, b, a}, {t, t, u, u}};
    }

    private static Evaluation twoImages() {
        Evaluation ev = new Evaluation();
        // image 1: perfect
        ev.add("perfect", block(32, 2, 2, 8), block(32, 2, 2, 8), outline(2, 2, 8), outline(2, 2, 8), 1, 1);
        // image 2: the prediction is 10 columns to the right: no overlap; auto corners are 2, 10, 10, 2 px away
        ev.add("shifted", block(32, 2, 2, 8), block(32, 2, 12, 8), outline(2, 2, 8), outline(2, 12, 8), 1, 1);
        return ev;
    }

    @Test
    void perImageRowsAndMeanStd() {
        Evaluation ev = twoImages();
        Evaluation.Row shifted = ev.rows().get(1);
        assertThat(shifted.dice()).isEqualTo(0.0);
        assertThat(shifted.apdMm()).isCloseTo(6.0, within(1e-12));
        assertThat(shifted.hausdorffMm()).isCloseTo(10.0, within(1e-12));
        assertThat(shifted.pixelAccuracy()).isCloseTo((1024 - 128) / 1024.0, within(1e-12));
        assertThat(shifted.good()).isFalse();
        assertThat(ev.rows().get(0).good()).isTrue();
        Evaluation.Stat dice = ev.stat(Evaluation.Row::dice);
        assertThat(dice.mean()).isCloseTo(0.5, within(1e-12));
        assertThat(dice.std()).isCloseTo(1 / Math.sqrt(2), within(1e-12)); // sample std, n − 1
        assertThat(ev.stat(Evaluation.Row::apdMm).std()).isCloseTo(6 / Math.sqrt(2), within(1e-12));
        assertThat(ev.goodContourPct()).isEqualTo(50.0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void summaryHasChallengeConventionSeparately() {
        Map<String, Object> s = twoImages().summary();
        assertThat(s).containsKeys("dice", "apd_mm", "iou", "pixel_accuracy", "hausdorff_mm", "good_contour_pct",
                "images", "dice_std", "apd_mm_std", "mean_iu", "per_image");
        assertThat(s.get("images")).isEqualTo(2);
        assertThat((Double) s.get("apd_mm")).isCloseTo(3.0, within(1e-12));
        Map<String, Object> ch = (Map<String, Object>) s.get("challenge");
        assertThat(ch.get("images")).isEqualTo(1);
        assertThat((Double) ch.get("dice")).isEqualTo(1.0);
        assertThat((Double) ch.get("apd_mm")).isEqualTo(0.0);
        assertThat((String) ch.get("convention")).contains("good contours");
        // background IoU over both images: image 1 all right; image 2 has 64 FP + 64 FN of 1024
        assertThat((Double) s.get("mean_iu")).isCloseTo(((1024 - 64 + 1024 - 128) / (2048.0 - 64)
                + (64.0 / (128 + 64))) / 2, within(1e-12));
        // class-1 Dice over both images: 2·64 / (128 + 128)
        assertThat(((List<Object>) s.get("class_dice")).get(1)).isEqualTo(0.5);
    }

    @Test
    void emptyPredictionHasNoContourAndIsNotGood() {
        Evaluation ev = new Evaluation();
        Evaluation.Row r = ev.add("miss", block(8, 1, 1, 3), new int[64], outline(1, 1, 3), null, 1, 1);
        assertThat(r.dice()).isEqualTo(0.0);
        assertThat(r.apdMm()).isNaN();
        assertThat(r.good()).isFalse();
        assertThat(ev.goodContourPct()).isEqualTo(0.0);
        assertThat(ev.summary().get("apd_mm")).isNull();
    }

    @Test
    void scoresCsv(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("scores.csv");
        twoImages().writeCsv(csv);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("image,dice,iou,pixel_accuracy,apd_mm,hausdorff_mm,good_contour");
        assertThat(lines.get(1)).isEqualTo("perfect,1.000000,1.000000,1.000000,0.000000,0.000000,1");
        assertThat(lines.get(2)).startsWith("shifted,0.000000,0.000000,0.875000,6.000000,10.000000,0");
        assertThat(lines.get(3)).isEqualTo("MEAN,0.500000,0.500000,0.937500,3.000000,5.000000,50.000000");
        assertThat(lines.get(4)).startsWith("STD,0.707107,");
        assertThat(lines).hasSize(5);
    }
}
