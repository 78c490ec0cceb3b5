package org.dlp4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The net tools' answers to a reviewer's reproductions: overwrites, solver files, unwritable outputs. */
class NetToolsReviewTest {
    @TempDir
    Path tmp;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void showRefusesToOverwriteAnEditedNetFolderWithoutForce() throws Exception {
        Path dir = tmp.resolve("nets/alexfcn");
        assertThat(run("net", "show", "alexfcn", "--out", dir.toString())).isZero();
        Path tv = dir.resolve("train_val.prototxt");
        String edited = Files.readString(tv).replace("\"conv6\"", "\"fc6\"");
        Files.writeString(tv, edited);
        Files.writeString(dir.resolve("infogain_H.binaryproto"), "H");

        assertThat(run("net", "show", "alexfcn", "--out", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--out " + dir).contains("--force").doesNotContain("internal error");
        assertThat(Files.readString(tv)).isEqualTo(edited);
        assertThat(dir.resolve("infogain_H.binaryproto")).exists();

        assertThat(run("net", "show", "alexfcn", "--out", dir.toString(), "--force")).isZero();
        assertThat(Files.readString(tv)).contains("\"conv6\"").isNotEqualTo(edited);
        try (Stream<Path> s = Files.list(dir)) { // replaced as a whole: nothing of the edited folder is left
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("train_val.prototxt",
                    "solver.prototxt", "deploy.prototxt", "labels.txt");
        }
        try (Stream<Path> s = Files.list(dir.getParent())) { // no temp or old folder beside it
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("alexfcn");
        }
        assertThat(out.toString().lines()).contains(dir.resolve("train_val.prototxt").toString());

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThat(run("net", "show", "lenet", "--out", empty.toString())).isZero();
        assertThat(empty.resolve("solver.prototxt")).exists();
    }

    @Test
    void drawToAPlaceThatTakesNoFilesIsBadInputWithTheReason() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")));
        assertThat(run("net", "draw", "prototxt/alexfcn/train_val.prototxt", "--out", "/proc/x.svg")).isEqualTo(2);
        assertThat(err.toString()).contains("cannot write /proc/x.svg: /proc does not take new files")
                .doesNotContain(".tmp").doesNotContain("internal error");
    }

    static final String DUMMY_CROP = """
            layer { name: "data" type: "DummyData" top: "data" top: "label"
                    dummy_data_param { shape { dim: 1 dim: 1 dim: 32 dim: 32 } shape { dim: 1 dim: 1 dim: 32 dim: 32 } } }
            layer { name: "conv" type: "Convolution" bottom: "data" top: "conv"
                    convolution_param { num_output: 2 kernel_size: 3 pad: 1 } }
            layer { name: "score" type: "Crop" bottom: "conv" bottom: "data" top: "score" crop_param { axis: 2 offset: OFF } }
            layer { name: "loss" type: "SoftmaxWithLoss" bottom: "score" bottom: "label" top: "loss" }
            """;

    @Test
    void aCropPastItsBottomIsFoundInADummyDataNetByValidateAndTime() throws Exception {
        Path ok = Files.writeString(tmp.resolve("ok.prototxt"), DUMMY_CROP.replace("OFF", "0"));
        assertThat(run("net", "validate", ok.toString())).as(err.toString()).isZero();
        Path bad = Files.writeString(tmp.resolve("bad.prototxt"), DUMMY_CROP.replace("OFF", "300"));
        assertThat(run("net", "validate", bad.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("layer 'score': (Crop) offset 300 + size 32 exceeds the bottom's size 32");
        // dlp time refuses it before a worker starts (Caffe would abort there: exit 3)
        assertThat(run("time", "--model", bad.toString(), "--iterations", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("layer 'score': (Crop) offset 300").doesNotContain("timing ");
    }

    @Test
    void aCropPastItsBottomIsFoundWhenTheSolverIsValidatedAtTheLmdbsShape() throws Exception {
        Path ws = tmp.resolve("ws");
        for (String db : new String[] {"train_lmdb", "train_gt_lmdb", "val_lmdb", "val_gt_lmdb"}) {
            try (org.dlp4j.data.lmdb.LmdbWriter w = new org.dlp4j.data.lmdb.LmdbWriter(ws.resolve("data").resolve(db))) {
                w.add(org.dlp4j.data.lmdb.Datum.ofBytes(1, 64, 64, new byte[64 * 64], 0).encode());
                w.commit();
            }
        }
        Path net = ws.resolve("nets/small");
        assertThat(run("net", "show", "fcn-small", "--out", net.toString())).isZero();
        Path solver = net.resolve("solver.prototxt");
        assertThat(run("net", "validate", solver.toString(), "--ws", ws.toString())).as(err.toString()).isZero();
        Path tv = net.resolve("train_val.prototxt");
        Files.writeString(tv, Files.readString(tv).replaceFirst("offset: 0", "offset: 300"));
        assertThat(run("net", "validate", solver.toString(), "--ws", ws.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(tv.toString())
                .contains("layer 'score': (Crop) offset 300 + size 64 exceeds the bottom's size 64 on axis 2");
        // dlp train checks the same before a worker starts: exit 2 and the message, not Caffe's abort (exit 3)
        err.getBuffer().setLength(0);
        assertThat(run("train", "--solver", solver.toString(), "--ws", ws.toString(), "--run", "crop", "--max-iter", "1"))
                .as(err.toString()).isEqualTo(2);
        assertThat(err.toString()).contains("offset 300 + size 64 exceeds the bottom's size 64 on axis 2")
                .doesNotContain("Check failed");
        assertThat(ws.resolve("runs/crop")).doesNotExist();
    }

    @Test
    void aSolverWhereANetIsExpectedIsNamedAsSuch() throws Exception {
        Path dir = tmp.resolve("n");
        assertThat(run("net", "show", "lenet", "--out", dir.toString())).isZero();
        Path solver = dir.resolve("solver.prototxt");
        String expected = solver + " is a solver, not a net: give the net prototxt (its `net:` points at train_val.prototxt";
        String[][] cmds = {
            {"time", "--model", solver.toString(), "--iterations", "1"},
            {"net", "deploy", solver.toString(), "--out", tmp.resolve("d.prototxt").toString(), "--shape", "1,1,28,28"},
            {"net", "draw", solver.toString(), "--out", tmp.resolve("d.svg").toString()},
            {"net", "convolutionalize", "--model", solver.toString(), "--weights", tmp.resolve("w.caffemodel").toString(),
                "--fcn", dir.resolve("deploy.prototxt").toString(), "--out", tmp.resolve("o.caffemodel").toString()},
        };
        for (String[] args : cmds) {
            assertThat(run(args)).as(String.join(" ", args) + ": " + err).isEqualTo(2);
            assertThat(err.toString()).as(String.join(" ", args)).contains(expected)
                    .doesNotContain("printed the line").doesNotContain("timing ");
        }
        // the Java validation every native load goes through (a worker's CaffeNet.load) says the same
        var r = org.dlp4j.caffe.Prototxt.validateNet(solver, org.dlp4j.caffe.Phase.TRAIN);
        assertThat(r.problems()).hasSize(1);
        assertThat(r.problems().get(0).toString()).contains("this file is a solver, not a net")
                .contains("points at train_val.prototxt");
        // a file Caffe's parser rejects is described without referring to output nobody sees
        Path bad = Files.writeString(tmp.resolve("bad.prototxt"), Files.readString(dir.resolve("deploy.prototxt"))
                .replaceFirst("num_output:", "num_outputs:"));
        assertThat(run("net", "validate", bad.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("Caffe's parser rejects this file as a net").doesNotContain("above");
    }

    @Test
    void validateListsTheLayerTypesTheUnknownTypeHintPointsAt() throws Exception {
        Path foo = Files.writeString(tmp.resolve("foo.prototxt"), """
                layer { name: "data" type: "Input" top: "data" input_param { shape { dim: 1 dim: 1 dim: 4 dim: 4 } } }
                layer { name: "f" type: "Foo" bottom: "data" top: "f" }
                """);
        assertThat(run("net", "validate", foo.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("'Foo'").contains("dlp net validate lists them with --types");
        assertThat(run("net", "validate", "--types")).isZero();
        java.util.List<String> types = out.toString().lines().toList();
        assertThat(types).contains("Convolution", "Crop", "Deconvolution", "InfogainLoss", "Softmax",
                "SoftmaxWithLoss").doesNotContain("Foo").isSorted();
        assertThat(run("net", "validate", "--types", "--json")).isZero();
        var json = org.dlp4j.Json.MAPPER.readTree(out.toString());
        assertThat(json.get("count").asInt()).isEqualTo(types.size());
        assertThat(json.get("types").get(0).asText()).isEqualTo(types.get(0));
        assertThat(run("net", "validate")).isEqualTo(2);
        assertThat(err.toString()).contains("--types");
    }
}
