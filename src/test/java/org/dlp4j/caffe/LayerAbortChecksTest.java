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
 * Layers whose CHECKs aborted the JVM although validation passed them (ArgMax, Tile, Embed, the Euclidean, sigmoid
 * cross-entropy and infogain losses, fillers, global pooling, BatchNorm on a 1-D blob, HDF5/ImageData lists, an
 * Input without a shape feeding a layer): each refused net below made the preset's Caffe abort (exit 134, checked
 * in a child JVM); each accepted near miss is built here by Caffe itself.
 */
class LayerAbortChecksTest {
    private static final String DATA = """
            layer { name: "data" type: "DummyData" top: "data" dummy_data_param { shape { dim: 2 dim: 3 dim: 8 dim: 8 } } }
            """;

    @TempDir
    Path dir;

    private Path net(String body) throws Exception {
        Path p = dir.resolve("net" + System.nanoTime() + ".prototxt");
        Files.writeString(p, body);
        return p;
    }

    private static String dummy(String name, int... dims) {
        StringBuilder sb = new StringBuilder("layer { name: \"" + name + "\" type: \"DummyData\" top: \"" + name
                + "\" dummy_data_param { shape {");
        for (int d : dims) {
            sb.append(" dim: ").append(d);
        }
        return sb.append(" } } }\n").toString();
    }

    /** CaffeNet.load refuses the net (in validation or the shape walk) naming its file, {@code layer} and {@code what}. */
    private void refused(String body, String layer, String what) throws Exception {
        Path p = net(body);
        assertThatThrownBy(() -> CaffeNet.load(p, null, Phase.TRAIN)).as(body).isInstanceOf(ValidationException.class)
                .hasMessageContaining(p.toString()).hasMessageContaining("layer '" + layer + "'")
                .hasMessageContaining(what);
    }

    /** Validation finds nothing and Caffe builds the net in this JVM; returns its layer names. */
    private List<String> accepted(String body) throws Exception {
        Path p = net(body);
        assertThat(Prototxt.validateNet(p, Phase.TRAIN).problems()).as(body).isEmpty();
        try (CaffeNet n = CaffeNet.load(p, null, Phase.TRAIN)) {
            return n.layerNames();
        }
    }

    @Test
    void lossBottomsMustHoldMatchingCounts() throws Exception {
        refused(DATA + dummy("b", 2, 4, 8, 8) + "layer { name: \"loss\" type: \"EuclideanLoss\" bottom: \"data\""
                + " bottom: \"b\" top: \"loss\" }\n", "loss", "hold 192 and 256 values per item");
        assertThat(accepted(DATA + dummy("b", 2, 192) + "layer { name: \"loss\" type: \"EuclideanLoss\""
                + " bottom: \"data\" bottom: \"b\" top: \"loss\" }\n")).contains("loss");
        refused(DATA + dummy("b", 2, 3, 8, 7) + "layer { name: \"loss\" type: \"SigmoidCrossEntropyLoss\""
                + " bottom: \"data\" bottom: \"b\" top: \"loss\" }\n", "loss", "hold 384 and 336 values");
        assertThat(accepted(DATA + dummy("b", 2, 192) + "layer { name: \"loss\" type: \"SigmoidCrossEntropyLoss\""
                + " bottom: \"data\" bottom: \"b\" top: \"loss\" }\n")).contains("loss");
    }

    @Test
    void infogainNeedsOneLabelPerPredictionAndAClassesSquaredMatrix() throws Exception {
        String loss = "layer { name: \"loss\" type: \"InfogainLoss\" bottom: \"data\" bottom: \"b\" bottom: \"h\""
                + " top: \"loss\" }\n";
        // 2 x 3 x 8 x 8 scores with the classes on axis 1: 2 x 8 x 8 = 128 labels and a 3 x 3 matrix
        refused(DATA + dummy("b", 2) + dummy("h", 1, 1, 3, 3) + loss, "loss", "holds 2 labels but the predictions");
        refused(DATA + dummy("b", 2, 8, 8) + dummy("h", 1, 1, 4, 4) + loss, "loss", "3 classes need 3x3 = 9");
        assertThat(accepted(DATA + dummy("b", 2, 8, 8) + dummy("h", 1, 1, 3, 3) + loss)).contains("loss");
        String two = "layer { name: \"loss\" type: \"InfogainLoss\" bottom: \"data\" bottom: \"b\" top: \"loss\"";
        refused(DATA + dummy("b", 2, 8, 8) + two + " }\n", "loss", "infogain_loss_param.source is not set");
        refused(DATA + dummy("b", 2, 8, 8) + two + " infogain_loss_param { source: \"" + dir.resolve("H.binaryproto")
                + "\" } }\n", "loss", "infogain matrix '" + dir.resolve("H.binaryproto") + "' not found");
    }

    @Test
    void argMaxTileAndEmbedParameters() throws Exception {
        refused(DATA + "layer { name: \"a\" type: \"ArgMax\" bottom: \"data\" top: \"a\" argmax_param { top_k: 4"
                + " axis: 1 } }\n", "a", "top_k 4 exceeds the size 3 of axis 1");
        refused(DATA + "layer { name: \"a\" type: \"ArgMax\" bottom: \"data\" top: \"a\" argmax_param { top_k: 193 } }\n",
                "a", "exceeds the 192 values per item");
        refused(DATA + "layer { name: \"a\" type: \"ArgMax\" bottom: \"data\" top: \"a\" argmax_param { axis: 4 } }\n",
                "a", "argmax_param.axis 4 is out of range");
        assertThat(accepted(DATA + "layer { name: \"a\" type: \"ArgMax\" bottom: \"data\" top: \"a\" argmax_param {"
                + " top_k: 192 } }\nlayer { name: \"b\" type: \"ArgMax\" bottom: \"data\" top: \"b\" argmax_param {"
                + " top_k: 3 axis: 1 } }\n")).contains("a", "b");
        refused(DATA + "layer { name: \"t\" type: \"Tile\" bottom: \"data\" top: \"t\" }\n", "t",
                "tile_param.tiles is not set");
        refused(DATA + "layer { name: \"t\" type: \"Tile\" bottom: \"data\" top: \"t\" tile_param { tiles: 0 } }\n", "t",
                "tile_param.tiles is 0");
        refused(DATA + "layer { name: \"t\" type: \"Tile\" bottom: \"data\" top: \"t\" tile_param { tiles: 2 axis: 4 } }\n",
                "t", "tile_param.axis 4 is out of range");
        Path tile = net(DATA + "layer { name: \"t\" type: \"Tile\" bottom: \"data\" top: \"t\" tile_param { tiles: 2"
                + " axis: -1 } }\n");
        try (CaffeNet n = CaffeNet.load(tile, null, Phase.TRAIN)) {
            assertThat(n.shape("t")).containsExactly(2, 3, 8, 16);
        }
        String ids = dummy("i", 4);
        refused(ids + "layer { name: \"e\" type: \"Embed\" bottom: \"i\" top: \"e\" embed_param { num_output: 5 } }\n",
                "e", "embed_param.input_dim is not set");
        refused(ids + "layer { name: \"e\" type: \"Embed\" bottom: \"i\" top: \"e\" embed_param { num_output: 0"
                + " input_dim: 10 } }\n", "e", "embed_param.num_output is 0");
        Path embed = net(ids + "layer { name: \"e\" type: \"Embed\" bottom: \"i\" top: \"e\" embed_param {"
                + " num_output: 5 input_dim: 10 } }\n");
        try (CaffeNet n = CaffeNet.load(embed, null, Phase.TRAIN)) {
            assertThat(n.shape("e")).containsExactly(4, 5);
        }
    }

    @Test
    void fillersCaffeDoesNotKnowOrCannotRunAreRefused() throws Exception {
        String conv = "layer { name: \"c\" type: \"Convolution\" bottom: \"data\" top: \"c\" convolution_param {"
                + " num_output: 2 kernel_size: 3 ";
        refused(DATA + conv + "weight_filler { type: \"nonsense\" } } }\n", "c",
                "convolution_param.weight_filler has type 'nonsense'");
        String ip = "layer { name: \"c\" type: \"InnerProduct\" bottom: \"data\" top: \"c\" inner_product_param {"
                + " num_output: 2 ";
        refused(DATA + ip + "weight_filler { type: \"gaussian\" std: 0 } } }\n", "c", "gaussian with std 0");
        refused(DATA + ip + "weight_filler { type: \"uniform\" min: 1 max: 0 } } }\n", "c", "min 1.0 above max 0.0");
        refused(DATA + ip + "weight_filler { type: \"bilinear\" } } }\n", "c", "is bilinear");
        refused("layer { name: \"x\" type: \"DummyData\" top: \"x\" dummy_data_param { shape { dim: 2 } data_filler {"
                + " type: \"nonsense\" } } }\n", "x", "dummy_data_param.data_filler has type 'nonsense'");
        // a bias filler that is never run (bias_term: false), and bilinear on a square deconvolution kernel, build
        assertThat(accepted(DATA + conv + "bias_term: false bias_filler { type: \"nonsense\" } weight_filler { type:"
                + " \"msra\" } } }\nlayer { name: \"d\" type: \"Deconvolution\" bottom: \"c\" top: \"d\""
                + " convolution_param { num_output: 2 kernel_size: 4 stride: 2 group: 2 weight_filler { type:"
                + " \"bilinear\" } } }\n")).contains("c", "d");
    }

    @Test
    void anInputWithoutShapeIsAcceptedUntilALayerReadsIt() throws Exception {
        Path alone = net("layer { name: \"data\" type: \"Input\" top: \"data\" }\n");
        assertThat(Prototxt.validateNet(alone, Phase.TEST).problems()).isEmpty();
        try (CaffeNet n = CaffeNet.load(alone, null, Phase.TEST)) {
            assertThat(n.inputNames()).containsExactly("data");
            n.reshape("data", 1, 2, 3, 4);
            assertThat(n.shape("data")).containsExactly(1, 2, 3, 4);
        }
        refused("layer { name: \"data\" type: \"Input\" top: \"data\" }\nlayer { name: \"c\" type: \"Convolution\""
                + " bottom: \"data\" top: \"c\" convolution_param { num_output: 2 kernel_size: 3 } }\n", "data",
                "feeds layer 'c'");
    }

    @Test
    void globalPoolingTakesNoWindowAndBatchNormNeedsChannels() throws Exception {
        String pool = "layer { name: \"p\" type: \"Pooling\" bottom: \"data\" top: \"p\" pooling_param { global_pooling:"
                + " true ";
        refused(DATA + pool + "pad: 1 } }\n", "p", "global_pooling with pad 1");
        refused(DATA + pool + "stride: 2 } }\n", "p", "global_pooling with stride 2");
        refused(DATA + pool + "kernel_size: 2 } }\n", "p", "global_pooling with kernel_size");
        Path ok = net(DATA + pool + "pool: AVE pad: 0 stride: 1 } }\n");
        try (CaffeNet n = CaffeNet.load(ok, null, Phase.TRAIN)) {
            assertThat(n.shape("p")).containsExactly(2, 3, 1, 1);
        }
        refused(dummy("x", 2) + "layer { name: \"bn\" type: \"BatchNorm\" bottom: \"x\" top: \"bn\" }\n", "bn",
                "fewer than 2 axes");
        assertThat(accepted(DATA + "layer { name: \"bn\" type: \"BatchNorm\" bottom: \"data\" top: \"data\" }\n"
                + "layer { name: \"sc\" type: \"Scale\" bottom: \"data\" top: \"data\" scale_param { bias_term: true } }\n"))
                .containsExactly("data", "bn", "sc");
    }

    @Test
    void eltwiseCoefficientsKernelCountsAndFiveAxisEuclidean() throws Exception {
        refused(DATA + "layer { name: \"e\" type: \"Eltwise\" bottom: \"data\" bottom: \"data\" top: \"e\""
                + " eltwise_param { operation: PROD coeff: 1 coeff: 2 } }\n", "e", "coeff with operation PROD");
        Path sum = net(DATA + "layer { name: \"e\" type: \"Eltwise\" bottom: \"data\" bottom: \"data\" top: \"e\""
                + " eltwise_param { operation: SUM coeff: 1 coeff: -1 } }\n");
        try (CaffeNet n = CaffeNet.load(sum, null, Phase.TRAIN)) {
            assertThat(n.shape("e")).containsExactly(2, 3, 8, 8);
        }
        refused(DATA + "layer { name: \"c\" type: \"Convolution\" bottom: \"data\" top: \"c\" convolution_param {"
                + " num_output: 2 kernel_size: 3 kernel_size: 3 kernel_size: 3 } }\n", "c",
                "kernel_size is given 3 times for 2 spatial axes");
        Path twice = net(DATA + "layer { name: \"c\" type: \"Convolution\" bottom: \"data\" top: \"c\""
                + " convolution_param { num_output: 2 kernel_size: 3 kernel_size: 5 } }\n");
        try (CaffeNet n = CaffeNet.load(twice, null, Phase.TRAIN)) {
            assertThat(n.shape("c")).containsExactly(2, 2, 6, 4);
        }
        String mll = "layer { name: \"loss\" type: \"MultinomialLogisticLoss\" bottom: \"data\" bottom: \"b\""
                + " top: \"loss\" }\n";
        refused(DATA + dummy("b", 2, 2) + mll, "loss", "is not N x 1 x 1 x 1");
        assertThat(accepted(DATA + dummy("b", 2) + mll)).contains("loss");
        refused(dummy("x", 2, 3, 2, 2, 2) + "layer { name: \"loss\" type: \"EuclideanLoss\" bottom: \"x\""
                + " bottom: \"x\" top: \"loss\" }\n", "loss", "has 5 axes");
    }

    @Test
    void hdf5AndImageListsMustNameFilesThatExist() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "\n");
        Path missing = Files.writeString(dir.resolve("missing.txt"), dir.resolve("a.h5") + "\n");
        String h5 = "layer { name: \"h\" type: \"HDF5Data\" top: \"data\" hdf5_data_param { batch_size: 2 source: \"";
        refused(h5 + empty + "\" } }\n", "h", "names no HDF5 file");
        refused(h5 + missing + "\" } }\n", "h", "1 of the 1 HDF5 file(s) the list '" + missing + "' names does not exist");
        String img = "layer { name: \"i\" type: \"ImageData\" top: \"data\" top: \"label\" image_data_param { batch_size:"
                + " 1 source: \"";
        refused(img + empty + "\" } }\n", "i", "names no image");
        Path images = Files.writeString(dir.resolve("images.txt"), "x.png 0\ny.png 1\n");
        refused(img + images + "\" root_folder: \"" + dir + "/\" } }\n", "i", "2 of the 2 image(s)");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path net = net(img + images + "\" root_folder: \"" + dir + "/\" } }\n");
        assertThat(Main.run(new PrintWriter(out), new PrintWriter(err), "net", "validate", net.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("layer 'i'").contains(dir.resolve("x.png").toString());
    }
}
