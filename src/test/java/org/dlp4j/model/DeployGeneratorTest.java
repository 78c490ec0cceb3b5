package org.dlp4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.dlp4j.BadInputException;
import org.dlp4j.caffe.CaffeNet;
import org.dlp4j.caffe.Phase;
import org.dlp4j.caffe.TextProto;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployGeneratorTest {
    static final Path REF = Path.of("../shared/data/prototxt-reference");
    @TempDir
    Path tmp;

    static List<String> types(TextProto net) {
        return net.messages("layer").stream().map(l -> l.get("type")).toList();
    }

    static void assertDeployable(TextProto d) {
        assertThat(types(d)).doesNotContain("Data", "Python", "SoftmaxWithLoss", "Accuracy");
        assertThat(types(d).get(0)).isEqualTo("Input");
        assertThat(d.messages("layer").stream().flatMap(l -> l.strings("bottom").stream())).doesNotContain("label");
        assertThat(d.messages("layer").stream().flatMap(l -> l.messages("include").stream())).isEmpty();
    }

    @Test
    void alexFcnDeployHasInputAndProbOnly() {
        TextProto d = DeployGenerator.generate(NetLibrary.trainVal("alexfcn", 2), new int[] {1, 1, 256, 256}, null, "a");
        assertDeployable(d);
        TextProto input = d.messages("layer").get(0);
        assertThat(input.get("name")).isEqualTo("data");
        assertThat(input.message("input_param").message("shape").strings("dim")).containsExactly("1", "1", "256", "256");
        TextProto last = d.messages("layer").get(d.messages("layer").size() - 1);
        assertThat(last.get("type")).isEqualTo("Softmax");
        assertThat(last.get("name")).isEqualTo("prob");
        assertThat(last.strings("bottom")).containsExactly("score");
        // train/val has 4 data + 24 others + loss + accuracy; deploy: input + 24 + prob
        assertThat(d.count("layer")).isEqualTo(NetLibrary.trainVal("alexfcn", 2).count("layer") - 4 - 2 + 2);
    }

    @Test
    void theTestDataLayersScalingTravelsOnTheInputLayer() throws Exception {
        // fcn-small's data layers scale by 1/255; Caffe's Input layer ignores transform_param, dlp infer reads it
        TextProto d = DeployGenerator.generate(NetLibrary.trainVal("fcn-small", 2), new int[] {1, 1, 64, 64}, null, "f");
        TextProto t = d.messages("layer").get(0).message("transform_param");
        assertThat(t).isNotNull();
        assertThat(t.getDouble("scale", 0)).isEqualTo(1 / 255.0);
        Path elsewhere = tmp.resolve("elsewhere/deploy.prototxt");
        java.nio.file.Files.createDirectories(elsewhere.getParent());
        d.write(elsewhere);
        assertThat(org.dlp4j.deploy.Transform.found(elsewhere).transform())
                .isEqualTo(new org.dlp4j.deploy.Transform(1 / 255.0, 0));
        try (org.dlp4j.caffe.CaffeNet n = org.dlp4j.caffe.CaffeNet.load(elsewhere, null, org.dlp4j.caffe.Phase.TEST)) {
            assertThat(n.shape("data")).containsExactly(1, 1, 64, 64); // Caffe takes the net as it is
        }
        // no transform_param in training: none in the deploy, and nothing found for a deploy file alone
        TextProto plain = DeployGenerator.generate(TextProto.parse("""
                layer { name: "d" type: "Data" top: "data" top: "label" data_param { source: "x" batch_size: 1 } }
                layer { name: "c" type: "Convolution" bottom: "data" top: "c" convolution_param { num_output: 1 kernel_size: 1 } }
                """), new int[] {1, 1, 8, 8}, null, "p");
        assertThat(plain.messages("layer").get(0).message("transform_param")).isNull();
        Path alone = tmp.resolve("alone/deploy.prototxt");
        java.nio.file.Files.createDirectories(alone.getParent());
        plain.write(alone);
        assertThat(org.dlp4j.deploy.Transform.found(alone)).isNull();
    }

    @Test
    void shapeComesFromTheLmdbOrMustBeGiven() throws Exception {
        Path ws = tmp.resolve("ws");
        LmdbFixture.writeDatums(ws.resolve("data/train_lmdb"), 1, 3, 40, 50, 2);
        TextProto d = DeployGenerator.generate(NetLibrary.trainVal("fcn-small", 2), null, ws, "f");
        assertThat(d.messages("layer").get(0).message("input_param").message("shape").strings("dim"))
                .containsExactly("1", "3", "40", "50");
        assertThatThrownBy(() -> DeployGenerator.generate(NetLibrary.trainVal("fcn-small", 2), null, tmp.resolve("none"), "x.prototxt"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--shape").hasMessageContaining("x.prototxt");
    }

    @Test
    void referenceTrainValsBecomeLoadableDeployNets() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(REF));
        Object[][] cases = {
            {"BVLC-caffe/models/bvlc_alexnet/train_val.prototxt", new int[] {1, 3, 227, 227}, "prob", new int[] {1, 1000}},
            {"fcn.berkeleyvision.org/voc-fcn-alexnet/train.prototxt", new int[] {1, 3, 256, 256}, "score", new int[] {1, 21, 256, 256}},
            {"DIGITS/examples/semantic-segmentation/fcn_alexnet.prototxt", new int[] {1, 1, 256, 256}, "score", new int[] {1, 21, 256, 256}},
            {"BVLC-caffe/examples/mnist/lenet_train_test.prototxt", new int[] {1, 1, 28, 28}, "prob", new int[] {1, 10}},
        };
        for (Object[] c : cases) {
            TextProto d = DeployGenerator.generate(TextProto.read(REF.resolve((String) c[0])), (int[]) c[1], null, (String) c[0]);
            assertDeployable(d);
            Path f = tmp.resolve(Path.of((String) c[0]).getFileName() + ".deploy.prototxt");
            d.write(f);
            try (CaffeNet net = CaffeNet.load(f, null, Phase.TEST)) {
                assertThat(net.inputNames()).as((String) c[0]).containsExactly("data");
                assertThat(net.shape((String) c[2])).as((String) c[0]).isEqualTo((int[]) c[3]);
            }
        }
    }

    @Test
    void digitsStageRulesAreHonoured() {
        Assumptions.assumeTrue(Files.isDirectory(REF));
        TextProto src = TextProto.read(REF.resolve("DIGITS/examples/semantic-segmentation/fcn_alexnet.prototxt"));
        TextProto d = DeployGenerator.generate(src, new int[] {1, 3, 256, 256}, null, "digits");
        List<String> names = d.messages("layer").stream().map(l -> l.get("name")).toList();
        // loss excluded in stage deploy (so, as in DIGITS' own deploy file, no softmax is added: the
        // output is "score"), accuracy only in stage val: both gone; shift (Power) kept
        assertThat(names).contains("shift", "upscore", "score").doesNotContain("loss", "accuracy", "prob");
        assertThat(Set.copyOf(names)).hasSize(names.size());
        String all = "layer { name: \"a\" type: \"ReLU\" bottom: \"data\" top: \"data\" include { stage: \"deploy\" } }"
                + " layer { name: \"b\" type: \"ReLU\" bottom: \"data\" top: \"data\" include { phase: TRAIN } }"
                + " layer { name: \"c\" type: \"ReLU\" bottom: \"data\" top: \"data\" exclude { stage: \"deploy\" } }"
                + " layer { name: \"in\" type: \"Input\" top: \"data\" input_param { shape { dim: 1 } } }";
        TextProto g = DeployGenerator.generate(TextProto.parse(all), null, null, "g");
        assertThat(g.messages("layer").stream().map(l -> l.get("name"))).containsExactly("a", "in");
        // all-in-one: train/val Data layers plus a deploy-stage Input; the file's own Input is kept, none added
        String aio = "layer { name: \"d\" type: \"Data\" top: \"data\" top: \"label\" include { phase: TRAIN } data_param { source: \"x\" } }"
                + " layer { name: \"data\" type: \"Input\" top: \"data\" include { stage: \"deploy\" }"
                + " input_param { shape { dim: 1 dim: 3 dim: 8 dim: 8 } } }"
                + " layer { name: \"fc\" type: \"InnerProduct\" bottom: \"data\" top: \"fc\" inner_product_param { num_output: 2 } }"
                + " layer { name: \"loss\" type: \"SoftmaxWithLoss\" bottom: \"fc\" bottom: \"label\" top: \"loss\" }";
        TextProto a = DeployGenerator.generate(TextProto.parse(aio), null, null, "aio");
        assertThat(a.messages("layer").stream().map(l -> l.get("name"))).containsExactly("data", "fc", "prob");
        assertThat(a.messages("layer").get(0).has("include")).isFalse();
    }

    @Test
    void anInfogainLossOnScoresBecomesSoftmaxProbLikeSoftmaxWithLoss() {
        // after 'dlp net weight-classes': Caffe 1.0's InfogainLoss softmaxes its scores internally
        TextProto tv = NetLibrary.trainVal("fcn-small", 2);
        assertThat(ClassWeights.useInfogain(tv, "infogain_H.binaryproto", "tv")).isEqualTo(1);
        assertThat(types(tv)).contains("InfogainLoss").doesNotContain("SoftmaxWithLoss");
        TextProto d = DeployGenerator.generate(tv, new int[] {1, 1, 64, 64}, null, "tv");
        assertDeployable(d);
        assertThat(types(d)).doesNotContain("InfogainLoss");
        TextProto last = d.messages("layer").get(d.messages("layer").size() - 1);
        assertThat(last.get("type")).isEqualTo("Softmax");
        assertThat(last.get("name")).isEqualTo("prob");
        TextProto loss = tv.messages("layer").stream().filter(l -> l.get("type").equals("InfogainLoss")).findFirst()
                .orElseThrow();
        assertThat(last.strings("bottom")).containsExactly(loss.strings("bottom").get(0));
    }

    @Test
    void anInfogainLossOnAnExplicitSoftmaxKeepsThatSoftmaxAndAddsNoSecond() {
        TextProto tv = TextProto.parse("""
                layer { name: "d" type: "Data" top: "data" top: "label" data_param { source: "x" batch_size: 1 } }
                layer { name: "ip" type: "InnerProduct" bottom: "data" top: "ip" inner_product_param { num_output: 2 } }
                layer { name: "sm" type: "Softmax" bottom: "ip" top: "sm" }
                layer { name: "loss" type: "InfogainLoss" bottom: "sm" bottom: "label" top: "loss"
                        infogain_loss_param { source: "H.binaryproto" } }
                """);
        TextProto d = DeployGenerator.generate(tv, new int[] {1, 3, 1, 1}, null, "tv");
        assertThat(types(d)).containsExactly("Input", "InnerProduct", "Softmax");
        assertThat(d.messages("layer").get(2).get("name")).isEqualTo("sm");
    }
}
