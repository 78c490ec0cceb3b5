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
}
