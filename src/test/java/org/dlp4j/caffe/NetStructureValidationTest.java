package org.dlp4j.caffe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dlp4j.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Structural faults on which Caffe's Net::Init aborts the process are refused in Java, naming file, layer and fix;
 * the near misses Caffe builds are accepted (and then really built by Caffe in this JVM). Each refused net below was
 * checked to abort the preset's Caffe, each accepted one to build.
 */
class NetStructureValidationTest {
    private static final String DATA = """
            layer { name: "data" type: "DummyData" top: "data" dummy_data_param { shape { dim: 2 dim: 3 dim: 8 dim: 8 } } }
            """;
    private static final String LABEL = """
            layer { name: "l" type: "DummyData" top: "label" dummy_data_param { shape { dim: 2 } } }
            """;

    @TempDir
    Path dir;

    private Path net(String body) throws Exception {
        Path p = dir.resolve("net" + System.nanoTime() + ".prototxt");
        Files.writeString(p, body);
        return p;
    }

    /** The single problem of a net (both phases agree on it), which must name {@code layer} and say {@code what}. */
    private Problem refused(String body, String layer, String what) throws Exception {
        Path p = net(body);
        List<Problem> ps = Prototxt.validateNet(p, Phase.TRAIN).problems();
        assertThat(ps).as(body).singleElement().satisfies(pr -> {
            assertThat(pr.file()).isEqualTo(p.toString());
            assertThat(pr.layer()).isEqualTo(layer);
            assertThat(pr.what()).contains(what);
            assertThat(pr.fix()).isNotBlank();
        });
        assertThatThrownBy(() -> CaffeNet.load(p, null, Phase.TRAIN)).isInstanceOf(ValidationException.class)
                .hasMessageContaining(p.toString()).hasMessageContaining("layer '" + layer + "'");
        return ps.get(0);
    }

    /** Validates without problems and Caffe builds it in this JVM; returns the layers Caffe built. */
    private List<String> accepted(String body, Phase phase) throws Exception {
        Path p = net(body);
        assertThat(Prototxt.validateNet(p, phase).problems()).as(body).isEmpty();
        try (CaffeNet n = CaffeNet.load(p, null, phase)) {
            return n.layerNames();
        }
    }

    @Test
    void aTopRepeatedInOneLayerIsRefused() throws Exception {
        refused(DATA + "layer { name: \"s\" type: \"Split\" bottom: \"data\" top: \"x\" top: \"x\" }\n", "s",
                "top 'x' is listed more than once");
    }

    @Test
    void inPlaceIsPositional() throws Exception {
        String d2 = "layer { name: \"d2\" type: \"DummyData\" top: \"b\" dummy_data_param { shape { dim: 2 dim: 3 dim: 8"
                + " dim: 8 } } }\n";
        refused(DATA + d2 + "layer { name: \"e\" type: \"Eltwise\" bottom: \"data\" bottom: \"b\" top: \"b\" }\n", "e",
                "top 'b' is at position 1 of the tops but at position 2 of the bottoms");
        // the same layer with the bottoms swapped is in place: Caffe builds it
        assertThat(accepted(DATA + d2 + "layer { name: \"e\" type: \"Eltwise\" bottom: \"b\" bottom: \"data\" top: \"b\" }\n",
                Phase.TRAIN)).contains("e");
    }

    @Test
    void inPlaceOnABlobAnotherLayerAlsoReadsIsRefused() throws Exception {
        String conv = "layer { name: \"c\" type: \"Convolution\" bottom: \"data\" top: \"x\" convolution_param {"
                + " num_output: 2 kernel_size: 1 } }\n";
        refused(DATA + conv + "layer { name: \"a\" type: \"Sigmoid\" bottom: \"x\" top: \"a\" }\n"
                + "layer { name: \"r\" type: \"ReLU\" bottom: \"x\" top: \"x\" }\n", "r",
                "also used by layer 'a'");
        // in place first, then read twice: the split comes after the ReLU, which Caffe builds
        assertThat(accepted(DATA + conv + "layer { name: \"r\" type: \"ReLU\" bottom: \"x\" top: \"x\" }\n"
                + "layer { name: \"a\" type: \"Sigmoid\" bottom: \"x\" top: \"a\" }\n"
                + "layer { name: \"b\" type: \"Sigmoid\" bottom: \"x\" top: \"b\" }\n", Phase.TRAIN))
                .contains("x_r_0_split");
    }

    @Test
    void topAndBottomCountsPerLayerType() throws Exception {
        assertThat(refused(DATA + "layer { name: \"r\" type: \"ReLU\" bottom: \"data\" }\n", "r",
                "ReLU produces exactly 1 top(s), has 0").fix()).contains("add top");
        refused(DATA + "layer { name: \"s\" type: \"Silence\" bottom: \"data\" top: \"x\" }\n", "s",
                "Silence produces exactly 0 top(s), has 1");
        refused(DATA + "layer { name: \"p\" type: \"Pooling\" bottom: \"data\" top: \"p\" top: \"q\""
                + " pooling_param { pool: AVE kernel_size: 2 } }\n", "p", "Pooling produces exactly 1 top(s), has 2");
        refused(DATA + "layer { name: \"c\" type: \"Convolution\" bottom: \"data\" top: \"c\" top: \"d\""
                + " convolution_param { num_output: 4 kernel_size: 3 } }\n", "c", "one top per bottom");
        refused(DATA + "layer { name: \"e\" type: \"EuclideanLoss\" bottom: \"data\" bottom: \"data\" top: \"l\""
                + " top: \"m\" }\n", "e", "EuclideanLoss produces exactly 1 top(s), has 2");
        refused(DATA + LABEL + "layer { name: \"ip\" type: \"InnerProduct\" bottom: \"data\" top: \"ip\""
                + " inner_product_param { num_output: 4 } }\n"
                + "layer { name: \"loss\" type: \"SoftmaxWithLoss\" bottom: \"ip\" bottom: \"label\" bottom: \"label\""
                + " top: \"loss\" }\n", "loss", "SoftmaxWithLoss takes exactly 2 bottom(s), has 3");
        // MAX pooling may have a mask top, and a loss layer without a top gets one from Caffe
        assertThat(accepted(DATA + LABEL + "layer { name: \"p\" type: \"Pooling\" bottom: \"data\" top: \"p\" top: \"q\""
                + " pooling_param { pool: MAX kernel_size: 2 } }\n"
                + "layer { name: \"ip\" type: \"InnerProduct\" bottom: \"p\" top: \"ip\" inner_product_param { num_output: 4 } }\n"
                + "layer { name: \"loss\" type: \"SoftmaxWithLoss\" bottom: \"ip\" bottom: \"label\" loss_weight: 1 }\n",
                Phase.TRAIN)).containsSubsequence("p", "ip", "loss");
    }

    @Test
    void includeAndExcludeOnOneLayerIsRefused() throws Exception {
        refused(DATA + "layer { name: \"r\" type: \"ReLU\" bottom: \"data\" top: \"r\" include { phase: TRAIN }"
                + " exclude { phase: TEST } }\n", "r", "both include and exclude");
    }

    @Test
    void moreParamEntriesThanBlobsAreRefused() throws Exception {
        refused(DATA + "layer { name: \"r\" type: \"ReLU\" bottom: \"data\" top: \"r\" param { lr_mult: 1 } }\n", "r",
                "1 param { } entries, but this ReLU layer has 0 parameter blob(s)");
        assertThat(refused(DATA + "layer { name: \"c\" type: \"Convolution\" bottom: \"data\" top: \"c\" param {"
                + " lr_mult: 1 } param { lr_mult: 2 } convolution_param { num_output: 4 kernel_size: 3 bias_term: false } }\n",
                "c", "2 param { } entries, but this Convolution layer has 1").what()).contains("bias_term: false");
        refused(DATA + "layer { name: \"bn\" type: \"BatchNorm\" bottom: \"data\" top: \"bn\" param { lr_mult: 0 }"
                + " param { lr_mult: 0 } param { lr_mult: 0 } param { lr_mult: 0 } }\n", "bn", "has 3 parameter blob(s)");
        refused(DATA + "layer { name: \"s\" type: \"Scale\" bottom: \"data\" top: \"s\" param { lr_mult: 1 }"
                + " param { lr_mult: 1 } }\n", "s", "has 1 parameter blob(s)");
        refused(DATA + "layer { name: \"bn\" type: \"BatchNorm\" bottom: \"data\" top: \"bn\" param { lr_mult: 0 }"
                + " param { decay_mult: 0 } }\n", "bn", "lr_mult 1.0 (the default)");
        // Scale with a bias term has two blobs; BatchNorm's three statistics with lr_mult 0 are fine
        assertThat(accepted(DATA + "layer { name: \"bn\" type: \"BatchNorm\" bottom: \"data\" top: \"bn\" param {"
                + " lr_mult: 0 } param { lr_mult: 0 } param { lr_mult: 0 } }\n"
                + "layer { name: \"s\" type: \"Scale\" bottom: \"bn\" top: \"s\" param { lr_mult: 1 } param { lr_mult: 1 }"
                + " scale_param { bias_term: true } }\n", Phase.TRAIN)).contains("bn", "s");
    }

    @Test
    void lossWeightAndPropagateDownCounts() throws Exception {
        String ip = "layer { name: \"ip\" type: \"InnerProduct\" bottom: \"data\" top: \"ip\" inner_product_param {"
                + " num_output: 4 } }\n";
        refused(DATA + LABEL + ip + "layer { name: \"loss\" type: \"SoftmaxWithLoss\" bottom: \"ip\" bottom: \"label\""
                + " top: \"loss\" loss_weight: 1 loss_weight: 1 }\n", "loss", "2 loss_weight entries for 1 top(s)");
        refused(DATA + "layer { name: \"r\" type: \"ReLU\" bottom: \"data\" top: \"r\" propagate_down: true"
                + " propagate_down: false }\n", "r", "2 propagate_down entries for 1 bottom(s)");
        // a weighted top that another layer reads is split, and Caffe drops the layer's loss_weight list
        assertThat(accepted(DATA + LABEL + "layer { name: \"ip\" type: \"InnerProduct\" bottom: \"data\" top: \"ip\""
                + " inner_product_param { num_output: 4 } loss_weight: 1 loss_weight: 1 }\n"
                + "layer { name: \"loss\" type: \"SoftmaxWithLoss\" bottom: \"ip\" bottom: \"label\" top: \"loss\" }\n",
                Phase.TRAIN)).contains("ip_ip_0_split");
    }

    @Test
    void sharedParamsMustMatchInShapeAndMultipliers() throws Exception {
        refused(DATA + "layer { name: \"c1\" type: \"Convolution\" bottom: \"data\" top: \"c1\" param { name: \"w\" }"
                + " convolution_param { num_output: 4 kernel_size: 3 } }\n"
                + "layer { name: \"c2\" type: \"Convolution\" bottom: \"data\" top: \"c2\" param { name: \"w\" }"
                + " convolution_param { num_output: 5 kernel_size: 3 } }\n", "c2",
                "param 'w' is shared with layer 'c1', whose blob is 4x?x3x..., but this layer's is 5x?x3x...");
        refused(DATA + "layer { name: \"c1\" type: \"Convolution\" bottom: \"data\" top: \"c1\" param { name: \"w\" }"
                + " param { name: \"b\" } convolution_param { num_output: 4 kernel_size: 3 } }\n"
                + "layer { name: \"c2\" type: \"InnerProduct\" bottom: \"data\" top: \"c2\" param { name: \"v\" }"
                + " param { name: \"b\" } inner_product_param { num_output: 5 } }\n", "c2", "param 'b'");
        refused(DATA + "layer { name: \"c1\" type: \"Convolution\" bottom: \"data\" top: \"c1\" param { name: \"w\""
                + " lr_mult: 1 } convolution_param { num_output: 4 kernel_size: 3 } }\n"
                + "layer { name: \"c2\" type: \"Convolution\" bottom: \"data\" top: \"c2\" param { name: \"w\" lr_mult: 2 }"
                + " convolution_param { num_output: 4 kernel_size: 3 } }\n", "c2", "has lr_mult 2 here but 1");
        // same num_output and kernel (kernel_size 3 = kernel_h 3 kernel_w 3), padding differs: Caffe shares them
        assertThat(accepted(DATA + "layer { name: \"c1\" type: \"Convolution\" bottom: \"data\" top: \"c1\" param {"
                + " name: \"w\" } param { name: \"b\" } convolution_param { num_output: 4 kernel_size: 3 } }\n"
                + "layer { name: \"c2\" type: \"Convolution\" bottom: \"data\" top: \"c2\" param { name: \"w\" } param {"
                + " name: \"b\" } convolution_param { num_output: 4 kernel_h: 3 kernel_w: 3 pad: 1 } }\n", Phase.TRAIN))
                .contains("c1", "c2");
    }

    @Test
    void dummyDataShapesAndLegacyDims() throws Exception {
        refused("layer { name: \"d\" type: \"DummyData\" top: \"a\" top: \"b\" dummy_data_param { shape { dim: 2 }"
                + " shape { dim: 3 } shape { dim: 4 } } }\n", "d", "3 shape { } entries for 2 top(s)");
        refused("layer { name: \"d\" type: \"DummyData\" top: \"a\" }\n", "d", "0 shape { } entries");
        refused("layer { name: \"d\" type: \"DummyData\" top: \"a\" dummy_data_param { num: 2 } }\n", "d",
                "channels (0x), height (0x), width (0x)");
        // one shape for all tops, and the legacy dims once for all tops, are what Caffe takes
        assertThat(accepted("layer { name: \"d\" type: \"DummyData\" top: \"a\" top: \"b\" dummy_data_param {"
                + " shape { dim: 2 } } }\n"
                + "layer { name: \"e\" type: \"DummyData\" top: \"c\" top: \"f\" dummy_data_param { num: 2 num: 3"
                + " channels: 3 height: 4 width: 4 } }\n", Phase.TRAIN)).containsExactly("d", "e");
    }

    @Test
    void theLayerPhaseFieldDoesNotSelectLayers() throws Exception {
        refused("""
                layer { name: "d1" type: "DummyData" top: "data" phase: TRAIN dummy_data_param { shape { dim: 2 dim: 3 } } }
                layer { name: "d2" type: "DummyData" top: "data" phase: TEST dummy_data_param { shape { dim: 2 dim: 3 } } }
                layer { name: "s" type: "Sigmoid" bottom: "data" top: "s" }
                """, "d2", "top 'data' is already produced");
    }

    @Test
    void theNetStateStagesAndLevelSelectLayers() throws Exception {
        String rest = "layer { name: \"s\" type: \"Sigmoid\" bottom: \"r\" top: \"s\" }\n";
        assertThat(accepted("state { stage: \"x\" }\n" + DATA + "layer { name: \"r\" type: \"ReLU\" bottom: \"data\""
                + " top: \"r\" include { stage: \"x\" } }\n" + rest, Phase.TEST)).containsExactly("data", "r", "s");
        assertThat(accepted("state { level: 2 }\n" + DATA + "layer { name: \"r\" type: \"ReLU\" bottom: \"data\""
                + " top: \"r\" include { min_level: 1 max_level: 2 } }\n" + rest, Phase.TRAIN))
                .containsExactly("data", "r", "s");
        refused("state { stage: \"x\" }\n" + DATA + "layer { name: \"r\" type: \"ReLU\" bottom: \"data\" top: \"r\""
                + " exclude { stage: \"x\" } }\n" + rest, "s", "bottom 'r' is produced by no earlier layer");
        refused("state { stage: \"x\" stage: \"y\" }\n" + DATA + "layer { name: \"r\" type: \"ReLU\" bottom: \"data\""
                + " top: \"r\" include { stage: \"x\" not_stage: \"y\" } }\n" + rest, "s", "bottom 'r'");
        Path p = net("state { stage: \"x\" }\n" + DATA + "layer { name: \"r\" type: \"ReLU\" bottom: \"data\" top: \"r\""
                + " include { stage: \"x\" } }\n");
        assertThat(Prototxt.activeLayers(TextProto.read(p), Phase.TEST)).extracting(l -> l.get("name"))
                .containsExactly("data", "r");
    }

    @Test
    void netValidateExitsTwoListingTheLayer() throws Exception {
        Path p = net(DATA + "layer { name: \"s\" type: \"Split\" bottom: \"data\" top: \"x\" top: \"x\" }\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Main.run(new PrintWriter(out), new PrintWriter(err), "net", "validate", p.toString());
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString()).contains("1 problem(s)").contains(p + ":2: layer 's': top 'x' is listed more than once");
    }
}
