package org.dlp4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
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
        if (t instanceof org.dlp4j.worker.WorkerKilledException) {
            return FAILURE; // killed from outside (e.g. out of memory): not a Caffe failure
        }
        if (t instanceof NativeCrashException) {
            return NATIVE_CRASH;
        }
        if (t instanceof BadInputException || t instanceof java.nio.file.NoSuchFileException || pathMixUp(t) != null) {
            return BAD_INPUT;
        }
        return FAILURE;
    }

    /**
     * The reason when a failed file operation was given a file where a folder is needed or a folder where a file
     * is (an output path that exists as the other kind), else null. Names the user's path, not a temp file's.
     */
    static String pathMixUp(Throwable t) {
        Throwable c = t instanceof java.io.UncheckedIOException && t.getCause() != null ? t.getCause() : t;
        if (!(c instanceof java.nio.file.FileSystemException e) || e.getFile() == null) {
            return null;
        }
        Path file = Path.of(e.getFile());
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            Path target = e.getOtherFile() != null ? Path.of(e.getOtherFile()) : file; // a rename's is its target
            return Files.isDirectory(target) ? target + " already exists and is a folder; give another name"
                    : file + " exists and is not a folder";
        }
        if (e instanceof java.nio.file.NotDirectoryException || "Not a directory".equals(e.getReason())) {
            Path blocker = Files.exists(file) ? file : OutputPaths.fileInTheWay(file);
            return (blocker != null ? blocker : file) + " exists and is not a folder";
        }
        if ("Is a directory".equals(e.getReason())) {
            return (e.getOtherFile() != null ? e.getOtherFile() : file) + " is a folder; give a file name";
        }
        return null;
    }

    /** The one JSON object a failed {@code --json} command prints on stdout: {@code {"error": ..., "exit_code": N}}. */
    static void printJsonError(java.io.PrintWriter out, String message, int code) {
        java.util.Map<String, Object> err = new java.util.LinkedHashMap<>();
        err.put("error", message);
        err.put("exit_code", code);
        out.println(org.dlp4j.Json.write(err));
        out.flush();
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
                || (ex instanceof org.dlp4j.worker.WorkerFailedException w && w.io())
                || ex instanceof org.dlp4j.worker.WorkerKilledException;
        Throwable cause = ex.getCause();
        String mixUp = pathMixUp(ex);
        if (mixUp != null) {
            msg = mixUp;
        } else if (ex instanceof java.io.UncheckedIOException && cause != null && cause.getMessage() != null
                && !msg.contains(cause.getMessage())) {
            msg = msg + " (" + cause.getMessage() + ")";
        }
        cl.getErr().println(name + ": " + msg);
        CommandLine.ParseResult own = cl.getParseResult();
        if (own != null && own.hasMatchedOption("--json")) {
            // --json promises one JSON object on stdout: a failure's is its message and exit code
            printJsonError(cl.getOut(), msg, code);
        }
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
