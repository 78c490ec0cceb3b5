package org.dlp4j.data;

import java.io.IOException;
import java.nio.file.Path;
import org.dlp4j.BadInputException;

/**
 * The first step of every importer's and generator's output: the folder its temp folder goes in. A place that
 * cannot take it (no permission, a read-only or virtual file system such as /proc) is the user's choice of
 * {@code --out}: a {@link BadInputException} naming that path and the system's reason, said before any work.
 */
public final class OutputFolder {
    private OutputFolder() {
    }

    /** Creates {@code dir} (and its parents) and a fresh temp folder in it named {@code prefix + pid-n}. */
    public static Path tempIn(Path dir, String prefix, Path userPath) {
        try {
            java.nio.file.Files.createDirectories(dir);
            return org.dlp4j.AtomicFiles.createTempDirectory(dir, prefix);
        } catch (IOException e) {
            throw cannotWrite(userPath, e);
        }
    }

    /** "cannot write OUT (reason); choose another --out". */
    public static BadInputException cannotWrite(Path userPath, IOException e) {
        return new BadInputException("cannot write " + userPath.toAbsolutePath() + " (" + reason(e) + "); choose"
                + " another --out", e);
    }

    /** The system's words ("Operation not permitted", "Read-only file system") rather than a bare path. */
    static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "cannot create a folder there";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
