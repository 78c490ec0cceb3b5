package org.dlp4j.data.contour;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.dlp4j.BadInputException;

/**
 * The Sunnybrook challenge contour format: one {@code x y} pair per line (x = column, y = row, float pixel
 * coordinates). Reading tolerates blank lines, CRLF endings and tabs; anything else is an error naming the
 * file and line. Writing uses {@code "%.2f %.2f"} lines like the challenge files.
 */
public final class ContourFile {
    private ContourFile() {
    }

    /** Reads a contour; {@link BadInputException} with {@code file:line} for junk, fewer than 3 points too. */
    public static Contour read(Path file) {
        return parse(file, readText(file), true);
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read contour file (" + e.getMessage() + ")", e);
        }
    }

    /** As {@link #read}, every line through the general parser (the reference the fast path is tested against). */
    static Contour readGeneral(Path file) {
        return parse(file, readText(file), false);
    }

    /** Powers of ten that doubles hold exactly. */
    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
        1e14, 1e15};

    private static Contour parse(Path file, String text, boolean fast) {
        double[] xs = new double[256];
        double[] ys = new double[256];
        int n = 0;
        String[] parts = new String[2];
        double[] xy = new double[2];
        int lineNo = 0;
        for (int start = 0; start <= text.length(); lineNo++) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            int from = start;
            start = end + 1;
            if (fast && plainLine(text, from, end, xy)) {
                if (n == xs.length) {
                    xs = java.util.Arrays.copyOf(xs, n * 2);
                    ys = java.util.Arrays.copyOf(ys, n * 2);
                }
                xs[n] = xy[0];
                ys[n] = xy[1];
                n++;
                continue;
            }
            String line = text.substring(from, end).strip();
            int i = lineNo;
            if (line.isEmpty()) {
                continue;
            }
            double x;
            double y;
            try {
                if (split(line, parts) != 2) {
                    throw new NumberFormatException();
                }
                x = Double.parseDouble(parts[0]);
                y = Double.parseDouble(parts[1]);
            } catch (NumberFormatException e) {
                throw new BadInputException(file + ":" + (i + 1) + ": expected two numbers 'x y', got '"
                        + abbreviate(line) + "'");
            }
            if (!Double.isFinite(x) || !Double.isFinite(y)) {
                throw new BadInputException(file + ":" + (i + 1) + ": coordinates must be finite, got '" + line + "'");
            }
            if (n == xs.length) {
                xs = java.util.Arrays.copyOf(xs, n * 2);
                ys = java.util.Arrays.copyOf(ys, n * 2);
            }
            xs[n] = x;
            ys[n] = y;
            n++;
        }
        if (n < 3) {
            throw new BadInputException(file + ": a contour needs at least 3 points, found " + n);
        }
        return new Contour(java.util.Arrays.copyOf(xs, n), java.util.Arrays.copyOf(ys, n));
    }

    /** Writes {@code "%.2f %.2f"} lines ('\n' endings) atomically. */
    public static void write(Path file, Contour c) throws IOException {
        StringBuilder sb = new StringBuilder(c.size() * 14);
        for (int i = 0; i < c.size(); i++) {
            sb.append(String.format(Locale.ROOT, "%.2f %.2f%n", c.x()[i], c.y()[i]).replace("\r", ""));
        }
        org.dlp4j.AtomicFiles.writeChecked(file, sb.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The common line, parsed without substrings: optional blanks, two plain decimals ({@code [+-]digits[.digits]},
     * at most 15 digits) apart by separators, optional trailing separators. {@code m / 10^k} with both exact is
     * one correctly rounded division, so the value equals {@link Double#parseDouble}'s (Clinger's fast path).
     * Returns false for anything else (blank lines, exponents, junk), which the general parser then handles.
     */
    static boolean plainLine(String t, int from, int to, double[] xy) {
        int i = from;
        while (i < to && isBlank(t.charAt(i))) {
            i++;
        }
        for (int k = 0; k < 2; k++) {
            if (k == 1) {
                int sep = i;
                while (i < to && isSeparator(t.charAt(i))) {
                    i++;
                }
                if (i == sep) {
                    return false;
                }
            }
            if (i == to) {
                return false;
            }
            char c = t.charAt(i);
            boolean negative = c == '-';
            if (negative || c == '+') {
                i++;
            }
            long m = 0;
            int digits = 0;
            int fraction = -1; // digits after the point; -1: no point
            for (; i < to; i++) {
                c = t.charAt(i);
                if (c >= '0' && c <= '9') {
                    if (++digits > 15) {
                        return false;
                    }
                    m = m * 10 + (c - '0');
                    if (fraction >= 0) {
                        fraction++;
                    }
                } else if (c == '.' && fraction < 0) {
                    fraction = 0;
                } else {
                    break;
                }
            }
            if (digits == 0 || (i < to && !isSeparator(t.charAt(i)))) {
                return false;
            }
            double v = fraction > 0 ? m / POW10[fraction] : m;
            xy[k] = negative ? -v : v;
        }
        while (i < to && isSeparator(t.charAt(i))) {
            i++;
        }
        return i == to;
    }

    /** Leading characters that {@link String#strip} removes and that are also separators (so a comma is not). */
    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\u000B';
    }

    /**
     * Splits on runs of whitespace and commas like {@code line.split("[\\s,]+")} (a leading run gives an empty
     * first field; trailing ones give none), storing at most two fields; returns the field count.
     */
    static int split(String line, String[] out) {
        int n = 0;
        int i = 0;
        int len = line.length();
        while (i < len) {
            int s = i;
            while (i < len && !isSeparator(line.charAt(i))) {
                i++;
            }
            if (n < out.length) {
                out[n] = line.substring(s, i);
            }
            n++;
            while (i < len && isSeparator(line.charAt(i))) {
                i++;
            }
        }
        return n;
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == ',' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
