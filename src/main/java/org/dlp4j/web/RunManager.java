package org.dlp4j.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.dlp4j.Json;
import org.dlp4j.caffe.NativeCrashException;
import org.dlp4j.train.MetricsLog;
import org.dlp4j.train.RunLayout;
import org.dlp4j.train.TrainOptions;
import org.dlp4j.train.TrainingListener;
import org.dlp4j.train.TrainingRun;

/**
 * Training runs started from the web UI: each runs in a worker process driven by a background thread, and
 * its events go to an {@link EventStream}. Runs already on disk ({@code WS/runs/<id>/run.json}) are listed
 * too; a stopped or finished run can be resumed from its latest complete snapshot.
 */
public final class RunManager {
    /** One run started by this server. */
    static final class Session {
        final String id;
        final TrainingRun run;
        final EventStream events = new EventStream();
        volatile String status = "running";
        volatile Thread thread;

        Session(String id, TrainingRun run) {
            this.id = id;
            this.run = run;
        }
    }

    private final WorkspacePaths ws;
    private final RunFolders folders;
    private final RunInputs inputs;
    private final Map<String, Session> live = new ConcurrentHashMap<>();

    public RunManager(WorkspacePaths ws) {
        this.ws = ws;
        this.folders = new RunFolders(ws);
        this.inputs = new RunInputs(ws);
    }

    /**
     * Starts a run. Body: {@code net} (a net under WS/nets) or {@code solver} (a workspace path), optional
     * {@code run} (id), {@code maxIter}, {@code snapshot}, {@code testInterval}, {@code gpu}, {@code weights}.
     */
    public synchronized Map<String, Object> start(JsonNode body) {
        Path solver;
        String base;
        if (body.hasNonNull("net")) {
            String net = WorkspacePaths.name(body.get("net").asText(), "net");
            solver = ws.inside("nets", net, "solver.prototxt");
            if (!Files.isRegularFile(solver)) {
                throw ApiException.notFound("net '" + net + "' has no solver.prototxt in " + solver.getParent());
            }
            base = net;
        } else if (body.hasNonNull("solver")) {
            solver = ws.resolve(body.get("solver").asText());
            base = solver.getParent().getFileName().toString();
        } else {
            throw ApiException.badRequest("give 'net' (a net in the workspace's nets/) or 'solver' (a solver path)");
        }
        // the solver's nets and data must lie in the workspace: checked before any of them is opened
        inputs.requireInside(solver);
        String asked = body.hasNonNull("run") ? WorkspacePaths.name(body.get("run").asText(), "run") : null;
        if (asked != null && live.containsKey(asked) && "running".equals(live.get(asked).status)) {
            throw new ApiException(409, "run '" + asked + "' is already running");
        }
        // every option is read before the run folder is claimed, so a bad one leaves no folder behind
        Integer gpu = WebServer.optInt(body, "gpu");
        Integer maxIter = WebServer.optInt(body, "maxIter");
        Integer snapshot = WebServer.optInt(body, "snapshot");
        Integer testInterval = WebServer.optInt(body, "testInterval");
        Path weights = body.hasNonNull("weights") && !body.get("weights").asText().isBlank()
                ? ws.resolve(body.get("weights").asText()) : null;
        RunFolders.Claim claim = asked != null ? folders.claimOrReplace(asked)
                : new RunFolders.Claim(folders.claimNew(base), false);
        Path dir = claim.dir();
        try {
            TrainOptions o = TrainOptions.of(solver, ws.root(), dir).withGpu(gpu)
                    .withOverrides(maxIter, snapshot, testInterval);
            if (weights != null) {
                o = o.withWeights(weights);
            }
            Map<String, Object> out = launch(dir.getFileName().toString(), TrainingRun.prepare(o));
            out.put("replaced", claim.replaces());
            return out;
        } catch (RuntimeException e) {
            // a folder made here: a failed start leaves nothing behind (prepare removes one it replaced itself)
            if (!claim.replaces()) {
                try {
                    org.dlp4j.AtomicFiles.deleteTree(dir);
                } catch (IOException x) {
                    e.addSuppressed(x);
                }
            }
            throw e;
        }
    }

    /** Resumes a run that is not running from its latest complete snapshot. */
    public synchronized Map<String, Object> resume(String id) {
        WorkspacePaths.name(id, "run");
        Session s = live.get(id);
        if (s != null && "running".equals(s.status)) {
            throw new ApiException(409, "run '" + id + "' is still running");
        }
        RunLayout layout = new RunLayout(ws.inside("runs", id));
        if (!Files.isRegularFile(layout.solver())) {
            throw ApiException.notFound("run '" + id + "' not found");
        }
        inputs.requireInside(layout.solver());
        JsonNode runJson = readJson(layout.runJson());
        if ("running".equals(org.dlp4j.train.RunStatus.of(runJson)) && runJson.path("owner").has("pid")) {
            // e.g. a dlp train in a terminal: a second worker would train into the same folder beside it
            throw new ApiException(409, "run '" + id + "' is still running in another process (pid "
                    + runJson.path("owner").path("pid").asLong() + "); stop it there first");
        }
        // run.json's device is Device.toString(): "CPU" or "GPU <id>"; anything else resumes on the CPU
        java.util.regex.Matcher gpu = java.util.regex.Pattern.compile("GPU\\D*(\\d{1,8})")
                .matcher(runJson.path("device").asText(""));
        Integer g = gpu.matches() ? Integer.valueOf(gpu.group(1)) : null;
        TrainOptions o = TrainOptions.of(layout.solver(), ws.root(), layout.dir()).withResume("latest").withGpu(g);
        return launch(id, TrainingRun.prepare(o));
    }

    /** Asks a running run to snapshot and stop. */
    public Map<String, Object> stop(String id) {
        Session s = live.get(WorkspacePaths.name(id, "run"));
        if (s == null || !"running".equals(s.status)) {
            throw new ApiException(409, "run '" + id + "' is not running");
        }
        s.run.requestStop();
        return Map.of("id", id, "status", "stopping");
    }

    private Map<String, Object> launch(String id, TrainingRun tr) {
        Session s = new Session(id, tr);
        live.put(id, s);
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onEvent(JsonNode e) {
                s.events.publish(e.path("event").asText("event"), e);
            }
        };
        Thread t = new Thread(() -> {
            Map<String, Object> end = new LinkedHashMap<>();
            end.put("id", id);
            try {
                JsonNode summary = tr.runInWorker(listener);
                s.status = summary.path("outcome").asText("completed");
                end.put("outcome", s.status);
                end.put("summary", summary);
            } catch (NativeCrashException e) {
                s.status = "crashed";
                end.put("outcome", "crashed");
                end.put("error", WebWording.of(e.getMessage()));
                end.put("check", e.fatalLine());
            } catch (InterruptedException e) {
                tr.kill();
                s.status = "stopped";
                end.put("outcome", "stopped");
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) { // an Error too: the run must not read "running" for good
                s.status = "failed";
                end.put("outcome", "failed");
                end.put("error", WebWording.of(String.valueOf(e.getMessage())));
            }
            s.events.end("end", end);
        }, "web-run-" + id);
        t.setDaemon(true);
        s.thread = t;
        t.start();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("status", "running");
        out.put("dir", ws.relative(tr.layout().dir()));
        out.put("resumedFrom", tr.resumeState() == null ? null : ws.relative(tr.resumeState()));
        out.put("notes", tr.notes().stream().map(n -> WebWording.of(n.replace(ws.root() + "/", ""))).toList()); // what dlp train prints before it starts (test_iter coverage, a replaced folder)
        return out;
    }

    /** Every run in WS/runs (and those started here), newest first: id, status, start, end, solver, device, summary. */
    public List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        Path runs = ws.root().resolve("runs");
        if (Files.isDirectory(runs)) {
            try (Stream<Path> s = Files.list(runs)) {
                for (Path d : s.filter(p -> Files.isRegularFile(p.resolve("run.json"))).sorted().toList()) {
                    try { // only runs the API can open: a valid name, inside the workspace
                        out.add(brief(WorkspacePaths.name(d.getFileName().toString(), "run")));
                    } catch (ApiException e) {
                        // skipped, so one odd folder does not hide every other run
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        out.sort((a, b) -> String.valueOf(b.get("start")).compareTo(String.valueOf(a.get("start"))));
        return out;
    }

    private Map<String, Object> brief(String id) {
        RunLayout layout = new RunLayout(ws.inside("runs", id));
        JsonNode rj = readJson(layout.runJson());
        Map<String, Object> m = new LinkedHashMap<>();
        String status = status(id, rj);
        // a resumed run's run.json keeps the previous attempt's end and summary until this one ends
        boolean running = status.equals("running");
        m.put("id", id);
        m.put("status", status);
        m.put("start", rj.path("start").asText(null));
        m.put("end", running ? null : rj.path("end").asText(null));
        m.put("solver", rj.path("solver").asText(null));
        m.put("device", rj.path("device").asText(null));
        m.put("summary", running ? null : rj.get("summary"));
        return m;
    }

    private String status(String id, JsonNode runJson) {
        Session s = live.get(id);
        return s != null ? s.status : org.dlp4j.train.RunStatus.of(runJson);
    }

    /** run.json, the status, the metrics lines and the latest weights of one run. */
    public Map<String, Object> get(String id) {
        RunLayout layout = layoutOf(id);
        Map<String, Object> m = brief(id);
        // reading snapshots to find the newest complete one costs a full read of each caffemodel: only here
        m.put("latestWeights", layout.latestWeights().map(ws::relative).orElse(null));
        m.put("snapshots", folders.snapshots(layout));
        m.put("run", readJson(layout.runJson()));
        m.put("metrics", MetricsLog.read(layout.metrics()));
        return m;
    }

    /** The last {@code lines} lines of the run's caffe.log. */
    public Map<String, Object> logTail(String id, int lines) {
        RunLayout layout = layoutOf(id);
        List<String> all;
        try {
            all = Files.isRegularFile(layout.caffeLog()) ? Files.readAllLines(layout.caffeLog()) : List.of();
        } catch (IOException e) {
            all = List.of("cannot read caffe.log: " + e.getMessage());
        }
        int n = Math.max(1, Math.min(lines, 2000));
        return Map.of("id", id, "lines", all.subList(Math.max(0, all.size() - n), all.size()));
    }

    /** The live stream of a run started here, or a replay of a finished run's metrics. */
    public EventStream events(String id) {
        Session s = live.get(WorkspacePaths.name(id, "run"));
        if (s != null) {
            return s.events;
        }
        RunLayout layout = layoutOf(id);
        EventStream replay = new EventStream();
        for (JsonNode n : MetricsLog.read(layout.metrics())) {
            ObjectNode e = n.deepCopy();
            String name = n.has("dice") || n.has("test_loss") ? "test" : "iteration";
            e.put("event", name);
            replay.publish(name, e);
        }
        JsonNode rj = readJson(layout.runJson());
        replay.end("end", Map.of("id", id, "outcome", org.dlp4j.train.RunStatus.of(rj),
                "summary", rj.path("summary")));
        return replay;
    }

    /** 400 for a bad run name, 404 for a run neither started here nor on disk. */
    public void require(String id) {
        if (!live.containsKey(WorkspacePaths.name(id, "run"))) {
            layoutOf(id);
        }
    }

    /** The layout of an existing run (404 otherwise). */
    public RunLayout layoutOf(String id) {
        RunLayout layout = new RunLayout(ws.inside("runs", WorkspacePaths.name(id, "run")));
        if (!Files.isRegularFile(layout.runJson())) {
            throw ApiException.notFound("run '" + id + "' not found");
        }
        return layout;
    }

    /** Stops every live run and waits a little for their snapshots (server shutdown). */
    public void shutdown() {
        for (Session s : live.values()) {
            if ("running".equals(s.status)) {
                s.run.requestStop();
            }
        }
        for (Session s : live.values()) {
            try {
                if (s.thread != null) {
                    s.thread.join(10_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            s.run.kill();
        }
    }

    static JsonNode readJson(Path f) {
        try {
            return Files.isRegularFile(f) ? Json.MAPPER.readTree(f.toFile()) : Json.MAPPER.createObjectNode();
        } catch (IOException e) {
            return Json.MAPPER.createObjectNode();
        }
    }
}
