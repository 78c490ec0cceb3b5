package org.dlp4j.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dlp4j.BadInputException;
import org.dlp4j.caffe.Device;
import org.dlp4j.eval.PixelSpacing;
import org.dlp4j.worker.WorkerContext;
import org.dlp4j.worker.WorkerJob;

/**
 * Inference over many images in one worker process, one net. Decoding and writing run either in turn with the
 * forward pass on the job's thread, or beside it (decoding ahead on one thread, writing on another) where a core is
 * free for them: {@link IoSchedule} decides, measuring on the first images when it must.
 * Request: {@code {deploy, weights, labels?, inputs: [..], out, gpu?, alpha?, scale?, mean?, overlap?}} with
 * {@code overlap} one of {@code auto} (default), {@code on}, {@code off}.
 */
public final class InferJob implements WorkerJob {
    @Override
    public Object run(JsonNode req, WorkerContext ctx) throws Exception {
        Path deploy = Path.of(req.path("deploy").asText());
        Path weights = Path.of(req.path("weights").asText());
        List<String> labels = req.hasNonNull("labels") ? LabelsFile.read(Path.of(req.get("labels").asText())) : List.of();
        Path out = Path.of(req.path("out").asText());
        double alpha = req.path("alpha").asDouble(Overlay.DEFAULT_ALPHA);
        Device device = Device.of(req.hasNonNull("gpu") ? req.get("gpu").asInt() : null);
        Transform.Found found = req.hasNonNull("scale") || req.hasNonNull("mean")
                ? new Transform.Found(new Transform(req.path("scale").asDouble(1), req.path("mean").asDouble(0)),
                        "the request") : Transform.found(deploy);
        Transform t = found == null ? Transform.IDENTITY : found.transform();
        List<Path> inputs = new ArrayList<>();
        req.path("inputs").forEach(n -> inputs.add(Path.of(n.asText())));
        List<Map<String, String>> skipped = new ArrayList<>();
        long tLoad = System.nanoTime();
        long t0 = tLoad;
        double loadMs = 0;
        double forwardMs = 0;
        int done = 0;
        IoSchedule.Mode overlapMode = IoSchedule.Mode.parse(req.path("overlap").asText(null));
        ExecutorService io = null; // one thread decodes ahead and writes: two would take turns with the forward pass
        ExecutorService active = null; // io while overlapping, null while working in turn
        Map<String, Object> schedule;
        String mode;
        // Caffe loads the net on one core; the other warms the Java side meanwhile (see warmUp)
        Path sample = inputs.isEmpty() ? null : inputs.get(0);
        java.util.concurrent.atomic.AtomicBoolean loading = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread warm = new Thread(() -> warmUp(sample, labels, out, loading::get), "dlp-infer-warm-up");
        warm.setDaemon(true);
        warm.start();
        try (DeployedNet net = new DeployedNet(deploy, weights, labels, t, device); // loaded once, for either use
                IoSchedule plan = IoSchedule.start(overlapMode, device, System.getenv(),
                        Runtime.getRuntime().availableProcessors(), inputs.size())) {
            if (plan.overlap()) {
                io = ioThread();
                active = io;
            }
            mode = net.spatialOutput() ? "segmentation" : "classification";
            Segmenter seg = mode.equals("segmentation") ? new Segmenter(net) : null;
            Classifier cls = seg == null ? new Classifier(net) : null;
            loading.set(false);
            warm.join(10_000); // never races the timed loop; a stuck warm-up is simply left behind
            t0 = System.nanoTime(); // throughput is measured from here; loading is reported apart
            loadMs = (t0 - tLoad) / 1e6;
            {
                SegmentationWriter segOut = new SegmentationWriter(out, net.labels, alpha,
                        inputs.stream().map(p -> p.getFileName().toString()).toList());
                PredictionsCsv csv = PredictionsCsv.classification(Math.min(5, Math.max(1, labels.size())));
                PixelSpacing spacing = inputs.isEmpty() ? null : PixelSpacing.find(inputs.get(0).toAbsolutePath().getParent());
                List<Future<InputImage>> ahead = new ArrayList<>();
                for (int i = 0; i < Math.min(4, inputs.size()); i++) {
                    Path p = inputs.get(i);
                    ahead.add(submit(active, () -> InputImage.load(p)));
                }
                List<Future<?>> writes = new ArrayList<>(); // every write is checked: a failed one fails the job
                long lastProgress = System.nanoTime() - PROGRESS_EVERY_NS;
                for (int i = 0; i < inputs.size(); i++) {
                    if (ctx.stopRequested()) {
                        break;
                    }
                    long tImage = System.nanoTime();
                    if (i + 4 < inputs.size()) {
                        Path p = inputs.get(i + 4);
                        ahead.add(submit(active, () -> InputImage.load(p)));
                    }
                    InputImage img;
                    try {
                        // taken out of the list: a job keeps at most 4 decoded images, not all of them
                        img = ahead.set(i, null).get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        String why = e.getCause() instanceof BadInputException ? e.getCause().getMessage() : String.valueOf(e.getCause());
                        skipped.add(Map.of("file", inputs.get(i).toString(), "reason", why));
                        continue;
                    }
                    double[] sp = spacingOf(img, spacing);
                    double ms;
                    try {
                        if (cls != null) {
                            Classifier.Result r = cls.classify(img.image());
                            ms = r.ms();
                            csv.addClassification(img.name(), r.probabilities(), cls.labels(), r.ms());
                        } else {
                            Segmenter.Result r = seg.segment(img.image());
                            ms = r.ms();
                            writes.add(submit(active, () -> segOut.write(img.name(), img.image(), r.mask(), sp[0],
                                    sp[1], r.ms())));
                        }
                    } catch (org.dlp4j.caffe.ValidationException e) {
                        // the reshape to this size was refused before Caffe saw it: the net still takes the others
                        skipped.add(Map.of("file", inputs.get(i).toString(), "reason", "a " + img.image().width() + "x"
                                + img.image().height() + " image does not fit this net (too small for its pooling or"
                                + " kernels; give larger images): " + e.getMessage()));
                        continue;
                    }
                    forwardMs += ms;
                    done++;
                    long now = System.nanoTime();
                    if (now - lastProgress >= PROGRESS_EVERY_NS || i == inputs.size() - 1) {
                        // at most 10 events a second: at 100 images/s one JSON line per image costs ~0.5 ms each
                        ctx.emit("progress", Map.of("done", done + skipped.size(), "total", inputs.size(), "file", img.name()));
                        lastProgress = now;
                    }
                    IoSchedule.Step step = plan.record(ms, (System.nanoTime() - tImage) / 1e6);
                    if (step == IoSchedule.Step.OVERLAP && active == null) {
                        // from the next image on, decode ahead and write beside the forward pass (the next 4 images
                        // are already decoded: in turn, decoding runs inline)
                        if (io == null) {
                            io = ioThread();
                        }
                        active = io;
                    } else if (step == IoSchedule.Step.IN_TURN) {
                        // back to in turn: the queued writes finish first, so that writes never run two at a time
                        // (decodes queued there are pure, and each is waited for in its turn)
                        for (Future<?> w : writes) {
                            w.get();
                        }
                        active = null;
                    }
                }
                for (Future<?> w : writes) {
                    w.get();
                }
                if (io != null) {
                    io.shutdown();
                    io.awaitTermination(1, java.util.concurrent.TimeUnit.HOURS);
                }
                schedule = plan.report();
                if (cls != null) {
                    csv.write(out.resolve("predictions.csv"));
                } else {
                    segOut.finish();
                }
            } // the net closes with the try above (Segmenter and Classifier only wrap it)
        } finally {
            if (io != null) {
                io.shutdownNow();
            }
        }
        double totalMs = (System.nanoTime() - t0) / 1e6;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("mode", mode);
        r.put("images", done);
        r.put("skipped", skipped);
        r.put("out", out.toString());
        r.putAll(schedule);
        r.put("load_ms", loadMs);
        r.put("forward_ms", forwardMs);
        r.put("total_ms", totalMs);
        r.put("images_per_s", done / Math.max(1e-9, totalMs / 1000));
        r.put("outside_forward_share", totalMs > 0 ? Math.max(0, 1 - forwardMs / totalMs) : 0);
        Map<String, Object> tr = new LinkedHashMap<>();
        tr.put("scale", t.scale());
        tr.put("mean", t.mean());
        tr.put("from", found == null ? null : found.from());
        r.put("transform", tr);
        return r;
    }

    /**
     * Runs the Java side of one image while {@code netLoading} holds (at least once, at most {@value #WARM_UP_ROUNDS}
     * times): decoding the first input, then everything {@link SegmentationWriter#write} does (mask and overlay PNGs
     * with the legend, whose first text loads the fonts: about 0.4 s; the outline; the contour file) into a hidden
     * scratch folder of {@code out}, removed afterwards, and one progress event's JSON. Class loading, first file
     * operations and compilation then happen while Caffe loads the net, single-threaded, instead of inside the first
     * images: measured on fcn-small, one round of encoding alone left the first image 27-34 ms of writing and about
     * 25 ms more of first calls, against 5-8 ms of writing for later ones. Failures are ignored: the real loop
     * reports them.
     */
    static void warmUp(Path sample, List<String> labels, Path out, java.util.function.BooleanSupplier netLoading) {
        Path scratch = out.resolve(".dlp-warm-up-" + ProcessHandle.current().pid());
        try {
            GreyImage g = sample == null ? null : InputImage.load(sample).image();
            int w = g == null ? 64 : g.width();
            int h = g == null ? 64 : g.height();
            if (g == null) {
                g = new GreyImage(w, h, new float[w * h]);
            }
            boolean[] fg = new boolean[w * h];
            for (int y = h / 4; y < h / 2; y++) {
                for (int x = w / 4; x < w / 2; x++) {
                    fg[y * w + x] = true;
                }
            }
            ClassMask mask = ClassMask.of(w, h, fg);
            SegmentationWriter writer = new SegmentationWriter(scratch,
                    labels.isEmpty() ? List.of("background", "foreground") : labels, Overlay.DEFAULT_ALPHA);
            org.dlp4j.Json.write(Map.of("event", "progress", "done", 0, "total", 1, "file", "warm-up"));
            for (int round = 0; round < WARM_UP_ROUNDS && (round == 0 || netLoading.getAsBoolean()); round++) {
                if (round > 0 && sample != null) {
                    g = InputImage.load(sample).image();
                }
                writer.write("IM-0001-0001.png", g, mask, Double.NaN, Double.NaN, 1);
            }
        } catch (RuntimeException | LinkageError e) {
            // only a warm-up
        } finally {
            try {
                org.dlp4j.AtomicFiles.deleteTree(scratch);
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                // a leftover hidden folder; nothing else to do
            }
        }
    }

    private static final int WARM_UP_ROUNDS = 20;
    private static final long PROGRESS_EVERY_NS = 100_000_000L;

    private static ExecutorService ioThread() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread th = new Thread(r, "dlp-infer-io");
            th.setDaemon(true);
            return th;
        });
    }

    /** On {@code ex}, or right here (the work done, its outcome in the future) when there is no executor. */
    private static <T> Future<T> submit(ExecutorService ex, java.util.concurrent.Callable<T> work) {
        if (ex != null) {
            return ex.submit(work);
        }
        java.util.concurrent.FutureTask<T> f = new java.util.concurrent.FutureTask<>(work);
        f.run();
        return f;
    }

    private static double[] spacingOf(InputImage img, PixelSpacing spacing) {
        if (!Double.isNaN(img.rowMm())) {
            return new double[] {img.rowMm(), img.colMm()};
        }
        double[] s = spacing == null ? null : spacing.lookup(img.name());
        return s == null ? new double[] {Double.NaN, Double.NaN} : s;
    }
}
