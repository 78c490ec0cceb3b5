package org.dlp4j.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dlp4j.BadInputException;
import org.dlp4j.caffe.Phase;
import org.dlp4j.caffe.Problem;
import org.dlp4j.caffe.Prototxt;
import org.dlp4j.caffe.ShapeException;
import org.dlp4j.caffe.ShapeInference;
import org.dlp4j.caffe.TextProto;
import org.dlp4j.caffe.ValidationResult;

/**
 * {@link ShapeInference#check} for the CLI and the web server, with the shapes of data layers read from their
 * LMDBs (as {@code dlp net deploy} reads them), so that the layers a Data layer feeds are checked too.
 */
public final class ShapeChecks {
    private ShapeChecks() {
    }

    /**
     * {@link ShapeInference#check} of a net that passed {@code Prototxt.validateNet} for {@code phase}: the
     * problem it finds, as a validation problem of {@code file}, or null (also when the net did not validate). A
     * net with data layers is checked at the shape of its LMDB's records when {@code baseDir} (what relative
     * sources resolve against) has it; otherwise as far as shapes can be derived without it.
     */
    public static Problem checkProblem(ValidationResult r, String file, Phase phase, Path baseDir) {
        if (!r.ok() || r.net() == null) {
            return null;
        }
        TextProto net = r.net();
        List<String> stages = ShapeInference.stages(net);
        try {
            ShapeInference.check(net, phase.name(), stages);
        } catch (ShapeException e) {
            return e.problem(file);
        }
        if (baseDir == null || !Convolutionalize.hasDataLayers(net)) {
            return null;
        }
        TextProto deploy;
        try {
            deploy = DeployGenerator.generate(net, null, baseDir, file);
        } catch (BadInputException e) {
            return null; // no readable LMDB: the walk passed over what the data layers feed
        }
        try {
            ShapeInference.check(deploy, "TEST", List.of());
            return null;
        } catch (ShapeException e) {
            return e.problem(file);
        }
    }

    /**
     * {@link #checkProblem} for each net a solver runs (as {@code dlp train} resolves them against
     * {@code workspace}, in each phase it builds them): the shape problems Caffe would abort on, empty when
     * none. For a solver that passed {@code Prototxt.validateSolverForRun}.
     */
    public static List<Problem> solverProblems(Path solver, Path workspace) {
        List<Problem> out = new ArrayList<>();
        for (Map.Entry<Path, List<Phase>> n : Prototxt.solverNetsForRun(solver, workspace).entrySet()) {
            for (Phase p : n.getValue()) {
                Problem shapes = checkProblem(Prototxt.validateNet(n.getKey(), p, workspace), n.getKey().toString(),
                        p, workspace);
                if (shapes != null && !out.contains(shapes)) {
                    out.add(shapes);
                }
            }
        }
        return out;
    }
}
