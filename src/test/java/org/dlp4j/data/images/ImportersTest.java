package org.dlp4j.data.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.dlp4j.BadInputException;
import org.dlp4j.data.lmdb.Datum;
import org.dlp4j.data.lmdb.LmdbReader;
import org.dlp4j.data.lmdb.LmdbSummary;
import org.dlp4j.data.sunnybrook.ImportReport;
import org.dlp4j.data.sunnybrook.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportersTest {
    @TempDir
    Path tmp;

    static void gray(Path f, int rows, int cols, int type, int seed) throws Exception {
        BufferedImage img = new BufferedImage(cols, rows, type);
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                img.getRaster().setSample(x, y, 0, (x * 7 + y * 3 + seed) % (type == BufferedImage.TYPE_USHORT_GRAY
                        ? 4000 : 200));
            }
        }
        Files.createDirectories(f.getParent());
        ImageIO.write(img, "png", f.toFile());
    }

    static void mask(Path f, int rows, int cols, int fg) throws Exception {
        BufferedImage img = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < rows / 2; y++) {
            for (int x = 0; x < cols; x++) {
                img.getRaster().setSample(x, y, 0, fg);
            }
        }
        Files.createDirectories(f.getParent());
        ImageIO.write(img, "png", f.toFile());
    }

    @Test
    void imagesAndMasksMatchByStem() throws Exception {
        Path im = tmp.resolve("images");
        Path lb = tmp.resolve("labels");
        for (int i = 0; i < 5; i++) {
            gray(im.resolve("s" + i + ".png"), 8, 6, BufferedImage.TYPE_BYTE_GRAY, i);
            mask(lb.resolve("s" + i + ".png"), 8, 6, i == 0 ? 255 : 1);
        }
        gray(im.resolve("wide.png"), 8, 6, BufferedImage.TYPE_USHORT_GRAY, 1);
        mask(lb.resolve("wide.png"), 8, 6, 2);
        gray(im.resolve("lonely.png"), 8, 6, BufferedImage.TYPE_BYTE_GRAY, 1);
        gray(im.resolve("odd.png"), 8, 6, BufferedImage.TYPE_BYTE_GRAY, 1);
        mask(lb.resolve("odd.png"), 4, 6, 1);
        ImportReport r = new ImagesImporter(0.2, 0.2, 1, false, false).run(im, lb, tmp.resolve("ws"),
                ProgressListener.NONE);
        assertThat(r.written()).isEqualTo(6);
        // 7 matched stems, the odd-sized pair skipped first: the 6 usable ones split 4/1/1
        assertThat(r.casesPerSplit().get("train")).hasSize(4);
        assertThat(r.casesPerSplit().get("val")).hasSize(1);
        assertThat(r.casesPerSplit().get("test")).hasSize(1);
        assertThat(r.skippedFiles()).extracting(ImportReport.SkippedItem::reason)
                .anySatisfy(s -> assertThat(s).contains("lonely.png").contains("no mask"))
                .anySatisfy(s -> assertThat(s).contains("odd.png").contains("8x6").contains("4x6"));
        assertThat(r.warnings()).singleElement().asString().contains("1 mask(s)");
        Path data = tmp.resolve("ws/data");
        int[] classes = new int[256];
        for (String split : List.of("train", "val")) {
            try (LmdbReader ir = new LmdbReader(data.resolve(split + "_lmdb"));
                    LmdbReader lr = new LmdbReader(data.resolve(split + "_gt_lmdb"))) {
                ir.forEach((k, v) -> {
                    Datum d = Datum.decode(v);
                    assertThat(d.height()).isEqualTo(8);
                    assertThat(d.width()).isEqualTo(6);
                    byte[] m = Datum.decode(lr.get(k)).data();
                    for (byte b : m) {
                        classes[b & 0xff]++;
                    }
                    return true;
                });
            }
        }
        assertThat(classes[255]).isZero();
        int inLmdb = r.slicesPerSplit().get("train") + r.slicesPerSplit().get("val");
        assertThat(classes[0] + classes[1] + classes[2]).isEqualTo(inLmdb * 48);
        assertThat(classes[0]).isEqualTo(inLmdb * 24);
        try (var s = Files.list(data.resolve("test_labels"))) {
            assertThat(s.count()).isEqualTo((long) r.slicesPerSplit().get("test"));
        }
    }

    @Test
    void oneChannelCountPerDatasetJpegMasksRefusedAndSizesWarned() throws Exception {
        Path im = tmp.resolve("mixed/images");
        Path lb = tmp.resolve("mixed/labels");
        gray(im.resolve("a.png"), 8, 6, BufferedImage.TYPE_BYTE_GRAY, 1);
        mask(lb.resolve("a.png"), 8, 6, 1);
        BufferedImage rgb = new BufferedImage(6, 8, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(2, 3, 0x336699); // luminance 0.299*51 + 0.587*102 + 0.114*153 = 92.6
        ImageIO.write(rgb, "png", im.resolve("b.png").toFile());
        mask(lb.resolve("b.png"), 8, 6, 1);
        gray(im.resolve("c.png"), 4, 6, BufferedImage.TYPE_BYTE_GRAY, 2);
        mask(lb.resolve("c.png"), 4, 6, 1);
        gray(im.resolve("d.png"), 8, 6, BufferedImage.TYPE_BYTE_GRAY, 3);
        BufferedImage jm = new BufferedImage(6, 8, BufferedImage.TYPE_BYTE_GRAY);
        ImageIO.write(jm, "jpg", lb.resolve("d.jpg").toFile());
        ImportReport r = new ImagesImporter(0, 0, 1, false, false).run(im, lb, tmp.resolve("mixed/ws"),
                ProgressListener.NONE);
        assertThat(r.written()).isEqualTo(3);
        assertThat(r.skippedFiles()).extracting(ImportReport.SkippedItem::reason)
                .anySatisfy(x -> assertThat(x).contains("d.jpg").contains("JPEG mask").contains("PNG"));
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("2 different sizes").contains("4x6")
                .contains("8x6"));
        try (LmdbReader ir = new LmdbReader(tmp.resolve("mixed/ws/data/train_lmdb"))) {
            List<Integer> channels = new java.util.ArrayList<>();
            List<Integer> at32 = new java.util.ArrayList<>();
            ir.forEach((k, v) -> {
                Datum d = Datum.decode(v);
                channels.add(d.channels());
                if (d.height() == 8) {
                    at32.add((int) d.value(0, 3, 2));
                }
                return true;
            });
            assertThat(channels).containsOnly(1); // a.png (grey) came first: b.png became grey too
            assertThat(at32).hasSize(2).contains(2 * 7 + 3 * 3 + 1) // a.png's value there
                    .anySatisfy(v -> assertThat(v).as("b.png's colour as grey").isBetween(92, 93));
            LmdbSummary s = LmdbSummary.of(ir);
            assertThat(s.shapes()).containsEntry("1x8x6", 2L).containsEntry("1x4x6", 1L);
        }
    }

    @Test
    void eightBitImagesAreStoredAsTheyAre() throws Exception {
        Path im = tmp.resolve("i");
        Path lb = tmp.resolve("l");
        gray(im.resolve("a.png"), 3, 4, BufferedImage.TYPE_BYTE_GRAY, 5);
        mask(lb.resolve("a.png"), 3, 4, 1);
        new ImagesImporter(0, 0, 1, false, false).run(im, lb, tmp.resolve("ws"), ProgressListener.NONE);
        try (LmdbReader r = new LmdbReader(tmp.resolve("ws/data/train_lmdb"))) {
            Datum d = Datum.decode(r.get("00000000"));
            assertThat(d.value(0, 2, 3)).isEqualTo((3 * 7 + 2 * 3 + 5) % 200);
        }
        assertThatThrownBy(() -> new ImagesImporter(0, 0, 1, false, false).run(im, lb, tmp.resolve("ws"),
                ProgressListener.NONE)).isInstanceOf(BadInputException.class).hasMessageContaining("--force");
    }

    @Test
    void classFoldersBecomeLabels() throws Exception {
        Path dir = tmp.resolve("classes");
        for (int i = 0; i < 5; i++) {
            gray(dir.resolve("cat/c" + i + ".png"), 4, 4, BufferedImage.TYPE_BYTE_GRAY, i);
            gray(dir.resolve("dog/d" + i + ".png"), 4, 4, BufferedImage.TYPE_BYTE_GRAY, 50 + i);
        }
        Files.writeString(dir.resolve("dog/readme.txt"), "not an image");
        ClassesImporter.Result r = ClassesImporter.run(dir, tmp.resolve("ws"), 0.2, 1, false, ProgressListener.NONE);
        assertThat(r.classes()).containsExactly("cat", "dog");
        assertThat(r.perSplit()).containsEntry("train", 8).containsEntry("val", 2);
        assertThat(Files.readAllLines(tmp.resolve("ws/data/labels.txt"))).containsExactly("cat", "dog");
        int[] labels = new int[2];
        try (LmdbReader lr = new LmdbReader(tmp.resolve("ws/data/val_lmdb"))) {
            lr.forEach((k, v) -> {
                labels[Datum.decode(v).label()]++;
                return true;
            });
        }
        assertThat(labels).containsExactly(1, 1);
        // classes count what was written: an unreadable file is skipped, not counted; an empty class is warned of
        Path dir2 = tmp.resolve("classes2");
        gray(dir2.resolve("cat/c0.png"), 4, 4, BufferedImage.TYPE_BYTE_GRAY, 0);
        gray(dir2.resolve("cat/c1.png"), 4, 4, BufferedImage.TYPE_BYTE_GRAY, 1);
        Files.write(dir2.resolve("cat/broken.png"), new byte[] {1, 2, 3});
        Files.createDirectories(dir2.resolve("empty"));
        Files.writeString(dir2.resolve("empty/notes.txt"), "nothing");
        ClassesImporter.Result r2 = ClassesImporter.run(dir2, tmp.resolve("ws4"), 0, 1, false, ProgressListener.NONE);
        assertThat(r2.perClass()).containsEntry("cat", 2).containsEntry("empty", 0);
        assertThat(r2.skipped()).singleElement().asString().contains("broken.png");
        assertThat(r2.warnings()).anySatisfy(w -> assertThat(w).contains("'empty'").contains("label 1"));
        assertThatThrownBy(() -> ClassesImporter.run(tmp.resolve("nothing-here"), tmp.resolve("ws2"), 0.2, 1, false,
                ProgressListener.NONE)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> ClassesImporter.run(tmp, tmp.resolve("ws3"), Double.NaN, 1, false,
                ProgressListener.NONE)).isInstanceOf(BadInputException.class).hasMessageContaining("--val-fraction");
    }
}
