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

    /** The transform of the train_val.prototxt next to a deploy file, or identity when there is none. */
    public static Transform besideDeploy(Path deploy) {
        Path dir = deploy.toAbsolutePath().getParent();
        for (String name : new String[] {"train_val.prototxt", "train_test.prototxt", "train.prototxt"}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return fromTrainVal(p);
            }
        }
        return IDENTITY;
    }
}
