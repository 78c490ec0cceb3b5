package org.dlp4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.dlp4j.train.MetricsLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job end to end at a reduced size: a broken pipeline (all background) would score Dice 0. */
class DemoTest {
    @TempDir
    Path tmp;

    @Test
    void demoRunsTheWholeTutorialAndEndsWithDice() throws Exception {
        Path ws = tmp.resolve("ws");
        CoreCliTest.Run r = CoreCliTest.dlp("demo", "--ws", ws.toString(), "--cases", "4", "--iterations", "200",
                "--seed", "3");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        String last = lines.get(lines.size() - 1);
        assertThat(last).matches("Dice: \\d\\.\\d{3}");
        double dice = Double.parseDouble(last.substring(6));
        assertThat(dice).isGreaterThan(0.6);
        for (String p : List.of("data/train_lmdb/data.mdb", "data/val_gt_lmdb/data.mdb", "data/dataset.json",
                "nets/fcn-small/deploy.prototxt", "nets/fcn-small/labels.txt", "runs/demo/metrics.jsonl",
                "runs/demo/run.json", "runs/demo/plots/dice.png", "predictions/demo/predictions.csv",
                "predictions/demo/scores.csv")) {
            assertThat(ws.resolve(p)).as(p).exists();
        }
        List<JsonNode> metrics = MetricsLog.read(ws.resolve("runs/demo/metrics.jsonl"));
        assertThat(metrics).anySatisfy(n -> assertThat(n.path("iteration").asInt()).isEqualTo(200));
        assertThat(metrics).filteredOn(n -> n.has("dice")).isNotEmpty();
        long overlays;
        long tests;
        try (Stream<Path> a = Files.list(ws.resolve("predictions/demo/overlays"));
                Stream<Path> b = Files.list(ws.resolve("data/test_images"))) {
            overlays = a.count();
            tests = b.count();
        }
        assertThat(overlays).isEqualTo(tests).isGreaterThan(0);
        assertThat(r.err()).contains("== 6. Evaluation").contains("good contours");

        // README's Java API example continues this run and segments a held-out slice
        Path slice;
        try (Stream<Path> s = Files.list(ws.resolve("data/test_images"))) {
            slice = s.sorted().findFirst().orElseThrow();
        }
        int lv = org.dlp4j.readme.ReadmeSnippet.run(ws, slice);
        int truth = org.dlp4j.deploy.MaskIO.readClasses(ws.resolve("data/test_labels").resolve(slice.getFileName()))
                .foregroundCount();
        assertThat((double) lv).isCloseTo(truth, org.assertj.core.api.Assertions.within(0.5 * truth));

        // someone else's folder is refused; the demo's own folder is reused
        Path other = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(other.resolve("thesis.tex"), "x");
        CoreCliTest.Run refused = CoreCliTest.dlp("demo", "--ws", other.toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("--force");
        assertThat(other.resolve("thesis.tex")).exists();
        CoreCliTest.Run byOut = CoreCliTest.dlp("demo", "--out", other.toString()); // as other commands name it
        assertThat(byOut.code()).isEqualTo(2);
        assertThat(byOut.err()).contains(other + " exists and was not made by dlp demo");

        // --json: one object on stdout instead of the Dice line, its dice the MEAN row of scores.csv
        CoreCliTest.Run j = CoreCliTest.dlp("demo", "--ws", ws.toString(), "--cases", "3", "--iterations", "20",
                "--seed", "3", "--json");
        assertThat(j.code()).as(j.err()).isZero();
        assertThat(j.out().strip().lines().count()).as(j.out()).isEqualTo(1);
        JsonNode o = org.dlp4j.Json.MAPPER.readTree(j.out());
        assertThat(o.path("iterations").asInt()).isEqualTo(20);
        assertThat(o.path("net").asText()).isEqualTo("fcn-small");
        assertThat(Path.of(o.path("weights").asText())).exists();
        String mean = Files.readAllLines(ws.resolve("predictions/demo/scores.csv")).stream()
                .filter(l -> l.startsWith("MEAN,")).findFirst().orElseThrow();
        assertThat(o.path("dice").asDouble()).isCloseTo(Double.parseDouble(mean.split(",")[1]),
                org.assertj.core.api.Assertions.within(1e-3));
        assertThat(o.path("slices").asInt()).isEqualTo(8);
        assertThat(j.err()).contains("infer [").contains("8/8 img"); // the inference step shows its progress
        if (o.path("apd_mm").isNull()) { // 20 iterations: usually no contour found at all
            assertThat(j.err()).contains("APD n/a (no slice has both").doesNotContain("NaN");
        }
    }

    @Test
    void badIterationsOrGpuAreRefusedBeforeAnythingIsGenerated() throws Exception {
        Path ws = tmp.resolve("early");
        CoreCliTest.Run r = CoreCliTest.dlp("demo", "--ws", ws.toString(), "--iterations", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--iterations must be at least 1").doesNotContain("== 2.");
        assertThat(ws).doesNotExist();
        org.junit.jupiter.api.Assumptions.assumeFalse(org.dlp4j.caffe.Caffe.hasGpuNatives());
        CoreCliTest.Run g = CoreCliTest.dlp("demo", "--ws", ws.toString(), "--gpu", "0");
        assertThat(g.code()).isEqualTo(2);
        assertThat(g.err()).contains("GPU 0").contains("CPU-only").doesNotContain("== 2.");
        assertThat(ws).doesNotExist();
    }
}
