package org.dlp4j.worker;

/** A worker job failed with an ordinary Java error (not bad input, not a native abort). */
public class WorkerFailedException extends RuntimeException {
    private final int exitCode;

    public WorkerFailedException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
