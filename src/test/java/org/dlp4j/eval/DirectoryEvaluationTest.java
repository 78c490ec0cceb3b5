package org.dlp4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.dlp4j.deploy.ClassMask;
import org.dlp4j.deploy.MaskIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryEvaluationTest {
    private static final Path CONTOURS = Path.of("../shared/data/sunnybrook/final_data/contourfiles");

    @Test
    void realExpertContoursScoredAgainstTheirOwnRasterisation(@TempDir Path pred) throws Exception {
        assumeThat(Files.isDirectory(CONTOURS)).isTrue();
        List<Path> icontours;
        try (Stream<Path> s = Files.walk(CONTOURS)) {
            icontours = s.filter(p -> p.getFileName().toString().endsWith("-icontour-manual.txt")).sorted().toList();
        }
        assertThat(icontours).hasSizeGreaterThanOrEqualTo(5);
        for (Path c : icontours) {
            String caseId = c.getParent().getParent().getFileName().toString();
            String slice = c.getFileName().toString().replace("-icontour-manual.txt", "");
            byte[] m = org.dlp4j.data.contour.Rasterizer.area(org.dlp4j.data.contour.ContourFile.read(c), 256, 256);
            int[] v = new int[m.length];
            for (int i = 0; i < m.length; i++) {
                v[i] = m[i];
            }
            MaskIO.writeClasses(pred.resolve("masks").resolve(caseId + "_" + slice + ".png"), new ClassMask(256, 256, v));
        }
        DirectoryEvaluation.Result r = DirectoryEvaluation.run(pred, CONTOURS, 1.367);
        Evaluation ev = r.evaluation();
        assertThat(ev.rows()).hasSize(icontours.size());
        assertThat(r.unpairedTruth()).isZero();
        for (Evaluation.Row row : ev.rows()) {
            assertThat(row.dice()).as(row.image()).isEqualTo(1.0);
            // a pixel-edge staircase stays within half a pixel diagonal (0.71 px) of the smooth expert polygon
            assertThat(row.apdMm()).as(row.image()).isLessThan(0.5 * 1.367);
            assertThat(row.hausdorffMm()).as(row.image()).isLessThan(Math.sqrt(0.5) * 1.367 + 1e-9);
            assertThat(row.good()).isTrue();
        }
        assertThat(ev.goodContourPct()).isEqualTo(100.0);
    }

    /** A square contour file, corners (lo, lo) and (hi, hi), points one pixel apart. */
    private static void square(Path file, int lo, int hi) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int x = lo; x < hi; x++) {
            b.append(x).append(' ').append(lo).append('\n');
        }
        for (int y = lo; y < hi; y++) {
            b.append(hi).append(' ').append(y).append('\n');
        }
        for (int x = hi; x > lo; x--) {
            b.append(x).append(' ').append(hi).append('\n');
        }
        for (int y = hi; y > lo; y--) {
            b.append(lo).append(' ').append(y).append('\n');
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, b);
    }

    @Test
    void contourFilesTakeTheirCasesSpacingFromTheWorkspace(@TempDir Path ws) throws Exception {
        // the workspace names slices <case>_IM-0001-NNNN; the challenge tree spells the case SC-N-01, infer SC-N-1
        Files.createDirectories(ws.resolve("data"));
        Files.writeString(ws.resolve("data/dataset.json"), "{\"pixelSpacing\": {\"SC-N-1_IM-0001-0005\": [1.25, 1.25],"
                + " \"SC-N-1_IM-0001-0005.png\": [1.25, 1.25], \"SC-N-2_IM-0001-0005.png\": [0.5, 0.5]}}");
        Path truth = ws.resolve("sunnybrook/SC-N-01");
        square(truth.resolve("contours-manual/IRCCI-expert/IM-0001-0005-icontour-manual.txt"), 10, 30);
        Path pred = ws.resolve("predictions/run/contours");
        square(pred.resolve("SC-N-1/IM-0001-0005-icontour-auto.txt"), 12, 28);

        DirectoryEvaluation.Result mm = DirectoryEvaluation.run(pred, truth, Double.NaN);
        DirectoryEvaluation.Result px = DirectoryEvaluation.run(pred, truth, 1.0);
        assertThat(mm.spacingNote()).contains("pixel spacing from").contains("dataset.json");
        Evaluation.Row r = mm.evaluation().rows().get(0);
        assertThat(r.rowMm()).isEqualTo(1.25);
        assertThat(r.colMm()).isEqualTo(1.25);
        // every automatic point of the inner square lies 2 px inside the expert square's nearest side
        assertThat(px.evaluation().rows().get(0).apdMm()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.apdMm()).isCloseTo(2.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.hausdorffMm()).isCloseTo(1.25 * 2 * Math.sqrt(2), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void anExpertContourWithoutAnAutomaticOneIsAMissNotLeftOut(@TempDir Path dir) throws Exception {
        Path truth = dir.resolve("truth");
        square(truth.resolve("SC-N-01/contours-manual/IRCCI-expert/IM-0001-0005-icontour-manual.txt"), 10, 30);
        square(truth.resolve("SC-N-01/contours-manual/IRCCI-expert/IM-0001-0007-icontour-manual.txt"), 10, 30);
        // a case that was not segmented at all stays out of the scores
        square(truth.resolve("SC-N-02/contours-manual/IRCCI-expert/IM-0001-0005-icontour-manual.txt"), 10, 30);
        Path pred = dir.resolve("contours");
        square(pred.resolve("SC-N-1/IM-0001-0005-icontour-auto.txt"), 10, 30); // slice 7 left empty by the net

        DirectoryEvaluation.Result r = DirectoryEvaluation.run(pred, truth, 1.0);
        Evaluation ev = r.evaluation();
        assertThat(ev.rows()).extracting(Evaluation.Row::image)
                .containsExactlyInAnyOrder("SC-N-1/IM-0001-0005", "SC-N-1/IM-0001-0007");
        Evaluation.Row hit = ev.rows().stream().filter(x -> x.image().endsWith("0005")).findFirst().orElseThrow();
        Evaluation.Row miss = ev.rows().stream().filter(x -> x.image().endsWith("0007")).findFirst().orElseThrow();
        assertThat(hit.dice()).isEqualTo(1.0);
        assertThat(hit.good()).isTrue();
        assertThat(miss.dice()).isEqualTo(0.0);
        assertThat(miss.apdMm()).isNaN();
        assertThat(miss.good()).isFalse();
        assertThat(ev.goodContourPct()).isEqualTo(50.0);
        assertThat(r.unpairedTruth()).isEqualTo(1); // SC-N-02's slice
        assertThat(r.spacingNote()).contains("1 expert contour(s) with no automatic contour");
    }

    @Test
    void aWorkspaceAsTruthMeansItsTestLabelsNotItsTestImages(@TempDir Path dir) throws Exception {
        int w = 16;
        int h = 12;
        int[] grey = new int[w * h];
        int[] label = new int[w * h];
        for (int i = 0; i < w * h; i++) {
            grey[i] = (i * 37) % 251;
            label[i] = i % w >= 4 && i % w < 12 && i / w >= 3 && i / w < 9 ? 1 : 0;
        }
        Path ws = dir.resolve("ws");
        MaskIO.writeClasses(ws.resolve("data/test_images/SC-N-1_IM-0001-0005.png"), new ClassMask(w, h, grey));
        MaskIO.writeClasses(ws.resolve("data/test_labels/SC-N-1_IM-0001-0005.png"), new ClassMask(w, h, label));
        Path pred = dir.resolve("pred");
        MaskIO.writeClasses(pred.resolve("masks/SC-N-1_IM-0001-0005.png"), new ClassMask(w, h, label));
        for (Path truth : new Path[] {ws, ws.resolve("data")}) {
            Evaluation ev = DirectoryEvaluation.run(pred, truth, 1.0).evaluation();
            assertThat(ev.rows()).as(truth.toString()).hasSize(1);
            assertThat(ev.rows().get(0).dice()).as(truth.toString()).isEqualTo(1.0);
        }
    }

    /** A 4x4 mask with the given pixels (row-major indices) in class 1. */
    private static void mask4(Path file, int... fg) throws Exception {
        int[] v = new int[16];
        for (int i : fg) {
            v[i] = 1;
        }
        Files.createDirectories(file.getParent());
        MaskIO.writeClasses(file, new ClassMask(4, 4, v));
    }

    @Test
    void masksAnEarlierInferLeftInTheFolderAreNotScored(@TempDir Path dir) throws Exception {
        Path truth = dir.resolve("truth");
        Path pred = dir.resolve("pred");
        for (String n : List.of("a.png", "old.png", "x,y.png")) {
            mask4(truth.resolve(n), 0, 1, 4, 5);
        }
        mask4(pred.resolve("masks/a.png"), 0, 1, 4, 5); // Dice 1
        mask4(pred.resolve("masks/x,y.png"), 0, 1); // Dice 2*2/(4+2) = 2/3
        mask4(pred.resolve("masks/old.png"), 15); // an earlier run's: Dice 0 were it scored
        // as dlp infer writes it: the last run segmented a.png and x,y.png (a name with a comma is quoted)
        Files.writeString(pred.resolve("predictions.csv"),
                "file,foreground_pixels,area_mm2,ms\na.png,4,,1.0\n\"x,y.png\",2,,1.0\n");
        DirectoryEvaluation.Result r = DirectoryEvaluation.run(pred, truth, 1.0);
        assertThat(r.evaluation().rows()).extracting(Evaluation.Row::image).containsExactly("a", "x,y");
        assertThat(r.evaluation().rows()).extracting(Evaluation.Row::dice)
                .containsExactly(1.0, 2.0 / 3);
        assertThat(r.spacingNote()).contains("1 mask(s) in " + pred.resolve("masks")
                + " not listed in its predictions.csv");
        assertThat(r.unpairedTruth()).isEqualTo(1);

        // without predictions.csv (a folder of the user's own masks) every mask counts
        Files.delete(pred.resolve("predictions.csv"));
        assertThat(DirectoryEvaluation.run(pred, truth, 1.0).evaluation().rows()).hasSize(3);
    }
}
