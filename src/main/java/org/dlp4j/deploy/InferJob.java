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
 * Inference over many images in one worker process, one net. Where a core is free beside the forward pass (GPU
 * mode, or OpenBLAS limited to fewer threads than there are cores) decoding runs ahead on one thread and outputs
 * are written on another; otherwise everything runs in turn on the job's thread, because work beside a CPU
 * forward pass takes a core from OpenBLAS's threads and slows every GEMM: measured on 2 cores, overlapping cut
 * AlexFCN's throughput by 16-21 % (BENCHMARKS.md, section 6).
 * Request: {@code {deploy, weights, labels?, inputs: [..], out, gpu?, alpha?, scale?, mean?}}.
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
        Transform t = req.hasNonNull("scale") || req.hasNonNull("mean")
                ? new Transform(req.path("scale").asDouble(1), req.path("mean").asDouble(0)) : Transform.besideDeploy(deploy);
        List<Path> inputs = new ArrayList<>();
        req.path("inputs").forEach(n -> inputs.add(Path.of(n.asText())));
        List<Map<String, String>> skipped = new ArrayList<>();
        long tLoad = System.nanoTime();
        long t0 = tLoad;
        double loadMs = 0;
        double forwardMs = 0;
        int done = 0;
        boolean overlap = overlapIo(device, System.getenv(), Runtime.getRuntime().availableProcessors());
        ExecutorService reader = overlap ? Executors.newSingleThreadExecutor() : null;
        ExecutorService writer = overlap ? Executors.newSingleThreadExecutor() : null;
        String mode;
        // Caffe loads the net on one core; the other warms the Java side meanwhile (see warmUp)
        Path sample = inputs.isEmpty() ? null : inputs.get(0);
        Thread warm = new Thread(() -> warmUp(sample, labels), "dlp-infer-warm-up");
        warm.setDaemon(true);
        warm.start();
        try (Segmenter seg = Segmenter.load(deploy, weights, labels, t, device)) {
            mode = seg.spatialOutput() ? "segmentation" : "classification";
            Classifier cls = mode.equals("classification") ? Classifier.load(deploy, weights, labels, t, device) : null;
            warm.join(10_000); // never races the timed loop; a stuck warm-up is simply left behind
            t0 = System.nanoTime(); // throughput is measured from here; loading is reported apart
            loadMs = (t0 - tLoad) / 1e6;
            try {
                SegmentationWriter segOut = new SegmentationWriter(out, seg.labels(), alpha);
                PredictionsCsv csv = PredictionsCsv.classification(Math.min(5, Math.max(1, labels.size())));
                PixelSpacing spacing = inputs.isEmpty() ? null : PixelSpacing.find(inputs.get(0).toAbsolutePath().getParent());
                List<Future<InputImage>> ahead = new ArrayList<>();
                for (int i = 0; i < Math.min(4, inputs.size()); i++) {
                    Path p = inputs.get(i);
                    ahead.add(submit(reader, () -> InputImage.load(p)));
                }
                List<Future<?>> writes = new ArrayList<>(); // every write is checked: a failed one fails the job
                for (int i = 0; i < inputs.size(); i++) {
                    if (ctx.stopRequested()) {
                        break;
                    }
                    if (i + 4 < inputs.size()) {
                        Path p = inputs.get(i + 4);
                        ahead.add(submit(reader, () -> InputImage.load(p)));
                    }
                    InputImage img;
                    try {
                        img = ahead.get(i).get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        String why = e.getCause() instanceof BadInputException ? e.getCause().getMessage() : String.valueOf(e.getCause());
                        skipped.add(Map.of("file", inputs.get(i).toString(), "reason", why));
                        continue;
                    }
                    double[] sp = spacingOf(img, spacing);
                    if (cls != null) {
                        Classifier.Result r = cls.classify(img.image());
                        forwardMs += r.ms();
                        csv.addClassification(img.name(), r.probabilities(), cls.labels(), r.ms());
                    } else {
                        Segmenter.Result r = seg.segment(img.image());
                        forwardMs += r.ms();
                        writes.add(submit(writer, () -> segOut.write(img.name(), img.image(), r.mask(), sp[0], sp[1],
                                r.ms())));
                    }
                    done++;
                    ctx.emit("progress", Map.of("done", done + skipped.size(), "total", inputs.size(), "file", img.name()));
                }
                for (Future<?> w : writes) {
                    w.get();
                }
                if (writer != null) {
                    writer.shutdown();
                    writer.awaitTermination(1, java.util.concurrent.TimeUnit.HOURS);
                }
                if (cls != null) {
                    csv.write(out.resolve("predictions.csv"));
                } else {
                    segOut.finish();
                }
            } finally {
                if (cls != null) {
                    cls.close();
                }
            }
        } finally {
            if (reader != null) {
                reader.shutdownNow();
                writer.shutdownNow();
            }
        }
        double totalMs = (System.nanoTime() - t0) / 1e6;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("mode", mode);
        r.put("images", done);
        r.put("skipped", skipped);
        r.put("out", out.toString());
        r.put("overlapped_io", overlap);
        r.put("load_ms", loadMs);
        r.put("forward_ms", forwardMs);
        r.put("total_ms", totalMs);
        r.put("images_per_s", done / Math.max(1e-9, totalMs / 1000));
        r.put("outside_forward_share", totalMs > 0 ? Math.max(0, 1 - forwardMs / totalMs) : 0);
        return r;
    }

    /**
     * Whether decoding and writing should run beside the forward pass: on a GPU, or when OpenBLAS runs fewer threads
     * ({@code OPENBLAS_NUM_THREADS}, else {@code OMP_NUM_THREADS}) than there are cores.
     */
    static boolean overlapIo(Device device, Map<String, String> env, int cores) {
        if (device.isGpu()) {
            return true;
        }
        int blas = cores;
        for (String name : new String[] {"OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"}) {
            String v = env.get(name);
            if (v != null && v.trim().matches("\\d+") && Integer.parseInt(v.trim()) > 0) {
                blas = Integer.parseInt(v.trim());
                break;
            }
        }
        return blas < cores;
    }

    /**
     * Runs the Java side of one image once, writing nothing: decoding the first input, an overlay with its legend
     * (the first text drawn loads the fonts: about 0.4 s), PNG encoding, the outline and the contour text. Class
     * loading and first compilations then happen while Caffe loads the net, single-threaded, instead of inside
     * the first images. Failures are ignored: the real loop reports them.
     */
    static void warmUp(Path sample, List<String> labels) {
        try {
            GreyImage g = sample == null ? null : InputImage.load(sample).image();
            int w = g == null ? 64 : g.width();
            int h = g == null ? 64 : g.height();
            int[] grey = g == null ? new int[w * h] : g.toGrey8();
            boolean[] fg = new boolean[w * h];
            for (int y = h / 4; y < h / 2; y++) {
                for (int x = w / 4; x < w / 2; x++) {
                    fg[y * w + x] = true;
                }
            }
            ClassMask mask = ClassMask.of(w, h, fg);
            org.dlp4j.data.images.Png.encode(Overlay.render(grey, mask,
                    labels.isEmpty() ? List.of("background", "foreground") : labels, Overlay.DEFAULT_ALPHA));
            byte[] classes = new byte[w * h];
            for (int i = 0; i < classes.length; i++) {
                classes[i] = (byte) (fg[i] ? 1 : 0);
            }
            org.dlp4j.data.images.PngEncoder.grey(classes, h, w);
            ContourExport.format(MaskBoundary.largestOutline(fg, w, h));
        } catch (RuntimeException | java.io.IOException | LinkageError e) {
            // only a warm-up
        }
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
