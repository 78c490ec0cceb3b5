package org.dlp4j.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dlp4j.caffe.Phase;
import org.dlp4j.caffe.Prototxt;
import org.dlp4j.caffe.TextProto;

/**
 * The input transform the training Data layer applied ({@code transform_param}: scale, mean_value),
 * which a deploy net's Input layer no longer carries; applied in Java before the forward pass.
 */
public record Transform(double scale, double mean) {
    public static final Transform IDENTITY = new Transform(1, 0);

    /** value → (value - mean) * scale, as Caffe's DataTransformer. */
    public float apply(float v) {
        return (float) ((v - mean) * scale);
    }

    /** From the TEST-phase Data layer that produces {@code data} in a train_val prototxt. */
    public static Transform fromTrainVal(Path trainVal) {
        TextProto net = Prototxt.readNet(trainVal);
        for (TextProto l : Prototxt.activeLayers(net, Phase.TEST)) {
            if (l.get("type", "").endsWith("Data") && l.strings("top").contains("data")) {
                TextProto t = l.message("transform_param");
                if (t == null) {
                    return IDENTITY;
                }
                return new Transform(t.getDouble("scale", 1), t.getDouble("mean_value", 0));
            }
        }
        return IDENTITY;
    }

    /** The transform of a deploy file (see {@link #found}), or identity when there is none. */
    public static Transform besideDeploy(Path deploy) {
        Found f = found(deploy);
        return f == null ? IDENTITY : f.transform();
    }

    /** A transform and where it was found. */
    public record Found(Transform transform, String from) {
    }

    /**
     * The transform for a deploy file: its Input layer's own {@code transform_param} ({@code dlp net deploy} writes
     * it there; Caffe's Input layer ignores it), else the train_val.prototxt (or train_test, train) next to it;
     * null when neither has one, so that callers can say the input goes in unscaled.
     */
    public static Found found(Path deploy) {
        TextProto net = Prototxt.readNet(deploy);
        for (TextProto l : net.messages("layer")) {
            TextProto t = l.message("transform_param");
            if (l.get("type", "").equals("Input") && t != null) {
                return new Found(new Transform(t.getDouble("scale", 1), t.getDouble("mean_value", 0)),
                        deploy.getFileName() + " (its Input layer's transform_param)");
            }
        }
        Path dir = deploy.toAbsolutePath().getParent();
        for (String name : new String[] {"train_val.prototxt", "train_test.prototxt", "train.prototxt"}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return new Found(fromTrainVal(p), p.getFileName() + " beside the deploy file");
            }
        }
        return null;
    }
}
