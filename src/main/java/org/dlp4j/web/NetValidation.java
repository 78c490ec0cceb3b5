package org.dlp4j.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dlp4j.caffe.ParamRanges;
import org.dlp4j.caffe.Phase;
import org.dlp4j.caffe.Problem;
import org.dlp4j.caffe.Prototxt;
import org.dlp4j.caffe.PrototxtException;
import org.dlp4j.caffe.TextProto;
import org.dlp4j.caffe.ValidationResult;

/**
 * Validation for the UI, with {@link Prototxt}'s checks: a net as it is (relative data sources resolve against the
 * workspace), a solver as a training run would use it — its net resolved against the workspace, then the solver's
 * folder, and snapshots going to the run's own folder (so {@code snapshot_prefix} is not checked). Scratch files
 * live in {@code WS/.dlp/tmp} and are removed.
 */
final class NetValidation {
    private final WorkspacePaths ws;

    NetValidation(WorkspacePaths ws) {
        this.ws = ws;
    }

    /** {@code {ok, kind, layers, blobs, problems: [{file, line, layer, what, fix}]}}; {@code shownAs} names the text. */
    Map<String, Object> validate(String text, boolean solver, String shownAs, Path solverDir) {
        Path tmp = null;
        try {
            Path scratch = ws.inside(".dlp", "tmp");
            Files.createDirectories(scratch);
            tmp = Files.createTempDirectory(scratch, "validate");
            Path file = tmp.resolve(solver ? "solver.prototxt" : "train_val.prototxt");
            Files.writeString(file, solver ? asRun(text, solverDir, tmp) : text);
            // inputs outside the workspace are named, not opened (the web reads no file outside it)
            List<Problem> outside = solver ? new RunInputs(ws).solverProblems(file) : netOutside(text, shownAs);
            ValidationResult r = !outside.isEmpty() ? new ValidationResult(outside, 0, 0, null)
                    : solver ? Prototxt.validateSolver(file, ws.root())
                    : Prototxt.validateNet(file, Phase.TRAIN, ws.root());
            if (solver && r.ok() && outside.isEmpty()) { // its nets' shapes in every phase it builds them, as `dlp net validate` checks
                List<Problem> netShapes = org.dlp4j.model.ShapeChecks.solverProblems(file, ws.root());
                if (!netShapes.isEmpty()) {
                    r = new ValidationResult(netShapes, r.layers(), r.blobs(), r.net());
                }
            }
            Problem shapes = solver || !outside.isEmpty() ? null : org.dlp4j.model.ShapeChecks.checkProblem(r, file.toString(), Phase.TRAIN,
                    ws.root());
            if (shapes != null) {
                r = new ValidationResult(List.of(shapes), r.layers(), r.blobs(), r.net());
            }
            r = withRanges(r, solver ? runNet(file) : file);
            List<Map<String, Object>> problems = new ArrayList<>();
            for (Problem p : r.problems()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("file", file.toString().equals(p.file()) ? shownAs : p.file() == null ? null : shorten(p.file()));
                m.put("line", p.line());
                m.put("layer", p.layer());
                m.put("what", p.what().replace(file.toString(), shownAs));
                m.put("fix", p.fix());
                problems.add(m);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("ok", r.ok());
            out.put("kind", solver ? "solver" : "net");
            out.put("layers", r.layers());
            out.put("blobs", r.blobs());
            out.put("problems", problems);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot validate: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    org.dlp4j.AtomicFiles.deleteTree(tmp);
                } catch (IOException ignored) {
                    // scratch left in .dlp/tmp
                }
            }
        }
    }

    private List<Problem> netOutside(String text, String shownAs) {
        try {
            return new RunInputs(ws).netProblems(TextProto.parse(text), shownAs);
        } catch (PrototxtException e) {
            return List.of(); // the validator reports the syntax error with its line
        }
    }

    /**
     * The result with {@link ParamRanges}' problems of {@code net} (values Caffe's parser rejects or its layers abort
     * on) in place of the parser's one file-wide "rejects this file" problem, which names no layer.
     */
    private ValidationResult withRanges(ValidationResult r, Path net) {
        if (net == null || !Files.isRegularFile(net) || !ws.contains(net)) {
            return r;
        }
        List<Problem> ranges;
        try {
            ranges = ParamRanges.check(TextProto.read(net), net.toString());
        } catch (PrototxtException e) {
            return r; // its syntax error is reported already
        }
        if (ranges.isEmpty()) {
            return r;
        }
        List<Problem> all = new ArrayList<>(ranges);
        java.util.Set<String> named = new java.util.HashSet<>();
        ranges.forEach(p -> named.add(p.layer() + "/" + field(p.what())));
        // the validator's own check of the same field of the same layer (num_output > 0, group) is said once
        r.problems().stream().filter(p -> !(p.layer() == null && p.what().startsWith("Caffe's parser rejects")))
                .filter(p -> !named.contains(p.layer() + "/" + field(p.what()))).forEach(all::add);
        return new ValidationResult(all, r.layers(), r.blobs(), r.net());
    }

    /** The field a problem starts with, without its message: "convolution_param.num_output is 0" → num_output. */
    private static String field(String what) {
        String first = what.split("[ :]", 2)[0];
        return first.substring(first.lastIndexOf('.') + 1);
    }

    /** The net file a scratch solver names (absolute after {@link #asRun}), or null. */
    private static Path runNet(Path solverFile) {
        try {
            TextProto s = TextProto.read(solverFile);
            String net = s.get("net", s.get("train_net"));
            return net == null || !Path.of(net).isAbsolute() ? null : Path.of(net);
        } catch (PrototxtException e) {
            return null;
        }
    }

    /** The solver text with its net made absolute (workspace first, then the solver's folder) and snapshots into tmp. */
    private String asRun(String text, Path solverDir, Path tmp) {
        TextProto s;
        try {
            s = TextProto.parse(text);
        } catch (PrototxtException e) {
            return text; // the validator reports the syntax error with its line
        }
        String net = s.get("net", s.get("train_net"));
        if (net != null && !Path.of(net).isAbsolute()) {
            Path inWs = ws.root().resolve(net).normalize();
            Path beside = solverDir == null ? null : solverDir.resolve(net).normalize();
            Path chosen = !Files.isRegularFile(inWs) && beside != null && Files.isRegularFile(beside) ? beside : inWs;
            if (chosen.startsWith(ws.root())) {
                s.setString(s.has("net") ? "net" : "train_net", chosen.toString());
            }
        }
        if (s.has("snapshot_prefix")) {
            s.setString("snapshot_prefix", tmp.resolve("snapshot").toString());
        }
        return s.toString();
    }

    private String shorten(String file) {
        Path p = Path.of(file).toAbsolutePath().normalize();
        return p.startsWith(ws.root()) ? ws.relative(p) : p.getFileName().toString();
    }
}
