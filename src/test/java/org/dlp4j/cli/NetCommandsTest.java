package org.dlp4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dlp4j.caffe.TextProto;
import org.dlp4j.model.NetEdits;
import org.dlp4j.model.PretrainedWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetCommandsTest {
    @TempDir
    Path tmp;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void libraryListsNetsAsTableAndJson() throws Exception {
        assertThat(run("net", "library")).isZero();
        assertThat(out.toString()).contains("alexfcn").contains("segmentation").contains("lenet").contains("classification");
        out.getBuffer().setLength(0);
        assertThat(run("net", "library", "--json")).isZero();
        var nets = org.dlp4j.Json.MAPPER.readTree(out.toString()).get("nets");
        assertThat(nets.size()).isEqualTo(5);
        assertThat(nets.get(0).get("name").asText()).isEqualTo("alexfcn");
    }

    @Test
    void showEditDeployRoundTrip() throws Exception {
        Path dir = tmp.resolve("nets/alexfcn");
        assertThat(run("net", "show", "alexfcn", "--out", dir.toString(), "--classes", "21")).isZero();
        Path tv = dir.resolve("train_val.prototxt");
        assertThat(run("net", "edit", tv.toString(), "--rename", "conv6=fc6", "--rename", "conv7=fc7", "--classes", "2",
                "--set-source", "data_train=/d/train_lmdb", "--weights", "weights/fcn_alexnet.caffemodel")).isZero();
        TextProto net = TextProto.read(tv);
        assertThat(NetEdits.layer(net, "fc6", "t").strings("top")).containsExactly("conv6");
        assertThat(NetEdits.layer(net, "upscore", "t").message("convolution_param").getInt("group", 0)).isEqualTo(2);
        assertThat(NetEdits.layer(net, "data_train", "t").message("data_param").get("source")).isEqualTo("/d/train_lmdb");
        assertThat(PretrainedWeights.read(dir)).isEqualTo(Path.of("weights/fcn_alexnet.caffemodel"));

        Path solver = dir.resolve("solver.prototxt");
        Path solver2 = dir.resolve("solver2.prototxt");
        assertThat(run("net", "edit", solver.toString(), "--solver-set", "max_iter=42", "--solver-set", "solver_mode=GPU",
                "--out", solver2.toString())).isZero();
        assertThat(TextProto.read(solver2).getInt("max_iter", 0)).isEqualTo(42);
        assertThat(TextProto.read(solver).getInt("max_iter", 0)).isEqualTo(10000);

        Path deploy = dir.resolve("d.prototxt");
        assertThat(run("net", "deploy", tv.toString(), "--out", deploy.toString(), "--shape", "1,1,256,256")).isZero();
        TextProto d = TextProto.read(deploy);
        assertThat(d.messages("layer").get(0).get("type")).isEqualTo("Input");
        assertThat(Files.readString(deploy)).doesNotContain("SoftmaxWithLoss").contains("name: \"prob\"");
    }

    @Test
    void netsWhoseLayersCaffeWouldAbortOnAreBadInputNotACrash() throws Exception {
        // a kernel larger than its input: Caffe's blob.cpp CHECK (exit 134) if it ever set this net up in-process
        Path dir = tmp.resolve("n");
        assertThat(run("net", "show", "fcn-small", "--out", dir.toString())).isZero();
        Path big = tmp.resolve("k_big.prototxt");
        Files.writeString(big, Files.readString(dir.resolve("deploy.prototxt")).replaceFirst("kernel_size: 3",
                "kernel_size: 300"));
        err.getBuffer().setLength(0);
        assertThat(run("net", "validate", big.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("layer 'conv1': (Convolution)").contains("kernel 300x300");
        err.getBuffer().setLength(0);
        assertThat(run("net", "convolutionalize", "--model", big.toString(), "--weights",
                tmp.resolve("none.caffemodel").toString(), "--fcn", dir.resolve("deploy.prototxt").toString(), "--out",
                tmp.resolve("o.caffemodel").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("layer 'conv1'");
        assertThat(tmp.resolve("o.caffemodel")).doesNotExist();
        err.getBuffer().setLength(0);
        assertThat(run("net", "validate", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is a folder, not a prototxt file").contains("train_val.prototxt");
        Path empty = tmp.resolve("empty.prototxt");
        Files.writeString(empty, "# nothing here\n");
        err.getBuffer().setLength(0);
        assertThat(run("net", "validate", empty.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no layers in any phase");
        assertThat(run("net", "deploy", dir.resolve("train_val.prototxt").toString(), "--out",
                tmp.resolve("d.prototxt").toString(), "--shape", "1,1,256")).isEqualTo(2);
        assertThat(err.toString()).contains("four positive integers N,C,H,W");
    }

    @Test
    void badInputExitsWithTwoAndNamesTheFile() {
        Path missing = tmp.resolve("nope.prototxt");
        assertThat(run("net", "edit", missing.toString(), "--classes", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("nope.prototxt");
        assertThat(run("net", "show", "vgg99", "--out", tmp.toString())).isEqualTo(2);
        assertThat(run("net", "show", "fcn-small", "--out", tmp.resolve("one").toString(), "--classes", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("softmax over one class");
        assertThat(tmp.resolve("one")).doesNotExist();
        assertThat(run("net", "deploy", missing.toString(), "--out", tmp.resolve("d").toString())).isEqualTo(2);
    }

    @Test
    void netsWithoutAnyLayerAreBadInputForEveryNetCommand() throws Exception {
        for (String text : new String[] {"", " \n\t\n", "# only a comment\n# and another\n", "name: \"nothing\"\n"}) {
            Path empty = tmp.resolve("empty.prototxt");
            Files.writeString(empty, text);
            Path svg = tmp.resolve("empty.svg");
            for (String[] args : new String[][] {{"net", "validate", empty.toString()},
                    {"net", "draw", empty.toString(), "--out", svg.toString()},
                    {"net", "deploy", empty.toString(), "--out", tmp.resolve("d.prototxt").toString()},
                    {"net", "weight-classes", empty.toString(), "--labels", tmp.toString()}}) {
                err.getBuffer().setLength(0);
                assertThat(run(args)).as(String.join(" ", args) + " on '" + text + "'").isEqualTo(2);
                assertThat(err.toString()).as(args[1]).contains("empty.prototxt").contains("no layers in any phase")
                        .contains("the net is empty");
            }
            assertThat(svg).as("no drawing of an empty net").doesNotExist();
            assertThat(tmp.resolve("d.prototxt")).doesNotExist();
        }
        // layers without a data or Input layer are another matter: still drawn as they are
        Path noData = tmp.resolve("nodata.prototxt");
        Files.writeString(noData, "layer { name: \"relu\" type: \"ReLU\" bottom: \"x\" top: \"x\" }\n");
        assertThat(run("net", "draw", noData.toString(), "--out", tmp.resolve("nodata.svg").toString())).isZero();
        assertThat(Files.readString(tmp.resolve("nodata.svg"))).contains("relu");
    }

    @Test
    void drawWritesSvgAndJsonGraph() throws Exception {
        Path svg = tmp.resolve("lenet.svg");
        assertThat(run("net", "draw", "prototxt/alexfcn/train_val.prototxt", "--out", svg.toString(), "--json")).isZero();
        assertThat(Files.readString(svg)).startsWith("<svg").contains("fc6 (Convolution)").contains("4096, 6x6/1");
        var g = org.dlp4j.Json.MAPPER.readTree(out.toString());
        assertThat(g.get("name").asText()).isEqualTo("alexfcn");
        assertThat(g.get("nodes").size()).isGreaterThan(20);
    }

    @Test
    void deployReadsTheInputShapeFromTheWorkspaceLmdb() throws Exception {
        Path ws = tmp.resolve("ws");
        java.lang.reflect.Method m = Class.forName("org.dlp4j.model.LmdbFixture")
                .getDeclaredMethod("writeDatums", Path.class, int.class, int.class, int.class, int.class, int.class);
        m.setAccessible(true);
        m.invoke(null, ws.resolve("data/train_lmdb"), 1, 1, 64, 48, 2);
        Path deploy = tmp.resolve("deploy.prototxt");
        assertThat(run("net", "deploy", "prototxt/alexfcn/train_val.prototxt", "--out", deploy.toString(), "--ws", ws.toString()))
                .as(err.toString()).isZero();
        assertThat(TextProto.read(deploy).messages("layer").get(0).message("input_param").message("shape").strings("dim"))
                .containsExactly("1", "1", "64", "48");
        assertThat(run("net", "deploy", "prototxt/alexfcn/train_val.prototxt", "--out", deploy.toString(), "--ws", tmp.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--shape");
    }
}
