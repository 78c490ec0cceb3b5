package org.dlp4j.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dlp} command. One class per subcommand; exit codes (DESIGN.md): 0 success, 2 bad input,
 * 3 native Caffe failure caught in a worker, 1 anything else.
 */
@Command(name = "dlp", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "dlp4j: train and deploy Caffe models (segmentation and classification) from Java.",
        subcommands = {
            VersionCommand.class,
            DemoCommand.class,
            NetCommand.class,
            TimeCommand.class,
            TrainCommand.class,
            PlotCommand.class,
            InferCommand.class,
            EvaluateCommand.class,
            DicomCommand.class,
            LmdbCommand.class,
            SynthCommand.class,
            ServeCommand.class,
            ImportCommand.class,
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--caffe-log-level", paramLabel = "N",
            description = "Caffe's log level in worker processes: 0 info, 1 warnings, 2 errors (default: env GLOG_minloglevel)")
    void caffeLogLevel(int level) {
        if (level < 0 || level > 3) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--caffe-log-level must be 0..3");
        }
        org.dlp4j.worker.Worker.configureLogging(level, null);
    }

    @CommandLine.Option(names = "--caffe-log", paramLabel = "FILE",
            description = "append Caffe's log of worker processes to FILE (training also writes RUN/caffe.log)")
    void caffeLog(java.nio.file.Path file) {
        org.dlp4j.worker.Worker.configureLogging(null, file);
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs {@code dlp} with the given streams; returns the exit code. Used by tests. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** A configured command line: exception → exit code mapping, no stack traces for users. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        addHelpOptions(cl);
        cl.setExecutionExceptionHandler(new ExitCodes());
        cl.setExitCodeExceptionMapper(ExitCodes::of);
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("dlp: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help' for usage.");
            return ExitCodes.BAD_INPUT;
        });
        return cl;
    }

    /** Every command answers --help and --version, whoever wrote it. */
    private static void addHelpOptions(CommandLine cl) {
        if (!cl.getCommandSpec().mixinStandardHelpOptions()) {
            cl.getCommandSpec().mixinStandardHelpOptions(true);
        }
        cl.getSubcommands().values().forEach(Main::addHelpOptions);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
