package org.dlp4j.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dlp4j.deploy.ContourExport;

/**
 * The images the last {@code dlp infer} into a folder segmented, from its {@code predictions.csv} (first column,
 * CSV-quoted file names): masks in that folder's {@code masks/} that it does not list were left there by an
 * earlier run into the same folder (infer adds to a folder, it does not empty it) and are not this run's results.
 */
final class InferredNames {
    private InferredNames() {
    }

    /**
     * The file stems ({@link ContourExport#stem}) listed in {@code dir/predictions.csv}; null when there is none, it is
     * not a segmentation listing (header {@code file,foreground_pixels,...}) or it cannot be read.
     */
    static Set<String> stems(Path dir) {
        Path csv = dir.resolve("predictions.csv");
        if (!Files.isRegularFile(csv)) {
            return null;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
        if (lines.isEmpty() || !lines.get(0).startsWith("file,foreground_pixels")) {
            return null;
        }
        Set<String> stems = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isEmpty()) {
                stems.add(ContourExport.stem(firstField(line)));
            }
        }
        return stems;
    }

    /** The first CSV field, unquoted ({@code "a,b"} → {@code a,b}; {@code ""} inside quotes → {@code "}). */
    static String firstField(String line) {
        if (!line.startsWith("\"")) {
            int comma = line.indexOf(',');
            return comma < 0 ? line : line.substring(0, comma);
        }
        StringBuilder b = new StringBuilder();
        for (int i = 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    b.append('"');
                    i++;
                } else {
                    break;
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
