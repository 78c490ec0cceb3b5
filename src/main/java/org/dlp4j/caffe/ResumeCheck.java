package org.dlp4j.caffe;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a solver state can be restored into a solver, worked out from the files alone (before a worker process or
 * Caffe starts): Caffe's {@code Restore} aborts when the number of history blobs differs from what the solver keeps
 * (one per learnable parameter blob, two for AdaDelta and Adam). {@link CaffeSolver#restore} checks the same against
 * the live solver.
 */
public final class ResumeCheck {
    private ResumeCheck() {
    }

    /**
     * @param state    the {@code .solverstate} (or {@code .solverstate.h5})
     * @param solver   the solver it is restored into
     * @param trainNet that solver's training net
     * @throws CaffeException when the state is not a solver state (e.g. a caffemodel) or its history does not fit
     */
    public static void check(Path state, TextProto solver, TextProto trainNet) {
        SolverStateFile st = SolverStateFile.read(state);
        int params = learnableParams(trainNet);
        if (params < 0) {
            return; // a layer whose blob count is not known here: CaffeSolver.restore checks it against the solver
        }
        String type = SolverRules.type(solver);
        int expected = params * SolverRules.historyPerParam(type);
        if (st.historyBlobs() != expected) {
            throw new CaffeException(state + " holds " + st.historyBlobs() + " history blob(s), but the " + type
                    + " solver keeps " + expected + " for the net's " + params + " learnable parameter blob(s): it was"
                    + " saved by another solver type or net (Caffe aborts: \"Incorrect length of history blobs\")."
                    + " Resume with the solver type and net that wrote it, or start from its weights with --weights");
        }
    }

    /** Caffe's {@code learnable_params().size()}: parameter blobs of the TRAIN net, shared (named) ones once; -1 unknown. */
    static int learnableParams(TextProto net) {
        int n = 0;
        Set<String> names = new HashSet<>();
        for (TextProto l : net.messages("layer")) {
            if (!NetValidator.included(l, Phase.TRAIN)) {
                continue;
            }
            int blobs = ParamBlobs.count(l);
            if (blobs < 0) {
                return -1;
            }
            List<TextProto> specs = l.messages("param");
            for (int i = 0; i < blobs; i++) {
                String name = i < specs.size() ? specs.get(i).get("name", "") : "";
                if (name.isEmpty() || names.add(name)) {
                    n++;
                }
            }
        }
        return n;
    }
}
