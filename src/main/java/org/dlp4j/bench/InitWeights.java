package org.dlp4j.bench;

import java.nio.file.Path;
import org.dlp4j.caffe.CaffeNet;
import org.dlp4j.caffe.Phase;

/**
 * Writes a caffemodel of a net's initial weights (its fillers, Caffe's RNG seeded by Caffe): a model to time
 * inference with when no trained weights are at hand ({@code bench/run}, section 6). Accuracy is meaningless;
 * the arithmetic per image is the same as a trained model's.
 * <pre>java -cp 'target/dlp4j.jar:target/lib/*' org.dlp4j.bench.InitWeights NET.prototxt OUT.caffemodel</pre>
 */
public final class InitWeights {
    private InitWeights() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: InitWeights NET.prototxt OUT.caffemodel");
            System.exit(2);
        }
        try (CaffeNet net = CaffeNet.load(Path.of(args[0]), null, Phase.TEST)) {
            net.save(Path.of(args[1]));
        } catch (org.dlp4j.BadInputException | java.io.UncheckedIOException e) {
            System.err.println("InitWeights: " + e.getMessage());
            System.exit(2);
        }
    }
}
