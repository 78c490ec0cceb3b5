package org.dlp4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.dlp4j.caffe.CaffeNet;
import org.dlp4j.caffe.Phase;
import org.dlp4j.caffe.TextProto;
import org.dlp4j.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassWeightsTest {
    @TempDir
    Path tmp;

    /** 3 label records of 4x4: 36 pixels of class 0, 8 of class 1, 2 of class 2, 2 ignored (255). */
    Path labels() throws Exception {
        byte[][] recs = new byte[3][];
        int[] values = new int[48];
        for (int i = 0; i < 48; i++) {
            values[i] = i < 36 ? 0 : i < 44 ? 1 : i < 46 ? 2 : 255;
        }
        for (int r = 0; r < 3; r++) {
            byte[] px = new byte[16];
            for (int i = 0; i < 16; i++) {
                px[i] = (byte) values[r * 16 + i];
            }
            recs[r] = LmdbFixture.datum(1, 4, 4, px, 0);
        }
        Path dir = tmp.resolve("data/train_gt_lmdb");
        LmdbFixture.write(dir, recs);
        return dir;
    }

    @Test
    void histogramAndMedianFrequencyWeights() throws Exception {
        long[] h = ClassWeights.histogram(labels());
        assertThat(h[0]).isEqualTo(36);
        assertThat(h[1]).isEqualTo(8);
        assertThat(h[2]).isEqualTo(2);
        assertThat(h[255]).isEqualTo(2);
        assertThat(ClassWeights.classCount(h)).isEqualTo(3);
        // freq = 36/46, 8/46, 2/46; median 8/46 → w = 8/36, 1, 4
        double[] w = ClassWeights.medianFrequency(h, 3);
        assertThat(w[0]).isCloseTo(8.0 / 36, within(1e-12));
        assertThat(w[1]).isCloseTo(1.0, within(1e-12));
        assertThat(w[2]).isCloseTo(4.0, within(1e-12));
        // two classes: median of 36/44 and 8/44 is 22/44 → w = 22/36, 22/8
        double[] w2 = ClassWeights.medianFrequency(h, 2);
        assertThat(w2[0]).isCloseTo(22.0 / 36, within(1e-12));
        assertThat(w2[1]).isCloseTo(22.0 / 8, within(1e-12));
    }

    @Test
    void caffeReadsTheInfogainMatrixAndWeightsTheLoss() throws Exception {
        Path hFile = tmp.resolve("H.binaryproto");
        ClassWeights.writeInfogainMatrix(hFile, new double[] {0.5, 3.0});
        NetBuilder b = new NetBuilder("infogain");
        b.input("score", 1, 2, 1, 2);
        b.input("label", 1, 1, 1, 2);
        b.softmaxWithLoss("loss", "score", "label");
        TextProto net = b.build();
        assertThat(ClassWeights.useInfogain(net, hFile.toAbsolutePath().toString(), "t")).isEqualTo(1);
        assertThat(NetEdits.layer(net, "loss", "t").get("type")).isEqualTo("InfogainLoss");
        Path f = tmp.resolve("net.prototxt");
        net.write(f);
        try (CaffeNet n = CaffeNet.load(f, null, Phase.TEST)) {
            // pixel 0: scores (1, 0), label 0; pixel 1: scores (0, 2), label 1
            float[] out = n.forward(Map.of("score", new float[] {1, 0, 0, 2}, "label", new float[] {0, 1})).get("loss");
            double p0 = Math.exp(1) / (Math.exp(1) + 1);
            double p1 = Math.exp(2) / (1 + Math.exp(2));
            double expected = -(0.5 * Math.log(p0) + 3.0 * Math.log(p1)) / 2;
            assertThat((double) out[0]).isCloseTo(expected, within(1e-5));
        }
    }

    @Test
    void cliSwitchesTheNetToInfogain() throws Exception {
        Path lmdb = labels();
        Path dir = tmp.resolve("nets/fcn-small");
        NetLibrary.write("fcn-small", dir, 3);
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.run(new PrintWriter(o), new PrintWriter(e), "net", "weight-classes",
                dir.resolve("train_val.prototxt").toString(), "--labels", lmdb.toString(), "--json");
        assertThat(code).as(e.toString()).isZero();
        var j = org.dlp4j.Json.MAPPER.readTree(o.toString());
        assertThat(j.get("pixels").toString()).isEqualTo("[36,8,2]");
        assertThat(j.get("weights").get(2).asDouble()).isCloseTo(4.0, within(1e-9));
        TextProto net = TextProto.read(dir.resolve("train_val.prototxt"));
        TextProto loss = NetEdits.layer(net, "loss", "t");
        assertThat(loss.get("type")).isEqualTo("InfogainLoss");
        assertThat(Path.of(loss.message("infogain_loss_param").get("source"))).isEqualTo(dir.resolve("infogain_H.binaryproto").toAbsolutePath());
        // 1x1x3x3 BlobProto: 4 dims (2 bytes each) + tag + length + 36 bytes of floats
        assertThat(Files.size(dir.resolve("infogain_H.binaryproto"))).isEqualTo(8 + 2 + 36);
    }

    @Test
    void cliRefusesAnImageLmdbOrAClassCountTheNetDoesNotScore() throws Exception {
        Path dir = tmp.resolve("nets/fcn-small");
        NetLibrary.write("fcn-small", dir, 2);
        Path tv = dir.resolve("train_val.prototxt");
        String before = Files.readString(tv);
        // a grey image LMDB (the highest grey level, 200, once made 201 "classes")
        Path images = tmp.resolve("data/train_lmdb");
        LmdbFixture.write(images, new byte[][] {LmdbFixture.datum(1, 2, 2, new byte[] {0, 90, (byte) 200, 7}, 0)});
        StringWriter e = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(e), "net", "weight-classes", tv.toString(),
                "--labels", images.toString());
        assertThat(code).as(e.toString()).isEqualTo(2);
        assertThat(e.toString()).contains("train_lmdb").contains("not of class labels").contains("train_gt_lmdb")
                .doesNotContain("internal error");

        // 3 classes in the labels, 2 scored by the net
        StringWriter e2 = new StringWriter();
        code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(e2), "net", "weight-classes", tv.toString(),
                "--labels", labels().toString());
        assertThat(code).as(e2.toString()).isEqualTo(2);
        assertThat(e2.toString()).contains("holds 3 classes").contains("scores 2").contains("train_val.prototxt");
        assertThat(Files.readString(tv)).isEqualTo(before);
        assertThat(dir.resolve("infogain_H.binaryproto")).doesNotExist();
    }

    /** The records of {@link #labels()} (4x4 each), class indices row-major. */
    private static byte[] record(int r) {
        byte[] px = new byte[16];
        for (int i = 0; i < 16; i++) {
            int v = r * 16 + i;
            px[i] = (byte) (v < 36 ? 0 : v < 44 ? 1 : v < 46 ? 2 : 255);
        }
        return px;
    }

    /** A palette PNG whose indices are {@code px} (colours unrelated to the indices, as in VOC-style masks). */
    private static byte[] palettePng(byte[] px, int h, int w) throws Exception {
        byte[] reds = new byte[256];
        for (int i = 0; i < 256; i++) {
            reds[i] = (byte) (255 - i);
        }
        java.awt.image.IndexColorModel cm = new java.awt.image.IndexColorModel(8, 256, reds, new byte[256], reds);
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(w, h,
                java.awt.image.BufferedImage.TYPE_BYTE_INDEXED, cm);
        img.getRaster().setDataElements(0, 0, w, h, px);
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", o);
        return o.toByteArray();
    }

    /** {@code dlp net weight-classes --no-edit --json}: stdout on success, else stderr. */
    private String weightsJson(Path lmdb, java.util.function.IntConsumer code) throws Exception {
        Path dir = tmp.resolve("nets/fcn-small");
        if (!Files.isDirectory(dir)) {
            NetLibrary.write("fcn-small", dir, 3);
        }
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int c = Main.run(new PrintWriter(o), new PrintWriter(e), "net", "weight-classes",
                dir.resolve("train_val.prototxt").toString(), "--labels", lmdb.toString(), "--no-edit", "--json");
        code.accept(c);
        return c == 0 ? o.toString() : e.toString();
    }

    @Test
    void encodedLabelLmdbsGiveTheWeightsOfTheRawOne() throws Exception {
        Path raw = labels();
        // Caffe's convert_imageset --encoded: data = the PNG file, no shape; DIGITS: the shape is set too; one
        // record a palette PNG (the index is the class, as for mask files)
        Path encoded = tmp.resolve("data/encoded_gt_lmdb");
        LmdbFixture.write(encoded, new byte[][] {
            new org.dlp4j.data.lmdb.Datum(0, 0, 0, org.dlp4j.data.images.Png.encodeGray(record(0), 4, 4), 0, null,
                    true).encode(),
            new org.dlp4j.data.lmdb.Datum(1, 4, 4, org.dlp4j.data.images.Png.encodeGray(record(1), 4, 4), 0, null,
                    true).encode(),
            new org.dlp4j.data.lmdb.Datum(0, 0, 0, palettePng(record(2), 4, 4), 0, null, true).encode()});
        assertThat(ClassWeights.histogram(encoded)).isEqualTo(ClassWeights.histogram(raw));
        int[] codes = new int[2];
        String fromRaw = weightsJson(raw, c -> codes[0] = c);
        String fromEncoded = weightsJson(encoded, c -> codes[1] = c);
        assertThat(codes).as(fromEncoded).containsExactly(0, 0);
        assertThat(fromEncoded).isEqualTo(fromRaw);
        var j = org.dlp4j.Json.MAPPER.readTree(fromEncoded);
        assertThat(j.get("pixels").toString()).isEqualTo("[36,8,2]");
        assertThat(j.get("ignored").asLong()).isEqualTo(2);
        assertThat(j.get("weights").get(0).asDouble()).isCloseTo(8.0 / 36, within(1e-12));
        // dlp lmdb inspect calls both label databases and counts the same pixels
        for (Path db : new Path[] {raw, encoded}) {
            StringWriter o = new StringWriter();
            assertThat(Main.run(new PrintWriter(o), new PrintWriter(new StringWriter()), "lmdb", "inspect",
                    db.toString(), "--json")).isZero();
            var inspected = org.dlp4j.Json.MAPPER.readTree(o.toString());
            assertThat(inspected.path("kind").asText()).as(db.toString()).isEqualTo("labels");
            assertThat(inspected.path("labelHistogram").toString()).isEqualTo("{\"0\":36,\"1\":8,\"2\":2,\"255\":2}");
        }
    }

    @Test
    void encodedJpegOrColourRecordsAreRefusedWithExit2() throws Exception {
        // a JPEG-encoded label record: lossy, refused (the bytes are a real JPEG of the same mask)
        java.awt.image.BufferedImage grey = new java.awt.image.BufferedImage(4, 4,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setDataElements(0, 0, 4, 4, record(0));
        java.io.ByteArrayOutputStream jpg = new java.io.ByteArrayOutputStream();
        assertThat(javax.imageio.ImageIO.write(grey, "jpeg", jpg)).isTrue();
        Path jpeg = tmp.resolve("data/jpeg_gt_lmdb");
        LmdbFixture.write(jpeg, new byte[][] {new org.dlp4j.data.lmdb.Datum(0, 0, 0, jpg.toByteArray(), 0, null, true)
                .encode()});
        int[] code = new int[1];
        String err = weightsJson(jpeg, c -> code[0] = c);
        assertThat(code[0]).as(err).isEqualTo(2);
        assertThat(err).contains("jpeg_gt_lmdb").contains("'00000000'").contains("JPEG").contains("losslessly")
                .doesNotContain("internal error");
        // an RGB PNG-encoded record is an image, not labels
        Path rgb = tmp.resolve("data/train_lmdb");
        LmdbFixture.write(rgb, new byte[][] {new org.dlp4j.data.lmdb.Datum(0, 0, 0,
                org.dlp4j.data.images.Png.encodeRgb(new byte[48], 4, 4), 0, null, true).encode()});
        err = weightsJson(rgb, c -> code[0] = c);
        assertThat(code[0]).as(err).isEqualTo(2);
        assertThat(err).contains("train_lmdb").contains("not of class labels").contains("encoded");
    }
}
