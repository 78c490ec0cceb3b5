package org.dlp4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dlp4j.BadInputException;
import org.dlp4j.Json;
import org.dlp4j.caffe.Caffe;
import org.dlp4j.caffe.Device;
import org.dlp4j.caffe.NativeCrashException;
import org.dlp4j.caffe.Prototxt;
import org.dlp4j.caffe.TextProto;
import org.dlp4j.worker.Worker;

/**
 * One training run, usable without the CLI:
 * <pre>{@code
 * TrainingRun run = TrainingRun.prepare(TrainOptions.of(solver, ws, ws.resolve("runs/r1")));
 * JsonNode summary = run.runInWorker(listener);   // or run.runHere(listener)
 * }</pre>
 * {@link #prepare} validates everything in Java and writes the run's own solver and net (relative
 * paths resolved against the workspace, snapshots into {@code runs/<run>/snapshots}); the user's
 * files stay as they are.
 */
public final class TrainingRun {
    /** How the note on a replaced failed run starts. */
    static final String REPLACED = "replacing run folder";
    private final TrainOptions options;
    private final RunLayout layout;
    private final Path resumeState;
    private final List<String> notes = new ArrayList<>();
    private volatile Worker worker;
    /** Stop was asked: kept for a worker that was still starting then (it is told as soon as it exists). */
    private volatile boolean stopAsked;
    private volatile Trainer inProcess;

    private TrainingRun(TrainOptions options, RunLayout layout, Path resumeState) {
        this.options = options;
        this.layout = layout;
        this.resumeState = resumeState;
    }

    public RunLayout layout() {
        return layout;
    }

    public Path resumeState() {
        return resumeState;
    }

    /**
     * What the user should know before the run starts (one line each): a failed run of the same name that this one
     * replaces, a test pass that does not cover the validation set exactly.
     */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /**
     * Validates the solver, its net and the options, and writes the run directory's files. When that fails (a bad
     * net or solver), a run directory it made is removed again: a failed start leaves nothing behind.
     */
    public static TrainingRun prepare(TrainOptions o) {
        boolean fresh = o.runDir() != null && !Files.exists(o.runDir(), java.nio.file.LinkOption.NOFOLLOW_LINKS);
        List<String> notes = new ArrayList<>();
        try {
            TrainingRun run = prepareIn(o, notes);
            run.notes.addAll(notes);
            return run;
        } catch (RuntimeException e) {
            boolean replaced = notes.stream().anyMatch(n -> n.startsWith(REPLACED));
            if ((fresh || replaced) && Files.isDirectory(o.runDir(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try {
                    org.dlp4j.AtomicFiles.deleteTree(o.runDir());
                } catch (IOException x) {
                    e.addSuppressed(x);
                }
            }
            throw e;
        }
    }

    private static TrainingRun prepareIn(TrainOptions o, List<String> notes) {
        o.validate();
        Path ws = (o.workspace() == null ? Path.of("") : o.workspace()).toAbsolutePath().normalize();
        if (!Files.isDirectory(ws)) {
            throw new BadInputException("workspace " + ws + " does not exist");
        }
        Path solverFile = o.solver();
        if (solverFile == null) {
            throw new BadInputException("Need a solver definition to train (--solver solver.prototxt)");
        }
        if (!Files.isRegularFile(solverFile) && !solverFile.isAbsolute() && Files.isRegularFile(ws.resolve(solverFile))) {
            solverFile = ws.resolve(solverFile);
        }
        if (!Files.isRegularFile(solverFile)) {
            throw new BadInputException(o.solver() + ": solver file not found");
        }
        if (o.weights() != null && o.resume() != null) {
            throw new BadInputException("give either --weights (fine-tune) or --resume (continue), not both");
        }
        if (o.weights() != null && !Files.isRegularFile(o.weights())) {
            throw new BadInputException(o.weights() + ": weights file not found");
        }
        RunLayout layout = new RunLayout(o.runDir().toAbsolutePath().normalize());
        RunReuse.refuseIfRunning(layout);
        Path resume = resolveResume(o, layout);
        if (resume == null && (Files.exists(layout.metrics()) || Files.exists(layout.runJson()))) {
            String failed = RunReuse.replaceable(layout);
            if (failed == null) {
                throw new BadInputException("run directory " + layout.dir() + " already holds a run; continue it with"
                        + " --resume latest, or choose another --run");
            }
            RunReuse.discard(layout);
            notes.add(REPLACED + " " + layout.dir() + ": its earlier run " + failed + " before writing any snapshot;"
                    + " its files (run.json, metrics, caffe.log) were deleted");
        }
        try {
            Files.createDirectories(layout.snapshots());
            Files.createDirectories(layout.plots());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + layout.dir() + ": " + e.getMessage(), e);
        }
        // a resume continues the run as it was set up (its own solver.prototxt, earlier overrides included), with
        // this command's overrides on top; the web UI resumes the same way
        Path base = resume != null && Files.isRegularFile(layout.solver()) ? layout.solver() : solverFile;
        // the user's solver first, so that problems name its file and lines (max_iter may come from --max-iter)
        List<org.dlp4j.caffe.Problem> own = new ArrayList<>(Prototxt.validateSolverForRun(base, ws).problems());
        own.removeIf(p -> o.maxIter() != null && p.what().startsWith("max_iter"));
        if (!own.isEmpty()) {
            new org.dlp4j.caffe.ValidationResult(own, 0, 0, null).throwIfAny();
        }
        TextProto solver = Prototxt.readSolver(base);
        RunFiles.write(solver, base, ws, layout, o);
        Prototxt.validateSolver(layout.solver(), ws).throwIfAny();
        // its nets' shapes at the LMDBs' record shape, as `net validate` checks them: a crop past its bottom or a
        // window larger than its input would abort Caffe inside the worker (exit 3) instead of this message (exit 2)
        List<org.dlp4j.caffe.Problem> shapes = org.dlp4j.model.ShapeChecks.solverProblems(layout.solver(), ws);
        if (!shapes.isEmpty()) {
            new org.dlp4j.caffe.ValidationResult(shapes, 0, 0, null).throwIfAny();
        }
        if (o.gpu() != null) {
            Caffe.apply(Device.of(o.gpu())); // fails clearly without GPU natives or device
            Caffe.useCpu();
        }
        if (resume != null) { // a state of another solver type or net would abort Caffe in the worker
            org.dlp4j.caffe.ResumeCheck.check(resume, Prototxt.readSolver(layout.solver()), Prototxt.readNet(layout.net()));
        }
        TestCoverage.check(layout.solver(), layout.net()).ifPresent(notes::add);
        TrainingRun run = new TrainingRun(o, layout, resume);
        run.writeRunJson("running", null);
        return run;
    }

    private static Path resolveResume(TrainOptions o, RunLayout layout) {
        if (o.resume() == null) {
            return null;
        }
        if (o.resume().equals("latest")) {
            return layout.latestSnapshot().orElseThrow(() -> new BadInputException("--resume latest: no complete"
                    + " snapshot in " + layout.snapshots() + (RunReuse.replaceable(layout) != null ? "; that run "
                    + RunReuse.replaceable(layout) + " before its first snapshot: start it again without --resume"
                    : "")));
        }
        Path p = Path.of(o.resume());
        if (!Files.isRegularFile(p)) {
            throw new BadInputException(p + ": solver state not found");
        }
        org.dlp4j.caffe.SolverStateFile.read(p); // a .caffemodel given here is refused by name before anything else
        return p.toAbsolutePath();
    }

    /**
     * What this run will not do that its user likely expects (see {@link IterationNotes}): test its trained weights
     * (test_interval beyond max_iter, no test_iter) or train at all (a resume at or past max_iter); empty when none.
     */
    public java.util.Optional<String> iterationNote() {
        int start = resumeState == null ? 0 : org.dlp4j.caffe.SolverStateFile.read(resumeState).iter();
        return IterationNotes.check(Prototxt.readSolver(layout.solver()), start, options);
    }

    /** Runs the solver in a worker process (Caffe aborts cannot take this JVM down). */
    public JsonNode runInWorker(TrainingListener listener) throws InterruptedException {
        Map<String, Object> req = request();
        Path ws = (options.workspace() == null ? Path.of("") : options.workspace()).toAbsolutePath();
        JsonNode[] summaryEvent = new JsonNode[1];
        try {
            worker = Worker.start(TrainJob.class, req, ws, layout.caffeLog(), null, e -> {
                if ("summary".equals(e.path("event").asText())) {
                    summaryEvent[0] = e.path("summary");
                } else {
                    listener.onEvent(e);
                }
            });
            if (stopAsked) { // asked while the worker process was starting
                worker.requestStop();
            }
            JsonNode summary;
            try {
                summary = worker.await();
            } catch (NativeCrashException e) {
                if (summaryEvent[0] == null) {
                    throw e;
                }
                summary = summaryEvent[0]; // stopped by a signal after its final snapshot
            }
            finish(summary, listener);
            return summary;
        } catch (NativeCrashException e) {
            writeRunJson("crashed", Map.of("message", e.getMessage()));
            throw RunCrashedException.withKept(e, layout);
        } catch (RuntimeException e) {
            writeRunJson("failed", Map.of("message", String.valueOf(e.getMessage())));
            throw e;
        }
    }

    /** Runs the solver on the calling thread of this JVM. */
    public JsonNode runHere(TrainingListener listener) {
        inProcess = new Trainer(layout, options.weights(), resumeState, Device.of(options.gpu()),
                m -> listener.onEvent(Json.MAPPER.valueToTree(m)));
        try {
            JsonNode summary = Json.MAPPER.valueToTree(inProcess.run());
            finish(summary, listener);
            return summary;
        } catch (RuntimeException e) {
            writeRunJson("failed", Map.of("message", String.valueOf(e.getMessage())));
            throw e;
        }
    }

    /** Asks the run to snapshot and stop (Ctrl-C, the web UI's Stop). */
    public void requestStop() {
        stopAsked = true;
        Worker w = worker;
        if (w != null) {
            w.requestStop();
        }
        Trainer t = inProcess;
        if (t != null) {
            t.requestStop();
        }
    }

    /** Sends SIGTERM to the worker: it snapshots, then stops (as Ctrl-C does). */
    public void terminate() {
        Worker w = worker;
        if (w != null) {
            w.terminate();
        }
    }

    /** Kills the worker at once (no snapshot). */
    public void kill() {
        Worker w = worker;
        if (w != null) {
            w.kill();
        }
    }

    private void finish(JsonNode summary, TrainingListener listener) {
        writeRunJson(summary.path("outcome").asText("completed"), Json.MAPPER.convertValue(summary, Map.class));
        listener.onEnd(summary);
    }

    private Map<String, Object> request() {
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("runDir", layout.dir().toString());
        req.put("weights", options.weights() == null ? null : options.weights().toAbsolutePath().toString());
        req.put("resume", resumeState == null ? null : resumeState.toString());
        req.put("gpu", options.gpu());
        return req;
    }

    private synchronized void writeRunJson(String outcome, Map<?, ?> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (Files.isRegularFile(layout.runJson())) {
            try {
                m.putAll(Json.MAPPER.readValue(layout.runJson().toFile(), Map.class));
            } catch (IOException e) {
                // rewrite from scratch
            }
        }
        m.putIfAbsent("start", Instant.now().toString());
        m.put("solver", options.solver().toString());
        m.putIfAbsent("origin", options.solver().toString()); // a resume runs the run's own copy: keep the net folder's
        m.put("workspace", String.valueOf(options.workspace()));
        m.put("weights", options.weights() == null ? null : options.weights().toString());
        m.put("resume", resumeState == null ? null : resumeState.toString());
        m.put("device", Device.of(options.gpu()).toString());
        m.put("command", command());
        m.putIfAbsent("versions", Caffe.versions());
        m.put("outcome", outcome);
        if (!outcome.equals("running")) {
            m.put("end", Instant.now().toString());
            m.remove("owner");
            if (extra != null && extra.get("iteration") instanceof Number it) {
                m.put("iteration", it);
            }
            org.dlp4j.caffe.CaffeSolver.removeIfEmpty(layout.partialSnapshots());
        } else {
            m.remove("end"); // of an earlier segment
            m.remove("iteration");
            // the process supervising the worker: if it dies (the worker goes with it), readers can tell this
            // "running" is stale (RunStatus.of)
            ProcessHandle self = ProcessHandle.current();
            Map<String, Object> owner = new LinkedHashMap<>();
            owner.put("pid", self.pid());
            owner.put("started", self.info().startInstant().map(Instant::toString).orElse(null));
            m.put("owner", owner);
        }
        if (extra != null) {
            m.put("summary", extra);
        }
        try {
            org.dlp4j.AtomicFiles.writeString(layout.runJson(), Json.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(m));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode run.json: " + e.getMessage(), e);
        }
    }

    private List<String> command() {
        return ProcessHandle.current().info().arguments().map(List::of).orElse(List.of());
    }
}
