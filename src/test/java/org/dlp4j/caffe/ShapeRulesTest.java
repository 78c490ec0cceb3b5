package org.dlp4j.caffe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ShapeInference#check}'s rules for what Caffe CHECK-fails on (aborting the JVM): each refused net is
 * paired with the nearest one Caffe accepts, which must pass. Run on parsed text only (no Caffe), since a missed
 * rule would take the test JVM down.
 */
class ShapeRulesTest {
    /** DummyData {@code data} 2x3x8x8 and {@code b} with the given dims, then {@code layers}. */
    private static TextProto net(String bDims, String layers) {
        return TextProto.parse("""
                layer { name: "data" type: "DummyData" top: "data" dummy_data_param { shape { dim: 2 dim: 3 dim: 8 dim: 8 } } }
                layer { name: "d2" type: "DummyData" top: "b" dummy_data_param { shape { %s } } }
                %s
                """.formatted(bDims, layers));
    }

    private static void refused(TextProto net, String layer, String... parts) {
        assertThatThrownBy(() -> ShapeInference.check(net, "TRAIN", List.of())).isInstanceOf(ShapeException.class)
                .hasMessageContainingAll(parts)
                .satisfies(e -> assertThat(((ShapeException) e).layer()).isEqualTo(layer));
    }

    private static int[] shape(TextProto net, String blob) {
        ShapeInference.check(net, "TRAIN", List.of());
        return ShapeInference.infer(net, Map.of(), "TRAIN", List.of()).shape(blob);
    }

    @Test
    void concatNeedsEqualShapesOutsideItsAxisAndAnAxisInRange() {
        String cc = "layer { name: \"cc\" type: \"Concat\" bottom: \"data\" bottom: \"b\" top: \"cc\" %s }";
        refused(net("dim: 2 dim: 3 dim: 6 dim: 6", cc.formatted("")), "cc", "(Concat)", "[2, 3, 8, 8]",
                "[2, 3, 6, 6]", "differ outside the concat axis 1");
        refused(net("dim: 2 dim: 3 dim: 8", cc.formatted("")), "cc", "differ outside the concat axis");
        // item 4 of the review: axis 5 of a 4-axis blob was an ArrayIndexOutOfBoundsException
        refused(net("dim: 2 dim: 3 dim: 8 dim: 8", cc.formatted("concat_param { axis: 5 }")), "cc",
                "concat_param.axis 5 is out of range for its 4-axis bottom", "from -4 to 3");
        // channels differ on the concat axis: 3 + 5; axis -1 is the width: 8 + 8
        assertThat(shape(net("dim: 2 dim: 5 dim: 8 dim: 8", cc.formatted("")), "cc")).containsExactly(2, 8, 8, 8);
        assertThat(shape(net("dim: 2 dim: 3 dim: 8 dim: 8", cc.formatted("concat_param { axis: -1 }")), "cc"))
                .containsExactly(2, 3, 8, 16);
    }

    @Test
    void eltwiseNeedsEqualShapesAndOneCoeffPerBottom() {
        String e = "layer { name: \"e\" type: \"Eltwise\" bottom: \"data\" bottom: \"b\" top: \"e\" %s }";
        refused(net("dim: 2 dim: 3 dim: 6 dim: 6", e.formatted("")), "e", "(Eltwise)", "differ in shape");
        refused(net("dim: 2 dim: 3 dim: 8 dim: 8", e.formatted("eltwise_param { coeff: 1 coeff: 1 coeff: 1 }")),
                "e", "3 coeff values for 2 bottoms");
        assertThat(shape(net("dim: 2 dim: 3 dim: 8 dim: 8", e.formatted("eltwise_param { coeff: 1 coeff: -1 }")),
                "e")).containsExactly(2, 3, 8, 8);
    }

    @Test
    void slicePointsMustIncreaseInsideTheAxis() {
        String s = "layer { name: \"s\" type: \"Slice\" bottom: \"data\" top: \"s1\" top: \"s2\" %s }";
        refused(net("dim: 1", s.formatted("slice_param { axis: 1 slice_point: 5 }")), "s",
                "slice_point 5 on axis 1 (size 3) lies beyond the axis");
        refused(net("dim: 1", s.formatted("slice_param { axis: 1 slice_point: 0 }")), "s", "does not increase");
        refused(net("dim: 1", s.formatted("slice_param { axis: 1 slice_point: 1 slice_point: 2 }")), "s",
                "2 slice_point values for 2 tops");
        refused(net("dim: 1", s.formatted("slice_param { axis: 1 }")), "s", "2 tops do not evenly divide", "3");
        refused(net("dim: 1", s.formatted("slice_param { axis: 4 }")), "s", "slice_param.axis 4 is out of range");
        // slice_point 3 of 3 would leave s2 empty: Caffe aborts on its first access
        refused(net("dim: 1", s.formatted("slice_param { axis: 1 slice_point: 3 }")), "s", "top 's2'", "empty");
        TextProto ok = net("dim: 1", s.formatted("slice_param { axis: 1 slice_point: 1 }"));
        assertThat(shape(ok, "s1")).containsExactly(2, 1, 8, 8);
        assertThat(shape(ok, "s2")).containsExactly(2, 2, 8, 8);
        assertThat(shape(net("dim: 1", s.formatted("slice_param { axis: -1 }")), "s2")).containsExactly(2, 3, 8, 4);
    }

    @Test
    void emptyBlobsAreRefusedWhereCaffeWouldTouchThem() {
        // DummyData fills its tops: a 0 dim aborts in the filler (Check failed: data_)
        refused(net("dim: 2 dim: 0 dim: 8 dim: 8", ""), "d2", "(DummyData)", "top 'b' has shape [2, 0, 8, 8]");
        TextProto input = TextProto.parse("""
                layer { name: "data" type: "Input" top: "data" input_param { shape { dim: 2 dim: 0 dim: 8 dim: 8 } } }
                layer { name: "ip" type: "InnerProduct" bottom: "data" top: "ip" inner_product_param { num_output: 3 } }
                """);
        refused(input, "ip", "(InnerProduct)", "bottom 'data' [2, 0, 8, 8] holds no values");
    }

    @Test
    void lossLabelsMustMatchThePredictions() {
        String ip = "layer { name: \"ip\" type: \"InnerProduct\" bottom: \"data\" top: \"ip\""
                + " inner_product_param { num_output: 4 } }";
        String loss = " layer { name: \"loss\" type: \"SoftmaxWithLoss\" bottom: \"%s\" bottom: \"b\" top: \"loss\" %s }";
        refused(net("dim: 3", ip + loss.formatted("ip", "")), "loss", "(SoftmaxWithLoss)", "data [2, 4] and label [3]",
                "first dim (2 vs 3)");
        // per-pixel: predictions 2x3x8x8 with classes on axis 1 need 2x8x8 = 128 labels
        refused(net("dim: 2 dim: 1 dim: 8 dim: 4", loss.formatted("data", "")), "loss", "holds 64 labels",
                "need 128");
        refused(net("dim: 2", loss.formatted("data", "softmax_param { axis: 9 }")), "loss",
                "softmax_param.axis 9 is out of range");
        assertThat(shape(net("dim: 2 dim: 1 dim: 8 dim: 8", loss.formatted("data", "")), "loss")).isEmpty();
        assertThat(shape(net("dim: 2", ip + loss.formatted("ip", "")), "loss")).isEmpty();
    }

    @Test
    void accuracyTopKIsAtMostTheClasses() {
        String ip = "layer { name: \"ip\" type: \"InnerProduct\" bottom: \"data\" top: \"ip\""
                + " inner_product_param { num_output: 4 } }";
        String acc = " layer { name: \"acc\" type: \"Accuracy\" bottom: \"ip\" bottom: \"b\" top: \"acc\" %s }";
        refused(net("dim: 2", ip + acc.formatted("accuracy_param { top_k: 10 }")), "acc", "(Accuracy)",
                "top_k 10 exceeds the number of classes (4)");
        refused(net("dim: 4", ip + acc.formatted("")), "acc", "holds 4 labels", "need 2");
        assertThat(shape(net("dim: 2", ip + acc.formatted("accuracy_param { top_k: 4 }")), "acc")).isEmpty();
    }

    @Test
    void axesFollowCaffesCanonicalAxisIndex() {
        refused(net("dim: 1", "layer { name: \"f\" type: \"Flatten\" bottom: \"data\" top: \"f\" flatten_param { axis: 6 } }"),
                "f", "flatten_param.axis 6");
        refused(net("dim: 1", "layer { name: \"ip\" type: \"InnerProduct\" bottom: \"data\" top: \"ip\""
                + " inner_product_param { num_output: 4 axis: 5 } }"), "ip", "inner_product_param.axis 5");
        refused(net("dim: 1", "layer { name: \"sm\" type: \"Softmax\" bottom: \"data\" top: \"sm\""
                + " softmax_param { axis: -5 } }"), "sm", "softmax_param.axis -5", "from -4 to 3");
        refused(net("dim: 1", "layer { name: \"r\" type: \"Reshape\" bottom: \"data\" top: \"r\""
                + " reshape_param { shape { dim: -1 } axis: 7 } }"), "r", "axis 7");
        // in range: Flatten of axes 2..3 (8x8 -> 64), InnerProduct on axis 2 keeps 2x3, Softmax on axis -4
        assertThat(shape(net("dim: 1", "layer { name: \"f\" type: \"Flatten\" bottom: \"data\" top: \"f\""
                + " flatten_param { axis: 2 } }"), "f")).containsExactly(2, 3, 64);
        assertThat(shape(net("dim: 1", "layer { name: \"f\" type: \"Flatten\" bottom: \"data\" top: \"f\""
                + " flatten_param { axis: 1 end_axis: -2 } }"), "f")).containsExactly(2, 24, 8);
        assertThat(shape(net("dim: 1", "layer { name: \"ip\" type: \"InnerProduct\" bottom: \"data\" top: \"ip\""
                + " inner_product_param { num_output: 5 axis: 2 } }"), "ip")).containsExactly(2, 3, 5);
        assertThat(shape(net("dim: 1", "layer { name: \"sm\" type: \"Softmax\" bottom: \"data\" top: \"sm\""
                + " softmax_param { axis: -4 } }"), "sm")).containsExactly(2, 3, 8, 8);
    }

    @Test
    void scaleBiasAndLrnParametersMustFitTheirBottom() {
        String sc = "layer { name: \"sc\" type: \"Scale\" bottom: \"data\" %s top: \"sc\" %s }";
        refused(net("dim: 1", sc.formatted("", "scale_param { axis: 4 }")), "sc", "scale_param.axis 4");
        refused(net("dim: 1", sc.formatted("", "scale_param { axis: 2 num_axes: 3 }")), "sc", "num_axes 3 from axis 2");
        // factors [3, 6] against data 2x3x8x8 from axis 1: 6 is not 8
        refused(net("dim: 3 dim: 6", sc.formatted("bottom: \"b\"", "")), "sc", "second bottom [3, 6]");
        refused(net("dim: 1", "layer { name: \"bi\" type: \"Bias\" bottom: \"data\" top: \"bi\""
                + " bias_param { axis: -5 } }"), "bi", "bias_param.axis -5");
        refused(net("dim: 1", "layer { name: \"n\" type: \"LRN\" bottom: \"data\" top: \"n\""
                + " lrn_param { local_size: 4 } }"), "n", "local_size 4 is even");
        assertThat(shape(net("dim: 3 dim: 8", sc.formatted("bottom: \"b\"", "")), "sc")).containsExactly(2, 3, 8, 8);
        assertThat(shape(net("dim: 1", sc.formatted("", "scale_param { axis: -1 num_axes: -1 }")), "sc"))
                .containsExactly(2, 3, 8, 8);
    }

    @Test
    void reshapedInputsAreCheckedAtTheirNewSize() {
        TextProto deploy = TextProto.parse("""
                layer { name: "data" type: "Input" top: "data" input_param { shape { dim: 1 dim: 1 dim: 32 dim: 32 } } }
                layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
                        convolution_param { num_output: 2 kernel_size: 11 stride: 4 } }
                layer { name: "prob" type: "Softmax" bottom: "conv1" top: "prob" }
                """);
        ShapeInference.check(deploy, "TEST", List.of());
        // 2x2: (2 - 11) / 4 + 1 = -1
        assertThatThrownBy(() -> ShapeInference.checkReshaped(deploy, Map.of("data", new int[] {1, 1, 2, 2}), "TEST",
                List.of())).isInstanceOf(ShapeException.class).hasMessageContaining("layer 'conv1'")
                .hasMessageContaining("gives a -1x-1 output");
        // 8x8: Caffe's integer division gives 1x1 from a window that is mostly padding: refused for a reshape
        assertThatThrownBy(() -> ShapeInference.checkReshaped(deploy, Map.of("data", new int[] {1, 1, 8, 8}), "TEST",
                List.of())).isInstanceOf(ShapeException.class).hasMessageContaining("window wider than its padded input");
        assertThatThrownBy(() -> ShapeInference.checkReshaped(deploy, Map.of("data", new int[] {1, 1, 0, 8}), "TEST",
                List.of())).isInstanceOf(ShapeException.class).hasMessageContaining("not positive");
        ShapeInference.checkReshaped(deploy, Map.of("data", new int[] {1, 1, 11, 11}), "TEST", List.of());
    }
}
