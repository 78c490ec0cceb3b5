package org.dlp4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Whole-file writes that a crash cannot leave half done: a temp file in the target's folder, then an
 * atomic rename over the target. The temp file is removed when anything fails.
 *
 * <p>Temp names are {@code prefix + pid-counter + suffix}, created with CREATE_NEW: unlike
 * {@code Files.createTempFile}/{@code createTempDirectory}, which make them owner-only (0600/0700), they get the
 * permissions the umask gives any new file or folder, and so does the result once renamed. A name left behind by a
 * crashed process of the same pid is skipped.
 */
public final class AtomicFiles {
    private static final long PID = ProcessHandle.current().pid();
    private static final java.util.concurrent.atomic.AtomicLong COUNTER = new java.util.concurrent.atomic.AtomicLong();

    private AtomicFiles() {
    }

    /** Creates one path under a fresh name; throws {@link FileAlreadyExistsException} when the name is taken. */
    private interface Create {
        Path at(Path candidate) throws IOException;
    }

    /** {@code create} at the next free temp name in {@code dir}. */
    private static Path unique(Path dir, String prefix, String suffix, Create create) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                return create.at(dir.resolve(prefix + PID + "-" + COUNTER.incrementAndGet() + suffix));
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }

    /** As {@link #writeChecked}, failures as {@link UncheckedIOException} naming the file. */
    public static void write(Path file, byte[] bytes) {
        try {
            writeChecked(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code bytes} to {@code file} atomically, creating its folder when missing. */
    public static void writeChecked(Path file, byte[] bytes) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) {
            Files.createDirectories(parent);
        }
        Path tmp = unique(parent, "." + file.getFileName() + ".", ".tmp", candidate -> {
            try {
                return Files.write(candidate, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                throw e;
            } catch (IOException e) {
                deleteQuietly(candidate); // a partial file
                throw e;
            }
        });
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /** UTF-8 text. */
    public static void writeString(Path file, CharSequence text) {
        write(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Creates an empty folder in {@code dir} for content that is later renamed into place (named as the class
     * comment says, with the umask's permissions).
     */
    public static Path createTempDirectory(Path dir, String prefix) throws IOException {
        return unique(dir, prefix, "", Files::createDirectory);
    }

    /** The last temp-name number used (tests). */
    static long counter() {
        return COUNTER.get();
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // nothing more to do
        }
    }

    /** Deletes a file tree, deepest entries first (no-op when absent; entries already gone are fine). */
    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (java.util.stream.Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
