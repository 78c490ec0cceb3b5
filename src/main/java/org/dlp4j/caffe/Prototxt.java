package org.dlp4j.caffe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.caffe.NetParameter;
import org.bytedeco.caffe.SolverParameter;
import org.bytedeco.caffe.global.caffe;

/**
 * Net and solver prototxts: reading (legacy V0/V1 nets upgraded by Caffe's own upgrade code), and
 * validation in Java before anything reaches Caffe's fatal paths. Only the non-fatal readers are
 * used: Caffe's {@code ...OrDie} variants — and even {@code ReadProtoFromTextFile} on a missing
 * file — abort the process.
 */
public final class Prototxt {
    private Prototxt() {
    }

    /**
     * V0 layer types that Caffe's upgrade knows ({@code UpgradeV0LayerType}); any other aborts the process
     * ("Unknown layer name").
     */
    private static final java.util.Set<String> V0_TYPES = java.util.Set.of("accuracy", "bnll", "concat", "conv",
            "data", "dropout", "euclidean_loss", "flatten", "hdf5_data", "hdf5_output", "im2col", "images",
            "infogain_loss", "innerproduct", "lrn", "multinomial_logistic_loss", "padding", "pool", "relu", "sigmoid",
            "softmax", "softmax_loss", "split", "tanh", "window_data");

    /** Top-level fields of caffe.proto's SolverParameter that a NetParameter does not have. */
    private static final java.util.Set<String> SOLVER_FIELDS = java.util.Set.of("net", "net_param", "train_net",
            "train_net_param", "test_net", "test_net_param", "base_lr", "max_iter", "lr_policy", "solver_mode",
            "test_iter", "test_interval", "snapshot_prefix", "momentum", "weight_decay", "display", "iter_size",
            "solver_type", "average_loss", "snapshot", "stepsize", "gamma", "device_id", "random_seed");

    /**
     * When {@code t}, read where a net is expected, is a solver (solver fields at the top and no layer): "is a
     * solver, not a net: ..." with the net it points at, to follow the file's name; else null.
     */
    public static String solverNotNet(TextProto t) {
        if (t.has("layer") || t.has("layers")) {
            return null;
        }
        boolean solver = false;
        for (TextProto.Field f : t) {
            solver |= SOLVER_FIELDS.contains(f.name());
        }
        if (!solver) {
            return null;
        }
        String net = t.get("net", t.get("train_net"));
        return "is a solver, not a net: give the net prototxt ("
                + (net != null ? "its `net:` points at " + net
                        + (Path.of(net).isAbsolute() ? "" : ", relative to the workspace or to the solver's folder")
                        : t.has("net_param") || t.has("train_net_param") ? "this solver holds its net inline in"
                                + " net_param; copy it into a file of its own" : "it names no net") + ")";
    }

    /** Reads a net as an editable tree; legacy nets are upgraded to the current format. */
    public static TextProto readNet(Path file) {
        TextProto t = TextProto.read(file);
        String solver = solverNotNet(t);
        if (solver != null) {
            throw new PrototxtException(file + " " + solver);
        }
        if (legacy(t)) {
            String problem = upgradeProblem(t);
            if (problem != null) {
                throw new PrototxtException(file + ": " + problem);
            }
            return upgraded(file);
        }
        return t;
    }

    private static boolean legacy(TextProto t) {
        return t.has("layers") || t.has("input") || t.has("input_dim") || t.has("input_shape");
    }

    /**
     * What in a legacy net would make Caffe's upgrade code abort the process (LOG(FATAL) or a failed CHECK in
     * upgrade_proto.cpp, or reading past the end of {@code input_dim}), or null when the upgrade is safe to run.
     */
    static String upgradeProblem(TextProto t) {
        if (t.has("layer") && t.has("layers")) {
            return "the net has both 'layer' (current format) and 'layers' (legacy V1) entries, which Caffe refuses to"
                    + " upgrade; write every layer as layer { name: ... type: \"...\" }";
        }
        int inputs = t.count("input");
        if (t.has("input_shape") && t.count("input_shape") < inputs) {
            return inputs + " 'input' blobs but " + t.count("input_shape") + " 'input_shape' entries; give one shape"
                    + " per input";
        }
        if (!t.has("input_shape") && t.has("input_dim") && t.count("input_dim") < 4 * inputs) {
            return inputs + " 'input' blobs need " + 4 * inputs + " 'input_dim' values (4 each), the net has "
                    + t.count("input_dim");
        }
        List<TextProto> layers = t.messages("layers");
        if (layers.stream().noneMatch(l -> l.has("layer"))) {
            return null; // V1: its types are an enum, which Caffe's parser already checked
        }
        // V0 (layers { layer { ... } bottom: ... top: ... }): mirror UpgradeV0PaddingLayers and UpgradeV0LayerType
        java.util.Map<String, TextProto> producer = new java.util.HashMap<>();
        for (String in : t.strings("input")) {
            producer.put(in, null);
        }
        for (TextProto l : layers) {
            TextProto v0 = l.message("layer");
            String type = v0 == null ? "" : v0.get("type", "");
            String name = v0 == null ? "?" : v0.get("name", "?");
            if (v0 != null && v0.has("type") && !V0_TYPES.contains(type)) {
                return "legacy (V0) layer '" + name + "' has type '" + type + "', which Caffe's upgrade does not know;"
                        + " known V0 types: " + new java.util.TreeSet<>(V0_TYPES);
            }
            for (String b : l.strings("bottom")) {
                if (!producer.containsKey(b)) {
                    return "legacy (V0) layer '" + name + "': bottom blob '" + b + "' is not an input and no earlier"
                            + " layer produces it";
                }
                TextProto src = producer.get(b);
                TextProto srcV0 = src == null ? null : src.message("layer");
                if (srcV0 != null && srcV0.get("type", "").equals("padding")) {
                    if (!type.equals("conv") && !type.equals("pool")) {
                        return "legacy (V0) padding layer '" + srcV0.get("name", "?") + "' feeds layer '" + name
                                + "' of type '" + type + "'; Caffe upgrades padding only into a conv or pool layer";
                    }
                    if (l.count("bottom") != 1 || src.count("bottom") != 1 || src.count("top") != 1) {
                        return "legacy (V0) padding layer '" + srcV0.get("name", "?") + "' and the layer '" + name
                                + "' it feeds must each have one bottom, and the padding layer one top";
                    }
                }
            }
            for (String top : l.strings("top")) {
                producer.put(top, l);
            }
        }
        return null;
    }

    /**
     * The problem of a net without a single layer ({@code layer} or legacy {@code layers} entry): an empty file, one
     * of only comments or whitespace, or only top-level fields such as {@code name}; null when it has layers. Every
     * place a net enters (validation, the web's save and edit, the CLI's net commands) refuses such a net with this.
     */
    public static Problem noLayersProblem(TextProto net, String file) {
        if (net.has("layer") || net.has("layers")) {
            return null;
        }
        return new Problem(file, 0, null, "no layers in any phase: the net is empty (no layer { ... } entries)",
                "add layers: layer { name: \"...\" type: \"...\" bottom: ... top: ... }");
    }

    /** Throws a {@link PrototxtException} (bad input) naming {@code file} when the net has no layers at all. */
    public static void requireLayers(TextProto net, String file) {
        Problem p = noLayersProblem(net, file);
        if (p != null) {
            throw new PrototxtException(p.toString());
        }
    }

    /** The layer types the preset's Caffe registers (its LayerRegistry, the list validation checks against), sorted. */
    public static List<String> layerTypes() {
        return NetValidator.layerTypes().stream().sorted().toList();
    }

    /** Reads a solver as an editable tree. */
    public static TextProto readSolver(Path file) {
        return TextProto.read(file);
    }

    /**
     * The layers of a net that are active in a phase (Caffe's include/exclude rules, with the stages and level of the
     * net's own {@code state}), in order.
     */
    public static List<TextProto> activeLayers(TextProto net, Phase phase) {
        return NetValidator.activeLayers(net, phase);
    }

    /** Validates a net for one phase, resolving data sources against the current directory. */
    public static ValidationResult validateNet(Path file, Phase phase) {
        return validateNet(file, phase, Path.of(""));
    }

    /** Validates a net for one phase; relative data sources resolve against {@code baseDir}. */
    public static ValidationResult validateNet(Path file, Phase phase, Path baseDir) {
        return validateNet(file, phase, baseDir, null);
    }

    /**
     * {@link #validateNet(Path, Phase, Path)} for a net a solver builds: {@code solverState} (the solver's
     * train_state, or this test net's test_state; null for none) joins the net's own state in Caffe's layer rules.
     */
    static ValidationResult validateNet(Path file, Phase phase, Path baseDir, TextProto solverState) {
        List<Problem> problems = new ArrayList<>();
        TextProto net = parse(file, problems);
        if (net == null) {
            return new ValidationResult(problems, 0, 0, null);
        }
        String solver = solverNotNet(net);
        if (solver != null) {
            problems.add(new Problem(file.toString(), 0, null, "this file " + solver,
                    "give the net prototxt where a net is expected (dlp net validate checks a solver and its nets)"));
            return new ValidationResult(problems, 0, 0, net);
        }
        // before Caffe's parser: a value it rejects (num_output -3) is then named by layer and field, not only by file
        problems.addAll(ParamRanges.check(net, file.toString()));
        if (!acceptedByCaffe(file, new NetParameter())) {
            problems.add(new Problem(file.toString(), 0, null,
                    "Caffe's parser rejects this file as a net: a field name that caffe.proto's NetParameter or"
                            + " LayerParameter does not have, or a value of the wrong type for its field",
                    "check each field name and value against caffe.proto (NetParameter, LayerParameter and the"
                            + " layer's *_param message)"));
            return new ValidationResult(problems, 0, 0, net);
        }
        if (legacy(net)) {
            String problem = upgradeProblem(net);
            if (problem != null) {
                problems.add(new Problem(file.toString(), 0, null, problem, "fix the legacy net, or convert it to"
                        + " the current format (layer { ... })"));
                return new ValidationResult(problems, 0, 0, net);
            }
            net = upgraded(file);
        }
        LayerRules rules = solverState == null ? LayerRules.of(net, phase) : LayerRules.of(net, phase, solverState);
        return NetValidator.validate(net, file.toString(), rules, baseDir, problems);
    }

    /**
     * Validates a solver and the nets it names (TRAIN net, and TEST when it tests) exactly as Caffe
     * will resolve them: relative to {@code baseDir} (the process's working directory for Caffe).
     */
    public static ValidationResult validateSolver(Path file, Path baseDir) {
        return validateSolver(file, baseDir, false);
    }

    /**
     * Validates a solver as {@code dlp train} will run it: a relative {@code net} is looked for in the
     * workspace, then next to the solver (dlp train writes run files with resolved paths).
     */
    public static ValidationResult validateSolverForRun(Path file, Path workspace) {
        return validateSolver(file, workspace, true);
    }

    /**
     * The net files a solver names and the phases {@code dlp train} builds each in, resolved as
     * {@link #validateSolverForRun} does (nets that are not found are left out).
     */
    public static java.util.Map<Path, List<Phase>> solverNetsForRun(Path file, Path workspace) {
        return SolverValidator.nets(TextProto.read(file), file.toString(), workspace, true);
    }

    /** Settings of a solver that Caffe accepts but that do not do what they say (one line each); empty when none. */
    public static List<String> solverWarnings(Path file) {
        try {
            return SolverValidator.warnings(TextProto.read(file), file.toString());
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private static ValidationResult validateSolver(Path file, Path baseDir, boolean besideSolver) {
        List<Problem> problems = new ArrayList<>();
        TextProto solver = parse(file, problems);
        if (solver == null) {
            return new ValidationResult(problems, 0, 0, null);
        }
        if (!acceptedByCaffe(file, new SolverParameter())) {
            problems.add(new Problem(file.toString(), 0, null,
                    "Caffe's parser rejects this solver (an unknown field or a value of the wrong type)",
                    "check field names against caffe.proto's SolverParameter"));
            return new ValidationResult(problems, 0, 0, solver);
        }
        return SolverValidator.validate(solver, file.toString(), baseDir, besideSolver, problems);
    }

    private static TextProto parse(Path file, List<Problem> problems) {
        if (Files.isDirectory(file)) {
            problems.add(new Problem(file.toString(), 0, null, "is a folder, not a prototxt file",
                    "give the file itself, e.g. " + file.resolve("train_val.prototxt")));
            return null;
        }
        if (!Files.isRegularFile(file)) {
            problems.add(new Problem(file.toString(), 0, null, "file not found", "check the path"));
            return null;
        }
        if (!Files.isReadable(file)) {
            problems.add(new Problem(file.toString(), 0, null, "file not readable", "check permissions"));
            return null;
        }
        try {
            return TextProto.read(file);
        } catch (PrototxtException e) {
            String msg = e.getMessage();
            int line = 0;
            String prefix = file + ":";
            if (msg.startsWith(prefix)) {
                String rest = msg.substring(prefix.length());
                int colon = rest.indexOf(':');
                try {
                    line = Integer.parseInt(rest.substring(0, colon));
                    msg = rest.substring(colon + 1).trim();
                } catch (RuntimeException ignored) {
                    // keep the whole message
                }
            }
            problems.add(new Problem(file.toString(), line, null, "syntax error: " + msg, "fix the prototxt syntax"));
            return null;
        }
    }

    private static boolean acceptedByCaffe(Path file, org.bytedeco.caffe.Message m) {
        Caffe.load();
        try {
            return caffe.ReadProtoFromTextFile(file.toString(), m);
        } finally {
            m.deallocate();
        }
    }

    /**
     * The native NetParameter of a file, upgraded like Caffe does. Only for a file that passed
     * {@link #validateNet} (as {@code CaffeNet.load} does) or {@link #readNet}: those refuse the legacy nets whose
     * upgrade would abort the process ({@link #upgradeProblem}).
     */
    static NetParameter nativeNet(Path file) {
        Caffe.load();
        if (!Files.isRegularFile(file)) {
            throw new PrototxtException(file + ": file not found");
        }
        NetParameter p = new NetParameter();
        if (!caffe.ReadProtoFromTextFile(file.toString(), p)) {
            p.deallocate();
            throw new PrototxtException(file + ": Caffe cannot parse this net");
        }
        if (caffe.NetNeedsUpgrade(p) && !caffe.UpgradeNetAsNeeded(file.toString(), p)) {
            p.deallocate();
            throw new PrototxtException(file + ": legacy net could not be upgraded (see Caffe's log)");
        }
        return p;
    }

    /** The native SolverParameter of a file (already validated), upgraded like Caffe does. */
    static SolverParameter nativeSolver(Path file) {
        Caffe.load();
        if (!Files.isRegularFile(file)) {
            throw new PrototxtException(file + ": file not found");
        }
        SolverParameter p = new SolverParameter();
        if (!caffe.ReadProtoFromTextFile(file.toString(), p)) {
            p.deallocate();
            throw new PrototxtException(file + ": Caffe cannot parse this solver");
        }
        caffe.UpgradeSolverAsNeeded(file.toString(), p);
        return p;
    }

    /** Upgrades a legacy net with Caffe's code and reads the result back as a tree. */
    private static TextProto upgraded(Path file) {
        NetParameter p = nativeNet(file);
        try {
            Path tmp = Files.createTempFile("dlp4j-upgraded", ".prototxt");
            try {
                caffe.WriteProtoToTextFile(p, tmp.toString());
                return TextProto.read(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            p.deallocate();
        }
    }
}
