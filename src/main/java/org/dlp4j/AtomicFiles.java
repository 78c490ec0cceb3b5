package org.dlp4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Whole-file writes that a crash cannot leave half done: a temp file in the target's folder, then an
 * atomic rename over the target. The temp file is removed when anything fails.
 */
public final class AtomicFiles {
    private static final long PID = ProcessHandle.current().pid();
    private static final java.util.concurrent.atomic.AtomicLong COUNTER = new java.util.concurrent.atomic.AtomicLong();

    private AtomicFiles() {
    }

    public static void write(Path file, byte[] bytes) {
        Path parent = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            if (!Files.isDirectory(parent)) {
                Files.createDirectories(parent);
            }
            // A name unique to this process and call, created with CREATE_NEW: the file gets the umask's
            // permissions, as any plainly written file (Files.createTempFile would make it owner-only).
            for (int attempt = 0; ; attempt++) {
                Path candidate = parent.resolve("." + file.getFileName() + "." + PID + "-" + COUNTER.incrementAndGet()
                        + ".tmp");
                try {
                    Files.write(candidate, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    tmp = candidate;
                    break;
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    if (attempt >= 100) { // left behind by a crashed process of the same pid: try the next name
                        throw e;
                    }
                } catch (IOException e) {
                    tmp = candidate; // a partial file: removed below
                    throw e;
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates an empty file or folder in {@code dir} named {@code prefix + pid-counter + suffix}, for content that
     * is later renamed into place. Unlike {@code Files.createTempFile}/{@code createTempDirectory}, which make it
     * owner-only (0600/0700), it gets the permissions the umask gives any new file or folder, and so does the
     * result once renamed. A name left behind by a crashed process is skipped.
     */
    public static Path createTemp(Path dir, String prefix, String suffix, boolean directory) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path candidate = dir.resolve(prefix + PID + "-" + COUNTER.incrementAndGet() + suffix);
            try {
                return directory ? Files.createDirectory(candidate) : Files.createFile(candidate);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }

    /** The last temp-name number used (tests). */
    static long counter() {
        return COUNTER.get();
    }

    /** UTF-8 text. */
    public static void writeString(Path file, CharSequence text) {
        write(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }
}
