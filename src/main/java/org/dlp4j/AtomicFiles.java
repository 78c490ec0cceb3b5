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

    /**
     * As {@link #writeChecked}. A place that cannot take the file (no permission, a read-only or virtual file
     * system such as /proc, a file where a folder is needed, a folder where the file should go) is the user's
     * choice of output: a {@link BadInputException} naming the file and the reason. Anything else (a full disk)
     * is an {@link UncheckedIOException}, also with the reason.
     */
    public static void write(Path file, byte[] bytes) {
        try {
            writeChecked(file, bytes);
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    /** The exception {@link #write} throws when writing {@code file} failed with {@code e}. */
    public static RuntimeException failure(Path file, IOException e) {
        String message = "cannot write " + file + ": " + reason(file, e);
        boolean full = e.getMessage() != null && (e.getMessage().contains("No space left")
                || e.getMessage().contains("quota"));
        return e instanceof java.nio.file.FileSystemException && !full ? new BadInputException(message, e)
                : new UncheckedIOException(message, e);
    }

    /**
     * Why writing {@code file} failed, naming the user's path and never only a temp file's: Java's file-system
     * exceptions often carry just a path (an AccessDeniedException's message is the temp file's name).
     */
    static String reason(Path file, IOException e) {
        Path parent = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) {
            return file + " is a folder; give a file name";
        }
        for (Path p = parent; p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    return p + " exists and is not a folder";
                }
                break;
            }
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + parent + " does not let this user create files";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return Files.isDirectory(parent) ? parent + " does not take new files (a virtual or special file system)"
                    : "cannot create the folder " + parent;
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
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

    /** Writes the contents of a folder into a fresh temp folder; the temp folder is renamed into place after. */
    public interface FolderContent {
        void writeInto(Path staging) throws IOException;
    }

    /**
     * Writes a whole folder atomically: {@code content} fills a temp folder beside {@code dir}, which then replaces
     * {@code dir} (an existing {@code dir} is first renamed aside and deleted once the new one is in place), so a
     * reader sees the old folder or the new one, never a mix of both (no file of the old one is left behind).
     */
    public static void replaceDirectory(Path dir, FolderContent content) throws IOException {
        Path target = dir.toAbsolutePath();
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path tmp = createTempDirectory(parent, "." + target.getFileName() + ".new-");
        Path old = null;
        try {
            content.writeInto(tmp);
            if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                old = unique(parent, "." + target.getFileName() + ".old-", "", candidate -> {
                    if (Files.exists(candidate, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        throw new FileAlreadyExistsException(candidate.toString());
                    }
                    return candidate;
                });
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (old != null) {
                    Files.move(old, target, StandardCopyOption.ATOMIC_MOVE); // put the old folder back
                    old = null;
                }
                throw e;
            }
        } finally {
            deleteTree(tmp);
            if (old != null) {
                deleteTree(old);
            }
        }
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
