package org.dlp4j.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.dlp4j.data.lmdb.Datum;
import org.dlp4j.data.lmdb.LmdbWriter;
import org.dlp4j.deploy.ClassMask;
import org.dlp4j.deploy.MaskIO;

/**
 * A small workspace for the web tests: 24×24 grey images of a bright disc on a dark background with their
 * disc masks, as image/label LMDBs (train 8, val 4), test PNGs with same-named truth masks, and a tiny
 * fully-convolutional net {@code tiny-fcn} (two convolutions, SoftmaxWithLoss) with solver and deploy.
 */
final class WebFixture {
    static final int SIZE = 24;

    private WebFixture() {
    }

    static void dataset(Path ws) throws IOException {
        SplittableRandom rnd = new SplittableRandom(7);
        writeLmdbs(ws.resolve("data"), "train", 8, rnd);
        writeLmdbs(ws.resolve("data"), "val", 4, rnd);
        for (int i = 0; i < 2; i++) {
            int[] grey = new int[SIZE * SIZE];
            boolean[] disc = new boolean[SIZE * SIZE];
            sample(rnd, grey, disc);
            MaskIO.writeGrey8(ws.resolve("data/test_images/slice" + i + ".png"), SIZE, SIZE, grey);
            MaskIO.writeClasses(ws.resolve("data/test_labels/slice" + i + ".png"), ClassMask.of(SIZE, SIZE, disc));
        }
    }

    private static void writeLmdbs(Path data, String split, int n, SplittableRandom rnd) throws IOException {
        try (LmdbWriter img = new LmdbWriter(data.resolve(split + "_lmdb"));
                LmdbWriter gt = new LmdbWriter(data.resolve(split + "_gt_lmdb"))) {
            for (int i = 0; i < n; i++) {
                int[] grey = new int[SIZE * SIZE];
                boolean[] disc = new boolean[SIZE * SIZE];
                sample(rnd, grey, disc);
                byte[] px = new byte[grey.length];
                byte[] lb = new byte[grey.length];
                for (int p = 0; p < px.length; p++) {
                    px[p] = (byte) grey[p];
                    lb[p] = (byte) (disc[p] ? 1 : 0);
                }
                img.add(Datum.ofBytes(1, SIZE, SIZE, px, 0).encode());
                gt.add(Datum.ofBytes(1, SIZE, SIZE, lb, 0).encode());
            }
            img.commit();
            gt.commit();
        }
    }

    /** A disc of radius 4..7 at a random centre: 200 ± 20 inside, 40 ± 20 outside. */
    private static void sample(SplittableRandom rnd, int[] grey, boolean[] disc) {
        double cx = 8 + rnd.nextDouble() * 8;
        double cy = 8 + rnd.nextDouble() * 8;
        double r = 4 + rnd.nextDouble() * 3;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                boolean in = (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r;
                disc[y * SIZE + x] = in;
                grey[y * SIZE + x] = (in ? 200 : 40) + rnd.nextInt(-20, 21);
            }
        }
    }

    static final String TRAIN_VAL = """
            name: "tiny-fcn"
            layer { name: "data" type: "Data" top: "data" include { phase: TRAIN }
              transform_param { scale: 0.00390625 }
              data_param { source: "data/train_lmdb" batch_size: 4 backend: LMDB } }
            layer { name: "label" type: "Data" top: "label" include { phase: TRAIN }
              data_param { source: "data/train_gt_lmdb" batch_size: 4 backend: LMDB } }
            layer { name: "data" type: "Data" top: "data" include { phase: TEST }
              transform_param { scale: 0.00390625 }
              data_param { source: "data/val_lmdb" batch_size: 2 backend: LMDB } }
            layer { name: "label" type: "Data" top: "label" include { phase: TEST }
              data_param { source: "data/val_gt_lmdb" batch_size: 2 backend: LMDB } }
            layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
              convolution_param { num_output: 8 kernel_size: 3 pad: 1 weight_filler { type: "xavier" } } }
            layer { name: "relu1" type: "ReLU" bottom: "conv1" top: "conv1" }
            layer { name: "score" type: "Convolution" bottom: "conv1" top: "score"
              convolution_param { num_output: 2 kernel_size: 3 pad: 1 weight_filler { type: "xavier" } } }
            layer { name: "loss" type: "SoftmaxWithLoss" bottom: "score" bottom: "label" top: "loss" }
            layer { name: "accuracy" type: "Accuracy" bottom: "score" bottom: "label" top: "accuracy"
              include { phase: TEST } }
            """;

    static final String DEPLOY = """
            name: "tiny-fcn"
            layer { name: "data" type: "Input" top: "data" input_param { shape { dim: 1 dim: 1 dim: 24 dim: 24 } } }
            layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
              convolution_param { num_output: 8 kernel_size: 3 pad: 1 } }
            layer { name: "relu1" type: "ReLU" bottom: "conv1" top: "conv1" }
            layer { name: "score" type: "Convolution" bottom: "conv1" top: "score"
              convolution_param { num_output: 2 kernel_size: 3 pad: 1 } }
            layer { name: "prob" type: "Softmax" bottom: "score" top: "prob" }
            """;

    static String solver(int maxIter) {
        return "net: \"nets/tiny-fcn/train_val.prototxt\"\n"
                + "base_lr: 0.1\nmomentum: 0.9\nlr_policy: \"fixed\"\n"
                + "display: 1\nmax_iter: " + maxIter + "\ntest_iter: 2\ntest_interval: 5\n"
                + "snapshot: 5\nsnapshot_prefix: \"tiny\"\nsolver_mode: CPU\nrandom_seed: 3\n";
    }

    static void net(Path ws, int maxIter) throws IOException {
        Path dir = Files.createDirectories(ws.resolve("nets/tiny-fcn"));
        Files.writeString(dir.resolve("train_val.prototxt"), TRAIN_VAL);
        Files.writeString(dir.resolve("deploy.prototxt"), DEPLOY);
        Files.writeString(dir.resolve("solver.prototxt"), solver(maxIter));
        Files.writeString(dir.resolve("labels.txt"), "background\nleft ventricle\n");
    }
}
