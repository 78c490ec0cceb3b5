package org.dlp4j.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.dlp4j.BadInputException;
import org.dlp4j.caffe.CaffeNet;
import org.dlp4j.caffe.Phase;
import org.dlp4j.caffe.ShapeInference;
import org.dlp4j.caffe.TextProto;

/**
 * Runs a classifier and its convolutionalized FCN on the same random input at the classifier's
 * input size (batch 1) and returns the largest absolute difference between their first outputs.
 * With grey weights the classifier sees (g, g, g) and the FCN g.
 */
public final class ConvolutionalizeCheck {
    private ConvolutionalizeCheck() {
    }

    /** The classifier deploy net's input channels (read by Caffe). */
    public static int inputChannels(Path classifierDeploy) {
        ShapeInference.check(classifierDeploy); // Caffe set up in this process: what would abort it is refused first
        try (CaffeNet net = CaffeNet.load(classifierDeploy, null, Phase.TEST)) {
            return net.shape(net.inputNames().get(0))[1];
        }
    }

    public static double maxAbsDiff(Path classifierDeploy, Path weights, Path fcnPrototxt, Path fcnWeights, boolean grey,
            long seed) throws java.io.IOException {
        ShapeInference.check(classifierDeploy);
        try (CaffeNet cls = CaffeNet.load(classifierDeploy, weights, Phase.TEST)) {
            String in = cls.inputNames().get(0);
            int[] s = cls.shape(in).clone();
            s[0] = 1;
            cls.reshape(in, s);
            int hw = s[2] * s[3];
            float[] g = new float[s[1] * hw];
            Random r = new Random(seed);
            float[] grey1 = new float[hw];
            for (int i = 0; i < hw; i++) {
                grey1[i] = r.nextFloat();
            }
            for (int i = 0; i < g.length; i++) {
                g[i] = grey ? grey1[i % hw] : r.nextFloat();
            }
            float[] a = cls.forward(java.util.Map.of(in, g)).values().iterator().next();
            Path fcnFile = fcnPrototxt;
            Path tmp = null;
            TextProto fcn = TextProto.read(fcnPrototxt);
            int c = grey ? 1 : s[1];
            if (Convolutionalize.hasDataLayers(fcn)) {
                tmp = Files.createTempFile("fcn-check", ".prototxt");
                DeployGenerator.generate(fcn, new int[] {1, c, s[2], s[3]}, null, fcnPrototxt.toString()).write(tmp);
                fcnFile = tmp;
            }
            ShapeInference.check(fcnFile);
            try (CaffeNet f = CaffeNet.load(fcnFile, fcnWeights, Phase.TEST)) {
                String fin = f.inputNames().get(0);
                f.reshape(fin, 1, c, s[2], s[3]);
                float[] b = f.forward(java.util.Map.of(fin, grey ? grey1 : g)).values().iterator().next();
                if (a.length != b.length) {
                    throw new BadInputException(fcnPrototxt + ": its output has " + b.length + " values at the classifier's input size "
                            + s[2] + "x" + s[3] + ", the classifier's has " + a.length + "; they cannot be compared");
                }
                double max = 0;
                for (int i = 0; i < a.length; i++) {
                    max = Math.max(max, Math.abs(a[i] - b[i]));
                }
                return max;
            } finally {
                if (tmp != null) {
                    Files.deleteIfExists(tmp);
                }
            }
        }
    }
}
