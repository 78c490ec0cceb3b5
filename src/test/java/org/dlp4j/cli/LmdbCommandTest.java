package org.dlp4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.dlp4j.Json;
import org.dlp4j.data.lmdb.Datum;
import org.dlp4j.data.lmdb.LmdbWriter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LmdbCommandTest {
    @TempDir
    Path tmp;

    private JsonNode run(int expectCode, String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        assertThat(code).as(err.toString()).isEqualTo(expectCode);
        return expectCode == 0 ? Json.MAPPER.readTree(out.toString()) : null;
    }

    @Test
    void inspectsTheMiniCaffePythonLmdb() throws Exception {
        Path db = Path.of("../shared/data/lmdb/miniCaffePython/test_lmdb");
        Assumptions.assumeTrue(Files.isDirectory(db));
        Path png = tmp.resolve("rec.png");
        JsonNode j = run(0, "lmdb", "inspect", db.toString(), "--json", "--dump", "0", "--out", png.toString());
        assertThat(j.get("count").asLong()).isEqualTo(380);
        assertThat(j.get("channels").asInt()).isEqualTo(3);
        assertThat(j.get("height").asInt()).isEqualTo(32);
        assertThat(j.get("width").asInt()).isEqualTo(32);
        assertThat(j.get("encoding").asText()).isEqualTo("uint8");
        assertThat(j.get("firstKey").asText()).isEqualTo("00000000_N1806522622_1.png");
        assertThat(j.get("labelHistogram").get("0").asLong()).isEqualTo(55);
        assertThat(j.get("labelHistogram").get("1").asLong()).isEqualTo(325);
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(32);
    }

    @Test
    void labelRecordsDumpAsClassIndices() throws Exception {
        Path db = tmp.resolve("gt_lmdb");
        try (LmdbWriter w = new LmdbWriter(db)) {
            w.add(Datum.ofBytes(1, 2, 3, new byte[] {0, 1, 1, 0, 0, 1}, 0).encode());
            w.add(Datum.ofBytes(1, 2, 3, new byte[] {0, 0, 0, 0, 1, 1}, 0).encode());
            w.commit();
        }
        Path png = tmp.resolve("label.png");
        JsonNode j = run(0, "lmdb", "inspect", db.toString(), "--json", "--dump", "00000000", "--out", png.toString());
        assertThat(j.get("kind").asText()).isEqualTo("labels");
        assertThat(j.get("labelHistogram").get("0").asLong()).isEqualTo(7);
        assertThat(j.get("labelHistogram").get("1").asLong()).isEqualTo(5);
        assertThat(j.get("lastKey").asText()).isEqualTo("00000001");
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getRaster().getSample(1, 0, 0)).isEqualTo(1);
        assertThat(img.getRaster().getSample(0, 0, 0)).isEqualTo(0);
        assertThat(img.getRaster().getSample(2, 1, 0)).isEqualTo(1);
        run(2, "lmdb", "inspect", db.toString(), "--dump", "77", "--out", png.toString());
        run(2, "lmdb", "inspect", tmp.toString());
    }

    @Test
    void encodedRecordsDumpTheirPngAsStoredAndJpegAsPng() throws Exception {
        byte[] labelPng = org.dlp4j.data.images.Png.encodeGray(new byte[] {0, 1, 1, 0, 0, 1}, 2, 3);
        BufferedImage grey = new BufferedImage(8, 4, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 8; x++) {
                grey.getRaster().setSample(x, y, 0, 100);
            }
        }
        java.io.ByteArrayOutputStream jpeg = new java.io.ByteArrayOutputStream();
        assertThat(ImageIO.write(grey, "jpg", jpeg)).isTrue();
        Path db = tmp.resolve("encoded_lmdb");
        try (LmdbWriter w = new LmdbWriter(db)) {
            w.add(new Datum(1, 2, 3, labelPng, 0, null, true).encode());
            w.add(new Datum(1, 4, 8, jpeg.toByteArray(), 0, null, true).encode());
            w.add(new Datum(1, 4, 8, new byte[] {1, 2, 3, 4, 5}, 0, null, true).encode());
            w.commit();
        }
        Path png = tmp.resolve("label.png");
        JsonNode j = run(0, "lmdb", "inspect", db.toString(), "--json", "--dump", "0", "--out", png.toString());
        assertThat(j.get("encoding").asText()).isEqualTo("encoded");
        assertThat(j.get("dumpedKey").asText()).isEqualTo("00000000");
        assertThat(Files.readAllBytes(png)).as("a stored PNG is written byte for byte").isEqualTo(labelPng);

        Path fromJpeg = tmp.resolve("jpeg.png");
        run(0, "lmdb", "inspect", db.toString(), "--json", "--dump", "00000001", "--out", fromJpeg.toString());
        assertThat(Files.readAllBytes(fromJpeg)).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        BufferedImage back = ImageIO.read(fromJpeg.toFile());
        assertThat(back.getWidth()).isEqualTo(8);
        assertThat(back.getHeight()).isEqualTo(4);
        assertThat(back.getRaster().getSample(3, 2, 0)).isBetween(97, 103);

        Path none = tmp.resolve("broken.png");
        run(2, "lmdb", "inspect", db.toString(), "--dump", "2", "--out", none.toString());
        assertThat(none).doesNotExist();
    }
}
