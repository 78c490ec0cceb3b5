package org.dlp4j.deploy;

import java.nio.file.Path;
import java.util.List;
import org.dlp4j.BadInputException;
import org.dlp4j.caffe.Device;
import org.dlp4j.caffe.WeightTransferReport;

/**
 * Segments grey images with a trained net: load once, call per image.
 * <pre>{@code
 * try (Segmenter s = Segmenter.load(deploy, weights, LabelsFile.read(labels), Transform.besideDeploy(deploy), Device.cpu())) {
 *     ClassMask mask = s.segment(InputImage.load(slice).image()).mask();
 * }
 * }</pre>
 * Images of another size than the net input: a fully convolutional net is reshaped to the image;
 * any other net gets the image resized to its input and the mask mapped back — the mask always has
 * the image's size.
 */
public final class Segmenter implements AutoCloseable {
    /** One image's result: the class mask at the image's size, the score blob at that size (C×H×W), the time. */
    public record Result(ClassMask mask, float[] scores, int classes, double ms) {
    }

    private final DeployedNet net;

    Segmenter(DeployedNet net) {
        this.net = net;
    }

    /**
     * Loads a segmentation net. BadInputException when the files do not belong together (see {@link DeployedNet}),
     * or when the net outputs one score per class rather than a map (a classification net: use {@link Classifier}).
     */
    public static Segmenter load(Path deploy, Path weights, List<String> labels, Transform transform, Device device) {
        DeployedNet n = new DeployedNet(deploy, weights, labels, transform, device);
        if (!n.spatialOutput()) {
            String shape = n.outputShape();
            n.close();
            throw new BadInputException(deploy + " outputs one score per class (" + shape + "), not a"
                    + " per-pixel map: it is a classification net; use Classifier (dlp infer chooses by itself).");
        }
        return new Segmenter(n);
    }

    public List<String> labels() {
        return net.labels;
    }

    public int classes() {
        return Math.max(2, net.classes());
    }

    /** False when the net's output has no spatial extent (a classifier, not a segmenter). */
    public boolean spatialOutput() {
        return net.spatialOutput();
    }

    public WeightTransferReport weightsReport() {
        return net.report;
    }

    public Result segment(GreyImage img) {
        long t0 = System.nanoTime();
        GreyImage in = img;
        if (net.fullyConvolutional) {
            // a size the net cannot take is refused (ValidationException) before Caffe reshapes anything
            net.shapeInput(img.height(), img.width());
        } else {
            int[] s = net.net.shape(net.input);
            net.shapeInput(s[2], s[3]);
            in = Resample.bilinear(img, s[3], s[2]);
        }
        net.fill(in);
        net.net.forward();
        int[] os = net.net.shape(net.output);
        int c = os[1];
        float[] scores = net.net.blobData(net.output);
        if (os[0] > 1) {
            scores = java.util.Arrays.copyOf(scores, c * os[2] * os[3]);
        }
        scores = Resample.nearest(scores, c, os[2], os[3], img.height(), img.width());
        ClassMask mask;
        if (c == 1) {
            boolean[] fg = new boolean[img.width() * img.height()];
            for (int i = 0; i < fg.length; i++) {
                fg[i] = scores[i] > 0.5f;
            }
            mask = ClassMask.of(img.width(), img.height(), fg);
        } else {
            mask = ClassMask.argmax(scores, c, img.height(), img.width());
        }
        return new Result(mask, scores, c, (System.nanoTime() - t0) / 1e6);
    }

    @Override
    public void close() {
        net.close();
    }
}
