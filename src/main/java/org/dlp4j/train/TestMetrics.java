package org.dlp4j.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dlp4j.caffe.CaffeNet;
import org.dlp4j.caffe.Phase;
import org.dlp4j.caffe.Prototxt;
import org.dlp4j.caffe.TextProto;
import org.dlp4j.eval.ConfusionMatrix;

/**
 * Segmentation (or classification) scores of one test pass, computed in Java from the test net's
 * score and label blobs over every test batch — Caffe's Accuracy layer alone says 98% for a net that
 * finds nothing on Sunnybrook; the Dice of the foreground class says 0.
 */
final class TestMetrics {
    private final String scoreBlob;
    private final String labelBlob;
    private ConfusionMatrix matrix;

    private TestMetrics(String scoreBlob, String labelBlob) {
        this.scoreBlob = scoreBlob;
        this.labelBlob = labelBlob;
    }

    /** Finds score and label blobs from the TEST net's loss or accuracy layer; null when there is none. */
    static TestMetrics forNet(TextProto net) {
        for (TextProto l : Prototxt.activeLayers(net, Phase.TEST)) {
            String type = l.get("type", "");
            List<String> bottoms = l.strings("bottom");
            if ((type.equals("SoftmaxWithLoss") || type.equals("InfogainLoss") || type.equals("Accuracy"))
                    && bottoms.size() >= 2) {
                return new TestMetrics(bottoms.get(0), bottoms.get(1));
            }
        }
        return null;
    }

    void start() {
        matrix = null;
    }

    void addBatch(CaffeNet net) {
        int[] s = net.shape(scoreBlob);
        float[] scores = net.blobData(scoreBlob);
        float[] labels = net.blobData(labelBlob);
        int n = s[0];
        int c = s.length > 1 ? s[1] : 1;
        int hw = 1;
        for (int i = 2; i < s.length; i++) {
            hw *= s[i];
        }
        if (matrix == null) {
            matrix = new ConfusionMatrix(Math.max(2, c));
        }
        if (labels.length != n * hw) {
            throw new IllegalStateException("label blob '" + labelBlob + "' has " + labels.length + " values, expected "
                    + n * hw + " for score blob '" + scoreBlob + "' " + java.util.Arrays.toString(s));
        }
        for (int b = 0; b < n; b++) {
            float[] sc = java.util.Arrays.copyOfRange(scores, b * c * hw, (b + 1) * c * hw);
            float[] lb = java.util.Arrays.copyOfRange(labels, b * hw, (b + 1) * hw);
            matrix.add(sc, c, 1, hw, lb);
        }
    }

    /** accuracy, per_class_accuracy, mean_iu, dice (mean over the foreground classes present), dice_per_class. */
    Map<String, Object> finish() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (matrix == null) {
            return m;
        }
        double[] dice = matrix.dice();
        // mean over the foreground classes that occur (in truth or prediction), as mean IU skips absent classes: a
        // class absent from the whole test pass has no Dice, not a Dice of 0; none at all: no Dice (null)
        double fg = 0;
        int present = 0;
        for (int i = dice.length > 1 ? 1 : 0; i < dice.length; i++) {
            if (!Double.isNaN(dice[i])) {
                fg += dice[i];
                present++;
            }
        }
        m.put("dice", present > 0 ? (Object) (fg / present) : null);
        m.put("accuracy", matrix.pixelAccuracy());
        m.put("mean_iu", matrix.meanIU());
        m.put("per_class_accuracy", matrix.perClassAccuracy());
        m.put("dice_per_class", dice);
        return m;
    }
}
