package org.dlp4j.worker;

import org.dlp4j.caffe.NativeCrashException;

/**
 * The worker process was ended by a signal from outside (exit status 128 + signal, e.g. 137 for SIGKILL from the
 * kernel's out-of-memory killer), not by Caffe: no {@code Check failed} line to report. Caffe's own aborts are
 * SIGABRT (exit 134) and stay {@link NativeCrashException}s. It is one too, so that code which handles a worker
 * that died without a result (a training run marked crashed, its last snapshot kept) handles this one the same;
 * the CLI exits 1 for it, not 3, since Caffe did not fail.
 */
public final class WorkerKilledException extends NativeCrashException {
    /** SIGABRT: what a failed CHECK or LOG(FATAL) raises (exit 134). */
    static final int SIGABRT = 6;

    private final int signal;

    public WorkerKilledException(int exitCode) {
        this(message(exitCode - 128), exitCode);
    }

    private WorkerKilledException(String message, int exitCode) {
        super(message, "killed by signal " + (exitCode - 128), exitCode);
        this.signal = exitCode - 128;
    }

    /** The same failure, its message followed by {@code note} (e.g. what the caller kept and how to go on). */
    public WorkerKilledException withNote(String note) {
        WorkerKilledException e = new WorkerKilledException(getMessage() + note, exitCode());
        e.setStackTrace(getStackTrace());
        return e;
    }

    /** Whether an exit status says "ended by a signal other than SIGABRT" (128 + 1..64, the shells' convention). */
    public static boolean isKill(int exitCode) {
        int signal = exitCode - 128;
        return signal >= 1 && signal <= 64 && signal != SIGABRT;
    }

    /** The signal number (9 for SIGKILL). */
    public int signal() {
        return signal;
    }

    private static String message(int signal) {
        String what = switch (signal) {
            case 9 -> "signal 9, e.g. out of memory";
            case 15 -> "signal 15, SIGTERM";
            case 2 -> "signal 2, SIGINT";
            case 1 -> "signal 1, SIGHUP";
            default -> "signal " + signal;
        };
        return "the worker was killed (" + what + ")";
    }
}
