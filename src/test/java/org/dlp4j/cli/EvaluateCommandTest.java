package org.dlp4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.dlp4j.Json;
import org.dlp4j.deploy.ClassMask;
import org.dlp4j.deploy.MaskIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int dlp(String... args) {
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    static ClassMask block(int size, int r0, int c0, int side, int cls) {
        int[] v = new int[size * size];
        for (int r = r0; r < r0 + side; r++) {
            for (int c = c0; c < c0 + side; c++) {
                v[r * size + c] = cls;
            }
        }
        return new ClassMask(size, size, v);
    }

    /** Edge square around rows/cols [lo, hi] with points every 0.5 px, as Sunnybrook files have them. */
    static String squareContour(double lo, double hi) {
        StringBuilder b = new StringBuilder();
        double[][] corners = {{lo, lo}, {hi, lo}, {hi, hi}, {lo, hi}};
        for (int k = 0; k < 4; k++) {
            double[] a = corners[k];
            double[] z = corners[(k + 1) % 4];
            int n = (int) Math.round(Math.max(Math.abs(z[0] - a[0]), Math.abs(z[1] - a[1])) / 0.5);
            for (int i = 0; i < n; i++) {
                b.append(String.format(Locale.ROOT, "%.2f %.2f%n", a[0] + (z[0] - a[0]) * i / n,
                        a[1] + (z[1] - a[1]) * i / n));
            }
        }
        return b.toString();
    }

    @Test
    void masksAgainstMasksWithJson(@TempDir Path dir) throws Exception {
        Path truth = dir.resolve("truth");
        Path pred = dir.resolve("pred");
        // 4x4 squares offset by one row and column: Dice 18/32, IoU 9/23 (see MaskMetricsTest)
        MaskIO.writeClasses(truth.resolve("a.png"), block(10, 1, 1, 4, 1));
        MaskIO.writeClasses(pred.resolve("masks/a.png"), block(10, 2, 2, 4, 1));
        // 0/255 truth is read as a binary mask; identical prediction
        MaskIO.writeClasses(truth.resolve("b.png"), block(10, 3, 3, 5, 255));
        MaskIO.writeClasses(pred.resolve("masks/b.png"), block(10, 3, 3, 5, 1));
        MaskIO.writeClasses(pred.resolve("overlays/b.png"), block(10, 0, 0, 9, 1)); // must be ignored
        int code = dlp("evaluate", "--pred", pred.toString(), "--truth", truth.toString(), "--spacing", "2", "--json");
        assertThat(code).as(err.toString()).isEqualTo(0);
        JsonNode j = Json.MAPPER.readTree(out.toString());
        for (String k : List.of("dice", "apd_mm", "iou", "pixel_accuracy", "hausdorff_mm", "good_contour_pct",
                "images", "challenge")) {
            assertThat(j.has(k)).as(k).isTrue();
        }
        assertThat(j.get("images").asInt()).isEqualTo(2);
        assertThat(j.get("dice").asDouble()).isCloseTo((18.0 / 32 + 1) / 2, within(1e-9));
        assertThat(j.get("iou").asDouble()).isCloseTo((9.0 / 23 + 1) / 2, within(1e-9));
        // image a: edge squares offset by (1,1) px; with 2 mm pixels the Hausdorff distance is 2·√2·... ≥ 2 mm
        JsonNode a = j.get("per_image").get(0);
        assertThat(a.get("image").asText()).isEqualTo("a");
        assertThat(a.get("hausdorff_mm").asDouble()).isCloseTo(2 * Math.sqrt(2), within(1e-9));
        assertThat(j.get("per_image").get(1).get("apd_mm").asDouble()).isEqualTo(0.0);
        // pred is not an infer output (no predictions.csv): no scores.csv written into it without --out
        assertThat(pred.resolve("scores.csv")).doesNotExist();
        assertThat(j.get("scores_csv").isNull()).isTrue();
        assertThat(err.toString()).contains("--spacing").contains("Sunnybrook challenge convention")
                .contains("per-image scores not written: " + pred + " is not a dlp infer output folder");

        Path csv = dir.resolve("reports/a.csv");
        out.getBuffer().setLength(0);
        assertThat(dlp("evaluate", "--pred", pred.toString(), "--truth", truth.toString(), "--out", csv.toString(),
                "--json")).isZero();
        assertThat(Files.readAllLines(csv).get(0)).startsWith("image,dice,iou");
        assertThat(Files.readAllLines(csv).get(1)).startsWith("a,0.562500,");
        assertThat(Json.MAPPER.readTree(out.toString()).get("scores_csv").asText()).isEqualTo(csv.toString());
        assertThat(pred.resolve("scores.csv")).doesNotExist();

        Files.writeString(pred.resolve("predictions.csv"), "image,pixels,mm2,ms\n"); // as dlp infer leaves it
        err.getBuffer().setLength(0);
        assertThat(dlp("evaluate", "--pred", pred.toString(), "--truth", truth.toString())).isZero();
        assertThat(Files.readAllLines(pred.resolve("scores.csv")).get(0)).startsWith("image,dice,iou");
        assertThat(err.toString()).contains("per-image scores: " + pred.resolve("scores.csv"));
    }

    @Test
    void aGreyImageGivenAsAMaskIsRefusedNamingTheFileAndWhatItHolds(@TempDir Path dir) throws Exception {
        Path images = dir.resolve("test_images");
        Path labels = dir.resolve("test_labels");
        int[] grey = new int[16 * 16];
        for (int i = 0; i < grey.length; i++) {
            grey[i] = i; // 0..255, as a slice's grey levels
        }
        MaskIO.writeClasses(images.resolve("s1.png"), new ClassMask(16, 16, grey));
        MaskIO.writeClasses(labels.resolve("s1.png"), block(16, 2, 2, 6, 1));
        int code = dlp("evaluate", "--pred", images.toString(), "--truth", labels.toString(), "--json");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("prediction " + images.resolve("s1.png") + " is not a mask: it holds 256"
                + " distinct values from 0 to 255, among them 32, 33, 34, 35, 36, ...");
        assertThat(Json.MAPPER.readTree(out.toString()).path("exit_code").asInt()).isEqualTo(2);
        assertThat(images.resolve("scores.csv")).doesNotExist();
        err.getBuffer().setLength(0);
        // grey MRI as the truth: refused too, not a plausible Dice
        assertThat(dlp("evaluate", "--pred", labels.toString(), "--truth", images.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("ground truth " + images.resolve("s1.png") + " is not a mask");
        // a dark image (every value a small index) is still not a mask: 17 distinct values
        int[] dark = new int[16 * 16];
        for (int i = 0; i < dark.length; i++) {
            dark[i] = i % 17;
        }
        MaskIO.writeClasses(images.resolve("s1.png"), new ClassMask(16, 16, dark));
        err.getBuffer().setLength(0);
        assertThat(dlp("evaluate", "--pred", images.toString(), "--truth", labels.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("it holds 17 distinct values from 0 to 16. A mask holds class indices");
        // class indices 0..15 with 255 ignore are a mask
        for (int i = 0; i < dark.length; i++) {
            dark[i] = i % 20 < 16 ? i % 20 : 255;
        }
        MaskIO.writeClasses(images.resolve("s1.png"), new ClassMask(16, 16, dark));
        err.getBuffer().setLength(0);
        assertThat(dlp("evaluate", "--pred", images.toString(), "--truth", labels.toString())).as(err.toString())
                .isZero();
    }

    @Test
    void sunnybrookContoursWithSpacingFromDatasetJson(@TempDir Path ws) throws Exception {
        Path data = Files.createDirectories(ws.resolve("data"));
        Files.writeString(data.resolve("dataset.json"),
                "{\"pixelSpacing\": {\"SC-HF-I-1_IM-0001-0048.png\": [1.367, 1.367], \"other.png\": \"junk\"}}");
        Path truth = data.resolve("truth");
        Path c1 = Files.createDirectories(truth.resolve("SC-HF-I-01/contours-manual/IRCCI-expert"));
        Path c2 = Files.createDirectories(truth.resolve("SC-HF-I-02/contours-manual/IRCCI-expert"));
        // expert: block rows/cols 10..19; a decoy in another case with the same slice number far away
        Files.writeString(c1.resolve("IM-0001-0048-icontour-manual.txt"), squareContour(9.5, 19.5));
        Files.writeString(c1.resolve("IM-0001-0048-p1contour-manual.txt"), "1 1\n2 2\n1 2\n");
        Files.writeString(c2.resolve("IM-0001-0048-icontour-manual.txt"), squareContour(0.5, 5.5));
        // prediction: the expert block shifted right by 2 columns
        Path pred = ws.resolve("predictions/run1");
        int[] v = new int[32 * 32];
        for (int r = 10; r < 20; r++) {
            for (int c = 12; c < 22; c++) {
                v[r * 32 + c] = 1;
            }
        }
        MaskIO.writeClasses(pred.resolve("masks/SC-HF-I-1_IM-0001-0048.png"), new ClassMask(32, 32, v));
        int code = dlp("evaluate", "--pred", pred.toString(), "--truth", truth.toString(), "--json");
        assertThat(code).as(err.toString()).isEqualTo(0);
        JsonNode j = Json.MAPPER.readTree(out.toString());
        assertThat(j.get("images").asInt()).isEqualTo(1);
        assertThat(j.get("unpaired_truth").asInt()).isEqualTo(1);
        assertThat(j.get("per_image").get(0).get("image").asText()).isEqualTo("SC-HF-I-1_IM-0001-0048");
        // overlap 10x8 = 80 of 100 + 100: Dice 0.8, IoU 80/120
        assertThat(j.get("dice").asDouble()).isCloseTo(0.8, within(1e-12));
        assertThat(j.get("iou").asDouble()).isCloseTo(2.0 / 3, within(1e-12));
        // by hand: the 80 half-pixel points of the shifted edge square sum to 80 px of distance → APD 1 px;
        // Hausdorff 2 px (the non-overlapping 2-column strips)
        assertThat(j.get("apd_mm").asDouble()).isCloseTo(1.367, within(1e-9));
        assertThat(j.get("hausdorff_mm").asDouble()).isCloseTo(2 * 1.367, within(1e-9));
        assertThat(j.get("good_contour_pct").asDouble()).isEqualTo(100.0);
        assertThat(j.get("challenge").get("dice").asDouble()).isCloseTo(0.8, within(1e-12));
        assertThat(err.toString()).contains("dataset.json");
    }

    @Test
    void autoContoursAgainstExpertContoursWithoutSpacingDefaultToOneMillimetre(@TempDir Path dir) throws Exception {
        Path truth = Files.createDirectories(dir.resolve("truth"));
        Path pred = Files.createDirectories(dir.resolve("pred/contours"));
        Files.writeString(truth.resolve("IM-0001-0007-icontour-manual.txt"), squareContour(9.5, 19.5));
        Files.writeString(pred.resolve("IM-0001-0007-icontour-auto.txt"), squareContour(9.5, 19.5));
        int code = dlp("evaluate", "--pred", dir.resolve("pred").toString(), "--truth", truth.toString(), "--json");
        assertThat(code).as(err.toString()).isEqualTo(0);
        JsonNode j = Json.MAPPER.readTree(out.toString());
        assertThat(j.get("dice").asDouble()).isEqualTo(1.0);
        assertThat(j.get("apd_mm").asDouble()).isEqualTo(0.0);
        // two contours give no image frame: pixel accuracy and mean IU are undefined, not frame-dependent numbers
        assertThat(j.get("pixel_accuracy").isNull()).isTrue();
        assertThat(j.get("mean_iu").isNull()).isTrue();
        assertThat(err.toString()).contains("using 1.0 mm");
    }

    @Test
    void helpListsTheOptions() {
        assertThat(dlp("evaluate", "--help")).isEqualTo(0);
        assertThat(out.toString()).contains("--pred").contains("--truth").contains("--spacing").contains("--json");
    }

    @Test
    void missingFolderOrNothingToPairIsExitTwo(@TempDir Path dir) throws Exception {
        assertThat(dlp("evaluate", "--pred", dir.resolve("nope").toString(), "--truth", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("nope").contains("does not exist");
        Path truth = dir.resolve("t");
        Path pred = dir.resolve("p");
        MaskIO.writeClasses(truth.resolve("x.png"), block(4, 0, 0, 2, 1));
        MaskIO.writeClasses(pred.resolve("y.png"), block(4, 0, 0, 2, 1));
        assertThat(dlp("evaluate", "--pred", pred.toString(), "--truth", truth.toString(), "--json")).isEqualTo(2);
        assertThat(err.toString()).contains("nothing to evaluate");
        // --json: still one JSON object on stdout, the failure's (no scores)
        var j = org.dlp4j.Json.MAPPER.readTree(out.toString());
        assertThat(j.path("exit_code").asInt()).isEqualTo(2);
        assertThat(j.path("error").asText()).contains("nothing to evaluate");
        assertThat(j.has("dice")).isFalse();
    }

    @Test
    void spacingThatIsNotAPositiveFiniteNumberIsExitTwo(@TempDir Path dir) throws Exception {
        MaskIO.writeClasses(dir.resolve("x.png"), block(4, 0, 0, 2, 1)); // the same mask as truth and prediction
        for (String bad : new String[] {"Infinity", "NaN", "0", "-2"}) {
            assertThat(dlp("evaluate", "--pred", dir.toString(), "--truth", dir.toString(), "--spacing", bad))
                    .as(bad + ": " + err).isEqualTo(2);
            assertThat(err.toString()).contains("--spacing must be a positive, finite number of millimetres, got " + bad);
        }
        assertThat(dir.resolve("scores.csv")).doesNotExist();
    }
}
