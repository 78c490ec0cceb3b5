package org.dlp4j.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.dlp4j.BadInputException;

/**
 * Minimal reader of Sunnybrook contour text files ({@code x y} per line, pixel coordinates, x = column) into a
 * {@code {xs, ys}} polygon. Kept private to evaluation until the data package's contour reader is merged.
 */
final class ContourText {
    private ContourText() {
    }

    static double[][] read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new BadInputException("cannot read contour file " + file + ": " + e.getMessage(), e);
        }
        double[] xs = new double[lines.size()];
        double[] ys = new double[lines.size()];
        int n = 0;
        for (int i = 0; i < lines.size(); i++) {
            String s = lines.get(i).strip();
            if (s.isEmpty()) {
                continue;
            }
            String[] parts = s.split("[\\s,]+");
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                xs[n] = Double.parseDouble(parts[0]);
                ys[n] = Double.parseDouble(parts[1]);
                if (!Double.isFinite(xs[n]) || !Double.isFinite(ys[n])) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new BadInputException("contour file " + file + " line " + (i + 1) + " is '" + s
                        + "': each line must be two numbers 'x y' (pixel column and row).");
            }
            n++;
        }
        if (n < 3) {
            throw new BadInputException("contour file " + file + " has " + n + " points: a contour needs at least 3.");
        }
        return new double[][] {Arrays.copyOf(xs, n), Arrays.copyOf(ys, n)};
    }
}
