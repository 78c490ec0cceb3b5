package org.dlp4j.worker;

/**
 * A worker job failed with an ordinary Java error (not bad input, not a native abort); {@link #io()} when it was a
 * failed read or write (disk full, no permission), which the message names.
 */
public class WorkerFailedException extends RuntimeException {
    private final int exitCode;
    private final boolean io;

    public WorkerFailedException(String message, int exitCode) {
        this(message, exitCode, false);
    }

    public WorkerFailedException(String message, int exitCode, boolean io) {
        super(message);
        this.exitCode = exitCode;
        this.io = io;
    }

    /** Whether a read or write failed (the system's reason is in the message), rather than a bug. */
    public boolean io() {
        return io;
    }

    public int exitCode() {
        return exitCode;
    }
}
