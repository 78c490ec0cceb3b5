package org.dlp4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dlp4j.BadInputException;
import org.dlp4j.caffe.CaffeNet;
import org.dlp4j.caffe.Phase;
import org.dlp4j.caffe.ShapeInference;
import org.dlp4j.caffe.TextProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetLibraryTest {
    @TempDir
    Path tmp;

    static TextProto layer(TextProto net, String name) {
        return NetEdits.layer(net, name, "test");
    }

    @Test
    void listsTheNetsWithTheirKinds() {
        assertThat(NetLibrary.entries()).extracting(NetLibrary.Entry::name)
                .containsExactly("alexfcn", "fcn8s", "fcn-small", "lenet", "alexnet");
        assertThat(NetLibrary.entry("alexfcn").type()).isEqualTo(NetLibrary.ModelType.SEGMENTATION);
        assertThat(NetLibrary.entry("lenet").type()).isEqualTo(NetLibrary.ModelType.CLASSIFICATION);
        assertThatThrownBy(() -> NetLibrary.entry("vgg")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("alexfcn");
    }

    @Test
    void alexFcnHasDlpsDataLayersNamesAndClassCount() throws Exception {
        List<Path> files = NetLibrary.write("alexfcn", tmp, 3);
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("train_val.prototxt", "solver.prototxt", "deploy.prototxt", "labels.txt");
        TextProto net = TextProto.read(tmp.resolve("train_val.prototxt"));
        String[][] data = {{"data_train", "data", "data/train_lmdb", "TRAIN"}, {"label_train", "label", "data/train_gt_lmdb", "TRAIN"},
            {"data_val", "data", "data/val_lmdb", "TEST"}, {"label_val", "label", "data/val_gt_lmdb", "TEST"}};
        for (int i = 0; i < 4; i++) {
            TextProto l = net.messages("layer").get(i);
            assertThat(l.get("name")).isEqualTo(data[i][0]);
            assertThat(l.get("type")).isEqualTo("Data");
            assertThat(l.strings("top")).containsExactly(data[i][1]);
            assertThat(l.message("data_param").get("source")).isEqualTo(data[i][2]);
            assertThat(l.message("data_param").get("backend")).isEqualTo("LMDB");
            assertThat(l.message("data_param").getInt("batch_size", 0)).isEqualTo(1);
            assertThat(l.message("include").get("phase")).isEqualTo(data[i][3]);
        }
        assertThat(layer(net, "conv6").message("convolution_param").getInt("kernel_size", 0)).isEqualTo(6);
        assertThat(layer(net, "conv7").message("convolution_param").getInt("num_output", 0)).isEqualTo(4096);
        assertThat(layer(net, "score_fr").message("convolution_param").getInt("num_output", 0)).isEqualTo(3);
        TextProto up = layer(net, "upscore");
        assertThat(up.get("type")).isEqualTo("Deconvolution");
        assertThat(up.message("param").getDouble("lr_mult", -1)).isZero();
        TextProto cp = up.message("convolution_param");
        assertThat(List.of(cp.getInt("num_output", 0), cp.getInt("group", 0), cp.getInt("kernel_size", 0), cp.getInt("stride", 0)))
                .containsExactly(3, 3, 63, 32);
        assertThat(cp.getBool("bias_term", true)).isFalse();
        assertThat(cp.message("weight_filler").get("type")).isEqualTo("bilinear");
        TextProto crop = layer(net, "score");
        assertThat(crop.strings("bottom")).containsExactly("upscore", "data");
        assertThat(crop.message("crop_param").getInt("offset", 0)).isEqualTo(18);
        assertThat(layer(net, "loss").strings("bottom")).containsExactly("score", "label");
        assertThat(layer(net, "accuracy").message("include").get("phase")).isEqualTo("TEST");
        assertThat(Files.readAllLines(tmp.resolve("labels.txt"))).containsExactly("background", "class1", "class2");
        // printing and parsing again is the identity
        assertThat(TextProto.parse(net.toString())).isEqualTo(net);
        assertThat(TextProto.parse(net.toString()).toString()).isEqualTo(net.toString());
    }

    @Test
    void alexFcnCropOffsetAlignsScoreWithAny256Input() {
        TextProto net = NetLibrary.trainVal("alexfcn", 2);
        ShapeInference.Result r = ShapeInference.infer(net,
                Map.of("data", new int[] {1, 1, 256, 256}, "label", new int[] {1, 1, 256, 256}), "TRAIN", List.of());
        // hand-computed: conv1 (256+200-11)/4+1 = 112, pool1 56, pool2 28, pool5 14, conv6 9, upscore 8*32+63 = 319
        assertThat(r.shape("conv1")).containsExactly(1, 96, 112, 112);
        assertThat(r.shape("pool5")).containsExactly(1, 256, 14, 14);
        assertThat(r.shape("conv6")).containsExactly(1, 4096, 9, 9);
        assertThat(r.shape("upscore")).containsExactly(1, 2, 319, 319);
        assertThat(r.shape("score")).containsExactly(1, 2, 256, 256);
        assertThat(r.params().get("conv2")).satisfiesExactly(
                w -> assertThat(w).containsExactly(256, 48, 5, 5), b -> assertThat(b).containsExactly(256));
        assertThat(r.params().get("upscore")).satisfiesExactly(w -> assertThat(w).containsExactly(2, 1, 63, 63));
    }

    @Test
    void fcn8sMatchesTheFcnRepositoryShapesAt500() {
        Path ref = Path.of("../shared/data/prototxt-reference/fcn.berkeleyvision.org/voc-fcn8s/deploy.prototxt");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(ref));
        TextProto mine = DeployGenerator.generate(NetLibrary.trainVal("fcn8s", 21), new int[] {1, 3, 500, 500}, null, "fcn8s");
        ShapeInference.Result a = ShapeInference.infer(mine, Map.of(), "TEST", List.of());
        ShapeInference.Result b = ShapeInference.infer(TextProto.read(ref), Map.of(), "TEST", List.of());
        for (String blob : List.of("pool3", "pool4", "fc7", "score_fr", "upscore2", "score_pool4c", "fuse_pool4",
                "upscore_pool4", "score_pool3c", "upscore8", "score")) {
            assertThat(a.shape(blob)).as(blob).isEqualTo(b.shape(blob));
        }
        assertThat(a.shape("score")).containsExactly(1, 21, 500, 500);
        assertThat(a.params().keySet()).containsExactlyElementsOf(b.params().keySet());
        a.params().forEach((k, v) -> {
            for (int i = 0; i < v.size(); i++) {
                assertThat(v.get(i)).as(k).isEqualTo(b.params().get(k).get(i));
            }
        });
    }

    @Test
    void lenetParametersMatchTheRealCaffemodel() {
        Path model = Path.of("../shared/data/caffe-models/caffe-tensorflow/examples/mnist/lenet_iter_10000.caffemodel");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(model));
        TextProto deploy = DeployGenerator.generate(NetLibrary.trainVal("lenet", 10), new int[] {1, 1, 28, 28}, null, "lenet");
        Map<String, List<int[]>> shapes = ShapeInference.infer(deploy, Map.of(), "TEST", List.of()).params();
        org.dlp4j.caffe.WeightTransferReport r = org.dlp4j.caffe.WeightTransferReport.compare(shapes,
                org.dlp4j.caffe.CaffeModelFile.read(model));
        assertThat(r.copied()).containsExactly("conv1", "conv2", "ip1", "ip2");
        assertThat(r.mismatched()).isEmpty();
    }

    @Test
    void libraryDeployNetsLoadInCaffeWithTheShapesJavaComputes() throws Exception {
        for (String name : List.of("alexfcn", "fcn-small", "lenet")) {
            Path dir = tmp.resolve(name);
            NetLibrary.write(name, dir, 2);
            TextProto deploy = TextProto.read(dir.resolve("deploy.prototxt"));
            ShapeInference.Result inferred = ShapeInference.infer(deploy, Map.of(), "TEST", List.of());
            try (CaffeNet net = CaffeNet.load(dir.resolve("deploy.prototxt"), null, Phase.TEST)) {
                assertThat(net.inputNames()).containsExactly("data");
                assertThat(net.outputNames()).containsExactly("prob");
                for (String blob : net.blobNames().stream().filter(b -> !b.contains("_split_")).toList()) {
                    assertThat(net.shape(blob)).as(name + " " + blob).isEqualTo(inferred.shape(blob));
                }
                Map<String, List<int[]>> caffe = net.paramShapes();
                assertThat(caffe.keySet()).containsExactlyElementsOf(inferred.params().keySet());
                caffe.forEach((k, v) -> {
                    for (int i = 0; i < v.size(); i++) {
                        assertThat(v.get(i)).as(name + " " + k).isEqualTo(inferred.params().get(k).get(i));
                    }
                });
                if (!name.equals("lenet")) {
                    assertThat(net.shape("score")).containsExactly(net.shape("data")[0], 2, 256, 256);
                    assertThat(net.shape("score")).endsWith(net.shape("data")[2], net.shape("data")[3]);
                }
            }
        }
    }
}
