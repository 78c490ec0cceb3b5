package org.dlp4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dlp4j.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** synth → import --json → lmdb inspect through the CLI, and its exit codes. */
class DataCommandsTest {
    @TempDir
    Path tmp;

    private int run(StringWriter out, StringWriter err, String... args) {
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void synthImportInspect() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path syn = tmp.resolve("syn");
        assertThat(run(out, err, "synth", "sunnybrook", "--out", syn.toString(), "--cases", "1", "--seed", "9",
                "--json")).as(err.toString()).isZero();
        JsonNode s = Json.MAPPER.readTree(out.toString());
        assertThat(s.get("images").asInt()).isEqualTo(36);
        assertThat(s.get("contours").asInt()).isEqualTo(16);
        assertThat(s.get("out").asText()).isEqualTo(syn.toAbsolutePath().toString());
        assertThat(run(new StringWriter(), err = new StringWriter(), "synth", "sunnybrook", "--out", syn.toString()))
                .isEqualTo(2);

        out = new StringWriter();
        err = new StringWriter();
        Path ws = tmp.resolve("ws");
        assertThat(run(out, err, "import", "sunnybrook", syn.toString(), "--out", ws.toString(), "--json"))
                .as(err.toString()).isZero();
        JsonNode r = Json.MAPPER.readTree(out.toString());
        assertThat(r.get("slicesPerSplit").get("train").asInt()).isEqualTo(8);
        assertThat(r.get("workspace").asText()).isEqualTo(ws.resolve("data").toAbsolutePath().toString());
        assertThat(err.toString()).contains("only 1 usable case").contains("8/8 slices");

        out = new StringWriter();
        assertThat(run(out, err, "lmdb", "inspect", ws.resolve("data/train_gt_lmdb").toString(), "--json")).isZero();
        JsonNode l = Json.MAPPER.readTree(out.toString());
        assertThat(l.get("count").asInt()).isEqualTo(8);
        assertThat(l.get("kind").asText()).isEqualTo("labels");
        assertThat(l.get("labelHistogram").get("0").asLong() + l.get("labelHistogram").get("1").asLong())
                .isEqualTo(8L * 256 * 256);
        assertThat(Files.exists(ws.resolve("data/dataset.json"))).isTrue();
    }

    @Test
    void importImagesAndClassesExitTwoOnUnusableInput() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        StringWriter err = new StringWriter();
        assertThat(run(new StringWriter(), err, "import", "images", "--images", a.toString(), "--labels",
                b.toString(), "--out", tmp.resolve("ws").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no image/mask pairs");
        err = new StringWriter();
        assertThat(run(new StringWriter(), err, "import", "classes", a.toString(), "--out",
                tmp.resolve("ws").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no class subfolders");
    }
}
