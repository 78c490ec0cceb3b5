package org.dlp4j.data.sunnybrook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.dlp4j.Json;
import org.dlp4j.data.contour.Contour;
import org.dlp4j.data.contour.ContourFile;
import org.dlp4j.data.contour.ContourKind;
import org.dlp4j.data.contour.Rasterizer;
import org.dlp4j.data.lmdb.Datum;
import org.dlp4j.data.lmdb.LmdbReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports the real Sunnybrook files in ../shared/data (Cardiac Atlas final_data layout and challenge files). */
class RealSunnybrookImportTest {
    static final Path SUNNY = Path.of("../shared/data/sunnybrook");

    @TempDir
    static Path tmp;
    static ImportReport report;
    static Path data;

    @BeforeAll
    static void importOnce() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(SUNNY));
        report = SunnybrookImporter.builder().seed(3).build().run(SUNNY, tmp.resolve("ws"), ProgressListener.NONE);
        data = tmp.resolve("ws/data");
    }

    @Test
    void everyIContourIsPairedWithItsInstance() throws Exception {
        assertThat(report.layout()).isEqualTo("cap");
        assertThat(report.cases()).extracting(ImportReport.CaseReport::id)
                .containsExactly("SC-HF-I-1", "SC-HF-I-2", "SC-HF-I-4");
        assertThat(report.cases()).extracting(ImportReport.CaseReport::paired).containsExactly(4, 3, 3);
        assertThat(report.skippedCount()).isZero();
        assertThat(report.written()).isEqualTo(10);
        assertThat(report.casesPerSplit().values()).allSatisfy(l -> assertThat(l).hasSize(1));
        JsonNode ds = Json.MAPPER.readTree(data.resolve("dataset.json").toFile());
        assertThat(ds.get("slices")).hasSize(10);
        for (JsonNode s : ds.get("slices")) {
            int n = s.get("instanceNumber").asInt();
            String patient = switch (s.get("case").asText()) {
                case "SC-HF-I-1" -> "SCD0000101";
                case "SC-HF-I-2" -> "SCD0000201";
                default -> "SCD0000301";
            };
            assertThat(Path.of(s.get("dicom").asText())).endsWith(Path.of("dicoms", patient, n + ".dcm"));
            assertThat(s.get("contour").asText()).endsWith(String.format("IM-0001-%04d-icontour-manual.txt", n));
            assertThat(s.get("name").asText()).isEqualTo(s.get("case").asText() + String.format("_IM-0001-%04d", n));
        }
    }

    @Test
    void masksMatchShoelaceAndBloodPoolIsBrighterThanMyocardium() throws Exception {
        JsonNode ds = Json.MAPPER.readTree(data.resolve("dataset.json").toFile());
        int ringsChecked = 0;
        for (JsonNode s : ds.get("slices")) {
            byte[] image;
            byte[] label;
            String split = s.get("split").asText();
            if (split.equals("test")) {
                image = gray(data.resolve(s.get("image").asText()));
                label = gray(data.resolve(s.get("label").asText()));
                assertThat(ds.get("pixelSpacing").get(s.get("name").asText() + ".png")).isNotNull();
            } else {
                try (LmdbReader ir = new LmdbReader(data.resolve(split + "_lmdb"));
                        LmdbReader lr = new LmdbReader(data.resolve(split + "_gt_lmdb"))) {
                    Datum img = Datum.decode(ir.get(s.get("key").asText()));
                    Datum lab = Datum.decode(lr.get(s.get("key").asText()));
                    assertThat(img.height()).isEqualTo(256);
                    assertThat(lab.channels()).isEqualTo(1);
                    image = img.data();
                    label = lab.data();
                }
            }
            Contour c = ContourFile.read(Path.of(s.get("contour").asText()));
            int lv = Rasterizer.count(label);
            assertThat(Math.abs(lv - c.area()) / c.area()).isLessThan(0.01);
            for (byte b : label) {
                if (b != 0 && b != 1) {
                    org.junit.jupiter.api.Assertions.fail("label value " + b);
                }
            }
            if (s.has("ocontour")) {
                byte[] epi = Rasterizer.area(ContourFile.read(Path.of(s.get("ocontour").asText())), 256, 256);
                double in = 0;
                double ring = 0;
                int nin = 0;
                int nring = 0;
                for (int i = 0; i < label.length; i++) {
                    if (label[i] != 0) {
                        in += image[i] & 0xff;
                        nin++;
                    } else if (epi[i] != 0) {
                        ring += image[i] & 0xff;
                        nring++;
                    }
                }
                assertThat(in / nin).as(s.get("name").asText()).isGreaterThan(ring / nring + 20);
                ringsChecked++;
            }
        }
        assertThat(ringsChecked).isEqualTo(7);
    }

    @Test
    void imageAndLabelDatabasesShareKeys() {
        for (String split : List.of("train", "val")) {
            try (LmdbReader ir = new LmdbReader(data.resolve(split + "_lmdb"));
                    LmdbReader lr = new LmdbReader(data.resolve(split + "_gt_lmdb"))) {
                assertThat(ir.count()).isEqualTo(lr.count()).isPositive();
                List<String> a = new java.util.ArrayList<>();
                List<String> b = new java.util.ArrayList<>();
                ir.forEach((k, v) -> a.add(k));
                lr.forEach((k, v) -> b.add(k));
                assertThat(a).isEqualTo(b).first().isEqualTo("00000000");
            }
        }
    }

    @Test
    void challengeLayoutIgnoresPapillaryContours(@TempDir Path t) throws Exception {
        // challenge layout from real files: images under SC-HF-I-4 (unpadded), contours under SC-HF-I-04
        Path src = t.resolve("src");
        Path img = Files.createDirectories(src.resolve("challenge_training/SC-HF-I-4"));
        for (String n : List.of("20", "40", "60")) {
            Files.copy(SUNNY.resolve("final_data/dicoms/SCD0000301/" + n + ".dcm"), img.resolve("IM-0116-00" + n
                    + ".dcm"));
        }
        Path expert = Files.createDirectories(src.resolve("contours/SC-HF-I-04/contours-manual/IRCCI-expert"));
        Files.copy(SUNNY.resolve("SCD_ManualContours/SC-HF-I-04/contours-manual/IRCCI-expert/"
                + "IM-0001-0060-p1contour-manual.txt"), expert.resolve("IM-0001-0060-p1contour-manual.txt"));
        Path icontour = SUNNY.resolve("final_data/contourfiles/SC-HF-I-4/i-contours/IM-0001-0060-icontour-manual.txt");
        Files.copy(icontour, expert.resolve("IM-0001-0060-icontour-manual.txt"));
        ImportReport r = SunnybrookImporter.builder().build().run(src, t.resolve("ws"), ProgressListener.NONE);
        assertThat(r.layout()).isEqualTo("challenge");
        assertThat(r.cases()).hasSize(1);
        ImportReport.CaseReport c = r.cases().get(0);
        assertThat(c.id()).isEqualTo("SC-HF-I-4");
        assertThat(c.contoursFound()).isEqualTo(1);
        assertThat(c.paired()).isEqualTo(1);
        assertThat(c.ignoredContours()).singleElement().asString().contains("p1contour");
        try (LmdbReader lr = new LmdbReader(t.resolve("ws/data/train_gt_lmdb"))) {
            byte[] mask = Datum.decode(lr.get("00000000")).data();
            assertThat(mask).isEqualTo(Rasterizer.area(ContourFile.read(icontour), 256, 256));
            assertThat(mask).isNotEqualTo(Rasterizer.area(ContourFile.read(expert.resolve(
                    "IM-0001-0060-p1contour-manual.txt")), 256, 256));
        }
        assertThat(ContourKind.of(expert.resolve("IM-0001-0060-p1contour-manual.txt")))
                .isEqualTo(ContourKind.PAPILLARY_1);
    }

    static byte[] gray(Path png) throws Exception {
        BufferedImage img = ImageIO.read(png.toFile());
        byte[] b = new byte[img.getWidth() * img.getHeight()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) img.getRaster().getSample(i % img.getWidth(), i / img.getWidth(), 0);
        }
        return b;
    }
}
