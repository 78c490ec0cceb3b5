package org.dlp4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.dlp4j.Json;
import org.dlp4j.cli.CoreCliTest.Run;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code dlp import} tells about what it left out, and the report of {@code import images}. */
class ImportCliTest {
    static final Path SUNNY = Path.of("../shared/data/sunnybrook");

    @TempDir
    Path tmp;

    /**
     * ../shared/data/sunnybrook holds the Cardiac Atlas layout (final_data/link.csv) and, beside it, challenge-layout
     * contours (SCD_ManualContours): the import reads the former and says that it left the latter out. A
     * --series-map entry naming a series the case lacks says so for each of its contours.
     */
    @Test
    void aTreeWithBothLayoutsReportsTheContoursLeftOutAndAMissingMappedSeriesIsNamed() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(SUNNY), "../shared/data absent");
        Path map = Files.writeString(tmp.resolve("map.csv"), "case,series\nSC-HF-I-1,999\n");
        Run r = CoreCliTest.dlp("import", "sunnybrook", SUNNY.toString(), "--out", tmp.resolve("ws").toString(),
                "--series-map", map.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        String leftOut = "2 contour file(s) under SCD_ManualContours were not imported (e.g. "
                + Path.of("SCD_ManualContours/SC-HF-I-04/contours-manual/IRCCI-expert/IM-0001-0060-p1contour-manual.txt")
                + ")";
        assertThat(r.err()).contains("warning: " + leftOut).contains("holds a Cardiac Atlas layout (link.csv)");
        JsonNode j = Json.MAPPER.readTree(r.out());
        assertThat(j.get("warnings").toString()).contains(leftOut);
        String missing = "the series 999 that --series-map names for SC-HF-I-1 was not found: its DICOM images are in"
                + " series 300";
        JsonNode c1 = j.get("cases").get(0);
        assertThat(c1.get("id").asText()).isEqualTo("SC-HF-I-1");
        assertThat(c1.get("paired").asInt()).isZero();
        assertThat(c1.get("skipped")).hasSize(5); // the map entry and its 4 contours
        for (JsonNode s : c1.get("skipped")) {
            assertThat(s.get("reason").asText()).contains(missing).doesNotContain("no readable DICOM");
        }
        assertThat(j.get("cases").get(1).get("paired").asInt()).isEqualTo(3); // the other cases are as before
    }

    @Test
    void importImagesPrintsItsOwnSummaryNotTheSunnybrookTable() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("images"));
        Path labels = Files.createDirectories(tmp.resolve("labels"));
        for (int k = 0; k < 5; k++) {
            BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
            img.getRaster().setSample(k, k, 0, 200);
            ImageIO.write(img, "png", images.resolve("s" + k + ".png").toFile());
            BufferedImage mask = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
            mask.getRaster().setSample(k, k, 0, 1);
            ImageIO.write(mask, "png", labels.resolve("s" + k + ".png").toFile());
        }
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY), "png", images.resolve("alone.png")
                .toFile());
        Run r = CoreCliTest.dlp("import", "images", "--images", images.toString(), "--labels", labels.toString(),
                "--out", tmp.resolve("ws").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("imported 5 image/mask pair(s): train 3, val 1, test 1")
                .contains("skipped: " + images.resolve("alone.png") + ": no mask with the same name in " + labels)
                .contains("wrote " + tmp.resolve("ws/data").toAbsolutePath())
                .doesNotContain("split").doesNotContain("paired");
    }

    @Test
    void threadsOutsideOneToFourPerCoreIsBadInputNamingTheFlag() {
        int most = 4 * Runtime.getRuntime().availableProcessors();
        for (String bad : new String[] {"-1", "0", Integer.toString(most + 1)}) {
            Run r = CoreCliTest.dlp("import", "sunnybrook", tmp.toString(), "--out", tmp.resolve("ws").toString(),
                    "--threads", bad);
            assertThat(r.code()).as(bad + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).contains("--threads must be 1.." + most).contains("got " + bad)
                    .doesNotContain("internal error");
        }
        assertThat(tmp.resolve("ws")).doesNotExist();
    }
}
