package org.dlp4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dlp4j.caffe.CaffeModelFile;
import org.dlp4j.caffe.CaffeNet;
import org.dlp4j.caffe.Phase;
import org.dlp4j.caffe.TextProto;
import org.dlp4j.cli.Main;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvolutionalizeTest {
    static final Path MNIST = Path.of("../shared/data/caffe-models/caffe-tensorflow/examples/mnist");
    @TempDir
    Path tmp;

    /** LeNet with ip1 as a 4×4 convolution over pool2 (50×4×4) and ip2 as a 1×1 convolution. */
    static TextProto fullyConvLenet(int size) {
        NetBuilder b = new NetBuilder("lenet-fcn");
        b.input("data", 1, 1, size, size);
        b.conv("conv1", "data", 20, 5);
        b.maxPool("pool1", "conv1", 2, 2);
        b.conv("conv2", "pool1", 50, 5);
        b.maxPool("pool2", "conv2", 2, 2);
        b.conv("ip1", "pool2", 500, 4);
        b.relu("relu1", "ip1");
        b.conv("ip2", "ip1", 10, 1);
        b.softmax("prob", "ip2");
        return b.build();
    }

    @Test
    void bilinearFilterIsFcnsUpsampleFilt() {
        // k=4: f=2, c=1.5 → 1-|i-1.5|/2 = .25 .75 .75 .25
        float[] w = Bilinear.filter(4);
        assertThat(w[0]).isEqualTo(0.0625f);
        assertThat(w[1]).isEqualTo(0.1875f);
        assertThat(w[5]).isEqualTo(0.5625f);
        // k=3: f=2, c=1 → .5 1 .5
        assertThat(Bilinear.filter(3)).containsExactly(0.25f, 0.5f, 0.25f, 0.5f, 1f, 0.5f, 0.25f, 0.5f, 0.25f);
        float[] diag = Bilinear.deconvolutionWeights(new int[] {2, 2, 3, 3});
        assertThat(diag[4]).isEqualTo(1f);          // (0,0) centre
        assertThat(diag[9 + 4]).isEqualTo(0f);      // (0,1) off-diagonal
        assertThat(diag[27 + 4]).isEqualTo(1f);     // (1,1) centre
        float[] grouped = Bilinear.deconvolutionWeights(new int[] {3, 1, 3, 3});
        assertThat(grouped[18 + 4]).isEqualTo(1f);
    }

    @Test
    void lenetBecomesFullyConvolutionalWithTheSameOutputs() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(MNIST));
        Path fcn = tmp.resolve("lenet_fcn.prototxt");
        fullyConvLenet(28).write(fcn);
        Path out = tmp.resolve("lenet_fcn.caffemodel");
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.run(new PrintWriter(o), new PrintWriter(e), "net", "convolutionalize", "--model",
                MNIST.resolve("lenet.prototxt").toString(), "--weights", MNIST.resolve("lenet_iter_10000.caffemodel").toString(),
                "--fcn", fcn.toString(), "--out", out.toString(), "--check");
        assertThat(code).as(e.toString()).isZero();
        assertThat(e.toString()).contains("copying conv1 [[20, 1, 5, 5], [20]]")
                .contains("coercing ip1 [[500, 800], [500]] -> [[500, 50, 4, 4], [500]]")
                .contains("coercing ip2 [[10, 500], [10]] -> [[10, 500, 1, 1], [10]]");
        String line = o.toString().lines().filter(l -> l.startsWith("max_abs_diff: ")).findFirst().orElseThrow();
        double diff = Double.parseDouble(line.substring("max_abs_diff: ".length()));
        assertThat(diff).isLessThan(1e-4);
        CaffeModelFile m = CaffeModelFile.read(out);
        float[] src = CaffeModelFile.read(MNIST.resolve("lenet_iter_10000.caffemodel")).layers().get("ip1").blobs().get(0).data();
        assertThat(m.layers().get("ip1").blobs().get(0).shape()).containsExactly(500, 50, 4, 4);
        assertThat(m.layers().get("ip1").blobs().get(0).data()).isEqualTo(src);

        // the check notices a wrong weight: one ip2 bias moved by 5
        List<CaffeModelFile.Layer> bad = new ArrayList<>(m.layers().values());
        CaffeModelFile.Layer ip2 = m.layers().get("ip2");
        float[] bias = ip2.blobs().get(1).data().clone();
        bias[3] += 5;
        bad.set(bad.indexOf(ip2), new CaffeModelFile.Layer("ip2", ip2.type(), List.of(ip2.blobs().get(0),
                new CaffeModelFile.Blob(ip2.blobs().get(1).shape(), false, bias))));
        Path badFile = tmp.resolve("bad.caffemodel");
        new CaffeModelFile("bad", bad, false).write(badFile);
        assertThat(ConvolutionalizeCheck.maxAbsDiff(MNIST.resolve("lenet.prototxt"), MNIST.resolve("lenet_iter_10000.caffemodel"),
                fcn, badFile, false, 1)).isGreaterThan(1e-3);

        // the fully convolutional LeNet slides over a larger image: 36x36 gives a 3x3 map of class scores
        TextProto big = fullyConvLenet(36);
        big.write(tmp.resolve("big.prototxt"));
        try (CaffeNet n = CaffeNet.load(tmp.resolve("big.prototxt"), out, Phase.TEST)) {
            assertThat(n.shape("prob")).containsExactly(1, 10, 3, 3);
        }
    }

    @Test
    void greySumsFirstLayerFiltersSoGreyInputMatchesRgbOfThreeEqualChannels() throws Exception {
        NetBuilder rgb = new NetBuilder("rgb");
        rgb.input("data", 1, 3, 12, 12);
        rgb.conv("conv1", "data", 4, 3).stride(2);
        rgb.relu("relu1", "conv1");
        rgb.innerProduct("fc", "conv1", 3);
        Path rgbFile = tmp.resolve("rgb.prototxt");
        rgb.build().write(rgbFile);
        Random r = new Random(7);
        List<CaffeModelFile.Layer> layers = new ArrayList<>();
        layers.add(new CaffeModelFile.Layer("conv1", "Convolution", List.of(
                new CaffeModelFile.Blob(new long[] {4, 3, 3, 3}, false, rand(r, 108)),
                new CaffeModelFile.Blob(new long[] {4}, false, rand(r, 4)))));
        layers.add(new CaffeModelFile.Layer("fc", "InnerProduct", List.of(
                new CaffeModelFile.Blob(new long[] {3, 100}, false, rand(r, 300)),
                new CaffeModelFile.Blob(new long[] {3}, false, rand(r, 3)))));
        Path w = tmp.resolve("rgb.caffemodel");
        new CaffeModelFile("rgb", layers, false).write(w);

        NetBuilder grey = new NetBuilder("grey");
        grey.input("data", 1, 1, 12, 12);
        grey.conv("conv1", "data", 4, 3).stride(2);
        grey.relu("relu1", "conv1");
        grey.conv("fc", "conv1", 3, 5);
        Path greyFile = tmp.resolve("grey.prototxt");
        grey.build().write(greyFile);
        Path gw = tmp.resolve("grey.caffemodel");
        Convolutionalize.Result res = Convolutionalize.run(w, greyFile, 3, true, gw, s -> { });
        assertThat(res.lines()).contains("grey conv1 [[4, 3, 3, 3], [4]] -> [[4, 1, 3, 3], [4]]");

        float[] g = rand(r, 144);
        float[] ggg = new float[432];
        for (int i = 0; i < 432; i++) {
            ggg[i] = g[i % 144];
        }
        try (CaffeNet a = CaffeNet.load(rgbFile, w, Phase.TEST); CaffeNet b = CaffeNet.load(greyFile, gw, Phase.TEST)) {
            a.forward(Map.of("data", ggg));
            b.forward(Map.of("data", g));
            float[] ca = a.blobData("conv1");
            float[] cb = b.blobData("conv1");
            assertThat(cb).hasSize(ca.length);
            for (int i = 0; i < ca.length; i++) {
                assertThat(cb[i]).isCloseTo(ca[i], within(1e-5f));
            }
        }
        assertThat(ConvolutionalizeCheck.maxAbsDiff(rgbFile, w, greyFile, gw, true, 3)).isLessThan(1e-5);
    }

    @Test
    void deconvolutionsTheClassifierLacksAreBilinear() {
        TextProto fcn = NetLibrary.trainVal("fcn-small", 2);
        CaffeModelFile none = new CaffeModelFile("x", List.of(new CaffeModelFile.Layer("conv1", "Convolution", List.of(
                new CaffeModelFile.Blob(new long[] {8, 1, 3, 3}, false, new float[72]),
                new CaffeModelFile.Blob(new long[] {8}, false, new float[8])))), false);
        Convolutionalize.Result r = Convolutionalize.run(none, fcn, 1, false, s -> { }, "fcn-small");
        assertThat(r.lines()).contains("bilinear upscore [[2, 1, 16, 16]]").contains("copying conv1 [[8, 1, 3, 3], [8]]");
        assertThat(r.model().layers().get("upscore").blobs().get(0).data()).startsWith(Bilinear.filter(16));
    }

    static float[] rand(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextFloat() - 0.5f;
        }
        return a;
    }
}
