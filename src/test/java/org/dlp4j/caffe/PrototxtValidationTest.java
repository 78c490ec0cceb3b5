package org.dlp4j.caffe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken nets become typed exceptions naming the layer (and the JVM survives); real files validate. */
class PrototxtValidationTest {
    static final Path SHARED = Path.of("../shared/data");

    @TempDir
    Path dir;

    private static final String INPUT = """
            layer { name: "data" type: "Input" top: "data" input_param { shape { dim: 1 dim: 1 dim: 8 dim: 8 } } }
            """;

    private Path net(String body) throws Exception {
        Path p = dir.resolve("net" + System.nanoTime() + ".prototxt");
        Files.writeString(p, INPUT + body);
        return p;
    }

    private static List<Problem> problems(Path p) {
        return Prototxt.validateNet(p, Phase.TEST).problems();
    }

    @Test
    void unknownLayerTypeNamesTheLayerAndSuggests() throws Exception {
        Path p = net("layer { name: \"c1\" type: \"convolution\" bottom: \"data\" top: \"c1\" }\n");
        assertThatThrownBy(() -> CaffeNet.load(p, null, Phase.TEST)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("layer 'c1'").hasMessageContaining("unknown layer type 'convolution'")
                .hasMessageContaining("Convolution");
        assertThat(problems(p).get(0).line()).isEqualTo(2);
    }

    @Test
    void missingBottomNamesLayerAndBlob() throws Exception {
        Path p = net("layer { name: \"relu\" type: \"ReLU\" bottom: \"conv9\" top: \"r\" }\n");
        List<Problem> ps = problems(p);
        assertThat(ps).hasSize(1);
        assertThat(ps.get(0).layer()).isEqualTo("relu");
        assertThat(ps.get(0).what()).contains("bottom 'conv9'");
    }

    @Test
    void duplicateTopThatIsNotInPlace() throws Exception {
        Path p = net("""
                layer { name: "a" type: "ReLU" bottom: "data" top: "x" }
                layer { name: "b" type: "Sigmoid" bottom: "data" top: "x" }
                layer { name: "inplace" type: "ReLU" bottom: "x" top: "x" }
                """);
        List<Problem> ps = problems(p);
        assertThat(ps).extracting(Problem::layer).containsExactly("b");
        assertThat(ps.get(0).what()).contains("top 'x'");
    }

    @Test
    void missingDataSourceAndSyntaxError() throws Exception {
        Path p = dir.resolve("data.prototxt");
        Files.writeString(p, """
                layer { name: "d" type: "Data" top: "data" top: "label"
                  data_param { source: "nowhere_lmdb" backend: LMDB batch_size: 1 } }
                """);
        assertThat(problems(p)).singleElement().satisfies(pr -> {
            assertThat(pr.layer()).isEqualTo("d");
            assertThat(pr.what()).contains("nowhere_lmdb");
        });
        Path bad = dir.resolve("bad.prototxt");
        Files.writeString(bad, "name: \"x\"\nlayer {\n  name: \"a\" type: \"ReLU\"\n  bottom: data\"\n}\n");
        assertThatThrownBy(() -> CaffeNet.load(bad, null, Phase.TEST)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("bad.prototxt:4").hasMessageContaining("syntax error");
    }

    @Test
    void unknownFieldIsCaughtByCaffesOwnParserWithoutAborting() throws Exception {
        Path p = net("layer { name: \"r\" type: \"ReLU\" bottom: \"data\" top: \"r\" relu_parm { negative_slope: 0 } }\n");
        assertThat(problems(p)).singleElement().satisfies(pr -> assertThat(pr.what()).contains("Caffe's parser rejects"));
    }

    @Test
    void missingRequiredParametersThatWouldAbortCaffe() throws Exception {
        Path p = net("""
                layer { name: "conv" type: "Convolution" bottom: "data" top: "conv" convolution_param { kernel_size: 3 } }
                layer { name: "pool" type: "Pooling" bottom: "conv" top: "pool" }
                layer { name: "crop" type: "Crop" bottom: "pool" top: "crop" }
                """);
        assertThat(problems(p)).extracting(Problem::layer).containsExactly("conv", "pool", "crop");
    }

    @Test
    void blobsOverCaffesIntMaxAreRefused() throws Exception {
        Path p = dir.resolve("big.prototxt");
        Files.writeString(p, "layer { name: \"x\" type: \"Input\" top: \"x\" input_param { shape { dim: 1 dim: 1 dim: 60000 dim: 60000 } } }\n");
        assertThat(Prototxt.validateNet(p, Phase.TEST).problems()).singleElement()
                .satisfies(pr -> assertThat(pr.what()).contains("3600000000").contains("exceeds"));
    }

    @Test
    void phaseRulesSelectLayers() throws Exception {
        Path p = net("""
                layer { name: "train_only" type: "ReLU" bottom: "data" top: "t" include { phase: TRAIN } }
                layer { name: "uses_t" type: "ReLU" bottom: "t" top: "u" include { phase: TRAIN } }
                layer { name: "not_train" type: "ReLU" bottom: "data" top: "v" exclude { phase: TRAIN } }
                """);
        ValidationResult test = Prototxt.validateNet(p, Phase.TEST);
        assertThat(test.ok()).isTrue();
        assertThat(test.layers()).isEqualTo(2);
        assertThat(Prototxt.validateNet(p, Phase.TRAIN).layers()).isEqualTo(3);
    }

    @Test
    void referencePrototxtsValidateApartFromDataSources() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(SHARED), "../shared/data absent");
        List<Path> files;
        try (Stream<Path> s = Files.walk(SHARED.resolve("prototxt-reference"))) {
            files = s.filter(f -> f.toString().endsWith(".prototxt") && !f.getFileName().toString().contains("solver"))
                    .sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(12);
        for (Path f : files) {
            for (Phase phase : Phase.values()) {
                List<Problem> ps = Prototxt.validateNet(f, phase).problems().stream()
                        .filter(pr -> !pr.what().contains("not found") && !pr.what().contains("no source") && !pr.what().startsWith("Python layers") && !pr.what().contains("no layers in phase"))
                        .toList();
                assertThat(ps).as(f + " " + phase).isEmpty();
            }
        }
    }

    @Test
    void legacyV1NetAndWeightsLoadThroughTheUpgradePath() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(SHARED), "../shared/data absent");
        Path v1 = SHARED.resolve("caffe-models/Prediction-Example-With-Caffe/examples/prediction_example/prediction_example.prototxt");
        TextProto upgraded = Prototxt.readNet(v1);
        assertThat(upgraded.has("layers")).isFalse();
        assertThat(upgraded.messages("layer")).extracting(l -> l.get("type")).contains("ImageData", "Convolution", "InnerProduct");
        Path model = SHARED.resolve("caffe-models/Prediction-Example-With-Caffe/examples/cifar10/cifar10_quick_iter_5000.caffemodel");
        CaffeModelFile f = CaffeModelFile.read(model);
        assertThat(f.legacy()).isTrue();
        assertThat(f.layers().get("ip1").blobs().get(0).shape()).containsExactly(1, 1, 64, 1024);
        Path deploy = SHARED.resolve("prototxt-reference/BVLC-caffe/examples/cifar10/cifar10_quick.prototxt");
        try (CaffeNet n = CaffeNet.load(deploy, model, Phase.TEST)) {
            assertThat(n.paramShapes().get("ip1").get(0)).containsExactly(64, 1024);
            assertThat(n.params("ip1").get(0)).containsExactly(f.layers().get("ip1").blobs().get(0).data());
            float[] out = n.forward(java.util.Map.of("data", new float[3 * 32 * 32])).get("prob");
            float sum = 0;
            for (float v : out) {
                sum += v;
            }
            assertThat(sum).isCloseTo(1f, org.assertj.core.api.Assertions.within(1e-5f));
        }
    }

    private Path raw(String text) throws Exception {
        Path p = dir.resolve("legacy" + System.nanoTime() + ".prototxt");
        Files.writeString(p, text);
        return p;
    }

    /** Each of these makes Caffe's upgrade code abort the process (exit 134) if it ever reaches it. */
    @Test
    void legacyNetsThatCaffesUpgradeWouldAbortOnAreRefusedInJava() throws Exception {
        String[][] cases = {
            {"""
                layer { name: "data" type: "Input" top: "data" input_param { shape { dim: 1 dim: 1 dim: 8 dim: 8 } } }
                layers { name: "relu" type: RELU bottom: "data" top: "data" }
                """, "both 'layer'"},
            {"""
                input: "data"
                layers { layer { name: "x" type: "bogus" } bottom: "data" top: "x" }
                """, "type 'bogus'"},
            {"""
                input: "data"
                input_dim: 1 input_dim: 1 input_dim: 8 input_dim: 8
                layers { layer { name: "r" type: "relu" } bottom: "nothing" top: "r" }
                """, "bottom blob 'nothing'"},
            {"""
                input: "data"
                input_dim: 1 input_dim: 1 input_dim: 8 input_dim: 8
                layers { layer { name: "pad1" type: "padding" pad: 2 } bottom: "data" top: "p" }
                layers { layer { name: "r" type: "relu" } bottom: "p" top: "r" }
                """, "padding layer 'pad1' feeds layer 'r'"},
            {"""
                input: "data"
                input: "label"
                input_dim: 1 input_dim: 1 input_dim: 8 input_dim: 8
                layer { name: "r" type: "ReLU" bottom: "data" top: "r" }
                """, "need 8 'input_dim' values"},
        };
        for (String[] c : cases) {
            Path p = raw(c[0]);
            assertThatThrownBy(() -> Prototxt.readNet(p)).as(c[1]).isInstanceOf(PrototxtException.class)
                    .hasMessageContaining(c[1]);
            assertThatThrownBy(() -> CaffeNet.load(p, null, Phase.TEST)).as(c[1]).isInstanceOf(RuntimeException.class)
                    .hasMessageContaining(c[1]);
            List<Problem> ps = problems(p);
            assertThat(ps).as(c[1]).hasSize(1);
            assertThat(ps.get(0).what()).contains(c[1]);
        }
    }

    @Test
    void aV0NetWithAPaddingLayerStillUpgrades() throws Exception {
        Path p = raw("""
                name: "v0"
                input: "data"
                input_dim: 1 input_dim: 1 input_dim: 8 input_dim: 8
                layers { layer { name: "pad1" type: "padding" pad: 1 } bottom: "data" top: "p" }
                layers { layer { name: "conv1" type: "conv" num_output: 2 kernelsize: 3 } bottom: "p" top: "c" }
                layers { layer { name: "relu1" type: "relu" } bottom: "c" top: "c" }
                """);
        TextProto net = Prototxt.readNet(p);
        TextProto conv = net.messages("layer").stream().filter(l -> l.get("name").equals("conv1")).findFirst()
                .orElseThrow();
        assertThat(conv.get("type")).isEqualTo("Convolution");
        assertThat(conv.message("convolution_param").get("pad")).isEqualTo("1");
        assertThat(conv.strings("bottom")).containsExactly("data");
        assertThat(net.messages("layer")).extracting(l -> l.get("name")).doesNotContain("pad1");
        try (CaffeNet n = CaffeNet.load(p, null, Phase.TEST)) {
            assertThat(n.shape("c")).containsExactly(1, 2, 8, 8); // 8 + 2 x pad 1 - 3 + 1
        }
    }
}
