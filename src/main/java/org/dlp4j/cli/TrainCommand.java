package org.dlp4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dlp4j.train.TrainOptions;
import org.dlp4j.train.TrainingListener;
import org.dlp4j.train.TrainingRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dlp train}: DLP's Train module. */
@Command(name = "train", header = "Train a net with a Caffe solver, with live progress and Dice.", description = {
    "Train a net with a Caffe solver in a worker process, with live progress, Dice after each test pass,"
        + " snapshots in RUN/snapshots, metrics in RUN/metrics.jsonl, Caffe's log in RUN/caffe.log and plots in"
        + " RUN/plots.",
    "Relative paths in the solver and net (net, data sources, snapshot_prefix) resolve against --ws (default: the"
        + " current directory), like DLP's working directory. The overrides change the solver for this run only;"
        + " your files stay as they are. Ctrl-C (or SIGTERM) snapshots, records the run as stopped in RUN/run.json"
        + " and prints how to continue (--resume latest)."})
public final class TrainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--solver", required = true, description = "solver prototxt")
    Path solver;

    @CommandLine.Option(names = "--weights", description = "pretrained caffemodel to fine-tune from")
    Path weights;

    @CommandLine.Option(names = "--resume", paramLabel = "SOLVERSTATE|latest",
            description = "continue from a .solverstate, or 'latest' complete snapshot of --run; the run keeps its own"
                    + " solver.prototxt (earlier --max-iter/--snapshot/--test-interval included), new overrides apply on top")
    String resume;

    @CommandLine.Option(names = "--gpu", description = "GPU device (default: CPU)")
    Integer gpu;

    @CommandLine.Option(names = "--max-iter", description = "override max_iter")
    Integer maxIter;

    @CommandLine.Option(names = "--snapshot", description = "override the snapshot interval")
    Integer snapshot;

    @CommandLine.Option(names = "--test-interval", description = "override test_interval")
    Integer testInterval;

    @CommandLine.Option(names = "--ws", description = "workspace (default: current directory)")
    Path ws;

    @CommandLine.Option(names = "--run", required = true,
            description = "run directory; a bare name means WS/runs/NAME")
    Path run;

    @CommandLine.Option(names = "--json", description = "print the final summary as one JSON object")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Path workspace = ws == null ? Path.of("") : ws;
        Path runDir = run.isAbsolute() || run.getNameCount() > 1 ? run : workspace.resolve("runs").resolve(run);
        TrainOptions o = TrainOptions.of(solver, workspace, runDir).withWeights(weights).withResume(resume)
                .withGpu(gpu).withOverrides(maxIter, snapshot, testInterval);
        TrainingRun tr = TrainingRun.prepare(o);
        PrintWriter err = spec.commandLine().getErr();
        tr.notes().forEach(err::println);
        tr.iterationNote().ifPresent(n -> err.println("note: " + n));
        err.println("run: " + tr.layout().dir() + (tr.resumeState() != null ? " (resuming " + tr.resumeState() + ")" : ""));
        err.flush();
        // Ctrl-C / SIGTERM: the worker snapshots and stops; this JVM stays up until run.json and the summary are written
        CountDownLatch reported = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            tr.requestStop();
            try {
                reported.await(STOP_WAIT_S, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "train-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return report(tr.runInWorker(progress(err)), tr, err);
        } finally {
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // shutting down
            }
        }
    }

    /** How long a signal waits for the final snapshot and report (the worker gets as long to snapshot). */
    private static final long STOP_WAIT_S = 120;

    static TrainingListener progress(PrintWriter err) {
        ProgressLine line = new ProgressLine(err);
        return new TrainingListener() {
            String dice = "-";

            @Override
            public void onIteration(JsonNode e) {
                line.update(e.path("iteration").asLong(), e.path("max_iter").asLong(), "it",
                        String.format("loss %.4f  Dice %s", e.path("smoothed_loss").asDouble(Double.NaN), dice), false);
            }

            @Override
            public void onTest(JsonNode e) {
                dice = e.path("dice").isNumber() ? String.format("%.3f", e.get("dice").asDouble()) : "-";
                line.done();
                err.printf("test @ %d: loss %.4f  accuracy %.4f  mean IU %.4f  Dice %s%n", e.path("iteration").asInt(),
                        e.path("test_loss").asDouble(), e.path("accuracy").asDouble(Double.NaN),
                        e.path("mean_iu").asDouble(Double.NaN), dice);
            }

            @Override
            public void onSnapshot(JsonNode e) {
                line.done();
                err.println("snapshot @ " + e.path("iteration").asInt() + ": " + e.path("caffemodel").asText());
            }

            @Override
            public void onWeights(JsonNode e) {
                line.done();
                err.print(e.path("text").asText());
            }

            @Override
            public void onEnd(JsonNode s) {
                line.done();
            }
        };
    }

    private int report(JsonNode s, TrainingRun tr, PrintWriter err) {
        String outcome = s.path("outcome").asText();
        String stopped = outcome.equals("stopped") ? "stopped at iteration " + s.path("iteration").asInt()
                + "; continue with --resume latest" : null;
        if (json) {
            ObjectNode o = s.deepCopy();
            if (stopped != null) {
                o.put("message", stopped);
            }
            if (outcome.equals("diverged")) { // a failure: the --json contract's error object, with the summary
                o.put("error", s.path("message").asText());
                o.put("exit_code", ExitCodes.FAILURE);
            }
            spec.commandLine().getOut().println(o.toString());
            spec.commandLine().getOut().flush();
        }
        if (outcome.equals("diverged")) {
            err.println("train: " + s.path("message").asText());
            err.flush();
            return ExitCodes.FAILURE;
        }
        err.printf("training %s: %d iterations, final loss %s, best Dice %s%s%n", outcome, s.path("iteration").asInt(),
                s.path("final_loss").isNumber() ? String.format("%.4f", s.path("final_loss").asDouble()) : "n/a",
                s.path("best_dice").isNumber() ? String.format("%.3f", s.path("best_dice").asDouble()) : "n/a",
                s.path("best_dice_iteration").isNumber() ? " at iteration " + s.path("best_dice_iteration").asInt() : "");
        err.println("weights: " + s.path("last_snapshot").asText("none"));
        err.println("plots:   " + tr.layout().plots());
        if (stopped != null) {
            err.println(stopped);
        }
        err.flush();
        return ExitCodes.OK;
    }
}
