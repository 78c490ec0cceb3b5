package org.dlp4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Output folders a command creates: which one it will create, and its removal when the command fails, so a failed
 * run leaves no empty or half-filled folder behind. A folder that existed before the command is never touched.
 */
final class OutputFolders {
    private OutputFolders() {
    }

    /**
     * The topmost folder that creating {@code out} would create ({@code out} itself or a missing folder above it),
     * or null when {@code out} exists already (the user's folder: a failure must not remove it).
     */
    static Path firstMissing(Path out) {
        Path abs = out.toAbsolutePath().normalize();
        if (Files.exists(abs)) {
            return null;
        }
        Path top = abs;
        for (Path p = abs.getParent(); p != null && !Files.exists(p); p = p.getParent()) {
            top = p;
        }
        return top;
    }

    /** Removes {@code folder} and everything in it, if given and present; a failure to remove is not reported. */
    static void removeQuietly(Path folder) {
        if (folder == null || !Files.isDirectory(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            org.dlp4j.AtomicFiles.deleteTree(folder);
        } catch (IOException | java.io.UncheckedIOException e) {
            // what is left is named by the command's own error; removing it is a courtesy
        }
    }
}
