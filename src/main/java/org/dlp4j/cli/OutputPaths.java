package org.dlp4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dlp4j.BadInputException;

/**
 * Checks of a user's output path before any work starts: a folder option that names a file, a file option that
 * names a folder, or a path under a file gives exit 2 with the reason instead of a failure after the work.
 */
final class OutputPaths {
    private OutputPaths() {
    }

    /** {@code out} must be a folder or not exist yet (it is created). */
    static void folder(Path out, String option) {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new BadInputException(option + " " + out + " exists and is not a folder; give a folder (it is created"
                    + " when missing)");
        }
        noFileAbove(out, option);
    }

    /** {@code out} must be a file or not exist yet (it is replaced). */
    static void file(Path out, String option) {
        if (Files.isDirectory(out)) {
            throw new BadInputException(option + " " + out + " is a folder; give a file name");
        }
        noFileAbove(out, option);
    }

    private static void noFileAbove(Path out, String option) {
        Path blocker = fileInTheWay(out);
        if (blocker != null) {
            throw new BadInputException(option + " " + out + ": " + blocker + " exists and is not a folder");
        }
    }

    /** The nearest existing folder above {@code path} when it is not a folder (a file in the way), else null. */
    static Path fileInTheWay(Path path) {
        for (Path p = path.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                return Files.isDirectory(p) ? null : p;
            }
        }
        return null;
    }
}
