package org.dlp4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.dlp4j.BadInputException;
import org.dlp4j.caffe.ShapeInference;
import org.dlp4j.caffe.TextProto;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@link ShapeInference#check}: what would abort Caffe while it sets a net up is refused in Java first. */
class ShapeInferenceTest {
    /** fcn-small's deploy net (1 x 1 x 256 x 256) as text, with {@code from} replaced by {@code to} once. */
    private static TextProto fcnSmall(String from, String to) {
        String text = DeployGenerator.generate(NetLibrary.trainVal("fcn-small", 2), new int[] {1, 1, 256, 256}, null,
                "fcn-small").toString();
        assertThat(text).contains(from);
        return TextProto.parse(text.replaceFirst(java.util.regex.Pattern.quote(from),
                java.util.regex.Matcher.quoteReplacement(to)));
    }

    private static void refused(TextProto net, String... parts) {
        assertThatThrownBy(() -> ShapeInference.check(net, "TEST", List.of())).isInstanceOf(BadInputException.class)
                .hasMessageContainingAll(parts);
    }

    @Test
    void windowsLargerThanTheirInputAreRefusedWithTheOutputSize() {
        // conv1: (256 + 2 x 1 - 300) / 2 + 1 = -20
        refused(fcnSmall("kernel_size: 3\n    pad: 1\n    stride: 2", "kernel_size: 300\n    pad: 1\n    stride: 2"),
                "layer 'conv1' (Convolution)", "kernel 300x300", "gives a -20x-20 output");
        // pool2 sees conv2's 128 x 128: ceil((128 - 500) / 2) + 1 = -185
        refused(fcnSmall("kernel_size: 2", "kernel_size: 500"), "layer 'pool2' (Pooling)", "-185x-185");
        refused(fcnSmall("kernel_size: 2", "kernel_size: 2\n    pad: 2"), "layer 'pool2'", "pad 2 must be smaller");
    }

    @Test
    void groupsCountsAndCropsThatCaffeWouldCheckFail() {
        // upscore (Deconvolution, group 2) fed 3 channels by score_fr
        refused(fcnSmall("num_output: 2\n    kernel_size: 1", "num_output: 3\n    kernel_size: 1"),
                "layer 'upscore' (Deconvolution)", "group 2 must divide", "input channels (3)");
        refused(fcnSmall("num_output: 8", "num_output: 0"), "layer 'conv1'", "num_output must be > 0, got 0");
        refused(fcnSmall("stride: 2", "stride: 0"), "layer 'conv1'", "stride must be > 0");
        refused(fcnSmall("offset: 0", "offset: 100"), "layer 'score' (Crop)", "offset 100");
    }

    private static TextProto reshapeNet(String reshapeParam) {
        return TextProto.parse("""
                layer { name: "data" type: "Input" top: "data" input_param { shape { dim: 2 dim: 3 dim: 4 dim: 5 } } }
                layer { name: "r" type: "Reshape" bottom: "data" top: "r" reshape_param { %s } }
                """.formatted(reshapeParam));
    }

    @Test
    void reshapeFollowsCaffesRules() {
        // 2 x 3 x 4 x 5 = 120 values
        assertThat(ShapeInference.infer(reshapeNet("shape { dim: 0 dim: -1 }"), java.util.Map.of(), "TEST",
                List.of()).shape("r")).containsExactly(2, 60);
        assertThat(ShapeInference.infer(reshapeNet("shape { dim: 6 dim: 2 } axis: 1 num_axes: 2"), java.util.Map.of(),
                "TEST", List.of()).shape("r")).containsExactly(2, 6, 2, 5);
        assertThat(ShapeInference.infer(reshapeNet("shape { dim: 1 } axis: -1 num_axes: 0"), java.util.Map.of(),
                "TEST", List.of()).shape("r")).containsExactly(2, 3, 4, 5, 1);
        refused(reshapeNet("shape { dim: 7 dim: -1 }"), "layer 'r' (Reshape)", "cannot fill");
        refused(reshapeNet("shape { dim: 2 dim: 3 dim: 4 }"), "has 120 values", "has 24");
        refused(reshapeNet("shape { dim: -1 dim: -1 }"), "more than one dim is -1");
    }

    @Test
    void theLibrarysNetsPass() {
        for (NetLibrary.Entry e : NetLibrary.entries()) {
            String name = e.name();
            TextProto tv = NetLibrary.trainVal(name, 2);
            int[] shape = e.inputShape();
            TextProto deploy = DeployGenerator.generate(tv, shape, null, name);
            assertThatCode(() -> ShapeInference.check(deploy, "TEST", List.of())).as(name).doesNotThrowAnyException();
            // train_val: Data layers' shapes come from their LMDBs, so the walk passes over what they feed
            assertThatCode(() -> ShapeInference.check(tv, "TRAIN", List.of())).as(name).doesNotThrowAnyException();
        }
    }

    @Test
    void everyReferencePrototxtPasses() throws Exception {
        Path ref = Path.of("../shared/data/prototxt-reference");
        Assumptions.assumeTrue(Files.isDirectory(ref), "../shared/data absent");
        List<Path> files;
        try (Stream<Path> s = Files.walk(ref)) {
            files = s.filter(p -> p.toString().endsWith(".prototxt")).sorted().toList();
        }
        int nets = 0;
        for (Path f : files) {
            TextProto t;
            try {
                t = org.dlp4j.caffe.Prototxt.readNet(f);
            } catch (RuntimeException e) {
                continue; // not a net this reader takes (a solver, a fragment)
            }
            if (!t.has("layer")) {
                continue;
            }
            nets++;
            for (String phase : List.of("TRAIN", "TEST")) {
                assertThatCode(() -> ShapeInference.check(t, phase, List.of())).as(f + " " + phase)
                        .doesNotThrowAnyException();
            }
        }
        assertThat(nets).isGreaterThan(10);
    }

    @Test
    void dummyDataDeclaresItsShapesSoTheLayersItFeedsAreChecked() {
        // legacy num/channels/height/width: one value for every top, or one per top
        TextProto net = TextProto.parse("""
                layer { name: "d" type: "DummyData" top: "data" top: "label"
                        dummy_data_param { num: 2 channels: 3 channels: 1 height: 20 width: 24 } }
                layer { name: "conv" type: "Convolution" bottom: "data" top: "conv"
                        convolution_param { num_output: 5 kernel_size: 5 stride: 1 } }
                """);
        ShapeInference.Result r = ShapeInference.infer(net, java.util.Map.of(), "TRAIN", List.of());
        assertThat(r.blobs().get("data")).containsExactly(2, 3, 20, 24);
        assertThat(r.blobs().get("label")).containsExactly(2, 1, 20, 24);
        assertThat(r.blobs().get("conv")).containsExactly(2, 5, 16, 20); // (20-5)/1+1, (24-5)/1+1
        TextProto tooBig = TextProto.parse(net.toString().replace("kernel_size: 5", "kernel_size: 30"));
        assertThatThrownBy(() -> ShapeInference.check(tooBig, "TRAIN", List.of())).isInstanceOf(BadInputException.class)
                .hasMessageContaining("layer 'conv' (Convolution)");
    }
}
