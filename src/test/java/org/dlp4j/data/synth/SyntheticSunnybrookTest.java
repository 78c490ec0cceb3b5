package org.dlp4j.data.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.dlp4j.BadInputException;
import org.dlp4j.data.contour.Contour;
import org.dlp4j.data.contour.ContourFile;
import org.dlp4j.data.contour.Rasterizer;
import org.dlp4j.data.dicom.DicomReader;
import org.dlp4j.data.dicom.DicomSlice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticSunnybrookTest {
    @TempDir
    Path tmp;

    @Test
    void writesTheChallengeLayoutDeterministically() throws Exception {
        SyntheticSunnybrook.Result a = SyntheticSunnybrook.generate(tmp.resolve("a"), 2, 42);
        SyntheticSunnybrook.generate(tmp.resolve("b"), 1, 42);
        SyntheticSunnybrook.generate(tmp.resolve("c"), 1, 43);
        assertThat(a.images()).isEqualTo(2 * (24 + 12));
        assertThat(a.contours()).isEqualTo(2 * 8 * 2);
        SyntheticSunnybrook.Case c0 = a.cases().get(0);
        assertThat(c0.name()).isEqualTo("SC-HF-I-1");
        assertThat(c0.contourFolder()).isEqualTo("SC-HF-I-01");
        assertThat(a.cases().get(1).name()).isEqualTo("SC-HF-NI-1");
        assertThat(c0.pixelSpacing()).isBetween(1.25, 1.45);
        assertThat(c0.longAxisSeries()).isNotEqualTo(c0.shortAxisSeries());
        Path contourDir = tmp.resolve("a/SC-HF-I-01/contours-manual/IRCCI-expert");
        try (Stream<Path> s = Files.list(contourDir)) {
            assertThat(s.count()).isEqualTo(16);
        }
        String img = String.format("IM-%04d-%04d.dcm", c0.shortAxisSeries(), 5);
        assertThat(Files.readAllBytes(tmp.resolve("a/SC-HF-I-1").resolve(img)))
                .isEqualTo(Files.readAllBytes(tmp.resolve("b/SC-HF-I-1").resolve(img)));
        assertThat(Files.readString(contourDir.resolve("IM-0001-0005-icontour-manual.txt")))
                .isEqualTo(Files.readString(tmp.resolve("b/SC-HF-I-01/contours-manual/IRCCI-expert/"
                        + "IM-0001-0005-icontour-manual.txt")));
        assertThat(Files.readString(tmp.resolve("c/SC-HF-I-01/contours-manual/IRCCI-expert/"
                + "IM-0001-0005-icontour-manual.txt"))).isNotEqualTo(Files.readString(contourDir.resolve(
                        "IM-0001-0005-icontour-manual.txt")));
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("a", "b", "c");
        }
    }

    @Test
    void contoursAreHalfPixelChainsAroundTheBrightBloodPool() throws Exception {
        SyntheticSunnybrook.Result r = SyntheticSunnybrook.generate(tmp.resolve("s"), 1, 7);
        SyntheticSunnybrook.Case c = r.cases().get(0);
        for (int instance : List.of(5, 19)) {
            Path dir = tmp.resolve("s/SC-HF-I-01/contours-manual/IRCCI-expert");
            Contour in = ContourFile.read(dir.resolve(String.format("IM-0001-%04d-icontour-manual.txt", instance)));
            Contour out = ContourFile.read(dir.resolve(String.format("IM-0001-%04d-ocontour-manual.txt", instance)));
            for (int i = 0; i < in.size(); i++) {
                int j = (i + 1) % in.size();
                assertThat(Math.abs(in.x()[i] - in.x()[j])).isLessThanOrEqualTo(0.5);
                assertThat(Math.abs(in.y()[i] - in.y()[j])).isLessThanOrEqualTo(0.5);
                assertThat(in.x()[i] * 2).isEqualTo(Math.rint(in.x()[i] * 2));
            }
            assertThat(out.area()).isGreaterThan(in.area() * 1.2);
            DicomSlice s = DicomReader.read(tmp.resolve("s/SC-HF-I-1")
                    .resolve(String.format("IM-%04d-%04d.dcm", c.shortAxisSeries(), instance)));
            assertThat(s.instanceNumber()).isEqualTo(instance);
            assertThat(s.rows()).isEqualTo(256);
            assertThat(s.rowSpacing()).isEqualTo(c.pixelSpacing());
            byte[] pool = Rasterizer.area(in, 256, 256);
            byte[] epi = Rasterizer.area(out, 256, 256);
            double poolMean = 0;
            double ringMean = 0;
            int np = 0;
            int nr = 0;
            for (int i = 0; i < pool.length; i++) {
                if (pool[i] != 0) {
                    poolMean += s.pixels()[i];
                    np++;
                } else if (epi[i] != 0) {
                    ringMean += s.pixels()[i];
                    nr++;
                }
            }
            assertThat(poolMean / np).isGreaterThan(2 * ringMean / nr);
        }
        DicomSlice lax = DicomReader.read(tmp.resolve("s/SC-HF-I-1")
                .resolve(String.format("IM-%04d-%04d.dcm", c.longAxisSeries(), 5)));
        assertThat(lax.instanceNumber()).isEqualTo(5);
        assertThat(lax.seriesDescription()).isEqualTo("CINE 4CH LAX");
    }

    @Test
    void refusesANonEmptyOutput() throws Exception {
        Files.writeString(Files.createDirectories(tmp.resolve("full")).resolve("x"), "x");
        assertThatThrownBy(() -> SyntheticSunnybrook.generate(tmp.resolve("full"), 1, 1))
                .isInstanceOf(BadInputException.class).hasMessageContaining("not empty");
    }
}
