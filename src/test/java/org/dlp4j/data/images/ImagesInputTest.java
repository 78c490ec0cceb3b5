package org.dlp4j.data.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.dlp4j.BadInputException;
import org.dlp4j.cli.Main;
import org.dlp4j.data.dicom.DicomReader;
import org.dlp4j.data.sunnybrook.ImportReport;
import org.dlp4j.data.sunnybrook.ProgressListener;
import org.dlp4j.testing.TinyDicom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Masks that are grey images, colour-table DICOMs, an unwritable --out. */
class ImagesInputTest {
    private static void grey(Path f, int rows, int cols, int levels) throws Exception {
        BufferedImage img = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                img.getRaster().setSample(x, y, 0, (y * cols + x) % levels);
            }
        }
        Files.createDirectories(f.getParent());
        ImageIO.write(img, "png", f.toFile());
    }

    @Test
    void aGreyImageAsMaskIsSkippedWithTheReason(@TempDir Path tmp) throws Exception {
        Path im = tmp.resolve("images");
        Path lb = tmp.resolve("labels");
        for (int i = 0; i < 3; i++) {
            grey(im.resolve("a" + i + ".png"), 12, 10, 200);
            grey(lb.resolve("a" + i + ".png"), 12, 10, 3); // classes 0, 1, 2: kept
        }
        grey(im.resolve("photo.png"), 12, 10, 200);
        grey(lb.resolve("photo.png"), 12, 10, 120); // 120 values 0..119: a grey image
        grey(im.resolve("edge.png"), 12, 10, 200);
        grey(lb.resolve("edge.png"), 12, 10, 65); // one more than the most a mask may hold
        ImportReport r = new ImagesImporter(0, 0, 1, false, false).run(im, lb, tmp.resolve("ws"),
                ProgressListener.NONE);
        assertThat(r.slicesPerSplit().get("train")).isEqualTo(3);
        List<String> reasons = r.skippedFiles().stream().map(ImportReport.SkippedItem::reason).toList();
        assertThat(reasons).containsExactlyInAnyOrder(
                lb.resolve("edge.png") + ": 65 different values (0..64); a mask holds class indices (0 background,"
                        + " 1, 2, ...; 255 ignore), this looks like a grey image or a mask that was smoothed, resized"
                        + " or saved as JPEG: save the mask with only its class values (nearest-neighbour resizing)",
                lb.resolve("photo.png") + ": 120 different values (0..119); a mask holds class indices (0"
                        + " background, 1, 2, ...; 255 ignore), this looks like a grey image or a mask that was"
                        + " smoothed, resized or saved as JPEG: save the mask with only its class values"
                        + " (nearest-neighbour resizing)");
    }

    @Test
    void aPaletteColourDicomIsRefusedByName(@TempDir Path tmp) throws Exception {
        Path f = Files.write(tmp.resolve("palette.dcm"), new TinyDicom().us(0x0028, 0x0002, 1)
                .str(0x0028, 0x0004, "CS", "PALETTE COLOR").us(0x0028, 0x0010, 2).us(0x0028, 0x0011, 3)
                .us(0x0028, 0x0100, 16).us(0x0028, 0x0101, 16).pixels16(new short[] {1, 2, 3, 4, 5, 6}).bytes());
        assertThatThrownBy(() -> DicomReader.read(f)).isInstanceOf(BadInputException.class)
                .hasMessage(f + ": a colour DICOM (PALETTE COLOR: its values are indices into a colour table, not"
                        + " grey levels); dlp reads grey images (MONOCHROME1/2, one sample per pixel)");
        StringWriter err = new StringWriter();
        assertThat(Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "dicom", "info",
                f.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("PALETTE COLOR");
    }

    @Test
    void anUnwritableOutIsExit2NamingIt(@TempDir Path tmp) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")));
        grey(tmp.resolve("images/a.png"), 4, 4, 200);
        grey(tmp.resolve("labels/a.png"), 4, 4, 2);
        StringWriter err = new StringWriter();
        assertThat(Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "import", "images",
                "--images", tmp.resolve("images").toString(), "--labels", tmp.resolve("labels").toString(),
                "--out", "/proc/dlp4j-no-such/ws")).isEqualTo(2);
        assertThat(err.toString()).contains("cannot write /proc/dlp4j-no-such/ws (")
                .doesNotContain("\tat ");
    }

    @Test
    void classesAndSynthSayAnUnwritableOutByName(@TempDir Path tmp) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")));
        grey(tmp.resolve("src/cat/a.png"), 4, 4, 200);
        grey(tmp.resolve("src/dog/b.png"), 4, 4, 200);
        StringWriter err = new StringWriter();
        assertThat(Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "import", "classes",
                tmp.resolve("src").toString(), "--out", "/proc/dlp4j-no-such/ws")).isEqualTo(2);
        // was "file not found: /proc/dlp4j-no-such"
        assertThat(err.toString()).contains("cannot write /proc/dlp4j-no-such/ws (").doesNotContain("\tat ");
        err = new StringWriter();
        assertThat(Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "synth", "sunnybrook",
                "--out", "/proc/dlp4j-no-such", "--cases", "1")).isEqualTo(2);
        // was "file not found: /proc/.dlp4j-no-such.tmp-<pid>-1", a temp folder's name
        assertThat(err.toString()).contains("cannot write /proc/dlp4j-no-such (").doesNotContain(".tmp-");
    }
}
