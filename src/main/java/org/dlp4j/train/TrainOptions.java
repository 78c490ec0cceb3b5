package org.dlp4j.train;

import java.nio.file.Path;
import org.dlp4j.BadInputException;

/**
 * What to train and how. Relative paths in the solver and its net (net, data sources) resolve against
 * {@code workspace}, as DLP's working directory does.
 *
 * @param solver       solver prototxt
 * @param workspace    workspace directory (default: current directory)
 * @param runDir       run directory ({@code runs/<run>}); created
 * @param weights      pretrained caffemodel to fine-tune from, or null
 * @param resume       solverstate to resume from, {@code "latest"} for the run's newest complete snapshot, or null
 * @param gpu          GPU device, or null for the CPU
 * @param maxIter      override of max_iter for this run, or null
 * @param snapshot     override of snapshot interval, or null
 * @param testInterval override of test_interval, or null
 */
public record TrainOptions(Path solver, Path workspace, Path runDir, Path weights, String resume, Integer gpu,
        Integer maxIter, Integer snapshot, Integer testInterval) {

    public static TrainOptions of(Path solver, Path workspace, Path runDir) {
        return new TrainOptions(solver, workspace, runDir, null, null, null, null, null, null);
    }

    public TrainOptions withWeights(Path w) {
        return new TrainOptions(solver, workspace, runDir, w, resume, gpu, maxIter, snapshot, testInterval);
    }

    public TrainOptions withResume(String r) {
        return new TrainOptions(solver, workspace, runDir, weights, r, gpu, maxIter, snapshot, testInterval);
    }

    public TrainOptions withGpu(Integer g) {
        return new TrainOptions(solver, workspace, runDir, weights, resume, g, maxIter, snapshot, testInterval);
    }

    /**
     * Checks the overrides before anything is written, naming the option (the solver's own values are checked by the
     * solver validation): --max-iter at least 1, --snapshot and --test-interval 0 (off) or more, --gpu 0 or more.
     */
    public void validate() {
        if (maxIter != null && maxIter < 1) {
            throw new BadInputException("--max-iter must be at least 1 (the number of iterations to train to), got " + maxIter);
        }
        if (snapshot != null && snapshot < 0) {
            throw new BadInputException("--snapshot must be 0 (no interval snapshots) or a number of iterations, got "
                    + snapshot);
        }
        if (testInterval != null && testInterval < 0) {
            throw new BadInputException("--test-interval must be 0 (no test passes) or a number of iterations, got "
                    + testInterval);
        }
        if (gpu != null && gpu < 0) {
            throw new BadInputException("--gpu must be a device number (0 or more), got " + gpu);
        }
    }

    public TrainOptions withOverrides(Integer maxIter, Integer snapshot, Integer testInterval) {
        return new TrainOptions(solver, workspace, runDir, weights, resume, gpu, maxIter, snapshot, testInterval);
    }
}
