package org.dlp4j.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.dlp4j.data.lmdb.Datum;
import org.dlp4j.data.lmdb.LmdbWriter;

/**
 * A small segmentation workspace for tests: grey {@code size×size} images with one bright disc (noise
 * added) and its mask, written as image/label LMDB pairs with shared keys, plus a small fully
 * convolutional net and solver that learn it in a few hundred iterations.
 */
public final class TinySegmentation {
    private TinySegmentation() {
    }

    /** Writes {@code data/{train,val}_lmdb} and {@code data/{train,val}_gt_lmdb} into the workspace. */
    public static void writeLmdbs(Path ws, int size, int train, int val, long seed) throws Exception {
        Random r = new Random(seed);
        write(ws.resolve("data/train_lmdb"), ws.resolve("data/train_gt_lmdb"), size, train, r);
        write(ws.resolve("data/val_lmdb"), ws.resolve("data/val_gt_lmdb"), size, val, r);
    }

    private static void write(Path images, Path labels, int size, int n, Random r) throws Exception {
        Files.createDirectories(images.getParent());
        try (LmdbWriter wi = new LmdbWriter(images); LmdbWriter wl = new LmdbWriter(labels)) {
            for (int i = 0; i < n; i++) {
                byte[] img = new byte[size * size];
                byte[] lab = new byte[size * size];
                double rad = size * (0.12 + 0.15 * r.nextDouble());
                double cx = rad + r.nextDouble() * (size - 2 * rad);
                double cy = rad + r.nextDouble() * (size - 2 * rad);
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        boolean in = (x - cx) * (x - cx) + (y - cy) * (y - cy) <= rad * rad;
                        int v = (in ? 170 : 60) + (int) (r.nextGaussian() * 20);
                        img[y * size + x] = (byte) Math.max(0, Math.min(255, v));
                        lab[y * size + x] = (byte) (in ? 1 : 0);
                    }
                }
                wi.add(Datum.ofBytes(1, size, size, img, 0).encode());
                wl.add(Datum.ofBytes(1, size, size, lab, 0).encode());
            }
            wi.commit();
            wl.commit();
        }
    }

    /** Writes {@code n} random {@code c×h×w} uint8 images whose Datum labels are {@code i % labels}. */
    public static void writeImages(Path db, int n, int c, int h, int w, int labels, long seed) throws Exception {
        Random r = new Random(seed);
        Files.createDirectories(db.getParent());
        try (LmdbWriter wr = new LmdbWriter(db)) {
            for (int i = 0; i < n; i++) {
                byte[] px = new byte[c * h * w];
                r.nextBytes(px);
                wr.add(Datum.ofBytes(c, h, w, px, i % Math.max(1, labels)).encode());
            }
            wr.commit();
        }
    }

    /** Writes {@code n} random {@code 1×h×w} masks with values {@code 0..classes-1}. */
    public static void writeMasks(Path db, int n, int h, int w, int classes, long seed) throws Exception {
        Random r = new Random(seed);
        Files.createDirectories(db.getParent());
        try (LmdbWriter wr = new LmdbWriter(db)) {
            for (int i = 0; i < n; i++) {
                byte[] px = new byte[h * w];
                for (int p = 0; p < px.length; p++) {
                    px[p] = (byte) r.nextInt(classes);
                }
                wr.add(Datum.ofBytes(1, h, w, px, 0).encode());
            }
            wr.commit();
        }
    }

    /** A small FCN: two 3×3 convolutions and a 1×1 score layer, SoftmaxWithLoss, Accuracy in TEST. */
    public static String net(int batch) {
        return """
                name: "tiny_fcn"
                layer { name: "data_train" type: "Data" top: "data" include { phase: TRAIN }
                  transform_param { scale: 0.00390625 } data_param { source: "data/train_lmdb" backend: LMDB batch_size: %1$d } }
                layer { name: "label_train" type: "Data" top: "label" include { phase: TRAIN }
                  data_param { source: "data/train_gt_lmdb" backend: LMDB batch_size: %1$d } }
                layer { name: "data_val" type: "Data" top: "data" include { phase: TEST }
                  transform_param { scale: 0.00390625 } data_param { source: "data/val_lmdb" backend: LMDB batch_size: %1$d } }
                layer { name: "label_val" type: "Data" top: "label" include { phase: TEST }
                  data_param { source: "data/val_gt_lmdb" backend: LMDB batch_size: %1$d } }
                layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
                  convolution_param { num_output: 8 kernel_size: 3 pad: 1 weight_filler { type: "xavier" } } }
                layer { name: "relu1" type: "ReLU" bottom: "conv1" top: "conv1" }
                layer { name: "conv2" type: "Convolution" bottom: "conv1" top: "conv2"
                  convolution_param { num_output: 8 kernel_size: 3 pad: 1 weight_filler { type: "xavier" } } }
                layer { name: "relu2" type: "ReLU" bottom: "conv2" top: "conv2" }
                layer { name: "score" type: "Convolution" bottom: "conv2" top: "score"
                  convolution_param { num_output: 2 kernel_size: 1 weight_filler { type: "xavier" } } }
                layer { name: "loss" type: "SoftmaxWithLoss" bottom: "score" bottom: "label" top: "loss" }
                layer { name: "accuracy" type: "Accuracy" bottom: "score" bottom: "label" top: "accuracy" include { phase: TEST } }
                """.formatted(batch);
    }

    /** Writes net + solver into {@code ws/nets/tiny/} and returns the solver path. */
    public static Path writeNetAndSolver(Path ws, int maxIter, int testInterval, int testIter, double baseLr) throws Exception {
        Path dir = Files.createDirectories(ws.resolve("nets/tiny"));
        Files.writeString(dir.resolve("train_val.prototxt"), net(4));
        Path solver = dir.resolve("solver.prototxt");
        Files.writeString(solver, """
                net: "nets/tiny/train_val.prototxt"
                test_iter: %d
                test_interval: %d
                base_lr: %s
                type: "Adam"
                momentum: 0.9
                momentum2: 0.999
                lr_policy: "fixed"
                display: 10
                max_iter: %d
                snapshot: 0
                snapshot_prefix: "snapshots/tiny"
                random_seed: 1
                solver_mode: CPU
                """.formatted(testIter, testInterval, Double.toString(baseLr), maxIter));
        return solver;
    }
}
