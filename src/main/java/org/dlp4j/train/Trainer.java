package org.dlp4j.train;


import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.dlp4j.BadInputException;
import org.dlp4j.caffe.CaffeNet;
import org.dlp4j.caffe.CaffeSolver;
import org.dlp4j.caffe.Device;
import org.dlp4j.caffe.Prototxt;
import org.dlp4j.caffe.Snapshot;
import org.dlp4j.caffe.SolverListener;
import org.dlp4j.caffe.SolverStateFile;
import org.dlp4j.caffe.TextProto;
import org.dlp4j.caffe.WeightTransferReport;

/**
 * Drives one prepared run (see {@link TrainingRun}) on the calling thread: the solver, metrics lines,
 * NaN detection, stop-with-snapshot, plots and the final summary. Used inside the worker process
 * and for in-process runs alike; events go to a consumer as JSON-ready maps.
 */
final class Trainer {
    private final RunLayout run;
    private final Path weights;
    private final Path resume;
    private final Device device;
    private final Consumer<Map<String, Object>> events;
    private volatile CaffeSolver solver;
    private volatile boolean stop;

    Trainer(RunLayout run, Path weights, Path resume, Device device, Consumer<Map<String, Object>> events) {
        this.run = run;
        this.weights = weights;
        this.resume = resume;
        this.device = device;
        this.events = events;
    }

    /** Asks the run to snapshot and stop after the current iteration (any thread). */
    void requestStop() {
        stop = true;
        CaffeSolver s = solver;
        if (s != null) {
            s.requestStop();
        }
    }

    Map<String, Object> run() {
        TextProto net = Prototxt.readNet(run.net());
        TestMetrics metrics = TestMetrics.forNet(net);
        long t0 = System.currentTimeMillis();
        try (CaffeSolver s = CaffeSolver.load(run.solver(), device)) {
            solver = s;
            if (stop) {
                s.requestStop();
            }
            checkMemory(s);
            if (weights != null) {
                WeightTransferReport r = s.net().copyWeightsFrom(weights);
                events.accept(Map.of("event", "weights", "report", r, "text", r.describe()));
            }
            if (resume != null) {
                int at = SolverStateFile.read(resume).iter();
                s.restore(resume); // refuses a state that does not fit before the run's metrics are cut back
                MetricsLog.truncateForResume(run.metrics(), at);
                events.accept(Map.of("event", "resumed", "iteration", at, "from", resume.toString()));
            }
            try (MetricsLog log = MetricsLog.append(run.metrics())) {
                return train(s, log, metrics, t0);
            }
        }
    }

    private Map<String, Object> train(CaffeSolver s, MetricsLog log, TestMetrics metrics, long t0) {
        State st = new State();
        st.lastDisplayIter = s.iter(); // after a resume the first ms_per_iter counts only the iterations run here
        st.lastDisplayNanos = System.nanoTime();
        s.addListener(listener(s, log, metrics, st));
        int maxIter = s.maxIter();
        s.step(Math.max(0, maxIter - s.iter()));
        String outcome;
        if (st.diverged >= 0) {
            outcome = "diverged";
        } else {
            if (!s.stopRequested()) {
                int ti = s.definition().getInt("test_interval", 0);
                if (ti > 0 && s.iter() % ti == 0 && st.lastTestIter != s.iter()) {
                    s.test();
                }
            }
            boolean wantFinal = s.stopRequested() || s.definition().getBool("snapshot_after_train", true);
            if (wantFinal && (st.snapshots.isEmpty() || st.lastSnapshotIter != s.iter()) && !resumedHere(s)) {
                s.snapshot();
            }
            outcome = s.stopRequested() ? "stopped" : "completed";
        }
        plot();
        Map<String, Object> sum = new LinkedHashMap<>();
        sum.put("outcome", outcome);
        sum.put("iteration", s.iter());
        sum.put("max_iter", maxIter);
        // the whole run, every segment of it: after a resume this segment may have run no iteration or test at all
        MetricsLog.Best best = MetricsLog.summarize(MetricsLog.read(run.metrics()));
        Object finalLoss = st.diverged >= 0 ? null : Float.isFinite(st.lastLoss) ? (Object) st.lastLoss : best.finalLoss();
        sum.put("final_loss", finalLoss);
        sum.put("best_dice", best.dice());
        sum.put("best_dice_iteration", best.diceIteration());
        sum.put("snapshots", st.snapshots);
        sum.put("last_snapshot", run.latestWeights().map(Path::toString).orElse(null));
        sum.put("seconds", (System.currentTimeMillis() - t0) / 1000.0);
        if (st.diverged >= 0) {
            sum.put("message", "loss became " + st.lastLoss + " at iteration " + st.diverged
                    + "; training stopped. Last good snapshot: "
                    + run.latestWeights().map(Path::toString).orElse("none")
                    + ". Lower base_lr (or clip_gradients) and resume from it.");
        }
        return sum;
    }

    /** True when nothing was trained since resuming from one of this run's own snapshots: it is the final one. */
    private boolean resumedHere(CaffeSolver s) {
        return resume != null && resume.toAbsolutePath().normalize().startsWith(run.snapshots().toAbsolutePath().normalize())
                && SolverStateFile.read(resume).iter() == s.iter();
    }

    private static final class State {
        float lastLoss = Float.NaN;
        int diverged = -1;
        int lastTestIter = -1;
        int lastSnapshotIter = -1;
        long lastDisplayNanos = System.nanoTime();
        int lastDisplayIter;
        final List<String> snapshots = new ArrayList<>();
        final Map<String, Float> testLossWeights = new LinkedHashMap<>();
    }

    private SolverListener listener(CaffeSolver s, MetricsLog log, TestMetrics metrics, State st) {
        int display = Math.max(1, s.definition().getInt("display", 20));
        boolean[] metricsBroken = new boolean[1];
        return new SolverListener() {
            @Override
            public void onIteration(int it, float loss, float smoothed, double lr) {
                st.lastLoss = loss;
                boolean bad = Float.isNaN(loss) || Float.isInfinite(loss);
                if (it % display == 0 || it == s.maxIter() || bad || it == 1) {
                    long now = System.nanoTime();
                    double ms = (now - st.lastDisplayNanos) / 1e6 / Math.max(1, it - st.lastDisplayIter);
                    st.lastDisplayNanos = now;
                    st.lastDisplayIter = it;
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("iteration", it);
                    m.put("loss", finite(loss));
                    m.put("smoothed_loss", finite(smoothed));
                    m.put("lr", lr);
                    m.put("ms_per_iter", ms);
                    m.put("max_iter", s.maxIter());
                    log.write(m);
                    emit("iteration", m);
                }
                if (bad) {
                    st.diverged = it;
                    s.requestStop();
                }
            }

            @Override
            public void onTestStart(int it, int k) {
                if (metrics != null) {
                    metrics.start();
                }
            }

            @Override
            public void onTestBatch(int it, int k, CaffeNet net) {
                if (st.testLossWeights.isEmpty()) {
                    st.testLossWeights.putAll(net.outputLossWeights());
                }
                if (metrics != null && k == 0 && !metricsBroken[0]) {
                    try {
                        metrics.addBatch(net);
                    } catch (RuntimeException e) {
                        metricsBroken[0] = true; // scores are a view: never stop training for them
                        System.err.println("warning: no Dice/IoU for this run: " + e.getMessage());
                        emit("warning", Map.of("message", "no Dice/IoU for this run: " + e.getMessage()));
                    }
                }
            }

            @Override
            public void onTest(int it, int k, Map<String, Float> outputs) {
                st.lastTestIter = it;
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("iteration", it);
                double testLoss = 0;
                for (Map.Entry<String, Float> e : outputs.entrySet()) {
                    float w = st.testLossWeights.getOrDefault(e.getKey(), 0f);
                    testLoss += w * e.getValue();
                }
                m.put("test_loss", testLoss);
                Map<String, Object> scores = metrics == null || metricsBroken[0] ? Map.of() : metrics.finish();
                m.putAll(scores);
                if (!m.containsKey("dice")) {
                    m.put("dice", null);
                }
                m.put("caffe_outputs", outputs);
                log.write(m);
                emit("test", m);
                plot();
            }

            @Override
            public void onSnapshot(int it, Snapshot snap) {
                st.lastSnapshotIter = it;
                st.snapshots.add(snap.caffemodel().toString());
                emit("snapshot", Map.of("iteration", it, "caffemodel", snap.caffemodel().toString(),
                        "solverstate", snap.solverstate().toString()));
            }
        };
    }

    /** Plots are a view: a failure to draw them (e.g. during JVM shutdown) never fails the run. */
    private void plot() {
        try {
            Plots.write(MetricsLog.read(run.metrics()), run.plots());
        } catch (RuntimeException | LinkageError e) {
            System.err.println("warning: plots not written: " + e);
        }
    }

    private void emit(String kind, Map<String, Object> m) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("event", kind);
        e.putAll(m);
        events.accept(e);
    }

    private static Object finite(float v) {
        return Float.isFinite(v) ? v : String.valueOf(v);
    }

    private static void checkMemory(CaffeSolver s) {
        long need = s.net().activationBytes() + s.net().paramBytes();
        for (CaffeNet t : s.testNets()) {
            need += t.activationBytes() / 2;
        }
        long have = totalMemory();
        if (have > 0 && need > have * 0.9) {
            throw new BadInputException(String.format("this net needs about %.1f GiB (blobs and parameters) but the"
                    + " machine has %.1f GiB: lower batch_size or the input size", need / 1073741824.0, have / 1073741824.0));
        }
    }

    private static long totalMemory() {
        try {
            return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getTotalMemorySize();
        } catch (RuntimeException | LinkageError e) {
            return -1;
        }
    }

}
