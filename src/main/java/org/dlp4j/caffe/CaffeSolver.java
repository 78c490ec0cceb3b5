package org.dlp4j.caffe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bytedeco.caffe.FloatNet;
import org.bytedeco.caffe.FloatSolver;
import org.bytedeco.caffe.FloatSolverRegistry;
import org.bytedeco.caffe.SolverParameter;

/**
 * A Caffe solver ({@code caffe::Solver<float>}) driven one iteration at a time from Java.
 *
 * <pre>{@code
 * try (CaffeSolver s = CaffeSolver.load(Path.of("solver.prototxt"))) {
 *     s.addListener(new SolverListener() { ... });
 *     s.step(100);
 * }
 * }</pre>
 *
 * <p>Test passes and snapshots are scheduled here (same rules as Caffe: test when
 * {@code iter % test_interval == 0}, snapshot when {@code iter % snapshot == 0}) so that listeners see
 * every test batch and every snapshot is written to a scratch folder and renamed into place only
 * when complete. Relative paths in the solver and net resolve against the process's working
 * directory, as in Caffe. The solver belongs to the thread that created it (Caffe's mode and random
 * generator are thread-local); calls from another thread are refused.
 */
public final class CaffeSolver extends NativeHandle {
    private final FloatSolver solver;
    private final TextProto def;
    private final Path file;
    private final Thread owner;
    private final Path snapshotDir;
    private final String snapshotName;
    private final List<SolverListener> listeners = new CopyOnWriteArrayList<>();
    private final float[] recent;
    private int recentCount;
    private float lastLoss = Float.NaN;
    private volatile boolean stopRequested;
    private org.bytedeco.caffe.FloatBlob[] lossBlobs;
    private float[] lossWeights;

    private CaffeSolver(FloatSolver solver, TextProto def, Path file, Device device, Path snapshotDir, String name) {
        super("CaffeSolver(" + file + ")", device);
        this.solver = solver;
        this.def = def;
        this.file = file;
        this.owner = Thread.currentThread();
        this.snapshotDir = snapshotDir;
        this.snapshotName = name;
        this.recent = new float[Math.max(1, def.getInt("average_loss", 1))];
    }

    /** Loads a solver on the CPU. */
    public static CaffeSolver load(Path solverPrototxt) {
        return load(solverPrototxt, Device.cpu());
    }

    /**
     * Loads a solver for a device after validating it and its nets in Java.
     *
     * @throws ValidationException listing every problem found
     */
    public static CaffeSolver load(Path solverPrototxt, Device device) {
        if (solverPrototxt == null) {
            throw new CaffeException("Need a solver definition to train (a solver.prototxt)");
        }
        Prototxt.validateSolver(solverPrototxt, Path.of("")).throwIfAny();
        TextProto def = Prototxt.readSolver(solverPrototxt);
        checkNetShapes(def, solverPrototxt);
        Caffe.apply(device);
        SolverParameter param = Prototxt.nativeSolver(solverPrototxt);
        String prefix = def.get("snapshot_prefix", "");
        Path prefixPath = Path.of(prefix.isEmpty() ? "snapshot" : prefix).toAbsolutePath();
        Path dir = prefix.isEmpty() || prefix.endsWith("/") ? prefixPath : prefixPath.getParent();
        String name = prefix.isEmpty() || prefix.endsWith("/") ? "" : prefixPath.getFileName().toString();
        // Java schedules tests and snapshots; Caffe only steps.
        // (Caffe checks test_interval > 0 when test nets exist: make it unreachable instead of 0.)
        param.set_test_interval(param.test_iter_size() > 0 ? Integer.MAX_VALUE : 0);
        param.set_test_initialization(false);
        param.set_snapshot(0);
        param.set_snapshot_after_train(false);
        param.set_display(0);
        param.set_snapshot_prefix(dir.resolve(".partial").resolve(name.isEmpty() ? "snap" : name).toString());
        FloatSolver s = FloatSolverRegistry.CreateSolver(param);
        param.deallocate();
        return new CaffeSolver(s, def, solverPrototxt, device, dir, name.isEmpty() ? "snap" : name);
    }

    /** {@link ShapeInference#check} of each net the solver builds, in each phase it builds it. */
    private static void checkNetShapes(TextProto def, Path solverPrototxt) {
        for (Map.Entry<Path, List<Phase>> n
                : SolverValidator.nets(def, solverPrototxt.toString(), Path.of(""), false).entrySet()) {
            for (Phase p : n.getValue()) {
                // the solver's train_state (or its first test_state) joins the net's state, as Caffe merges them
                TextProto state = p == Phase.TRAIN ? def.message("train_state") : def.message("test_state");
                ValidationResult r = Prototxt.validateNet(n.getKey(), p, Path.of(""), state).throwIfAny();
                LayerRules rules = state == null ? LayerRules.of(r.net(), p) : LayerRules.of(r.net(), p, state);
                CaffeNet.checkShapes(r.net(), n.getKey(), rules.phase(), rules.stages());
            }
        }
    }

    /**
     * Copies pretrained weights into the training net (test nets share them), after checking in Java that every
     * weights layer the net has by name brings that layer's blob count and shapes (Caffe aborts otherwise).
     *
     * @throws WeightsMismatchException listing the layers that do not fit
     */
    public CaffeSolver withWeights(Path caffemodel) {
        net().copyWeightsFrom(caffemodel);
        return this;
    }

    public void addListener(SolverListener l) {
        listeners.add(l);
    }

    public void removeListener(SolverListener l) {
        listeners.remove(l);
    }

    /** The solver definition as read (before dlp4j's scheduling changes). */
    public TextProto definition() {
        return def;
    }

    public Path file() {
        return file;
    }

    /**
     * Runs {@code iterations} training iterations (fewer when {@link #requestStop()} is called), with
     * test passes and snapshots as the solver schedules them.
     */
    public void step(int iterations) {
        enterOwned();
        int testInterval = def.getInt("test_interval", 0);
        int snapshot = def.getInt("snapshot", 0);
        boolean testInit = def.getBool("test_initialization", true);
        for (int i = 0; i < iterations && !stopRequested; i++) {
            int it = solver.iter();
            if (testInterval > 0 && it % testInterval == 0 && (it > 0 || testInit)) {
                test();
            }
            solver.Step(1);
            float loss = currentLoss();
            lastLoss = loss;
            recent[recentCount++ % recent.length] = loss;
            int n = it + 1;
            if (!listeners.isEmpty()) {
                float smoothed = smoothedLoss();
                double lr = LearningRate.at(def, n - 1);
                for (SolverListener l : listeners) {
                    l.onIteration(n, loss, smoothed, lr);
                }
            }
            if (snapshot > 0 && n % snapshot == 0) {
                snapshot();
            }
        }
    }

    /** Trains to {@code max_iter}, then tests and snapshots as Caffe's Solve does. */
    public void solve() {
        enterOwned();
        int maxIter = maxIter();
        step(Math.max(0, maxIter - iter()));
        if (stopRequested) {
            snapshot();
            return;
        }
        int testInterval = def.getInt("test_interval", 0);
        if (testInterval > 0 && iter() % testInterval == 0) {
            test();
        }
        if (def.getBool("snapshot_after_train", true)) {
            snapshot();
        }
    }

    /** Runs every test net for its {@code test_iter} batches; returns the mean outputs per net. */
    public List<Map<String, Float>> test() {
        enterOwned();
        List<Map<String, Float>> results = new ArrayList<>();
        List<String> iters = def.strings("test_iter");
        FloatNet[] nets = solver.test_nets().get();
        for (int k = 0; k < nets.length; k++) {
            int testIter = k < iters.size() ? Integer.parseInt(iters.get(k)) : 0;
            CaffeNet tn = CaffeNet.borrowed(nets[k], file, device);
            nets[k].ShareTrainedLayersWith(solver.net());
            int it = solver.iter();
            listeners.forEach(l -> l.onTestStart(it, 0));
            Map<String, Float> sums = new LinkedHashMap<>();
            for (int b = 0; b < testIter; b++) {
                tn.forward();
                for (String out : tn.outputNames()) {
                    float[] v = tn.blobData(out);
                    float s = 0;
                    for (float x : v) {
                        s += x;
                    }
                    sums.merge(out, v.length == 1 ? s : s / v.length, Float::sum);
                }
                int kk = k;
                listeners.forEach(l -> l.onTestBatch(it, kk, tn));
            }
            Map<String, Float> mean = new LinkedHashMap<>();
            sums.forEach((name, s) -> mean.put(name, s / Math.max(1, testIter)));
            int kk = k;
            listeners.forEach(l -> l.onTest(it, kk, mean));
            results.add(mean);
        }
        return results;
    }

    /**
     * Writes {@code <prefix>_iter_N.caffemodel} and {@code .solverstate} ({@code .caffemodel.h5} and
     * {@code .solverstate.h5} with {@code snapshot_format: HDF5}); files appear only when complete. Caffe writes them
     * into {@code .partial/}, which is removed again once empty.
     */
    public Snapshot snapshot() {
        enterOwned();
        int it = solver.iter();
        Path partial = snapshotDir.resolve(".partial");
        String ext = "HDF5".equals(def.get("snapshot_format", "BINARYPROTO")) ? ".h5" : "";
        try {
            Files.createDirectories(partial);
            solver.Snapshot();
            String base = snapshotName + "_iter_" + it;
            Path model = snapshotDir.resolve(base + ".caffemodel" + ext);
            Path state = snapshotDir.resolve(base + ".solverstate" + ext);
            Files.move(partial.resolve(model.getFileName()), model, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            Path partialState = partial.resolve(state.getFileName());
            if (ext.isEmpty()) {
                SolverStateFile.setLearnedNet(partialState, model.toString());
            } else {
                CaffeHdf5SolverState.setLearnedNet(partialState, model.toString());
            }
            Files.move(partialState, state, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            removeIfEmpty(partial);
            Snapshot snap = new Snapshot(it, model, state);
            listeners.forEach(l -> l.onSnapshot(it, snap));
            return snap;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write snapshot into " + snapshotDir + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a folder if it is empty (a scratch folder no snapshot is being written into). */
    public static void removeIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // not empty (files of an interrupted snapshot stay for inspection) or already gone
        }
    }

    /**
     * Restores weights, history and the iteration counter from a complete snapshot ({@code .solverstate}, or
     * {@code .solverstate.h5}). Checked in Java first, as Caffe's Restore would abort: the file must be a solver state
     * (not a {@code .caffemodel}), its weights must exist and fit the net, and it must hold as many history blobs as
     * this solver keeps (one per learnable parameter, two for AdaDelta and Adam).
     */
    public void restore(Path solverstate) {
        enterOwned();
        if (!Files.isRegularFile(solverstate)) {
            throw new CaffeException(solverstate + ": solver state not found");
        }
        SolverStateFile st = SolverStateFile.read(solverstate);
        if (st.learnedNet() != null && !st.learnedNet().isEmpty() && !Files.isRegularFile(Path.of(st.learnedNet()))) {
            throw new CaffeException(solverstate + " refers to weights " + st.learnedNet() + " which do not exist;"
                    + " restore from a complete snapshot (the .caffemodel next to it)");
        }
        if (st.learnedNet() != null && !st.learnedNet().isEmpty()) {
            CaffeNet n = net();
            WeightTransferReport r = WeightTransferReport.compare(n.paramShapes(), n.layerNames(),
                    CaffeModelFile.readShapes(Path.of(st.learnedNet())));
            if (r.hasMismatches()) {
                throw new WeightsMismatchException(solverstate + " was saved from another net:\n" + r.describe(), r);
            }
        }
        String type = SolverRules.type(def);
        long params = solver.net().learnable_params().size();
        long expected = params * SolverRules.historyPerParam(type);
        if (st.historyBlobs() != expected) {
            throw new CaffeException(solverstate + " holds " + st.historyBlobs() + " history blob(s), but this " + type
                    + " solver (" + file + ") keeps " + expected + " for its " + params + " learnable parameter blob(s)"
                    + (SolverRules.historyPerParam(type) == 2 ? ", two each" : "") + ": it was saved by "
                    + (st.historyBlobs() == 2 * params && params > 0 ? "an AdaDelta or Adam solver"
                    : st.historyBlobs() * 2 == expected ? "an SGD, Nesterov, AdaGrad or RMSProp solver"
                    : "a solver of another net") + " (Caffe aborts: \"Incorrect length of history blobs\"). Resume with"
                    + " the solver type and net that wrote it, or start from its weights (" + (st.learnedNet() == null
                    ? "the .caffemodel next to it" : st.learnedNet()) + ") with --weights / withWeights");
        }
        solver.Restore(solverstate.toString());
    }

    /** Asks {@link #step} to stop after the current iteration (safe from any thread). */
    public void requestStop() {
        stopRequested = true;
    }

    public boolean stopRequested() {
        return stopRequested;
    }

    public int iter() {
        enterOwned();
        return solver.iter();
    }

    public int maxIter() {
        return def.getInt("max_iter", 0);
    }

    /** Loss of the last iteration (the train net's loss outputs times their loss weights). */
    public float loss() {
        return lastLoss;
    }

    /** Mean of the last {@code average_loss} iteration losses (Caffe's smoothed loss). */
    public float smoothedLoss() {
        int n = Math.min(recentCount, recent.length);
        if (n == 0) {
            return Float.NaN;
        }
        float s = 0;
        for (int i = 0; i < n; i++) {
            s += recent[i];
        }
        return s / n;
    }

    /** The training net (owned by the solver). */
    public CaffeNet net() {
        enterOwned();
        return CaffeNet.borrowed(solver.net(), file, device);
    }

    /** The test nets (owned by the solver; they share the training net's weights during tests). */
    public List<CaffeNet> testNets() {
        enterOwned();
        List<CaffeNet> out = new ArrayList<>();
        for (FloatNet n : solver.test_nets().get()) {
            out.add(CaffeNet.borrowed(n, file, device));
        }
        return out;
    }

    /** Loss = sum of loss-weighted output blobs (what ForwardBackward returned); blobs looked up once. */
    private float currentLoss() {
        if (lossBlobs == null) {
            CaffeNet n = CaffeNet.borrowed(solver.net(), file, device);
            List<org.bytedeco.caffe.FloatBlob> blobs = new ArrayList<>();
            List<Float> weights = new ArrayList<>();
            for (Map.Entry<String, Float> e : n.outputLossWeights().entrySet()) {
                if (e.getValue() != 0) {
                    blobs.add(solver.net().blob_by_name(e.getKey()));
                    weights.add(e.getValue());
                }
            }
            lossBlobs = blobs.toArray(new org.bytedeco.caffe.FloatBlob[0]);
            lossWeights = new float[weights.size()];
            for (int i = 0; i < lossWeights.length; i++) {
                lossWeights[i] = weights.get(i);
            }
        }
        float loss = 0;
        for (int k = 0; k < lossBlobs.length; k++) {
            int count = lossBlobs[k].count();
            java.nio.FloatBuffer v = lossBlobs[k].cpu_data().capacity(count).asBuffer();
            float s = 0;
            for (int i = 0; i < count; i++) {
                s += v.get(i);
            }
            loss += lossWeights[k] * s;
        }
        return loss;
    }

    private void enterOwned() {
        if (Thread.currentThread() != owner && !isClosed()) {
            throw new IllegalStateException(this + " belongs to thread '" + owner.getName() + "' (Caffe's mode and"
                    + " random generator are per thread); call it from that thread");
        }
        enter();
    }

    @Override
    protected void release() {
        solver.deallocate();
    }
}
