package org.dlp4j.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.dlp4j.caffe.CaffeNet;
import org.dlp4j.caffe.Phase;
import org.dlp4j.cli.CoreCliTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inference with a net whose weights are set by hand: every output pixel is known in advance. */
class InferenceTest {
    @TempDir
    Path dir;
    Path deploy;
    Path weights;
    Path labels;

    /** score1 = x - 128, score0 = 128 - x: class 1 exactly where the grey value exceeds 128. */
    static String thresholdNet(int classes) {
        return """
                layer { name: "data" type: "Input" top: "data" input_param { shape { dim: 1 dim: 1 dim: 4 dim: 4 } } }
                layer { name: "score" type: "Convolution" bottom: "data" top: "score"
                  convolution_param { num_output: %d kernel_size: 1 } }
                layer { name: "prob" type: "Softmax" bottom: "score" top: "prob" }
                """.formatted(classes);
    }

    @BeforeEach
    void model() throws Exception {
        deploy = dir.resolve("deploy.prototxt");
        Files.writeString(deploy, thresholdNet(2));
        weights = dir.resolve("w.caffemodel");
        try (CaffeNet n = CaffeNet.load(deploy, null, Phase.TEST)) {
            n.setParam("score", 0, new float[] {-1, 1});
            n.setParam("score", 1, new float[] {128, -128});
            n.save(weights);
        }
        labels = dir.resolve("labels.txt");
        Files.writeString(labels, "background\nleft ventricle\n");
    }

    @Test
    void maskAndOverlayPixelsAreExactlyAsComputed() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        int w = 7;
        int h = 5;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        int[] grey = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                grey[y * w + x] = x >= 2 && x <= 5 && y >= 1 && y <= 3 ? 200 : 50;
            }
        }
        img.getRaster().setSamples(0, 0, w, h, 0, grey);
        ImageIO.write(img, "png", in.resolve("IM-0001-0042.png").toFile());
        Path out = dir.resolve("out");
        CoreCliTest.Run r = CoreCliTest.dlp("infer", "--deploy", deploy.toString(), "--weights", weights.toString(),
                "--labels", labels.toString(), "--input", in.toString(), "--out", out.toString(), "--alpha", "0.5",
                "--json");
        assertThat(r.code()).as(r.err()).isZero();
        ClassMask mask = MaskIO.readClasses(out.resolve("masks/IM-0001-0042.png"));
        assertThat(mask.width()).isEqualTo(w);
        for (int i = 0; i < w * h; i++) {
            assertThat(mask.values()[i]).as("pixel " + i).isEqualTo(grey[i] > 128 ? 1 : 0);
        }
        BufferedImage ov = ImageIO.read(out.resolve("overlays/IM-0001-0042.png").toFile());
        // an interior foreground pixel (3,2): blend of grey 200 and class 1's colour at alpha 0.5
        int c1 = Overlay.colour(1);
        int expected = 0;
        for (int shift : new int[] {16, 8, 0}) {
            expected |= (int) Math.round(0.5 * 200 + 0.5 * ((c1 >> shift) & 255)) << shift;
        }
        assertThat(ov.getRGB(3, 2) & 0xffffff).isEqualTo(expected);
        assertThat(ov.getRGB(0, 0) & 0xffffff).isEqualTo((50 << 16) | (50 << 8) | 50);
        assertThat(out.resolve("contours/IM-0001-0042-icontour-auto.txt")).exists();
        assertThat(Files.readString(out.resolve("predictions.csv"))).contains("IM-0001-0042.png").contains(",12,");
        assertThat(r.out()).contains("\"images\":1").contains("\"mode\":\"segmentation\"");
    }

    @Test
    void theInputScalingComesWithTheDeployFileOrFromScaleAndMean() throws Exception {
        // one row of grey 50, 100, 200; the net says class 1 where its input exceeds 128
        Path in = Files.createDirectories(dir.resolve("scaled-in"));
        BufferedImage img = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {50, 100, 200});
        ImageIO.write(img, "png", in.resolve("row.png").toFile());
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path scaledDeploy = elsewhere.resolve("deploy.prototxt");
        Files.writeString(scaledDeploy, thresholdNet(2).replace("input_param {",
                "transform_param { scale: 2 mean_value: 10 } input_param {"));
        String[][] cases = {
            // deploy file, extra options, expected classes of 50 / 100 / 200, what the CLI says
            {deploy.toString(), "", "0,0,1", "warning: no input scaling found"},
            {scaledDeploy.toString(), "", "0,1,1", "input: (value - 10.0) x 2.0, from deploy.prototxt (its Input layer"},
            {deploy.toString(), "--scale=0.5", "0,0,0", "from the request"},
            {scaledDeploy.toString(), "--scale=1 --mean=60", "0,0,1", "input: (value - 60.0) x 1.0"},
        };
        for (String[] c : cases) {
            Path out = dir.resolve("scaled-out-" + Math.abs(String.join("", c).hashCode()));
            List<String> args = new java.util.ArrayList<>(List.of("infer", "--deploy", c[0], "--weights",
                    weights.toString(), "--input", in.toString(), "--out", out.toString()));
            if (!c[1].isEmpty()) {
                args.addAll(List.of(c[1].split(" ")));
            }
            CoreCliTest.Run r = CoreCliTest.dlp(args.toArray(String[]::new));
            assertThat(r.code()).as(r.err()).isZero();
            int[] v = MaskIO.readClasses(out.resolve("masks/row.png")).values();
            assertThat(v[0] + "," + v[1] + "," + v[2]).as(String.join(" ", c)).isEqualTo(c[2]);
            assertThat(r.err()).as(String.join(" ", c)).contains(c[3]);
        }
    }

    @Test
    void everyIoScheduleWritesTheSameExactOutputs() throws Exception {
        Path in = Files.createDirectories(dir.resolve("many"));
        int w = 24;
        int h = 20;
        int n = IoSchedule.MIN_IMAGES + 4; // enough for auto to measure, decide, and go on
        java.util.Random rnd = new java.util.Random(3);
        java.util.Map<String, int[]> greys = new java.util.HashMap<>();
        for (int k = 0; k < n; k++) {
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            int[] grey = new int[w * h];
            for (int i = 0; i < grey.length; i++) {
                grey[i] = rnd.nextInt(256);
            }
            img.getRaster().setSamples(0, 0, w, h, 0, grey);
            String name = String.format("IM-0001-%04d", k + 1);
            ImageIO.write(img, "png", in.resolve(name + ".png").toFile());
            greys.put(name, grey);
        }
        java.util.Map<String, String> reports = new java.util.HashMap<>();
        for (String mode : new String[] {"off", "on", "auto"}) {
            Path out = dir.resolve("out-" + mode);
            CoreCliTest.Run r = CoreCliTest.dlp("infer", "--deploy", deploy.toString(), "--weights", weights.toString(),
                    "--labels", labels.toString(), "--input", in.toString(), "--out", out.toString(), "--overlap", mode,
                    "--json");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("\"images\":" + n);
            reports.put(mode, r.out());
            for (var e : greys.entrySet()) {
                ClassMask mask = MaskIO.readClasses(out.resolve("masks/" + e.getKey() + ".png"));
                for (int i = 0; i < w * h; i++) {
                    assertThat(mask.values()[i]).as(mode + " " + e.getKey() + " pixel " + i)
                            .isEqualTo(e.getValue()[i] > 128 ? 1 : 0);
                }
                assertThat(Files.readAllBytes(out.resolve("overlays/" + e.getKey() + ".png")))
                        .as(mode + " overlay " + e.getKey())
                        .isEqualTo(Files.readAllBytes(dir.resolve("out-off/overlays/" + e.getKey() + ".png")));
            }
            assertThat(Files.readAllLines(out.resolve("predictions.csv"))).hasSize(n + 1);
        }
        assertThat(reports.get("off")).contains("\"overlapped_io\":false").contains("--overlap off");
        assertThat(reports.get("on")).contains("\"overlapped_io\":true");
        if (Runtime.getRuntime().availableProcessors() >= 2 && org.dlp4j.caffe.Caffe.envBlasThreads(System.getenv()) == 0) {
            // on this 1-pixel-kernel net the outside work dwarfs the forward pass: auto measures both thread counts
            assertThat(reports.get("auto")).contains("\"forward_ms_all_threads\"").contains("\"forward_ms_fewer_threads\"");
        }
        CoreCliTest.Run bad = CoreCliTest.dlp("infer", "--deploy", deploy.toString(), "--weights", weights.toString(),
                "--input", in.toString(), "--out", dir.resolve("o-bad").toString(), "--overlap", "maybe");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--overlap must be auto, on or off");
    }

    @Test
    void realSunnybrookDicomsGoThroughAFullyConvolutionalNet() throws Exception {
        Path dcm = Path.of("../shared/data/sunnybrook/final_data/dicoms/SCD0000101");
        Assumptions.assumeTrue(Files.isDirectory(dcm), "../shared/data absent");
        Path out = dir.resolve("dcm-out");
        CoreCliTest.Run r = CoreCliTest.dlp("infer", "--deploy", deploy.toString(), "--weights", weights.toString(),
                "--labels", labels.toString(), "--input", dcm.toString(), "--out", out.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        long n;
        try (Stream<Path> s = Files.list(dcm)) {
            n = s.count();
        }
        assertThat(r.out()).contains("\"images\":" + n);
        ClassMask m = MaskIO.readClasses(out.resolve("masks/48.png"));
        assertThat(m.width()).isEqualTo(256);
        assertThat(m.height()).isEqualTo(256);
        List<String> csv = Files.readAllLines(out.resolve("predictions.csv"));
        assertThat(csv).hasSize((int) n + 1);
        String row = csv.stream().filter(l -> l.startsWith("48.dcm")).findFirst().orElseThrow();
        String[] f = row.split(",");
        double px = Double.parseDouble(f[1]);
        double mm2 = Double.parseDouble(f[2]);
        assertThat(mm2).isCloseTo(px * 1.367188 * 1.367188, org.assertj.core.api.Assertions.within(0.01 * mm2 + 0.01));
    }

    @Test
    void mismatchedWeightsAndLabelsExit2BeforeAnyImage() throws Exception {
        Path other = dir.resolve("three.prototxt");
        Files.writeString(other, thresholdNet(3));
        Path in = Files.createDirectories(dir.resolve("in2"));
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        ImageIO.write(img, "png", in.resolve("a.png").toFile());
        CoreCliTest.Run r = CoreCliTest.dlp("infer", "--deploy", other.toString(), "--weights", weights.toString(),
                "--labels", labels.toString(), "--input", in.toString(), "--out", dir.resolve("o").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("score").contains("[3, 1, 1, 1]");
        Files.writeString(labels, "background\n");
        CoreCliTest.Run l = CoreCliTest.dlp("infer", "--deploy", deploy.toString(), "--weights", weights.toString(),
                "--labels", labels.toString(), "--input", in.toString(), "--out", dir.resolve("o2").toString());
        assertThat(l.code()).isEqualTo(2);
        assertThat(l.err()).contains("labels.txt has 1 line(s)").contains("2 classes");
    }

    @Test
    void anInputWithNoReadableImageIsBadInputAndLeavesNoOutputFolderBehind() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.md"), "# not an image\n");
        Path out = dir.resolve("new/out");
        CoreCliTest.Run r = CoreCliTest.dlp("infer", "--deploy", deploy.toString(), "--weights", weights.toString(),
                "--labels", labels.toString(), "--input", notes.toString(), "--out", out.toString(), "--json");
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        com.fasterxml.jackson.databind.JsonNode j = org.dlp4j.Json.MAPPER.readTree(r.out());
        assertThat(j.path("exit_code").asInt()).isEqualTo(2);
        assertThat(j.path("error").asText()).startsWith(notes + ": no image could be read and segmented (1 file skipped: "
                + notes + ": not an image in a format read here");
        assertThat(j.has("images")).isFalse();
        assertThat(r.err()).contains("infer: " + notes + ": no image could be read and segmented").doesNotContain("skipped " + notes);
        assertThat(dir.resolve("new")).doesNotExist(); // the folder above --out was made by the command too

        // a folder that was there before stays, with what it held; a failure in the worker cleans up too
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(mine.resolve("keep.txt"), "x");
        CoreCliTest.Run again = CoreCliTest.dlp("infer", "--deploy", deploy.toString(), "--weights",
                weights.toString(), "--input", notes.toString(), "--out", mine.toString());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.out()).isEmpty();
        assertThat(Files.readString(mine.resolve("keep.txt"))).isEqualTo("x");
        Path other = dir.resolve("three.prototxt");
        Files.writeString(other, thresholdNet(3));
        Path in = Files.createDirectories(dir.resolve("in-ok"));
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY), "png", in.resolve("a.png").toFile());
        CoreCliTest.Run mismatch = CoreCliTest.dlp("infer", "--deploy", other.toString(), "--weights",
                weights.toString(), "--input", in.toString(), "--out", dir.resolve("o-mismatch").toString());
        assertThat(mismatch.code()).isEqualTo(2);
        assertThat(dir.resolve("o-mismatch")).doesNotExist();
    }

    @Test
    void alphaThatIsNotANumberBetweenZeroAndOneExits2() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in3"));
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY), "png", in.resolve("a.png").toFile());
        for (String bad : new String[] {"NaN", "Infinity", "-0.1", "1.01"}) {
            Path out = dir.resolve("o-" + bad);
            CoreCliTest.Run r = CoreCliTest.dlp("infer", "--deploy", deploy.toString(), "--weights", weights.toString(),
                    "--labels", labels.toString(), "--input", in.toString(), "--out", out.toString(), "--alpha", bad);
            assertThat(r.code()).as(bad + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).contains("--alpha must be between 0 and 1, got");
            assertThat(out).doesNotExist();
        }
    }
}
