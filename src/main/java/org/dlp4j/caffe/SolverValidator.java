package org.dlp4j.caffe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Java-side checks of a solver: net files, solver type, learning-rate policy, snapshot folder. */
final class SolverValidator {
    private static final Set<String> TYPES = Set.of("SGD", "Nesterov", "AdaGrad", "RMSProp", "AdaDelta", "Adam");
    private static final Set<String> POLICIES = Set.of("fixed", "step", "exp", "inv", "multistep", "poly", "sigmoid");

    private SolverValidator() {
    }

    static ValidationResult validate(TextProto s, String file, Path baseDir, boolean besideSolver, List<Problem> problems) {
        String net = s.get("net", s.get("train_net"));
        int layers = 0;
        int blobs = 0;
        if (net == null) {
            problems.add(new Problem(file, 0, null, "solver names no net", "add net: \"train_val.prototxt\""));
        } else {
            Path netPath = netPath(net, file, baseDir, besideSolver);
            if (!Files.isRegularFile(netPath)) {
                problems.add(new Problem(file, line(s, "net", "train_net"), null, "net file '" + net + "' not found (looked in "
                        + netPath.toAbsolutePath().normalize() + ")", "fix the net: path (relative paths resolve against the workspace)"));
            } else {
                ValidationResult train = Prototxt.validateNet(netPath, Phase.TRAIN, baseDir);
                problems.addAll(train.problems());
                layers = train.layers();
                blobs = train.blobs();
                if (s.count("test_iter") > 0 && s.getInt("test_interval", 0) > 0 && s.count("test_net") == 0) {
                    problems.addAll(Prototxt.validateNet(netPath, Phase.TEST, baseDir).problems());
                }
            }
        }
        for (String t : s.strings("test_net")) {
            Path p = resolve(baseDir, t);
            if (!Files.isRegularFile(p)) {
                problems.add(new Problem(file, line(s, "test_net"), null, "test_net '" + t + "' not found", "fix the path"));
            } else {
                problems.addAll(Prototxt.validateNet(p, Phase.TEST, baseDir).problems());
            }
        }
        if (s.count("test_net") > 0 && s.count("test_iter") < s.count("test_net")) {
            problems.add(new Problem(file, 0, null, "test_iter must be given for each test_net", "add test_iter entries"));
        }
        String type = s.get("type");
        if (type != null && s.has("solver_type")) { // Caffe's UpgradeSolverType CHECK-fails (aborts) on both
            problems.add(new Problem(file, line(s, "solver_type"), null, "both the old solver_type (enum) and the new"
                    + " type (string) are given; Caffe refuses a solver with both", "keep type: \"" + type
                    + "\" and remove solver_type"));
        }
        if (type != null && !TYPES.contains(type)) {
            problems.add(new Problem(file, line(s, "type"), null, "unknown solver type '" + type + "'",
                    "use one of " + TYPES));
        }
        String policy = s.get("lr_policy", "fixed");
        if (!POLICIES.contains(policy)) {
            problems.add(new Problem(file, line(s, "lr_policy"), null, "unknown lr_policy '" + policy + "'",
                    "use one of " + POLICIES));
        } else if (policy.equals("step") && s.getInt("stepsize", 0) <= 0) {
            problems.add(new Problem(file, line(s, "stepsize"), null, "lr_policy step needs stepsize > 0", "set stepsize"));
        } else if (policy.equals("multistep") && s.count("stepvalue") == 0) {
            problems.add(new Problem(file, 0, null, "lr_policy multistep needs stepvalue entries", "add stepvalue: N lines"));
        }
        // (dlp train writes snapshots into runs/RUN/snapshots, so only a direct Caffe run needs the folder)
        if (!besideSolver && (s.getInt("snapshot", 0) > 0 || s.getBool("snapshot_after_train", true))) {
            String prefix = s.get("snapshot_prefix", "");
            Path dir = resolve(baseDir, prefix.isEmpty() ? "x" : prefix).toAbsolutePath().getParent();
            if (s.getInt("snapshot", 0) > 0 && dir != null && !Files.isDirectory(dir)) {
                problems.add(new Problem(file, line(s, "snapshot_prefix"), null, "snapshot folder " + dir + " does not exist",
                        "create it, or change snapshot_prefix"));
            }
        }
        if (s.getInt("max_iter", 0) <= 0) {
            problems.add(new Problem(file, line(s, "max_iter"), null, "max_iter must be > 0", "set max_iter"));
        }
        return new ValidationResult(problems, layers, blobs, s);
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
     * do not exist are left out: validation reports them).
     */
    static java.util.Map<Path, List<Phase>> nets(TextProto s, String file, Path baseDir, boolean besideSolver) {
        java.util.Map<Path, List<Phase>> out = new java.util.LinkedHashMap<>();
        String net = s.get("net", s.get("train_net"));
        if (net != null) {
            Path p = netPath(net, file, baseDir, besideSolver);
            if (Files.isRegularFile(p)) {
                boolean tests = s.count("test_iter") > 0 && s.getInt("test_interval", 0) > 0 && s.count("test_net") == 0;
                out.put(p, tests ? List.of(Phase.TRAIN, Phase.TEST) : List.of(Phase.TRAIN));
            }
        }
        for (String t : s.strings("test_net")) {
            Path p = resolve(baseDir, t);
            if (Files.isRegularFile(p)) {
                out.computeIfAbsent(p, k -> new java.util.ArrayList<>()).add(Phase.TEST);
            }
        }
        return out;
    }

    static Path resolve(Path baseDir, String p) {
        Path path = Path.of(p);
        return path.isAbsolute() ? path : baseDir.resolve(path);
    }

    private static int line(TextProto s, String... names) {
        for (String n : names) {
            TextProto.Field f = s.first(n);
            if (f != null) {
                return f.line();
            }
        }
        return 0;
    }
}
