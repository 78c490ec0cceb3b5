package org.dlp4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dlp4j.Json;
import org.dlp4j.caffe.Phase;
import org.dlp4j.caffe.Problem;
import org.dlp4j.caffe.Prototxt;
import org.dlp4j.caffe.TextProto;
import org.dlp4j.caffe.ValidationResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dlp net validate FILE}: every problem Caffe would abort on, found in Java. */
@Command(name = "validate", header = "Check a net or solver prototxt without running Caffe.", description = {
    "Validate a net or solver prototxt in Java (syntax, layer types, bottoms/tops, data sources, required"
        + " parameters) without running Caffe.",
    "A solver is recognised by its net/train_net field; its nets are validated too. Relative paths resolve against"
        + " --ws (default: the current directory)."})
public final class NetValidateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(paramLabel = "FILE", arity = "0..1", description = "net or solver prototxt")
    Path file;

    @CommandLine.Option(names = "--types", description = "List the layer types this Caffe registers, one a line"
            + " (with --json: {\"types\": [...]}), instead of validating")
    boolean types;

    @CommandLine.Option(names = "--phase", description = "TRAIN, TEST or both (default: both)")
    String phase;

    @CommandLine.Option(names = "--ws", description = "workspace that relative paths resolve against")
    Path ws;

    @CommandLine.Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Override
    public Integer call() {
        if (types) {
            List<String> t = Prototxt.layerTypes();
            if (json) {
                spec.commandLine().getOut().println(Json.write(Map.of("types", t, "count", t.size())));
            } else {
                t.forEach(spec.commandLine().getOut()::println);
            }
            return ExitCodes.OK;
        }
        if (file == null) {
            throw new org.dlp4j.BadInputException("give the net or solver prototxt to validate (dlp net validate FILE),"
                    + " or --types to list the layer types");
        }
        Path base = ws == null ? Path.of("") : ws;
        Path f = file.isAbsolute() || ws == null || Files.exists(file) ? file : base.resolve(file);
        boolean solver = isSolver(f);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", f.toString());
        out.put("kind", solver ? "solver" : "net");
        List<Problem> problems;
        List<String> warnings = List.of();
        int layers = 0;
        int blobs = 0;
        if (solver) {
            ValidationResult r = Prototxt.validateSolverForRun(f, base);
            problems = new java.util.ArrayList<>(r.problems());
            warnings = Prototxt.solverWarnings(f);
            if (problems.isEmpty()) { // its nets' shapes, as for a net file: a crop past its bottom aborts Caffe
                problems.addAll(org.dlp4j.model.ShapeChecks.solverProblems(f, base));
            }
            layers = r.layers();
            blobs = r.blobs();
        } else {
            problems = new java.util.ArrayList<>();
            for (Phase p : phases()) {
                ValidationResult r = Prototxt.validateNet(f, p, base);
                Problem shapes = org.dlp4j.model.ShapeChecks.checkProblem(r, f.toString(), p, base);
                List<Problem> found = shapes == null ? r.problems() : List.of(shapes);
                for (Problem pr : found) {
                    if (!problems.contains(pr) && !(pr.what().startsWith("no layers in phase") && phases().size() > 1)) {
                        problems.add(pr);
                    }
                }
                layers = Math.max(layers, r.layers());
                blobs = Math.max(blobs, r.blobs());
            }
            if (layers == 0 && problems.isEmpty()) { // each phase's "no layers" was left out above: none has any
                problems.add(new Problem(f.toString(), 0, null, "no layers in any phase (include/exclude rules leave"
                        + " every layer out of both)", "check the layers' include/exclude rules"));
            }
        }
        out.put("valid", problems.isEmpty());
        out.put("layers", layers);
        out.put("blobs", blobs);
        out.put("problems", problems);
        out.put("warnings", warnings);
        warnings.forEach(w -> spec.commandLine().getErr().println("warning: " + w));
        if (json) {
            spec.commandLine().getOut().println(Json.write(out));
        }
        if (problems.isEmpty()) {
            if (!json) {
                spec.commandLine().getOut().println(f + ": valid " + (solver ? "solver" : "net") + " (" + layers
                        + " layers, " + blobs + " blobs)");
            }
            return ExitCodes.OK;
        }
        spec.commandLine().getErr().println(f + ": " + problems.size() + " problem(s):");
        problems.forEach(p -> spec.commandLine().getErr().println("  " + p));
        return ExitCodes.BAD_INPUT;
    }

    private List<Phase> phases() {
        if (phase == null || phase.equalsIgnoreCase("both")) {
            return List.of(Phase.TRAIN, Phase.TEST);
        }
        try {
            return List.of(Phase.valueOf(phase.toUpperCase(java.util.Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new org.dlp4j.BadInputException("--phase must be TRAIN, TEST or both, not '" + phase + "'");
        }
    }

    private static boolean isSolver(Path f) {
        try {
            TextProto t = TextProto.read(f);
            return !t.has("layer") && !t.has("layers") && (t.has("net") || t.has("train_net") || t.has("net_param")
                    || t.has("train_net_param") || t.has("base_lr"));
        } catch (RuntimeException e) {
            return false;
        }
    }
}
