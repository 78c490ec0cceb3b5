package org.dlp4j.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.dlp4j.BadInputException;
import org.dlp4j.data.images.ImagesImporter;
import org.dlp4j.data.sunnybrook.CaseSplit;
import org.dlp4j.data.sunnybrook.ImportReport;
import org.dlp4j.data.sunnybrook.ProgressListener;
import org.dlp4j.data.sunnybrook.SunnybrookImporter;
import org.dlp4j.data.synth.SyntheticSunnybrook;

/**
 * Data imports started from the web UI, each in a background thread with progress events
 * ({@code progress}, then {@code end}) on its {@link EventStream}. Kinds: {@code synth} (generate a
 * Sunnybrook-shaped tree under {@code WS/raw/}, then import it), {@code sunnybrook} (a folder inside the
 * workspace), {@code images} (image and label folders inside the workspace).
 */
public final class ImportJobs {
    /** One import. */
    static final class Job {
        final int number;
        final String id;
        final String kind;
        final EventStream events = new EventStream();
        final Map<String, Object> state = new ConcurrentHashMap<>();

        Job(int number, String kind) {
            this.number = number;
            this.id = "import-" + number;
            this.kind = kind;
        }
    }

    /** How many imports are remembered for {@link #list} and {@link #get}. */
    static final int KEPT = 50;

    private final WorkspacePaths ws;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger(1);

    public ImportJobs(WorkspacePaths ws) {
        this.ws = ws;
    }

    /** Validates the request and starts the job; returns {@code {id, kind, status}}. */
    public synchronized Map<String, Object> start(JsonNode body) {
        String kind = body.path("kind").asText("");
        for (Job j : jobs.values()) {
            if ("running".equals(j.state.get("status"))) {
                throw new ApiException(409, "import " + j.id + " is still running");
            }
        }
        // options are read strictly and checked here, so a bad value is a 400 rather than a default or a failed job
        double valFraction = Objects.requireNonNullElse(WebServer.optDouble(body, "valFraction"), 0.2);
        double testFraction = Objects.requireNonNullElse(WebServer.optDouble(body, "testFraction"), 0.2);
        long seed = Objects.requireNonNullElse(WebServer.optLong(body, "seed"), 1L);
        CaseSplit.checkFractions(valFraction, testFraction);
        Runnable work;
        Job job = new Job(next.getAndIncrement(), kind);
        String what;
        switch (kind) {
            case "synth" -> {
                int cases = Objects.requireNonNullElse(WebServer.optInt(body, "cases"), 3);
                if (cases < 1 || cases > 45) {
                    throw ApiException.badRequest("'cases' must be between 1 and 45, got " + cases);
                }
                Path raw = ws.inside("raw", "synthetic-" + cases + "-" + seed);
                what = "synthetic Sunnybrook data, " + cases + " case" + (cases == 1 ? "" : "s") + ", seed " + seed;
                work = () -> {
                    if (!Files.isDirectory(raw)) {
                        progress(job, "generate", 0, cases, "generating " + cases + " synthetic cases");
                        SyntheticSunnybrook.Result r = unchecked(() -> SyntheticSunnybrook.generate(raw, cases, seed));
                        progress(job, "generate", cases, cases, r.images() + " images, " + r.contours() + " contours");
                    }
                    importSunnybrook(job, raw, body, valFraction, testFraction, seed);
                };
            }
            case "sunnybrook" -> {
                Path src = ws.resolve(body.path("path").asText(""));
                if (!Files.isDirectory(src)) {
                    throw ApiException.badRequest("Sunnybrook folder '" + body.path("path").asText() + "' not found"
                            + " in the workspace");
                }
                what = "Sunnybrook folder " + ws.relative(src);
                work = () -> importSunnybrook(job, src, body, valFraction, testFraction, seed);
            }
            case "images" -> {
                Path images = ws.resolve(body.path("images").asText(""));
                Path labels = ws.resolve(body.path("labels").asText(""));
                if (!Files.isDirectory(images) || !Files.isDirectory(labels)) {
                    throw ApiException.badRequest("'images' and 'labels' must be folders in the workspace");
                }
                what = "images " + ws.relative(images) + " with labels " + ws.relative(labels);
                work = () -> {
                    ImagesImporter imp = new ImagesImporter(valFraction, testFraction, seed,
                            body.path("force").asBoolean(false), false);
                    report(job, unchecked(() -> imp.run(images, labels, ws.root(), listener(job))));
                };
            }
            default -> throw ApiException.badRequest("'kind' must be synth, sunnybrook or images, got '" + kind + "'");
        }
        job.state.put("id", job.id);
        job.state.put("kind", kind);
        job.state.put("what", what);
        job.state.put("status", "running");
        job.state.put("start", Instant.now().toString());
        jobs.put(job.id, job);
        // finished jobs beyond the most recent KEPT are forgotten (only one runs at a time)
        jobs.values().stream().sorted(Comparator.comparingInt((Job j) -> j.number).reversed()).skip(KEPT)
                .forEach(j -> jobs.remove(j.id));
        Thread t = new Thread(() -> run(job, work), "web-" + job.id);
        t.setDaemon(true);
        t.start();
        return Map.copyOf(job.state);
    }

    private void importSunnybrook(Job job, Path src, JsonNode body, double valFraction, double testFraction,
            long seed) {
        job.state.put("source", ws.relative(src));
        SunnybrookImporter imp = SunnybrookImporter.builder().valFraction(valFraction).testFraction(testFraction)
                .seed(seed)
                .force(body.path("force").asBoolean(false)).threads(2).build();
        report(job, unchecked(() -> imp.run(src, ws.root(), listener(job))));
    }

    private static ProgressListener listener(Job job) {
        return new ProgressListener() {
            private long last;

            @Override
            public void progress(String phase, long done, long total, double seconds) {
                long now = System.currentTimeMillis();
                if (done == total || now - last >= 100) { // at most ten events a second
                    last = now;
                    ImportJobs.progress(job, phase, done, total, String.format("%.1f s", seconds));
                }
            }

            @Override
            public void message(String line) {
                job.events.publish("message", Map.of("message", line));
            }
        };
    }

    private static void report(Job job, ImportReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("written", r.written());
        m.put("skipped", r.skippedCount());
        m.put("slicesPerSplit", r.slicesPerSplit());
        m.put("casesPerSplit", r.casesPerSplit());
        m.put("warnings", r.warnings());
        m.put("seconds", r.seconds());
        job.state.put("report", m);
    }

    private void run(Job job, Runnable work) {
        Map<String, Object> end = new LinkedHashMap<>();
        end.put("id", job.id);
        try {
            work.run();
            job.state.put("status", "completed");
        } catch (ApiException e) {
            job.state.put("status", e.status() == 501 ? "unavailable" : "failed");
            job.state.put("error", e.getMessage());
        } catch (BadInputException e) {
            job.state.put("status", "failed");
            job.state.put("error", WebWording.of(e.getMessage()));
        } catch (RuntimeException | Error e) {
            // an Error too (a native library that fails to link, memory): the job must not read "running" for good,
            // which would refuse every later import with a 409
            job.state.put("status", "failed");
            job.state.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        job.state.put("end", Instant.now().toString());
        end.putAll(job.state);
        job.events.end("end", end);
    }

    private static void progress(Job job, String stage, long done, long total, String message) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("stage", stage);
        p.put("done", done);
        p.put("total", total);
        p.put("message", message);
        job.state.put("progress", p);
        job.events.publish("progress", p);
    }

    /** Every import this server started (the most recent {@value #KEPT} of them), newest first: their states. */
    public List<Map<String, Object>> list() {
        return jobs.values().stream().sorted(Comparator.comparingInt((Job j) -> j.number).reversed())
                .map(j -> Map.copyOf(j.state)).toList();
    }

    public Map<String, Object> get(String id) {
        return Map.copyOf(job(id).state);
    }

    public EventStream events(String id) {
        return job(id).events;
    }

    private Job job(String id) {
        Job j = jobs.get(id);
        if (j == null) {
            throw ApiException.notFound("no import job '" + id + "'");
        }
        return j;
    }

    private interface IoWork<T> {
        T get() throws java.io.IOException;
    }

    private static <T> T unchecked(IoWork<T> w) {
        try {
            return w.get();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
