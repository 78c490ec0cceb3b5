package org.dlp4j.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dlp} command. One class per subcommand; exit codes (DESIGN.md): 0 success, 2 bad input,
 * 3 native Caffe failure caught in a worker, 1 anything else.
 */
@Command(name = "dlp", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "dlp4j: train and deploy Caffe models (segmentation and classification) from Java.")
public final class Main implements Runnable {
    /**
     * The subcommands, by name, in help order. Building a command's model costs picocli reflection over its
     * options; {@link #commandLine(String...)} builds only the one a command line names (about 0.1 s less
     * start-up for every command), and all of them for help, for no subcommand or for an unknown one.
     */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

    private static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("version", VersionCommand.class);
        m.put("demo", DemoCommand.class);
        m.put("net", NetCommand.class);
        m.put("time", TimeCommand.class);
        m.put("train", TrainCommand.class);
        m.put("plot", PlotCommand.class);
        m.put("infer", InferCommand.class);
        m.put("evaluate", EvaluateCommand.class);
        m.put("dicom", DicomCommand.class);
        m.put("lmdb", LmdbCommand.class);
        m.put("synth", SynthCommand.class);
        m.put("serve", ServeCommand.class);
        m.put("import", ImportCommand.class);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Top-level options that take a value (the value is not a subcommand name). */
    private static final java.util.Set<String> OPTIONS_WITH_VALUE = java.util.Set.of("--caffe-log-level", "--caffe-log");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--caffe-log-level", paramLabel = "N",
            description = "The least severe Caffe log line that worker processes (train, infer, time, demo) write, as"
                    + " glog's minloglevel: 0 INFO, 1 WARNING, 2 ERROR, 3 FATAL only (default: the GLOG_minloglevel"
                    + " environment variable, which the dlp launcher sets to 1).")
    void caffeLogLevel(int level) {
        if (level < 0 || level > 3) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--caffe-log-level must be 0 (INFO),"
                    + " 1 (WARNING), 2 (ERROR) or 3 (FATAL), not " + level);
        }
        org.dlp4j.worker.Worker.configureLogging(level, null);
    }

    @CommandLine.Option(names = "--caffe-log", paramLabel = "FILE",
            description = "Append the Caffe log of worker processes (train, infer, time, demo) to FILE; training"
                    + " also writes RUN/caffe.log. Commands that run Caffe in this process (e.g. net convolutionalize"
                    + " --check) log to the terminal.")
    void caffeLog(java.nio.file.Path file) {
        org.dlp4j.worker.Worker.configureLogging(null, file);
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs {@code dlp} with the given streams; returns the exit code. Used by tests. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine(args);
        cl.setOut(out);
        cl.setErr(err);
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** A configured command line with every subcommand: exception → exit code mapping, no stack traces for users. */
    public static CommandLine commandLine() {
        return build(SUBCOMMANDS.keySet());
    }

    /** As {@link #commandLine()}, with only the subcommand {@code args} name when that is all they need. */
    public static CommandLine commandLine(String... args) {
        String named = subcommandNamed(args);
        return build(named == null ? SUBCOMMANDS.keySet() : java.util.Set.of(named));
    }

    /**
     * The subcommand {@code args} run, when they run one: the first argument that is not a top-level option (or
     * an option's value) and is a subcommand's name. Null (build them all) for none, an unknown word, or a
     * top-level help or version request before it.
     */
    static String subcommandNamed(String... args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (OPTIONS_WITH_VALUE.contains(a)) {
                i++;
            } else if (a.startsWith("-")) {
                if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) {
                    return null;
                }
            } else {
                return SUBCOMMANDS.containsKey(a) ? a : null;
            }
        }
        return null;
    }

    private static CommandLine build(java.util.Collection<String> names) {
        CommandLine cl = new CommandLine(new Main());
        for (String name : names) {
            cl.addSubcommand(name, SUBCOMMANDS.get(name));
        }
        addHelpOptions(cl);
        cl.setExecutionStrategy(Main::execute);
        cl.setExecutionExceptionHandler(new ExitCodes());
        cl.setExitCodeExceptionMapper(ExitCodes::of);
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("dlp: " + ex.getMessage());
            // "Did you mean: train?" for a mistyped command or option
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, ex.getCommandLine().getErr());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help' for usage.");
            if (java.util.Arrays.asList(args).contains("--json")) {
                // --json promises one JSON object on stdout, a usage error's too
                ExitCodes.printJsonError(ex.getCommandLine().getOut(), ex.getMessage(), ExitCodes.BAD_INPUT);
            }
            ex.getCommandLine().getErr().flush();
            return ExitCodes.BAD_INPUT;
        });
        return cl;
    }

    /**
     * Runs the command the arguments name. A command group named with no subcommand ({@code dlp}, {@code dlp net})
     * has nothing to do: its usage goes to stderr and the exit code is 2, as for any other incomplete command line.
     */
    private static int execute(CommandLine.ParseResult parsed) {
        Integer help = CommandLine.executeHelpRequest(parsed);
        if (help != null) {
            return help;
        }
        CommandLine.ParseResult last = parsed;
        while (last.subcommand() != null) {
            last = last.subcommand();
        }
        CommandLine cl = last.commandSpec().commandLine();
        if (!cl.getSubcommands().isEmpty()) {
            cl.getErr().println(cl.getCommandSpec().qualifiedName() + ": name a command: "
                    + String.join(", ", cl.getSubcommands().keySet()));
            cl.usage(cl.getErr());
            cl.getErr().flush();
            return ExitCodes.BAD_INPUT;
        }
        return new CommandLine.RunLast().execute(parsed);
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
