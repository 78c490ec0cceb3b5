package org.dlp4j.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.dlp4j.caffe.CaffeNet;
import org.dlp4j.caffe.Phase;
import org.dlp4j.cli.CoreCliTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dlp infer} on inputs a user may well give: images the net cannot take beside ones it can. */
class InferOddInputsTest {
    @TempDir
    Path dir;
    Path deploy;
    Path weights;

    /** Threshold at 128 (as InferenceTest's net), then 2x2 max pooling: an input needs at least 2x2 pixels. */
    @BeforeEach
    void model() throws Exception {
        deploy = dir.resolve("deploy.prototxt");
        Files.writeString(deploy, """
                layer { name: "data" type: "Input" top: "data" input_param { shape { dim: 1 dim: 1 dim: 4 dim: 4 } } }
                layer { name: "score" type: "Convolution" bottom: "data" top: "score"
                  convolution_param { num_output: 2 kernel_size: 1 } }
                layer { name: "pool" type: "Pooling" bottom: "score" top: "pool"
                  pooling_param { pool: MAX kernel_size: 2 stride: 2 } }
                layer { name: "prob" type: "Softmax" bottom: "pool" top: "prob" }
                """);
        weights = dir.resolve("w.caffemodel");
        try (CaffeNet n = CaffeNet.load(deploy, null, Phase.TEST)) {
            n.setParam("score", 0, new float[] {-1, 1});
            n.setParam("score", 1, new float[] {128, -128});
            n.save(weights);
        }
    }

    private static void grey(Path file, int w, int h, int[] values) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSamples(0, 0, w, h, 0, values);
        ImageIO.write(img, "png", file.toFile());
    }

    @Test
    void anImageTooSmallForTheNetIsSkippedNamingItAndTheOthersAreSegmented() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        grey(in.resolve("a-tiny.png"), 1, 1, new int[] {200});
        // 4x4: the top-left 2x2 block bright -> after pooling one bright cell -> mapped back, that block is class 1
        int[] v = new int[16];
        for (int i = 0; i < 16; i++) {
            v[i] = i % 4 < 2 && i / 4 < 2 ? 200 : 50;
        }
        grey(in.resolve("b-ok.png"), 4, 4, v);
        Path out = dir.resolve("out");
        CoreCliTest.Run r = CoreCliTest.dlp("infer", "--deploy", deploy.toString(), "--weights", weights.toString(),
                "--input", in.toString(), "--out", out.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("skipped " + in.resolve("a-tiny.png") + ": a 1x1 image does not fit");
        ClassMask m = MaskIO.readClasses(out.resolve("masks/b-ok.png"));
        for (int i = 0; i < 16; i++) {
            assertThat(m.values()[i]).as("pixel " + i).isEqualTo(v[i] > 128 ? 1 : 0);
        }
        assertThat(out.resolve("masks/a-tiny.png")).doesNotExist();
        assertThat(Files.readString(out.resolve("predictions.csv"))).contains("b-ok.png").doesNotContain("a-tiny");
        assertThat(r.out()).contains("\"images\":1");

        // only too-small images: exit 2 naming the file and why, and no output folder left behind
        Path onlyTiny = Files.createDirectories(dir.resolve("tiny"));
        grey(onlyTiny.resolve("t.png"), 1, 1, new int[] {10});
        CoreCliTest.Run t = CoreCliTest.dlp("infer", "--deploy", deploy.toString(), "--weights", weights.toString(),
                "--input", onlyTiny.toString(), "--out", dir.resolve("o2").toString());
        assertThat(t.code()).isEqualTo(2);
        assertThat(t.err()).contains("t.png: a 1x1 image does not fit");
        assertThat(dir.resolve("o2")).doesNotExist();
    }

    @Test
    void brokenFilesAreSkippedEachNamedOnceWithWhatIsWrong() throws Exception {
        Path in = Files.createDirectories(dir.resolve("mixed"));
        grey(in.resolve("ok.png"), 4, 4, new int[16]);
        byte[] png = Files.readAllBytes(in.resolve("ok.png"));
        Files.write(in.resolve("cut.png"), java.util.Arrays.copyOf(png, png.length / 2));
        Files.write(in.resolve("empty.png"), new byte[0]);
        Files.writeString(in.resolve("README"), "an extension-less text file: listed, then refused");
        Path out = dir.resolve("out");
        CoreCliTest.Run r = CoreCliTest.dlp("infer", "--deploy", deploy.toString(), "--weights", weights.toString(),
                "--input", in.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("skipped " + in.resolve("empty.png") + ": empty file (0 bytes), not an image.\n")
                .contains("skipped " + in.resolve("README") + ": not an image in a format read here")
                .contains("skipped " + in.resolve("cut.png") + ": cannot read it as an image (");
        for (String f : new String[] {"empty.png", "README", "cut.png"}) {
            String p = in.resolve(f).toString();
            int first = r.err().indexOf(p);
            assertThat(r.err().indexOf(p, first + 1)).as(f + " named once").isEqualTo(-1);
        }
        assertThat(out.resolve("masks/ok.png")).exists();
    }

    @Test
    void anOutputPathThatIsAFileIsExit2SayingSoAndTheFileIsKept() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        grey(in.resolve("ok.png"), 4, 4, new int[16]);
        Path file = Files.writeString(dir.resolve("results"), "mine");
        CoreCliTest.Run r = CoreCliTest.dlp("infer", "--deploy", deploy.toString(), "--weights", weights.toString(),
                "--input", in.toString(), "--out", file.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(file + ": --out exists and is a file, not a folder");
        assertThat(Files.readString(file)).isEqualTo("mine");
    }
}
