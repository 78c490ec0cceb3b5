package org.dlp4j.deploy;

import java.nio.file.Path;
import java.util.List;
import org.dlp4j.caffe.Device;

/** Classifies grey images with a trained classification net (DLP's other model type). */
public final class Classifier implements AutoCloseable {
    /** Class probabilities (softmax applied when the net outputs raw scores) and the time. */
    public record Result(float[] probabilities, int best, double ms) {
    }

    private final DeployedNet net;

    Classifier(DeployedNet net) {
        this.net = net;
    }

    /**
     * Loads a classification net. BadInputException when the files do not belong together (see {@link DeployedNet}),
     * or when the net outputs a per-pixel map (a segmentation net: use {@link Segmenter}).
     */
    public static Classifier load(Path deploy, Path weights, List<String> labels, Transform transform, Device device) {
        DeployedNet n = new DeployedNet(deploy, weights, labels, transform, device);
        if (n.spatialOutput()) {
            String shape = n.outputShape();
            n.close();
            throw new org.dlp4j.BadInputException(deploy + " outputs a per-pixel map (" + shape + "), not"
                    + " one score per class: it is a segmentation net; use Segmenter (dlp infer chooses by itself).");
        }
        return new Classifier(n);
    }

    public List<String> labels() {
        return net.labels;
    }

    public Result classify(GreyImage img) {
        long t0 = System.nanoTime();
        int[] s = net.net.shape(net.input);
        net.shapeInput(s[2], s[3]);
        net.fill(Resample.bilinear(img, s[3], s[2]));
        net.net.forward();
        float[] out = net.net.blobData(net.output);
        int c = net.classes();
        float[] p = java.util.Arrays.copyOf(out, c);
        double sum = 0;
        boolean probs = true;
        for (float v : p) {
            sum += v;
            probs &= v >= 0;
        }
        if (!probs || Math.abs(sum - 1) > 1e-3) {
            float max = Float.NEGATIVE_INFINITY;
            for (float v : p) {
                max = Math.max(max, v);
            }
            double z = 0;
            for (int i = 0; i < c; i++) {
                p[i] = (float) Math.exp(p[i] - max);
                z += p[i];
            }
            for (int i = 0; i < c; i++) {
                p[i] /= z;
            }
        }
        int best = 0;
        for (int i = 1; i < c; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return new Result(p, best, (System.nanoTime() - t0) / 1e6);
    }

    @Override
    public void close() {
        net.close();
    }
}
