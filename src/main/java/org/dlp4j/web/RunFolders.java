package org.dlp4j.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * New run folders under {@code WS/runs/}, each created atomically ({@link Files#createDirectory}) for exactly one
 * start, so two starts (two clicks, two tabs, a {@code dlp train} beside the server) never share or reuse a folder.
 */
final class RunFolders {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private final WorkspacePaths ws;

    RunFolders(WorkspacePaths ws) {
        this.ws = ws;
    }

    /**
     * Creates a new run folder {@code BASE-yyyyMMdd-HHmmss}, or with {@code -2}, {@code -3}, ... when that exists:
     * starts in the same second (a double click, two tabs) each get their own folder, claimed atomically.
     */
    Path claimNew(String base) {
        String stamp = "-" + LocalDateTime.now().format(STAMP);
        // a valid name of at most 100 characters, whatever the net or solver folder was called
        String b = base.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[^A-Za-z0-9]+", "").replace("..", "_");
        b = b.isEmpty() ? "run" : b.substring(0, Math.min(b.length(), 100 - stamp.length() - 4)); // room for -999
        for (int n = 1; n < 1000; n++) {
            Path dir = tryClaim(WorkspacePaths.name(b + stamp + (n == 1 ? "" : "-" + n), "run"));
            if (dir != null) {
                return dir;
            }
        }
        throw new ApiException(409, "cannot find a free run folder name for " + b + stamp + " in runs/");
    }

    /** Creates the run folder {@code id}: 409 when it exists (a run by that name was started before). */
    Path claim(String id) {
        Path dir = tryClaim(id);
        if (dir == null) {
            throw new ApiException(409, "run '" + id + "' already exists in runs/: resume it, or choose another name");
        }
        return dir;
    }

    /** The new folder runs/ID, or null when something of that name exists already. */
    private Path tryClaim(String id) {
        Path dir = ws.inside("runs", id);
        try {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir);
            return dir;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }
}
