package org.dlp4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dlp4j.testing.TinySegmentation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCliTest {
    @TempDir
    Path ws;

    @Test
    void aCheckFailureInsideCaffeExits3AndAGoodRunCompletes() throws Exception {
        TinySegmentation.writeLmdbs(ws, 16, 8, 4, 3);
        Path solver = TinySegmentation.writeNetAndSolver(ws, 20, 10, 1, 0.01);
        Path net = ws.resolve("nets/tiny/train_val.prototxt");
        String good = Files.readString(net);
        // passes Java validation (shapes included); Caffe's ContrastiveLoss CHECKs its inputs are N x C x 1 x 1
        Files.writeString(net, good + """
                layer { name: "bad_loss" type: "ContrastiveLoss" bottom: "conv1" bottom: "conv1" bottom: "conv1"
                        top: "bad_loss" }
                """);
        CoreCliTest.Run r = CoreCliTest.dlp("train", "--solver", "nets/tiny/solver.prototxt", "--ws", ws.toString(),
                "--run", "bad");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("Check failed").contains("No snapshot had been written yet")
                .contains(ws.resolve("runs/bad").toString());
        assertThat(Files.readString(ws.resolve("runs/bad/run.json"))).contains("\"outcome\" : \"crashed\"");

        Files.writeString(net, good);
        CoreCliTest.Run ok = CoreCliTest.dlp("train", "--solver", solver.toString(), "--ws", ws.toString(),
                "--run", "good", "--max-iter", "10", "--json");
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("\"outcome\":\"completed\"").contains("\"iteration\":10");
        assertThat(ok.err()).contains("training completed").contains("test @ 10").doesNotContain("note:");
        CoreCliTest.Run late = CoreCliTest.dlp("train", "--solver", solver.toString(), "--ws", ws.toString(),
                "--run", "late", "--max-iter", "2", "--test-interval", "50");
        assertThat(late.code()).isZero();
        assertThat(late.err()).contains("note: --test-interval 50 is beyond --max-iter 2: the net is tested only before"
                + " training (iteration 0)");
        assertThat(ws.resolve("runs/good/snapshots/tiny_iter_10.caffemodel")).exists();
        assertThat(Files.readString(solver)).contains("max_iter: 20");
    }

    @Test
    void aDivergedRunFailsWithTheJsonErrorObject() throws Exception {
        TinySegmentation.writeLmdbs(ws, 8, 4, 4, 3);
        Path solver = TinySegmentation.writeNetAndSolver(ws, 200, 0, 1, 1e30);
        Files.writeString(solver, Files.readString(solver).replace("type: \"Adam\"", "type: \"SGD\""));
        CoreCliTest.Run r = CoreCliTest.dlp("train", "--solver", solver.toString(), "--ws", ws.toString(), "--run",
                "nan", "--json");
        assertThat(r.code()).isEqualTo(1);
        com.fasterxml.jackson.databind.JsonNode o = org.dlp4j.Json.MAPPER.readTree(r.out().strip());
        assertThat(o.path("outcome").asText()).isEqualTo("diverged");
        assertThat(o.path("exit_code").asInt()).isEqualTo(1);
        assertThat(o.path("error").asText()).contains("at iteration " + o.path("iteration").asInt());
    }

    @Test
    void missingSolverAndBothWeightsAndResumeAreBadInput() throws Exception {
        CoreCliTest.Run r = CoreCliTest.dlp("train", "--solver", ws.resolve("nope.prototxt").toString(), "--run",
                ws.resolve("r").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("nope.prototxt").contains("not found");
    }

    @Test
    void badOverridesAreRefusedNamingTheFlagBeforeARunFolderExists() throws Exception {
        TinySegmentation.writeLmdbs(ws, 8, 4, 4, 3);
        TinySegmentation.writeNetAndSolver(ws, 20, 10, 1, 0.01);
        String[][] cases = {{"--max-iter", "0"}, {"--test-interval", "-5"}, {"--snapshot", "-1"}, {"--gpu", "-1"}};
        for (String[] c : cases) {
            CoreCliTest.Run r = CoreCliTest.dlp("train", "--solver", "nets/tiny/solver.prototxt", "--ws", ws.toString(),
                    "--run", "bad7", c[0], c[1]);
            assertThat(r.code()).as(c[0]).isEqualTo(2);
            assertThat(r.err()).as(c[0]).startsWith("dlp train: " + c[0]).contains(c[1]).doesNotContain("solver.prototxt:");
            assertThat(ws.resolve("runs/bad7")).as(c[0]).doesNotExist();
        }
    }

    @Test
    void aRunThatFailedBeforeAnySnapshotCanBeRerunUnderItsNameButASnapshottedOneIsKept() throws Exception {
        TinySegmentation.writeLmdbs(ws, 8, 4, 4, 3);
        TinySegmentation.writeNetAndSolver(ws, 2, 0, 1, 0.01);
        // weights of another net: conv1 with 3 outputs where the tiny net has 8
        Path other = ws.resolve("other.caffemodel");
        org.dlp4j.caffe.CaffeModelFile.Blob w = new org.dlp4j.caffe.CaffeModelFile.Blob(new long[] {3, 1, 3, 3}, false,
                new float[27]);
        new org.dlp4j.caffe.CaffeModelFile("other", java.util.List.of(new org.dlp4j.caffe.CaffeModelFile.Layer("conv1",
                "Convolution", java.util.List.of(w))), false).write(other);
        String[] base = {"train", "--solver", "nets/tiny/solver.prototxt", "--ws", ws.toString(), "--run", "bad1", "--json"};
        CoreCliTest.Run bad = CoreCliTest.dlp(concat(base, "--weights", other.toString()));
        assertThat(bad.code()).as(bad.err()).isEqualTo(2);
        assertThat(Files.readString(ws.resolve("runs/bad1/run.json"))).contains("\"outcome\" : \"failed\"");
        CoreCliTest.Run nothing = CoreCliTest.dlp(concat(base, "--resume", "latest"));
        assertThat(nothing.code()).isEqualTo(2);
        assertThat(nothing.err()).contains("failed before its first snapshot").contains("without --resume");

        CoreCliTest.Run rerun = CoreCliTest.dlp(base);
        assertThat(rerun.code()).as(rerun.err()).isZero();
        assertThat(rerun.err()).contains("replacing run folder " + ws.resolve("runs/bad1"))
                .contains("its earlier run failed before writing any snapshot");
        String runJson = Files.readString(ws.resolve("runs/bad1/run.json"));
        assertThat(runJson).contains("\"outcome\" : \"completed\"").doesNotContain("other.caffemodel");
        // no test pass (test_interval 0): JSON nulls, not "NaN" strings or -1
        assertThat(rerun.out()).contains("\"best_dice\":null").contains("\"best_dice_iteration\":null")
                .containsPattern("\"final_loss\":\\d");
        assertThat(rerun.err()).contains("best Dice n/a");
        try (java.util.stream.Stream<Path> s = Files.list(ws.resolve("runs"))) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("bad1"); // nothing left aside
        }
        assertThat(ws.resolve("runs/bad1/snapshots/.partial")).doesNotExist();

        CoreCliTest.Run kept = CoreCliTest.dlp(base);
        assertThat(kept.code()).isEqualTo(2);
        assertThat(kept.err()).contains("already holds a run").contains("--resume latest");
        assertThat(ws.resolve("runs/bad1/snapshots/tiny_iter_2.caffemodel")).exists();
    }

    @Test
    void sigtermSnapshotsRecordsStoppedAndSaysHowToContinue() throws Exception {
        TinySegmentation.writeLmdbs(ws, 8, 4, 4, 3);
        TinySegmentation.writeNetAndSolver(ws, 1_000_000, 0, 1, 0.01);
        Path out = ws.resolve("stdout.txt");
        Path err = ws.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens", "java.base/java.nio=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "train",
                "--solver", "nets/tiny/solver.prototxt", "--ws", ws.toString(), "--run", "sig", "--json");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).environment().put("GLOG_minloglevel", "1");
        Process p = pb.start();
        Path metrics = ws.resolve("runs/sig/metrics.jsonl");
        long deadline = System.currentTimeMillis() + 60_000;
        while (!(Files.isRegularFile(metrics) && Files.readString(metrics).contains("\"loss\""))) {
            assertThat(p.isAlive()).as("dlp train ended early: %s", Files.readString(err)).isTrue();
            assertThat(System.currentTimeMillis()).as("no training line within 60 s").isLessThan(deadline);
            Thread.sleep(100);
        }
        p.destroy(); // SIGTERM, as `kill` sends; Ctrl-C takes the same path
        assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(143);
        com.fasterxml.jackson.databind.JsonNode rj = org.dlp4j.Json.MAPPER.readTree(ws.resolve("runs/sig/run.json").toFile());
        assertThat(rj.path("outcome").asText()).isEqualTo("stopped");
        int it = rj.path("iteration").asInt();
        assertThat(it).isPositive().isEqualTo(rj.path("summary").path("iteration").asInt());
        assertThat(ws.resolve("runs/sig/snapshots/tiny_iter_" + it + ".caffemodel")).exists();
        assertThat(Files.readString(err)).contains("stopped at iteration " + it + "; continue with --resume latest");
        com.fasterxml.jackson.databind.JsonNode json = org.dlp4j.Json.MAPPER.readTree(Files.readString(out));
        assertThat(json.path("outcome").asText()).isEqualTo("stopped");
        assertThat(json.path("message").asText()).isEqualTo("stopped at iteration " + it + "; continue with --resume latest");
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
