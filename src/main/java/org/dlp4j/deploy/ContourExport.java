package org.dlp4j.deploy;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes automatic contours in the Sunnybrook challenge format: {@code IM-0001-NNNN-icontour-auto.txt}, one
 * {@code x y} pair per line with two decimals (x = column, y = row), the polygon not explicitly closed, points
 * at most 0.5 pixel apart.
 * <p>Naming: NNNN comes from the input name when it contains {@code IM-xxxx-NNNN} (e.g.
 * {@code SC-HF-I-1_IM-0001-0048.png}), or when its stem is a number ({@code 48.dcm} → 0048) or ends in
 * {@code _<number>} ({@code SCD0000101_48.png} → 0048); otherwise the file is {@code <stem>-icontour-auto.txt}.
 * A prefix before {@code _IM-} or {@code _<number>} names the case and becomes a sub-folder
 * ({@code SC-HF-I-1/IM-0001-0048-icontour-auto.txt}, {@code SCD0000101/IM-0001-0048-icontour-auto.txt}), as in
 * the challenge's per-case layout. Inputs of one job whose names still give the same file (two series of a case:
 * {@code IM-0804-0005.dcm}, {@code IM-0805-0005.dcm}) each keep their own stem instead ({@link #relativePaths}).
 */
public final class ContourExport {
    private static final Pattern IM = Pattern.compile("IM-\\d{4}-(\\d{4})");
    private static final Pattern DIGITS = Pattern.compile("(?:^|.*_)(\\d{1,4})");
    private static final Pattern CASE_NUMBER = Pattern.compile("(.+)_\\d{1,4}");

    private ContourExport() {
    }

    /** The four-digit slice number in an input name, or null. */
    public static String number(String inputName) {
        String name = Path.of(inputName).getFileName().toString();
        Matcher m = IM.matcher(name);
        if (m.find()) {
            return m.group(1);
        }
        Matcher d = DIGITS.matcher(stem(name));
        if (d.matches()) {
            return String.format(Locale.ROOT, "%04d", Integer.parseInt(d.group(1)));
        }
        return null;
    }

    /** The case prefix before {@code _IM-} or before a final {@code _<number>} of the stem, or null. */
    public static String caseId(String inputName) {
        String name = Path.of(inputName).getFileName().toString();
        int i = name.indexOf("_IM-");
        if (i > 0) {
            return name.substring(0, i);
        }
        Matcher m = CASE_NUMBER.matcher(stem(name));
        return m.matches() ? m.group(1) : null;
    }

    /**
     * {@link #relativePath} of each of a job's inputs, except that inputs whose names give the same file keep their
     * own stem ({@code <case>/<stem>-icontour-auto.txt}): no contour overwrites another. Keys are the names given.
     */
    public static java.util.Map<String, String> relativePaths(java.util.Collection<String> inputNames) {
        java.util.Map<String, Integer> uses = new java.util.HashMap<>();
        for (String n : inputNames) {
            uses.merge(relativePath(n), 1, Integer::sum);
        }
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String n : inputNames) {
            String r = relativePath(n);
            if (uses.get(r) > 1) {
                String c = caseId(n);
                String own = stem(Path.of(n).getFileName().toString()) + "-icontour-auto.txt";
                r = c != null ? c + "/" + own : own;
            }
            out.put(n, r);
        }
        return out;
    }

    /** The contour file's path relative to the contours folder. */
    public static String relativePath(String inputName) {
        String n = number(inputName);
        String file = n != null ? "IM-0001-" + n + "-icontour-auto.txt"
                : stem(Path.of(inputName).getFileName().toString()) + "-icontour-auto.txt";
        String c = caseId(inputName);
        return c != null && n != null ? c + "/" + file : file;
    }

    /** File name without its last extension. */
    public static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    /**
     * Writes the polygon ({@code {xs, ys}} pixel coordinates, e.g. from {@link MaskBoundary}) into {@code dir}
     * under {@link #relativePath}, densified to 0.5-pixel steps; returns the file written.
     */
    public static Path write(Path dir, String inputName, double[][] polygon) {
        Path file = dir.resolve(relativePath(inputName));
        return writeTo(file, polygon);
    }

    /** Writes {@code IM-0001-NNNN-icontour-auto.txt} for a known DICOM instance number. */
    public static Path write(Path dir, int instanceNumber, double[][] polygon) {
        Path file = dir.resolve(String.format(Locale.ROOT, "IM-0001-%04d-icontour-auto.txt", instanceNumber));
        return writeTo(file, polygon);
    }

    /** The file text: densified points, {@code "%.2f %.2f\n"} each. */
    public static String format(double[][] polygon) {
        double[][] p = polygon[0].length > 1 ? MaskBoundary.densify(polygon, 0.5) : polygon;
        StringBuilder b = new StringBuilder(p[0].length * 14);
        for (int i = 0; i < p[0].length; i++) {
            appendFixed2(b, p[0][i]).append(' ');
            appendFixed2(b, p[1][i]).append('\n');
        }
        return b.toString();
    }

    /**
     * {@code v} as {@code String.format(Locale.ROOT, "%.2f", v)} writes it (the shortest decimal of the double,
     * rounded half up to two places), without the Formatter's cost per call: outlines of large masks have
     * thousands of points.
     */
    static StringBuilder appendFixed2(StringBuilder b, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return b.append(String.format(Locale.ROOT, "%.2f", v));
        }
        java.math.BigDecimal d = new java.math.BigDecimal(Double.toString(v)).setScale(2,
                java.math.RoundingMode.HALF_UP);
        if (d.signum() == 0 && (v < 0 || (v == 0 && 1 / v < 0))) {
            return b.append("-0.00"); // the Formatter keeps the sign of a negative value that rounds to zero
        }
        return b.append(d.toPlainString());
    }

    /** Writes the polygon as {@link #format} gives it to {@code file} (atomically); returns the file. */
    public static Path writeTo(Path file, double[][] polygon) {
        org.dlp4j.AtomicFiles.writeString(file, format(polygon));
        return file;
    }
}
