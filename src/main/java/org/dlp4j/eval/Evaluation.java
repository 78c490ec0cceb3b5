package org.dlp4j.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Per-image scores and their summary. Each image gets Dice, IoU and pixel accuracy of the foreground (any class
 * other than 0; truth 255 ignored), and, when both contours exist, APD and Hausdorff distance in mm.
 * The summary reports the mean and sample standard deviation (n−1; 0 for one image) of every metric over the
 * images where it is defined, the percentage of good contours (APD &lt; 5 mm) among images with an expert
 * contour, and, separately and labelled, the Sunnybrook challenge convention: Dice and APD averaged over good
 * contours only. A confusion matrix over all images adds mean IU and frequency-weighted IU for multi-class masks.
 */
public final class Evaluation {
    /** One image's scores; NaN where a score is undefined (e.g. APD without a predicted contour). */
    public record Row(String image, double dice, double iou, double pixelAccuracy, double apdMm,
                      double hausdorffMm, boolean hasExpertContour, double rowMm, double colMm) {
        /** Sunnybrook "good contour": APD below 5 mm. */
        public boolean good() {
            return !Double.isNaN(apdMm) && ContourMetrics.isGood(apdMm);
        }
    }

    /** Mean, sample standard deviation and number of images where the metric is defined. */
    public record Stat(double mean, double std, int n) {
    }

    private final List<Row> rows = new ArrayList<>();
    private ConfusionMatrix matrix = new ConfusionMatrix(2);

    /**
     * Scores one image. Masks are class indices (row-major, same size); contours are {@code {xs, ys}} pixel
     * polygons or null when absent (an empty mask has no contour).
     */
    public Row add(String image, int[] truth, int[] pred, double[][] expertContour, double[][] autoContour,
                   double rowMm, double colMm) {
        return add(image, truth, pred, expertContour, autoContour, rowMm, colMm, true);
    }

    /**
     * As {@link #add(String, int[], int[], double[][], double[][], double, double)}; with {@code frameKnown} false
     * (masks rasterised from two contours inside a made-up frame) pixel accuracy is NaN and the image does not
     * enter the confusion matrix, whose background counts would depend on that frame.
     */
    public Row add(String image, int[] truth, int[] pred, double[][] expertContour, double[][] autoContour,
                   double rowMm, double colMm, boolean frameKnown) {
        MaskMetrics.Counts c = MaskMetrics.countForeground(truth, pred);
        if (frameKnown) {
            addToMatrix(truth, pred);
        }
        boolean both = expertContour != null && autoContour != null && expertContour[0].length > 0
                && autoContour[0].length > 0;
        double apd = both ? ContourMetrics.apdMm(autoContour, expertContour, rowMm, colMm) : Double.NaN;
        double hd = both ? ContourMetrics.hausdorffMm(autoContour, expertContour, rowMm, colMm) : Double.NaN;
        boolean expert = expertContour != null && expertContour[0].length > 0;
        Row row = new Row(image, c.dice(), c.iou(), frameKnown ? c.pixelAccuracy() : Double.NaN, apd, hd, expert,
                rowMm, colMm);
        rows.add(row);
        return row;
    }

    private void addToMatrix(int[] truth, int[] pred) {
        int maxClass = 1;
        for (int[] m : new int[][] {truth, pred}) {
            for (int v : m) {
                if (v != ConfusionMatrix.IGNORE && v > maxClass) {
                    maxClass = v;
                }
            }
        }
        if (maxClass + 1 > matrix.classes()) {
            matrix = matrix.resized(maxClass + 1);
        }
        int[] p = pred;
        if (contains(pred, ConfusionMatrix.IGNORE)) {
            p = pred.clone();
            for (int i = 0; i < p.length; i++) {
                p[i] = p[i] == ConfusionMatrix.IGNORE ? 0 : p[i];
            }
        }
        matrix.add(truth, p);
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public ConfusionMatrix matrix() {
        return matrix;
    }

    /** Mean and sample std of a metric over the rows where it is not NaN. */
    public Stat stat(ToDoubleFunction<Row> metric) {
        return stat(rows, metric);
    }

    static Stat stat(List<Row> rs, ToDoubleFunction<Row> metric) {
        double s = 0;
        int n = 0;
        for (Row r : rs) {
            double v = metric.applyAsDouble(r);
            if (!Double.isNaN(v)) {
                s += v;
                n++;
            }
        }
        if (n == 0) {
            return new Stat(Double.NaN, Double.NaN, 0);
        }
        double mean = s / n;
        double ss = 0;
        for (Row r : rs) {
            double v = metric.applyAsDouble(r);
            if (!Double.isNaN(v)) {
                ss += (v - mean) * (v - mean);
            }
        }
        return new Stat(mean, n > 1 ? Math.sqrt(ss / (n - 1)) : 0.0, n);
    }

    /** Percentage of images with an expert contour whose automatic contour is good (APD &lt; 5 mm). */
    public double goodContourPct() {
        int withExpert = 0;
        int good = 0;
        for (Row r : rows) {
            if (r.hasExpertContour()) {
                withExpert++;
                good += r.good() ? 1 : 0;
            }
        }
        return withExpert == 0 ? Double.NaN : 100.0 * good / withExpert;
    }

    /** The summary as an ordered map (NaN → null) for {@code --json}. */
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("images", rows.size());
        putStat(m, "dice", stat(Row::dice));
        putStat(m, "iou", stat(Row::iou));
        putStat(m, "pixel_accuracy", stat(Row::pixelAccuracy));
        putStat(m, "apd_mm", stat(Row::apdMm));
        putStat(m, "hausdorff_mm", stat(Row::hausdorffMm));
        m.put("good_contours", rows.stream().filter(Row::good).count());
        m.put("good_contour_pct", num(goodContourPct()));
        List<Row> good = rows.stream().filter(Row::good).toList();
        Map<String, Object> ch = new LinkedHashMap<>();
        ch.put("convention", "Sunnybrook challenge: Dice and APD averaged over good contours (APD < 5 mm) only");
        ch.put("images", good.size());
        putStat(ch, "dice", stat(good, Row::dice));
        putStat(ch, "apd_mm", stat(good, Row::apdMm));
        m.put("challenge", ch);
        m.put("mean_iu", num(matrix.meanIU()));
        m.put("frequency_weighted_iu", num(matrix.frequencyWeightedIU()));
        m.put("mean_accuracy", num(matrix.meanAccuracy()));
        List<Object> perClass = new ArrayList<>();
        for (double v : matrix.iou()) {
            perClass.add(num(v));
        }
        m.put("class_iou", perClass);
        List<Object> perClassDice = new ArrayList<>();
        for (double v : matrix.dice()) {
            perClassDice.add(num(v));
        }
        m.put("class_dice", perClassDice);
        List<Map<String, Object>> per = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("image", r.image());
            o.put("dice", num(r.dice()));
            o.put("iou", num(r.iou()));
            o.put("pixel_accuracy", num(r.pixelAccuracy()));
            o.put("apd_mm", num(r.apdMm()));
            o.put("hausdorff_mm", num(r.hausdorffMm()));
            o.put("good_contour", r.good());
            o.put("spacing_mm", List.of(r.rowMm(), r.colMm()));
            per.add(o);
        }
        m.put("per_image", per);
        return m;
    }

    private static void putStat(Map<String, Object> m, String key, Stat s) {
        m.put(key, num(s.mean()));
        m.put(key + "_std", num(s.std()));
    }

    private static Double num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
    }

    /**
     * Writes {@code scores.csv} atomically: a header, one row per image, then rows {@code MEAN} and {@code STD}
     * (empty cells where undefined; the {@code good_contour} column of MEAN holds the good-contour percentage).
     */
    public void writeCsv(Path file) {
        StringBuilder b = new StringBuilder("image,dice,iou,pixel_accuracy,apd_mm,hausdorff_mm,good_contour\n");
        for (Row r : rows) {
            b.append(csv(r.image())).append(',').append(f(r.dice())).append(',').append(f(r.iou())).append(',')
                    .append(f(r.pixelAccuracy())).append(',').append(f(r.apdMm())).append(',')
                    .append(f(r.hausdorffMm())).append(',').append(r.hasExpertContour() ? r.good() ? "1" : "0" : "")
                    .append('\n');
        }
        List<ToDoubleFunction<Row>> metrics = List.of(Row::dice, Row::iou, Row::pixelAccuracy, Row::apdMm,
                Row::hausdorffMm);
        for (String label : new String[] {"MEAN", "STD"}) {
            b.append(label);
            for (ToDoubleFunction<Row> mf : metrics) {
                Stat s = stat(mf);
                b.append(',').append(f(label.equals("MEAN") ? s.mean() : s.std()));
            }
            b.append(',').append(label.equals("MEAN") ? f(goodContourPct()) : "").append('\n');
        }
        org.dlp4j.AtomicFiles.writeString(file, b);
    }

    /** A human table: one line per image, then mean +/- std and the challenge convention (ASCII only). */
    public String table() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-40s %7s %7s %7s %8s %8s %s%n",
                "image", "dice", "iou", "pixacc", "apd_mm", "hd_mm", "good"));
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "%-40s %7s %7s %7s %8s %8s %s%n", r.image(), g(r.dice()),
                    g(r.iou()), g(r.pixelAccuracy()), g(r.apdMm()), g(r.hausdorffMm()),
                    r.hasExpertContour() ? (r.good() ? "yes" : "no") : "-"));
        }
        b.append(String.format(Locale.ROOT, "mean +/- std over %d images: Dice %s, IoU %s, APD %s mm, Hausdorff %s mm;"
                        + " good contours %s%%%n", rows.size(), pm(stat(Row::dice)), pm(stat(Row::iou)),
                pm(stat(Row::apdMm)), pm(stat(Row::hausdorffMm)), g(goodContourPct())));
        List<Row> good = rows.stream().filter(Row::good).toList();
        b.append(String.format(Locale.ROOT, "Sunnybrook challenge convention (good contours only, n=%d):"
                + " Dice %s, APD %s mm%n", good.size(), pm(stat(good, Row::dice)), pm(stat(good, Row::apdMm))));
        return b.toString();
    }

    private static String pm(Stat s) {
        return g(s.mean()) + " +/- " + g(s.std());
    }

    private static String g(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
