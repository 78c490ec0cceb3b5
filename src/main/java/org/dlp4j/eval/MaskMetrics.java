package org.dlp4j.eval;

/**
 * Overlap scores of two binary masks (truth and prediction, same size, row-major).
 * Convention: when both masks are empty, Dice and IoU are 1 (the prediction correctly found nothing),
 * as in the Sunnybrook evaluation of slices without a contour.
 */
public final class MaskMetrics {
    private MaskMetrics() {
    }

    /** Pixel counts of a binary comparison: true/false positives/negatives. */
    public record Counts(long tp, long fp, long fn, long tn) {
        /** 2TP / (2TP + FP + FN); 1 when both masks are empty. */
        public double dice() {
            long d = 2 * tp + fp + fn;
            return d == 0 ? 1.0 : 2.0 * tp / d;
        }

        /** TP / (TP + FP + FN); 1 when both masks are empty. */
        public double iou() {
            long d = tp + fp + fn;
            return d == 0 ? 1.0 : (double) tp / d;
        }

        /** (TP + TN) / all pixels; NaN for zero pixels. */
        public double pixelAccuracy() {
            long n = tp + fp + fn + tn;
            return n == 0 ? Double.NaN : (double) (tp + tn) / n;
        }
    }

    /** Counts of two binary masks. */
    public static Counts count(boolean[] truth, boolean[] pred) {
        check(truth.length, pred.length);
        long tp = 0, fp = 0, fn = 0, tn = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i]) {
                if (pred[i]) {
                    tp++;
                } else {
                    fn++;
                }
            } else if (pred[i]) {
                fp++;
            } else {
                tn++;
            }
        }
        return new Counts(tp, fp, fn, tn);
    }

    /**
     * Counts of two class-index masks reduced to foreground (any class other than 0) vs background;
     * truth pixels labelled {@link ConfusionMatrix#IGNORE} are skipped, a predicted 255 counts as background.
     */
    public static Counts countForeground(int[] truth, int[] pred) {
        check(truth.length, pred.length);
        long tp = 0, fp = 0, fn = 0, tn = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] == ConfusionMatrix.IGNORE) {
                continue;
            }
            boolean t = truth[i] != 0;
            boolean p = pred[i] != 0 && pred[i] != ConfusionMatrix.IGNORE;
            if (t) {
                if (p) {
                    tp++;
                } else {
                    fn++;
                }
            } else if (p) {
                fp++;
            } else {
                tn++;
            }
        }
        return new Counts(tp, fp, fn, tn);
    }

    public static double dice(boolean[] truth, boolean[] pred) {
        return count(truth, pred).dice();
    }

    public static double iou(boolean[] truth, boolean[] pred) {
        return count(truth, pred).iou();
    }

    public static double pixelAccuracy(boolean[] truth, boolean[] pred) {
        return count(truth, pred).pixelAccuracy();
    }

    private static void check(int a, int b) {
        if (a != b) {
            throw new IllegalArgumentException("masks differ in size: " + a + " vs " + b + " pixels");
        }
    }
}
