package org.dlp4j.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dlp4j.deploy.ContourExport;
import org.dlp4j.deploy.ClassMask;
import org.dlp4j.deploy.InferJob;
import org.dlp4j.deploy.MaskIO;
import org.dlp4j.deploy.Transform;
import org.dlp4j.eval.DirectoryEvaluation;
import org.dlp4j.eval.Evaluation;
import org.dlp4j.eval.PixelSpacing;
import org.dlp4j.train.RunLayout;
import org.dlp4j.worker.Worker;

/**
 * The Deploy module's inference endpoints (uploads: {@link UploadApi}):
 * {@code POST /api/infer} (segment images in a worker; outputs under {@code WS/predictions/<run>/}). An inference
 * whose body names {@code progress: ID} (a name the client picks) publishes {@code progress} events
 * ({@code done, total, file}) and a final {@code end} ({@code status, images}) on
 * {@code GET /api/infer/progress/ID/events}, which the client may open before posting (events are replayed).
 */
final class InferApi {
    /** Progress streams kept for late subscribers: the most recent ones. */
    private static final int KEPT_STREAMS = 32;

    private final WorkspacePaths ws;
    private final RunManager runs;
    private final java.util.Set<Path> busy = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<String, EventStream> progress = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, EventStream> eldest) {
                    return size() > KEPT_STREAMS;
                }
            });

    InferApi(WorkspacePaths ws, RunManager runs) {
        this.ws = ws;
        this.runs = runs;
    }

    void register(Javalin app) {
        app.post("/api/infer", this::infer);
        app.get("/api/infer/defaults", ctx -> ctx.json(defaults(ctx.queryParam("run"))));
        // checked before the event stream starts (its 200 and headers go out first)
        app.before("/api/infer/progress/{id}/events", ctx -> WorkspacePaths.name(ctx.pathParam("id"), "progress id"));
        app.sse("/api/infer/progress/{id}/events",
                client -> progressStream(WorkspacePaths.name(client.ctx().pathParam("id"), "progress id")).subscribe(client));
    }

    private EventStream progressStream(String id) {
        synchronized (progress) {
            return progress.computeIfAbsent(id, k -> new EventStream());
        }
    }

    /**
     * Deploy, weights, labels and data transform of a run (deploy and labels from its net folder: beside the solver
     * it was first started from, which a resume keeps as {@code origin}).
     */
    Map<String, Object> defaults(String run) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (run == null || run.isBlank()) {
            return m;
        }
        RunLayout layout = runs.layoutOf(run);
        m.put("run", run);
        m.put("weights", layout.latestWeights().map(ws::relative).orElse(null));
        JsonNode runJson = RunManager.readJson(layout.runJson());
        String solver = runJson.path("origin").asText(runJson.path("solver").asText(""));
        Path netDir = solver.isEmpty() ? null : Path.of(solver).toAbsolutePath().getParent();
        if (netDir != null && netDir.startsWith(ws.root())) {
            Path deploy = netDir.resolve("deploy.prototxt");
            Path labels = netDir.resolve("labels.txt");
            m.put("deploy", Files.isRegularFile(deploy) ? ws.relative(deploy) : null);
            m.put("labels", Files.isRegularFile(labels) ? ws.relative(labels) : null);
            if (!Files.isRegularFile(deploy)) { // its net folder deleted or renamed since, or a net without a deploy
                m.put("note", "run '" + run + "' was started from " + ws.relative(netDir) + (Files.isDirectory(netDir)
                        ? ", which has no deploy.prototxt (generate one in the Net tab)"
                        : ", which is gone (deleted or renamed)") + "; give a deploy.prototxt for its weights");
            }
        }
        if (Files.isRegularFile(layout.net())) {
            Transform t = Transform.fromTrainVal(layout.net());
            m.put("scale", t.scale());
            m.put("mean", t.mean());
        }
        return m;
    }

    private void infer(Context ctx) throws Exception {
        JsonNode body = WebServer.json(ctx);
        String run = body.hasNonNull("run") ? WorkspacePaths.name(body.get("run").asText(), "run") : null;
        Map<String, Object> d = defaults(run);
        Path deploy = file(body, "deploy", d);
        new RunInputs(ws).requireNetInside(deploy); // the worker would open a data layer's source wherever it lies
        Path weights = file(body, "weights", d);
        Path labels = body.hasNonNull("labels") || d.get("labels") != null ? file(body, "labels", d) : null;
        List<Path> images = new ArrayList<>();
        for (JsonNode n : body.path("images")) {
            Path p = ws.resolve(n.asText());
            if (!Files.isRegularFile(p)) {
                throw ApiException.badRequest("image '" + n.asText() + "' not found in the workspace");
            }
            if (ImageFormats.unreadable(p.getFileName().toString())) {
                throw ApiException.badRequest("image '" + n.asText() + "' is in a format the server does not read"
                        + " (it reads " + ImageFormats.listed() + ")");
            }
            images.add(p);
        }
        if (images.isEmpty()) {
            throw ApiException.badRequest("'images' must list at least one image in the workspace");
        }
        String outName = run != null ? run : "adhoc";
        Path out = ws.inside("predictions", outName);
        Map<String, String> contourPaths = ContourExport.relativePaths(images.stream()
                .map(p -> p.getFileName().toString()).toList());
        checkOutputs(out, images, contourPaths);
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("deploy", deploy.toString());
        req.put("weights", weights.toString());
        req.put("labels", labels == null ? null : labels.toString());
        req.put("inputs", images.stream().map(Path::toString).toList());
        req.put("out", out.toString());
        req.put("gpu", WebServer.optInt(body, "gpu"));
        double alpha = java.util.Objects.requireNonNullElse(WebServer.optDouble(body, "alpha"), 0.4);
        if (!(alpha >= 0 && alpha <= 1)) {
            throw ApiException.badRequest("'alpha' (overlay opacity) must be between 0 and 1, got " + alpha);
        }
        req.put("alpha", alpha);
        // read strictly, as alpha: "1/255" or "abc" silently became the run's value (or 1)
        Double scale = WebServer.optDouble(body, "scale");
        Double mean = WebServer.optDouble(body, "mean");
        if (scale != null || mean != null || d.containsKey("scale")) {
            req.put("scale", scale != null ? scale : ((Number) d.getOrDefault("scale", 1.0)).doubleValue());
            req.put("mean", mean != null ? mean : ((Number) d.getOrDefault("mean", 0.0)).doubleValue());
        }
        // one inference at a time into a folder: a second one would write the same masks, overlays and CSV
        if (!busy.add(out)) {
            throw new ApiException(409, ws.relative(out) + ": an inference into this folder is still running; wait for"
                    + " it to finish before starting another one for the same run");
        }
        try {
            runInto(ctx, body, out, req, images, contourPaths);
        } finally {
            busy.remove(out);
        }
    }

    private void runInto(Context ctx, JsonNode body, Path out, Map<String, Object> req, List<Path> images,
            Map<String, String> contourPaths) throws Exception {
        Files.createDirectories(out);
        EventStream stream = body.hasNonNull("progress")
                ? progressStream(WorkspacePaths.name(body.get("progress").asText(), "progress id")) : null;
        JsonNode result = null;
        try (Worker w = Worker.start(InferJob.class, req, ws.root(), out.resolve("infer.log"), null, e -> {
            if (stream != null && "progress".equals(e.path("event").asText())) {
                stream.publish("progress", Map.of("done", e.path("done").asInt(), "total", e.path("total").asInt(),
                        "file", e.path("file").asText()));
            }
        })) {
            result = w.await();
        } finally {
            if (stream != null) {
                stream.end("end", result == null ? Map.of("status", "failed")
                        : Map.of("status", "completed", "images", result.path("images").asInt()));
            }
        }
        String mode = result.path("mode").asText("segmentation");
        double msEach = result.path("forward_ms").asDouble() / Math.max(1, result.path("images").asInt());
        Map<String, Double> msOf = perImageMs(out.resolve("predictions.csv"));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Path img : images) {
            String name = img.getFileName().toString();
            String stem = ContourExport.stem(name);
            Path mask = out.resolve("masks").resolve(stem + ".png");
            if (!mode.equals("segmentation") || !Files.isRegularFile(mask)) {
                continue;
            }
            ClassMask m = MaskIO.readClasses(mask);
            Path contour = out.resolve("contours").resolve(contourPaths.get(name));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("image", ws.relative(img));
            row.put("overlay", url(out.resolve("overlays").resolve(stem + ".png")));
            row.put("mask", url(mask));
            row.put("contour", Files.isRegularFile(contour) ? url(contour) : null);
            Path truth = ws.root().resolve("data").resolve("test_labels").resolve(stem + ".png");
            row.put("truth", Files.isRegularFile(truth) ? url(truth) : null);
            row.put("foregroundPixels", m.foregroundCount());
            row.put("width", m.width());
            row.put("height", m.height());
            row.put("ms", msOf.getOrDefault(name, msEach));
            rows.add(row);
        }
        Map<String, Object> resp = new LinkedHashMap<>();
        resp.put("mode", mode);
        resp.put("out", ws.relative(out));
        resp.put("predictions", url(out.resolve("predictions.csv")));
        resp.put("images", rows);
        resp.put("skipped", skipped(result.path("skipped")));
        resp.put("imagesPerSecond", result.path("images_per_s").asDouble());
        resp.put("evaluation", mode.equals("segmentation") ? evaluate(out, images) : null);
        ctx.json(resp);
    }

    /** The worker's skipped inputs ({@code file, reason}) with workspace paths, as every other path the API answers. */
    private List<Map<String, String>> skipped(JsonNode skipped) {
        String prefix = ws.root() + java.io.File.separator;
        List<Map<String, String>> out = new ArrayList<>();
        for (JsonNode n : skipped) {
            Map<String, String> m = new LinkedHashMap<>();
            n.fields().forEachRemaining(f -> m.put(f.getKey(), f.getValue().asText().replace(prefix, "")));
            out.add(m);
        }
        return out;
    }

    /**
     * 403 when a file the worker would write, or a folder it would write into, leads out of the workspace (a link
     * below {@code predictions/<run>/}): the worker follows links, so they are checked before it starts.
     */
    private void checkOutputs(Path out, List<Path> images, Map<String, String> contourPaths) {
        List<Path> outputs = new ArrayList<>(List.of(out.resolve("infer.log"), out.resolve("predictions.csv")));
        for (Path img : images) {
            String name = img.getFileName().toString();
            String stem = ContourExport.stem(name);
            outputs.add(out.resolve("masks").resolve(stem + ".png"));
            outputs.add(out.resolve("overlays").resolve(stem + ".png"));
            outputs.add(out.resolve("contours").resolve(contourPaths.get(name)));
        }
        for (Path p : outputs) {
            ws.inside(ws.relative(p));
        }
    }

    /** Each image's own time from predictions.csv ({@code file,foreground_pixels,area_mm2,ms}); empty if unreadable. */
    private static Map<String, Double> perImageMs(Path csv) {
        Map<String, Double> m = new java.util.HashMap<>();
        try {
            List<String> lines = Files.readAllLines(csv);
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                int last = line.lastIndexOf(',');
                int first = line.indexOf(',');
                if (first > 0 && last > first) {
                    m.put(line.substring(0, first), Double.parseDouble(line.substring(last + 1)));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the batch average stands in
        }
        return m;
    }

    /** Scores against WS/data/test_labels when every input has a same-named truth mask there; else null. */
    private Map<String, Object> evaluate(Path out, List<Path> images) {
        Path truth = ws.root().resolve("data").resolve("test_labels");
        if (!Files.isDirectory(truth) || images.stream().anyMatch(p -> !Files.isRegularFile(truth.resolve(
                ContourExport.stem(p.getFileName().toString()) + ".png")))) {
            return null;
        }
        try {
            Path selected = Files.createTempDirectory("dlp4j-truth");
            try {
                for (Path p : images) {
                    String f = ContourExport.stem(p.getFileName().toString()) + ".png";
                    Files.copy(truth.resolve(f), selected.resolve(f));
                }
                // the copies are scored in millimetres by the workspace's dataset.json, not by what lies above them
                DirectoryEvaluation.Result r = DirectoryEvaluation.run(out, selected, Double.NaN,
                        PixelSpacing.find(ws.root().resolve("data")));
                Evaluation e = r.evaluation();
                Map<String, Object> m = new LinkedHashMap<>(e.summary());
                List<Map<String, Object>> rows = new ArrayList<>();
                for (Evaluation.Row row : e.rows()) {
                    rows.add(Map.of("image", row.image(), "dice", row.dice(), "iou", row.iou(),
                            "pixelAccuracy", row.pixelAccuracy(), "apdMm", row.apdMm(), "good", row.good()));
                }
                m.put("rows", rows);
                m.put("spacingNote", r.spacingNote());
                return m;
            } finally {
                org.dlp4j.AtomicFiles.deleteTree(selected);
            }
        } catch (IOException | RuntimeException e) {
            return Map.of("error", String.valueOf(e.getMessage()));
        }
    }

    private Path file(JsonNode body, String field, Map<String, Object> d) {
        String v = body.hasNonNull(field) && !body.get(field).asText().isBlank() ? body.get(field).asText()
                : (String) d.get(field);
        if (v == null) {
            throw ApiException.badRequest("'" + field + "' is required (or give a 'run' that provides it)"
                    + (field.equals("deploy") && d.get("note") != null ? ": " + d.get("note") : ""));
        }
        Path p = ws.resolve(v);
        if (!Files.isRegularFile(p)) {
            throw ApiException.badRequest(field + " file '" + v + "' not found in the workspace");
        }
        return p;
    }

    private String url(Path p) {
        return "/api/files?path=" + URLEncoder.encode(ws.relative(p), StandardCharsets.UTF_8);
    }
}
