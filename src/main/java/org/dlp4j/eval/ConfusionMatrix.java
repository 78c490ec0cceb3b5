package org.dlp4j.eval;

import java.util.Arrays;

/**
 * A k×k confusion matrix of pixel counts, rows = truth class, columns = predicted class. Every segmentation
 * score (pixel accuracy, per-class accuracy, IoU, mean IU, Dice, frequency-weighted IU) derives from it, as in
 * fcn.berkeleyvision.org's {@code score.py}. Truth pixels labelled {@value #IGNORE} are skipped.
 * Per-class scores of a class that occurs in neither truth nor prediction are NaN; means skip NaN.
 */
public final class ConfusionMatrix {
    /** Label value that marks pixels excluded from scoring. */
    public static final int IGNORE = 255;

    private final int k;
    private final long[][] counts;

    public ConfusionMatrix(int classes) {
        if (classes < 1 || classes > 2048) {
            throw new IllegalArgumentException("classes must be 1..2048, got " + classes);
        }
        this.k = classes;
        this.counts = new long[classes][classes];
    }

    public int classes() {
        return k;
    }

    /** Count of pixels with the given truth and predicted class. */
    public long count(int truth, int pred) {
        return counts[truth][pred];
    }

    /** Adds one image: class indices per pixel; truth {@value #IGNORE} is ignored when there are fewer classes. */
    public ConfusionMatrix add(int[] truth, int[] pred) {
        if (truth.length != pred.length) {
            throw new IllegalArgumentException("truth has " + truth.length + " pixels, prediction " + pred.length);
        }
        for (int i = 0; i < truth.length; i++) {
            int t = truth[i];
            if (t == IGNORE && k <= IGNORE) {
                continue;
            }
            int p = pred[i];
            if (t < 0 || t >= k || p < 0 || p >= k) {
                throw new IllegalArgumentException("pixel " + i + ": class out of range 0.." + (k - 1)
                        + " (truth " + t + ", prediction " + p + ")");
            }
            counts[t][p]++;
        }
        return this;
    }

    /**
     * Adds a Caffe score blob (one image, {@code classes×h×w}, channel-major) by argmax over channels, against a
     * label blob of {@code h×w} class indices stored as floats (255 = ignore). Ties go to the lower class.
     */
    public ConfusionMatrix add(float[] scores, int classes, int h, int w, float[] labels) {
        int n = h * w;
        if (classes != k) {
            throw new IllegalArgumentException("score blob has " + classes + " channels, matrix has " + k + " classes");
        }
        if (scores.length != classes * n || labels.length != n) {
            throw new IllegalArgumentException("blob sizes do not match " + classes + "x" + h + "x" + w
                    + ": scores " + scores.length + ", labels " + labels.length);
        }
        int[] pred = new int[n];
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            float bestScore = scores[i];
            for (int c = 1; c < classes; c++) {
                float s = scores[c * n + i];
                if (s > bestScore) {
                    bestScore = s;
                    best = c;
                }
            }
            pred[i] = best;
            truth[i] = Math.round(labels[i]);
        }
        return add(truth, pred);
    }

    /** Adds all counts of another matrix of the same size. */
    public ConfusionMatrix add(ConfusionMatrix other) {
        if (other.k != k) {
            throw new IllegalArgumentException("cannot add a " + other.k + "-class matrix to a " + k + "-class one");
        }
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                counts[t][p] += other.counts[t][p];
            }
        }
        return this;
    }

    /** A copy with {@code classes ≥ classes()} classes holding the same counts (new classes count 0). */
    public ConfusionMatrix resized(int classes) {
        if (classes < k) {
            throw new IllegalArgumentException("cannot shrink a " + k + "-class matrix to " + classes);
        }
        ConfusionMatrix m = new ConfusionMatrix(classes);
        for (int t = 0; t < k; t++) {
            System.arraycopy(counts[t], 0, m.counts[t], 0, k);
        }
        return m;
    }

    /** Number of scored (not ignored) pixels. */
    public long total() {
        long s = 0;
        for (long[] row : counts) {
            for (long v : row) {
                s += v;
            }
        }
        return s;
    }

    private long truthCount(int c) {
        long s = 0;
        for (long v : counts[c]) {
            s += v;
        }
        return s;
    }

    private long predCount(int c) {
        long s = 0;
        for (long[] row : counts) {
            s += row[c];
        }
        return s;
    }

    /** Correct pixels / scored pixels. */
    public double pixelAccuracy() {
        long correct = 0;
        for (int c = 0; c < k; c++) {
            correct += counts[c][c];
        }
        long total = total();
        return total == 0 ? Double.NaN : (double) correct / total;
    }

    /** TP / truth pixels of the class (recall); NaN for a class absent from the truth. */
    public double[] perClassAccuracy() {
        double[] a = new double[k];
        for (int c = 0; c < k; c++) {
            long t = truthCount(c);
            a[c] = t == 0 ? Double.NaN : (double) counts[c][c] / t;
        }
        return a;
    }

    /** Mean of {@link #perClassAccuracy()} over classes present in the truth. */
    public double meanAccuracy() {
        return nanMean(perClassAccuracy());
    }

    /** TP / (TP + FP + FN) per class; NaN for a class absent from truth and prediction. */
    public double[] iou() {
        double[] u = new double[k];
        for (int c = 0; c < k; c++) {
            long union = truthCount(c) + predCount(c) - counts[c][c];
            u[c] = union == 0 ? Double.NaN : (double) counts[c][c] / union;
        }
        return u;
    }

    /** Mean IU over classes with a non-empty union. */
    public double meanIU() {
        return nanMean(iou());
    }

    /** 2TP / (2TP + FP + FN) per class; NaN for a class absent from truth and prediction. */
    public double[] dice() {
        double[] d = new double[k];
        for (int c = 0; c < k; c++) {
            long denom = truthCount(c) + predCount(c);
            d[c] = denom == 0 ? Double.NaN : 2.0 * counts[c][c] / denom;
        }
        return d;
    }

    /** Σ over classes of (truth frequency × IoU), classes absent from the truth weigh 0. */
    public double frequencyWeightedIU() {
        long total = total();
        if (total == 0) {
            return Double.NaN;
        }
        double[] u = iou();
        double s = 0;
        for (int c = 0; c < k; c++) {
            long t = truthCount(c);
            if (t > 0) {
                s += (double) t / total * u[c];
            }
        }
        return s;
    }

    static double nanMean(double[] v) {
        double s = 0;
        int n = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                s += x;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("ConfusionMatrix(truth rows × predicted columns)\n");
        for (long[] row : counts) {
            b.append(Arrays.toString(row)).append('\n');
        }
        return b.toString();
    }
}
