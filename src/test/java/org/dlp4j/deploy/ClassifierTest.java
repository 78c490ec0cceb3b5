package org.dlp4j.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.dlp4j.caffe.CaffeNet;
import org.dlp4j.caffe.Device;
import org.dlp4j.caffe.Phase;
import org.dlp4j.cli.CoreCliTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Classification nets (DLP's other model type): images resized to the net, softmax, top-k in the CSV. */
class ClassifierTest {
    @TempDir
    Path dir;

    /** score_bright = mean grey / 16 - 8 ... computed by hand below; score_dark = 0. */
    private Path[] model() throws Exception {
        Path deploy = dir.resolve("cls.prototxt");
        Files.writeString(deploy, """
                layer { name: "data" type: "Input" top: "data" input_param { shape { dim: 1 dim: 1 dim: 4 dim: 4 } } }
                layer { name: "ip" type: "InnerProduct" bottom: "data" top: "ip" inner_product_param { num_output: 2 } }
                layer { name: "prob" type: "Softmax" bottom: "ip" top: "prob" }
                """);
        Path weights = dir.resolve("cls.caffemodel");
        try (CaffeNet n = CaffeNet.load(deploy, null, Phase.TEST)) {
            float[] w = new float[32];
            for (int i = 16; i < 32; i++) {
                w[i] = 1f / 64; // class 1: sum(x)/64 = mean/4
            }
            n.setParam("ip", 0, w);
            n.setParam("ip", 1, new float[] {0, -32}); // class 1 score = mean/4 - 32
            n.save(weights);
        }
        Path labels = dir.resolve("labels.txt");
        Files.writeString(labels, "dark\nbright\n");
        return new Path[] {deploy, weights, labels};
    }

    private static Path image(Path file, int size, int value) throws Exception {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        int[] px = new int[size * size];
        java.util.Arrays.fill(px, value);
        img.getRaster().setSamples(0, 0, size, size, 0, px);
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    @Test
    void probabilitiesOfResizedImagesAreAsComputed() throws Exception {
        Path[] m = model();
        try (Classifier c = Classifier.load(m[0], m[1], LabelsFile.read(m[2]), Transform.IDENTITY, Device.cpu())) {
            // a uniform 9x9 image of 200 resizes to a uniform 4x4 of 200: score1 = 50 - 32 = 18
            Classifier.Result r = c.classify(InputImage.load(image(dir.resolve("b.png"), 9, 200)).image());
            assertThat(r.best()).isEqualTo(1);
            assertThat((double) r.probabilities()[1]).isCloseTo(1 / (1 + Math.exp(-18)), within(1e-6));
            Classifier.Result d = c.classify(InputImage.load(image(dir.resolve("d.png"), 3, 100)).image());
            assertThat(d.best()).isEqualTo(0); // score1 = 25 - 32 = -7
            assertThat((double) d.probabilities()[0]).isCloseTo(1 / (1 + Math.exp(-7)), within(1e-6));
        }
    }

    @Test
    void eachApiRefusesTheOtherKindOfNetSayingWhichToUse() throws Exception {
        Path[] m = model();
        // a classifier's output is 2x1x1 per image: as a "segmenter" every mask would be one class over the image
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Segmenter.load(m[0], m[1], LabelsFile.read(m[2]),
                Transform.IDENTITY, Device.cpu())).isInstanceOf(org.dlp4j.BadInputException.class)
                .hasMessageContaining("cls.prototxt outputs one score per class ('prob' [1, 2])")
                .hasMessageContaining("use Classifier");
        Path fcn = dir.resolve("fcn.prototxt");
        Files.writeString(fcn, InferenceTest.thresholdNet(2));
        Path w = dir.resolve("fcn.caffemodel");
        try (CaffeNet n = CaffeNet.load(fcn, null, Phase.TEST)) {
            n.save(w);
        }
        // a segmenter's output is 2x4x4: as a "classifier" its first two values would pass for probabilities
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Classifier.load(fcn, w, List.of(), Transform.IDENTITY,
                Device.cpu())).isInstanceOf(org.dlp4j.BadInputException.class)
                .hasMessageContaining("fcn.prototxt outputs a per-pixel map ('prob' [1, 2, 4, 4])")
                .hasMessageContaining("use Segmenter");
    }

    @Test
    void inferWritesTopKForAClassifier() throws Exception {
        Path[] m = model();
        Path in = Files.createDirectories(dir.resolve("in"));
        image(in.resolve("a.png"), 8, 220);
        image(in.resolve("z.png"), 5, 10);
        Path out = dir.resolve("out");
        CoreCliTest.Run r = CoreCliTest.dlp("infer", "--deploy", m[0].toString(), "--weights", m[1].toString(),
                "--labels", m[2].toString(), "--input", in.toString(), "--out", out.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"mode\":\"classification\"").contains("\"images\":2");
        List<String> csv = Files.readAllLines(out.resolve("predictions.csv"));
        assertThat(csv).hasSize(3);
        assertThat(csv.get(1)).startsWith("a.png").contains("bright");
        assertThat(csv.get(2)).startsWith("z.png").contains("dark");
    }
}
