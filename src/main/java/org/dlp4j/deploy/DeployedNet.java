package org.dlp4j.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dlp4j.BadInputException;
import org.dlp4j.caffe.CaffeNet;
import org.dlp4j.caffe.Device;
import org.dlp4j.caffe.Phase;
import org.dlp4j.caffe.Prototxt;
import org.dlp4j.caffe.TextProto;
import org.dlp4j.caffe.WeightTransferReport;

/**
 * A deploy net with its weights, labels and input transform, checked before use: the weights must
 * initialise every parameter layer (shapes checked in Java), labels.txt must name every class.
 * Shared by {@link Segmenter} and {@link Classifier}; one thread uses it at a time.
 */
final class DeployedNet implements AutoCloseable {
    final CaffeNet net;
    final List<String> labels;
    final Transform transform;
    final String input;
    final String output;
    final boolean fullyConvolutional;
    final WeightTransferReport report;

    DeployedNet(Path deploy, Path weights, List<String> labels, Transform transform, Device device) {
        if (!Files.isRegularFile(deploy)) {
            throw new BadInputException(deploy + ": deploy prototxt not found");
        }
        if (weights == null || !Files.isRegularFile(weights)) {
            throw new BadInputException(weights + ": weights (caffemodel) not found");
        }
        TextProto def = Prototxt.readNet(deploy);
        this.fullyConvolutional = def.messages("layer").stream().noneMatch(l -> "InnerProduct".equals(l.get("type")));
        CaffeNet n = CaffeNet.load(deploy, null, Phase.TEST, device);
        try {
            this.report = n.copyWeightsFrom(weights);
            if (!report.onlyInNet().isEmpty()) {
                throw new BadInputException(weights + " leaves layer(s) " + report.onlyInNet() + " of " + deploy
                        + " uninitialised: deploy and weights do not belong together"
                        + (report.suggestions().isEmpty() ? "" : " (" + String.join("; ", report.suggestions()) + ")"));
            }
            if (n.inputNames().isEmpty()) {
                throw new BadInputException(deploy + " declares no input (expected an Input layer named 'data';"
                        + " make one with 'dlp net deploy')");
            }
            this.input = n.inputNames().get(0);
            List<String> outs = n.outputNames();
            this.output = outs.contains("prob") ? "prob" : outs.get(outs.size() - 1);
            int classes = n.shape(output).length > 1 ? n.shape(output)[1] : 1;
            if (labels != null && !labels.isEmpty() && labels.size() != Math.max(2, classes)) {
                throw new BadInputException("labels.txt has " + labels.size() + " line(s) but " + deploy + " outputs "
                        + classes + " classes (blob '" + output + "'): one label per class, in class order");
            }
            this.labels = labels == null ? List.of() : List.copyOf(labels);
            this.transform = transform == null ? Transform.IDENTITY : transform;
            this.net = n;
        } catch (RuntimeException e) {
            n.close();
            throw e;
        }
    }

    /** False when the output has no spatial extent (one score per class: a classifier, not a segmenter). */
    boolean spatialOutput() {
        int[] s = net.shape(output);
        return s.length == 4 && (long) s[2] * s[3] > 1;
    }

    /** The output blob's shape, as "C×H×W" words for messages. */
    String outputShape() {
        return "'" + output + "' " + java.util.Arrays.toString(net.shape(output));
    }

    int classes() {
        int[] s = net.shape(output);
        return s.length > 1 ? s[1] : 1;
    }

    /** Fills the input blob (shape 1×C×H×W) from a 0..255 grey image of that size, replicating channels. */
    void fill(GreyImage img) {
        int[] s = net.shape(input);
        int c = s[1];
        int hw = img.width() * img.height();
        float[] data = new float[c * hw];
        float[] px = img.pixels();
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < hw; i++) {
                data[ch * hw + i] = transform.apply(px[i]);
            }
        }
        net.setBlobData(input, data);
    }

    /** Reshapes the input to one image of {@code h×w} (batch 1). */
    void shapeInput(int h, int w) {
        int[] s = net.shape(input);
        if (s[0] != 1 || s[2] != h || s[3] != w) {
            net.reshape(input, 1, s[1], h, w);
        }
    }

    @Override
    public void close() {
        net.close();
    }
}
