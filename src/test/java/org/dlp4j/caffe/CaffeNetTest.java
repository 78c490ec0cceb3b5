package org.dlp4j.caffe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Forward numerics of small nets against values computed by hand. */
class CaffeNetTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static final String INPUT_4x4 = """
            layer { name: "data" type: "Input" top: "data" input_param { shape { dim: 1 dim: 1 dim: 4 dim: 4 } } }
            """;

    private static float[] ramp(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    @Test
    void convolutionWithSetWeightsPoolingAndRelu() throws Exception {
        Path net = write("n.prototxt", INPUT_4x4 + """
                layer { name: "conv" type: "Convolution" bottom: "data" top: "conv"
                  convolution_param { num_output: 1 kernel_size: 3 } }
                layer { name: "relu" type: "ReLU" bottom: "conv" top: "relu" }
                layer { name: "pool" type: "Pooling" bottom: "relu" top: "pool"
                  pooling_param { pool: MAX kernel_size: 2 stride: 2 } }
                """);
        try (CaffeNet n = CaffeNet.load(net, null, Phase.TEST)) {
            // weights: centre 1, right neighbour -2 → out = x[r][c+1] - 2 x[r][c+2] (3x3 window at (r,c)) + bias
            float[] w = new float[9];
            w[4] = 1;
            w[5] = -2;
            n.setParam("conv", 0, w);
            n.setParam("conv", 1, new float[] {3});
            Map<String, float[]> out = n.forward(Map.of("data", ramp(16)));
            float[] conv = n.blobData("conv");
            assertThat(n.shape("conv")).containsExactly(1, 1, 2, 2);
            // window (0,0): centre x[1][1]=5, right x[1][2]=6 → 5 - 12 + 3 = -4
            assertThat(conv).containsExactly(-4f, -5f, -8f, -9f);
            assertThat(n.blobData("relu")).containsExactly(0f, 0f, 0f, 0f);
            assertThat(out.get("pool")).containsExactly(0f);
            n.setParam("conv", 1, new float[] {10});
            n.forward(Map.of("data", ramp(16)));
            assertThat(n.blobData("relu")).containsExactly(3f, 2f, 0f, 0f);
            assertThat(n.blobData("pool")).containsExactly(3f);
        }
    }

    @Test
    void bilinearDeconvolutionCropAndSoftmax() throws Exception {
        Path net = write("d.prototxt", """
                layer { name: "data" type: "Input" top: "data" input_param { shape { dim: 1 dim: 1 dim: 2 dim: 2 } } }
                layer { name: "up" type: "Deconvolution" bottom: "data" top: "up"
                  convolution_param { num_output: 1 kernel_size: 4 stride: 2 bias_term: false
                    weight_filler { type: "bilinear" } } }
                layer { name: "ref" type: "Input" top: "ref" input_param { shape { dim: 1 dim: 1 dim: 3 dim: 3 } } }
                layer { name: "crop" type: "Crop" bottom: "up" bottom: "ref" top: "crop" crop_param { axis: 2 offset: 1 } }
                layer { name: "two" type: "Concat" bottom: "crop" bottom: "ref" top: "two" concat_param { axis: 1 } }
                layer { name: "prob" type: "Softmax" bottom: "two" top: "prob" }
                """);
        try (CaffeNet n = CaffeNet.load(net, null, Phase.TEST)) {
            // bilinear kernel 4, factor 2: f = 2, c = (2*2-1-2%2)/(2*2) = 0.75; 1-D weights (1-|i/f - c|) = .25 .75 .75 .25
            float[] k = n.params("up").get(0);
            float[] w1 = {0.25f, 0.75f, 0.75f, 0.25f};
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    assertThat(k[i * 4 + j]).isCloseTo(w1[i] * w1[j], within(1e-6f));
                }
            }
            assertThat(n.shape("up")).containsExactly(1, 1, 6, 6);
            // input: single 1 at (0,0); upsampled value at output (y,x) = w(y) w(x) for y,x < 4
            float[] in = {1, 0, 0, 0};
            n.forward(Map.of("data", in, "ref", new float[9]));
            float[] up = n.blobData("up");
            assertThat(up[1 * 6 + 2]).isCloseTo(0.75f * 0.75f, within(1e-6f));
            float[] crop = n.blobData("crop");
            assertThat(n.shape("crop")).containsExactly(1, 1, 3, 3);
            assertThat(crop[0]).isCloseTo(up[1 * 6 + 1], within(1e-6f));
            assertThat(crop[2 * 3 + 2]).isCloseTo(up[3 * 6 + 3], within(1e-6f));
            // softmax over two channels (crop, 0): p0 = 1/(1+e^-x)
            float[] prob = n.blobData("prob");
            double x = crop[0];
            assertThat((double) prob[0]).isCloseTo(1 / (1 + Math.exp(-x)), within(1e-6));
            assertThat(prob[0] + prob[9]).isCloseTo(1f, within(1e-6f));
        }
    }

    @Test
    void reshapeFullyConvolutionalNet() throws Exception {
        Path net = write("r.prototxt", INPUT_4x4 + """
                layer { name: "conv" type: "Convolution" bottom: "data" top: "conv"
                  convolution_param { num_output: 2 kernel_size: 1 weight_filler { type: "constant" value: 2 } } }
                """);
        try (CaffeNet n = CaffeNet.load(net, null, Phase.TEST)) {
            n.reshape("data", 1, 1, 8, 5);
            assertThat(n.shape("conv")).containsExactly(1, 2, 8, 5);
            Map<String, float[]> out = n.forward(Map.of("data", ramp(40)));
            assertThat(out.get("conv")[39]).isEqualTo(78f);
            assertThat(n.blobView("conv").get(40 + 39)).isEqualTo(78f);
        }
    }

    @Test
    void saveAndReloadWeightsRoundTrip() throws Exception {
        Path net = write("s.prototxt", INPUT_4x4 + """
                layer { name: "conv" type: "Convolution" bottom: "data" top: "conv"
                  convolution_param { num_output: 2 kernel_size: 3 weight_filler { type: "gaussian" std: 1 } } }
                """);
        Path model = dir.resolve("w.caffemodel");
        float[] w;
        try (CaffeNet n = CaffeNet.load(net, null, Phase.TEST)) {
            w = n.params("conv").get(0);
            n.save(model);
        }
        CaffeModelFile f = CaffeModelFile.read(model);
        assertThat(f.layers().get("conv").blobs().get(0).shape()).containsExactly(2, 1, 3, 3);
        assertThat(f.layers().get("conv").blobs().get(0).data()).containsExactly(w);
        try (CaffeNet n = CaffeNet.load(net, model, Phase.TEST)) {
            assertThat(n.params("conv").get(0)).containsExactly(w);
        }
    }

    @Test
    void mismatchedWeightsAreRefusedBeforeCaffe() throws Exception {
        Path a = write("a.prototxt", INPUT_4x4 + """
                layer { name: "conv" type: "Convolution" bottom: "data" top: "conv"
                  convolution_param { num_output: 2 kernel_size: 3 } }
                """);
        Path b = write("b.prototxt", INPUT_4x4 + """
                layer { name: "conv" type: "Convolution" bottom: "data" top: "conv"
                  convolution_param { num_output: 3 kernel_size: 3 } }
                """);
        Path model = dir.resolve("a.caffemodel");
        try (CaffeNet n = CaffeNet.load(a, null, Phase.TEST)) {
            n.save(model);
        }
        assertThatThrownBy(() -> CaffeNet.load(b, model, Phase.TEST))
                .isInstanceOf(WeightsMismatchException.class)
                .hasMessageContaining("conv").hasMessageContaining("[3, 1, 3, 3]");
    }

    @Test
    void closedNetRefusesUseAndCloseTwiceIsHarmless() throws Exception {
        Path net = write("c.prototxt", INPUT_4x4);
        CaffeNet n = CaffeNet.load(net, null, Phase.TEST);
        n.close();
        n.close();
        assertThatThrownBy(() -> n.shape("data")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already released").hasMessageContaining("c.prototxt");
    }

    @Test
    void gpuWithoutGpuNativesIsATypedError() {
        assertThatThrownBy(() -> Caffe.useGpu(0)).isInstanceOf(GpuUnavailableException.class)
                .hasMessageContaining("GPU 0");
        Caffe.useCpu();
        assertThat(Caffe.isGpuModeOnThisThread()).isFalse();
    }
}
