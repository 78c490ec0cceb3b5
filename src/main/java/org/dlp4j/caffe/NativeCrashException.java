package org.dlp4j.caffe;

/**
 * Native Caffe aborted (a failed CHECK or LOG(FATAL)) inside a worker process. Carries Caffe's own
 * fatal line, e.g. {@code Check failed: ...}. The CLI maps it to exit code 3.
 */
public class NativeCrashException extends RuntimeException {
    private final String fatalLine;
    private final int exitCode;

    public NativeCrashException(String fatalLine, int exitCode) {
        this("Caffe aborted (exit " + exitCode + "): " + fatalLine, fatalLine, exitCode);
    }

    /** For subclasses whose message says otherwise how the worker died. */
    protected NativeCrashException(String message, String fatalLine, int exitCode) {
        super(message);
        this.fatalLine = fatalLine;
        this.exitCode = exitCode;
    }

    /** Caffe's fatal log line, or a description of how the worker died when none was printed. */
    public String fatalLine() {
        return fatalLine;
    }

    /** The worker process's exit status (134 for abort()). */
    public int exitCode() {
        return exitCode;
    }
}
