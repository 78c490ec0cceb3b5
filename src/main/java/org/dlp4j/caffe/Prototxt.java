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

    /** Reads a net as an editable tree; legacy nets are upgraded to the current format. */
    public static TextProto readNet(Path file) {
        TextProto t = TextProto.read(file);
        if (t.has("layers") || t.has("input") || t.has("input_dim") || t.has("input_shape")) {
            return upgraded(file);
        }
        return t;
    }

    /** Reads a solver as an editable tree. */
    public static TextProto readSolver(Path file) {
        return TextProto.read(file);
    }

    /** The layers of a net that are active in a phase (Caffe's include/exclude rules), in order. */
    public static List<TextProto> activeLayers(TextProto net, Phase phase) {
        List<TextProto> out = new ArrayList<>();
        for (TextProto l : net.messages("layer")) {
            if (NetValidator.included(l, phase)) {
                out.add(l);
            }
        }
        return out;
    }

    /** Validates a net for one phase, resolving data sources against the current directory. */
    public static ValidationResult validateNet(Path file, Phase phase) {
        return validateNet(file, phase, Path.of(""));
    }

    /** Validates a net for one phase; relative data sources resolve against {@code baseDir}. */
    public static ValidationResult validateNet(Path file, Phase phase, Path baseDir) {
        List<Problem> problems = new ArrayList<>();
        TextProto net = parse(file, problems);
        if (net == null) {
            return new ValidationResult(problems, 0, 0, null);
        }
        if (!acceptedByCaffe(file, new NetParameter())) {
            problems.add(new Problem(file.toString(), 0, null,
                    "Caffe's parser rejects this file (an unknown field name or a value of the wrong type;"
                            + " protobuf printed the line and column above)",
                    "check field names against caffe.proto"));
            return new ValidationResult(problems, 0, 0, net);
        }
        if (net.has("layers") || net.has("input") || net.has("input_dim") || net.has("input_shape")) {
            net = upgraded(file);
        }
        return NetValidator.validate(net, file.toString(), phase, baseDir, problems);
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

    /** The native NetParameter of a file (already validated), upgraded like Caffe does. */
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
