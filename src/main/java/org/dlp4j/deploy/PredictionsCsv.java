package org.dlp4j.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code predictions.csv}. Segmentation: {@code file,foreground_pixels,area_mm2,ms} (area empty when the pixel
 * spacing is unknown). Classification: {@code file,label1,prob1,…,labelK,probK,ms}, most probable first.
 * Written atomically by {@link #write(Path)}.
 */
public final class PredictionsCsv {
    private final int topK;
    private final List<String> lines = new ArrayList<>();

    private PredictionsCsv(int topK, String header) {
        this.topK = topK;
        lines.add(header);
    }

    /** A segmentation table. */
    public static PredictionsCsv segmentation() {
        return new PredictionsCsv(0, "file,foreground_pixels,area_mm2,ms");
    }

    /** A classification table with the {@code k} most probable labels per file. */
    public static PredictionsCsv classification(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("top-k needs k >= 1, got " + k);
        }
        StringBuilder h = new StringBuilder("file");
        for (int i = 1; i <= k; i++) {
            h.append(",label").append(i).append(",prob").append(i);
        }
        return new PredictionsCsv(k, h.append(",ms").toString());
    }

    /** One segmented image; {@code rowMm}/{@code colMm} NaN when unknown. */
    public PredictionsCsv addSegmentation(String file, long foregroundPixels, double rowMm, double colMm, double ms) {
        if (topK != 0) {
            throw new IllegalStateException("this is a classification table");
        }
        double area = foregroundPixels * rowMm * colMm;
        lines.add(quote(file) + "," + foregroundPixels + "," + (Double.isNaN(area) ? "" : fmt("%.2f", area)) + ","
                + fmt("%.1f", ms));
        return this;
    }

    /** One classified image: probabilities by class index and the class names (labels.txt). */
    public PredictionsCsv addClassification(String file, float[] probs, List<String> labels, double ms) {
        if (topK == 0) {
            throw new IllegalStateException("this is a segmentation table");
        }
        StringBuilder b = new StringBuilder(quote(file));
        int[] best = topK(probs, topK);
        for (int i = 0; i < topK; i++) {
            if (i < best.length) {
                int c = best[i];
                b.append(',').append(quote(c < labels.size() ? labels.get(c) : "class " + c))
                        .append(',').append(fmt("%.6f", probs[c]));
            } else {
                b.append(",,");
            }
        }
        lines.add(b.append(',').append(fmt("%.1f", ms)).toString());
        return this;
    }

    /** Indices of the {@code k} largest values, largest first (ties: lower index first). */
    public static int[] topK(float[] values, int k) {
        int n = Math.min(k, values.length);
        int[] idx = new int[n];
        boolean[] used = new boolean[values.length];
        for (int i = 0; i < n; i++) {
            int best = -1;
            for (int j = 0; j < values.length; j++) {
                if (!used[j] && (best < 0 || values[j] > values[best])) {
                    best = j;
                }
            }
            used[best] = true;
            idx[i] = best;
        }
        return idx;
    }

    /** The table text, '\n' line endings. */
    public String text() {
        return String.join("\n", lines) + "\n";
    }

    public void write(Path file) {
        org.dlp4j.AtomicFiles.writeString(file, text());
    }

    private static String fmt(String f, double v) {
        return String.format(Locale.ROOT, f, v);
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
