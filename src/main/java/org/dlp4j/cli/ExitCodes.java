package org.dlp4j.cli;

import org.dlp4j.BadInputException;
import org.dlp4j.caffe.NativeCrashException;
import picocli.CommandLine;

/** Maps exceptions to DESIGN.md's exit codes and prints one clear paragraph instead of a stack trace. */
public final class ExitCodes implements CommandLine.IExecutionExceptionHandler {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int BAD_INPUT = 2;
    public static final int NATIVE_CRASH = 3;

    /** Exit code for an exception thrown by a command. */
    public static int of(Throwable t) {
        if (t instanceof NativeCrashException) {
            return NATIVE_CRASH;
        }
        if (t instanceof BadInputException || t instanceof java.nio.file.NoSuchFileException) {
            return BAD_INPUT;
        }
        return FAILURE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        int code = of(ex);
        String name = cl.getCommandSpec().qualifiedName();
        String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        if (ex instanceof java.nio.file.NoSuchFileException) {
            msg = "file not found: " + msg;
        }
        // a failed read or write (disk full, no permission) is the system's answer, not a bug: say what it was
        boolean io = ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException
                || (ex instanceof org.dlp4j.worker.WorkerFailedException w && w.io());
        Throwable cause = ex.getCause();
        if (ex instanceof java.io.UncheckedIOException && cause != null && cause.getMessage() != null
                && !msg.contains(cause.getMessage())) {
            msg = msg + " (" + cause.getMessage() + ")";
        }
        cl.getErr().println(name + ": " + msg);
        if (code == FAILURE && System.getenv("DLP_DEBUG") != null) {
            ex.printStackTrace(cl.getErr());
        } else if (code == FAILURE && !io) {
            cl.getErr().println("(internal error " + ex.getClass().getName()
                    + "; set DLP_DEBUG=1 for the stack trace)");
        }
        cl.getErr().flush();
        return code;
    }
}
