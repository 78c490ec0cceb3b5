package org.dlp4j.train;

import java.util.Optional;
import org.dlp4j.caffe.TextProto;

/**
 * What a run will not do that its user likely expects: train at all (a resume at or past max_iter), or test the
 * weights it trains (test_interval above max_iter: Caffe tests only at multiples of it, so the Dice reported would be
 * of the untrained net, or no test_iter: no test net at all). Said before the run starts; the run goes ahead.
 */
final class IterationNotes {
    private IterationNotes() {
    }

    /** The note for the run's own solver when it starts at iteration {@code start}, if any. */
    static Optional<String> check(TextProto solver, int start, TrainOptions o) {
        int maxIter = solver.getInt("max_iter", 0);
        String maxWhere = o.maxIter() != null ? "--max-iter " : "max_iter ";
        if (start > 0 && start >= maxIter) {
            return Optional.of("the snapshot is at iteration " + start + ", at or past " + maxWhere + maxIter
                    + ": nothing to train; give a larger --max-iter to go on training");
        }
        int ti = solver.getInt("test_interval", 0);
        if (start == 0 && ti > maxIter && solver.has("test_iter")) {
            String when = solver.getBool("test_initialization", true) ? "only before training (iteration 0)" : "never";
            return Optional.of((o.testInterval() != null ? "--test-interval " : "test_interval ") + ti
                    + " is beyond " + maxWhere + maxIter + ": the net is tested " + when + ", so no Dice describes the"
                    + " trained weights; give --test-interval " + maxIter + " (or less) to test them");
        }
        boolean testNets = solver.has("test_iter") || solver.has("test_net") || solver.has("test_net_param");
        if (ti > 0 && !testNets) {
            return Optional.of((o.testInterval() != null ? "--test-interval " : "test_interval ") + ti + " is set but"
                    + " the solver has no test_iter, so Caffe builds no test net: no test passes and no Dice. Add"
                    + " test_iter (batches per test pass) to the solver to test");
        }
        return Optional.empty();
    }
}
