package org.dlp4j.caffe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Java-side checks of a solver as Caffe 1.0's {@code Solver::InitTrainNet}/{@code InitTestNets} read it: the net
 * fields (exactly one of net, net_param, train_net, train_net_param; test nets and their test_iter/test_state), the
 * nets themselves (files or inline), and the parameter checks of {@link SolverRules}.
 */
final class SolverValidator {
    /** The fields that give the training net; Caffe needs exactly one. */
    static final List<String> TRAIN_NET_FIELDS = List.of("net", "net_param", "train_net", "train_net_param");

    private SolverValidator() {
    }

    static ValidationResult validate(TextProto s, String file, Path baseDir, boolean besideSolver, List<Problem> problems) {
        int layers = 0;
        int blobs = 0;
        TextProto trainNet = null;
        List<String> given = TRAIN_NET_FIELDS.stream().filter(s::has).toList();
        boolean generic = s.has("net") || s.has("net_param");
        int testNets = s.count("test_net") + s.count("test_net_param");
        int testIters = s.count("test_iter");
        // generic nets (net, net_param) are also built as test nets, once per test_iter beyond the test_net(_param)s
        int genericTests = generic ? Math.max(0, testIters - testNets) : 0;
        if (given.isEmpty()) {
            problems.add(new Problem(file, 0, null, "solver names no net (Caffe: \"SolverParameter must specify a train"
                    + " net using one of these fields: net, net_param, train_net, train_net_param\")",
                    "add net: \"train_val.prototxt\""));
        } else if (given.size() > 1) {
            problems.add(new Problem(file, SolverRules.line(s, given.get(1)), null, "the solver gives its training net"
                    + " " + given.size() + " times (" + String.join(", ", given) + "); Caffe aborts: \"SolverParameter"
                    + " must not contain more than one of these fields specifying a train_net\"", "keep one of "
                    + String.join(", ", given) + " (net: also builds the test net; train_net: only the training net)"));
        } else {
            String field = given.get(0);
            TextProto trainState = s.message("train_state") == null ? new TextProto() : s.message("train_state");
            ValidationResult r = generic(s, field, file, Phase.TRAIN, trainState, baseDir, besideSolver, problems);
            if (r != null) {
                layers = r.layers();
                blobs = r.blobs();
                trainNet = r.net();
            }
        }
        // the test nets in Caffe's order (test_net_param, test_net, then net/net_param once per remaining test_iter),
        // each with its test_state when the solver gives them
        List<TextProto> states = s.messages("test_state");
        int instance = 0;
        for (TextProto t : s.messages("test_net_param")) {
            inline(t, file, "test_net_param", Phase.TEST, testState(states, instance++), baseDir, problems);
        }
        for (String t : s.strings("test_net")) {
            Path p = resolve(baseDir, t);
            TextProto state = testState(states, instance++);
            if (!Files.isRegularFile(p)) {
                problems.add(new Problem(file, SolverRules.line(s, "test_net"), null, "test_net '" + t + "' not found",
                        "fix the path"));
            } else {
                addNew(problems, Prototxt.validateNet(p, Phase.TEST, baseDir, state).problems());
            }
        }
        for (int i = 0; i < genericTests && given.size() == 1; i++) {
            generic(s, given.get(0), file, Phase.TEST, testState(states, instance++), baseDir, besideSolver, problems);
        }
        testNetCounts(s, file, generic, testNets, testIters, problems);

        SolverRules.check(s, file, trainNet, problems);
        // (dlp train writes snapshots into runs/RUN/snapshots, so only a direct Caffe run needs the folder)
        if (!besideSolver && (s.getInt("snapshot", 0) > 0 || s.getBool("snapshot_after_train", true))) {
            String prefix = s.get("snapshot_prefix", "");
            Path dir = resolve(baseDir, prefix.isEmpty() ? "x" : prefix).toAbsolutePath().getParent();
            if (s.getInt("snapshot", 0) > 0 && dir != null && !Files.isDirectory(dir)) {
                problems.add(new Problem(file, SolverRules.line(s, "snapshot_prefix"), null, "snapshot folder " + dir
                        + " does not exist", "create it, or change snapshot_prefix"));
            }
        }
        if (s.getInt("max_iter", 0) <= 0) {
            problems.add(new Problem(file, SolverRules.line(s, "max_iter"), null, "max_iter must be > 0", "set max_iter"));
        }
        return new ValidationResult(problems, layers, blobs, s);
    }

    /** Caffe's InitTestNets counts: test_iter per test net, test_state once per test net instance. */
    private static void testNetCounts(TextProto s, String file, boolean generic, int testNets, int testIters,
            List<Problem> problems) {
        if (testIters < testNets) {
            problems.add(new Problem(file, SolverRules.line(s, "test_iter", "test_net", "test_net_param"), null,
                    "test_iter must be given for each test net (" + testNets + " test_net/test_net_param, " + testIters
                            + " test_iter); Caffe aborts", "add test_iter entries, one per test net"));
        } else if (!generic && testIters > testNets) {
            String field = s.has("train_net") ? "train_net" : "train_net_param";
            problems.add(new Problem(file, SolverRules.line(s, "test_iter"), null, testIters + " test_iter but "
                    + testNets + " test net(s): a " + field + " is not built as a test net (only net/net_param are),"
                    + " so Caffe aborts (\"test_iter must be specified for each test network\")", "add a test_net: for"
                    + " each test_iter, or use net: instead of " + field + " (then the same net is tested), or remove"
                    + " the extra test_iter"));
        }
        int instances = generic ? Math.max(testIters, testNets) : testNets;
        int states = s.count("test_state");
        if (states > 0 && states != instances) {
            problems.add(new Problem(file, SolverRules.line(s, "test_state"), null, states + " test_state entries for "
                    + instances + " test net(s); Caffe aborts (\"test_state must be unspecified or specified once per"
                    + " test net\")", "give one test_state per test net (one per test_iter with net:), or none"));
        }
    }

    /** The test_state of test net instance {@code i} (an empty state when the solver gives none, or too few). */
    private static TextProto testState(List<TextProto> states, int i) {
        return i < states.size() ? states.get(i) : new TextProto();
    }

    /**
     * Validates the net of {@code field} (net, net_param, train_net or train_net_param) in one phase and state;
     * null when its file is not found (a problem then says so).
     */
    private static ValidationResult generic(TextProto s, String field, String file, Phase phase, TextProto state,
            Path baseDir, boolean besideSolver, List<Problem> problems) {
        if (field.endsWith("_param")) {
            return inline(s.message(field), file, field, phase, state, baseDir, problems);
        }
        String net = s.get(field);
        Path netPath = netPath(net, file, baseDir, besideSolver);
        if (!Files.isRegularFile(netPath)) {
            Problem p = new Problem(file, SolverRules.line(s, field), null, field + " file '" + net + "' not found"
                    + " (looked in " + netPath.toAbsolutePath().normalize() + ")", "fix the " + field + ": path"
                    + " (relative paths resolve against the workspace)");
            addNew(problems, List.of(p));
            return null;
        }
        ValidationResult r = Prototxt.validateNet(netPath, phase, baseDir, state);
        addNew(problems, r.problems());
        return r;
    }

    /** How many test nets Caffe's InitTestNets builds for this solver. */
    static int testInstances(TextProto s) {
        int testNets = s.count("test_net") + s.count("test_net_param");
        boolean generic = s.has("net") || s.has("net_param");
        return generic ? Math.max(s.count("test_iter"), testNets) : testNets;
    }

    /**
     * Settings Caffe accepts in dlp4j but that do not do what they say, one line each: a test_interval without any
     * test net never tests; test nets without a positive test_interval are never run (dlp4j schedules the tests,
     * where Caffe's own {@code caffe train} aborts on {@code CHECK_GT(test_interval, 0)}).
     */
    static List<String> warnings(TextProto s, String file) {
        List<String> out = new ArrayList<>();
        int interval = s.getInt("test_interval", 0);
        int tests = testInstances(s);
        if (interval > 0 && tests == 0) {
            out.add(file + ": test_interval " + s.get("test_interval") + " but no test net (" + (s.has("net")
                    || s.has("net_param") ? "no test_iter" : "no test_net/test_iter") + "): the solver never tests;"
                    + " add test_iter: N (batches per test pass) to test the net's TEST phase, or remove"
                    + " test_interval");
        } else if (interval <= 0 && tests > 0) {
            out.add(file + ": " + tests + " test net(s) (test_iter) but " + (s.has("test_interval") ? "test_interval "
                    + s.get("test_interval") : "no test_interval") + ": dlp4j never runs them (Caffe's own caffe"
                    + " train aborts: Check failed: test_interval > 0); add test_interval: N (or dlp train"
                    + " --test-interval N) to test every N iterations, or remove test_iter");
        }
        return out;
    }

    /** Validates a net given inline in the solver; its problems name the solver and the field. */
    private static ValidationResult inline(TextProto net, String file, String field, Phase phase, TextProto state,
            Path baseDir, List<Problem> problems) {
        List<Problem> found = new ArrayList<>();
        String where = file + " (" + field + ")";
        if (net.has("layers") && !net.has("layer")) {
            found.add(new Problem(where, net.line(), null, "inline nets in the legacy layers { } format are not"
                    + " upgraded by Caffe's solver", "write the net with layer { } entries, or move it to a file"));
            addNew(problems, found);
            return new ValidationResult(found, 0, 0, net);
        }
        found.addAll(ParamRanges.check(net, where));
        ValidationResult r = NetValidator.validate(net, where, LayerRules.of(net, phase, state), baseDir, found);
        addNew(problems, r.problems());
        return r;
    }

    private static void addNew(List<Problem> problems, List<Problem> found) {
        for (Problem p : found) {
            if (!problems.contains(p)) {
                problems.add(p);
            }
        }
    }

    /** Where the solver's {@code net} is: against {@code baseDir}, or (for a run) next to the solver when not there. */
    static Path netPath(String net, String file, Path baseDir, boolean besideSolver) {
        Path netPath = resolve(baseDir, net);
        Path nextToSolver = Path.of(file).toAbsolutePath().getParent().resolve(net);
        if (besideSolver && !Files.isRegularFile(netPath) && !Path.of(net).isAbsolute() && Files.isRegularFile(nextToSolver)) {
            netPath = nextToSolver; // as dlp train does: the workspace first, then next to the solver
        }
        return netPath;
    }

    /**
     * The net files a solver runs and the phases each is built in, resolved as {@link #validate} does (files that
     * do not exist are left out: validation reports them; inline nets are not files and are left out too).
     */
    static Map<Path, List<Phase>> nets(TextProto s, String file, Path baseDir, boolean besideSolver) {
        Map<Path, List<Phase>> out = new LinkedHashMap<>();
        String net = s.get("net", s.get("train_net"));
        if (net != null) {
            Path p = netPath(net, file, baseDir, besideSolver);
            if (Files.isRegularFile(p)) {
                int testNets = s.count("test_net") + s.count("test_net_param");
                boolean tests = s.has("net") && s.count("test_iter") > testNets;
                out.put(p, new ArrayList<>(tests ? List.of(Phase.TRAIN, Phase.TEST) : List.of(Phase.TRAIN)));
            }
        }
        for (String t : s.strings("test_net")) {
            Path p = resolve(baseDir, t);
            if (Files.isRegularFile(p)) {
                out.computeIfAbsent(p, k -> new ArrayList<>()).add(Phase.TEST);
            }
        }
        return out;
    }

    static Path resolve(Path baseDir, String p) {
        Path path = Path.of(p);
        return path.isAbsolute() ? path : baseDir.resolve(path);
    }
}
