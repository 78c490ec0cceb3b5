package org.dlp4j.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dlp4j.BadInputException;

/** {@code labels.txt}: one class name per line, in class-index order; blank lines are ignored. */
public final class LabelsFile {
    private LabelsFile() {
    }

    /** The class names; BadInputException when the file is missing, unreadable or holds no name. */
    public static List<String> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("labels file " + file + " does not exist: give a labels.txt with one class"
                    + " name per line (e.g. 'background' then 'left ventricle').");
        }
        List<String> names = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String s = line.replace("\uFEFF", "").strip();
                if (!s.isEmpty()) {
                    names.add(s);
                }
            }
        } catch (IOException e) {
            throw new BadInputException("cannot read labels file " + file + ": " + e.getMessage(), e);
        }
        if (names.isEmpty()) {
            throw new BadInputException("labels file " + file + " is empty: it needs one class name per line,"
                    + " in class-index order.");
        }
        return List.copyOf(names);
    }
}
