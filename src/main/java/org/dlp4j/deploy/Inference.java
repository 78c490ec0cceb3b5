package org.dlp4j.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.dlp4j.BadInputException;
import org.dlp4j.worker.Worker;

/**
 * Runs inference on a file or folder in a worker process (one JVM, one net for all images), after
 * checking in Java what can be checked without Caffe: files exist, labels.txt is readable.
 */
public final class Inference {
    private Inference() {
    }

    /** Input files: the file itself, or the readable-looking files of a folder (sorted, not recursive). */
    public static List<Path> inputs(Path input) {
        if (Files.isRegularFile(input)) {
            return List.of(input);
        }
        if (!Files.isDirectory(input)) {
            throw new BadInputException(input + ": no such file or folder");
        }
        try (Stream<Path> s = Files.list(input)) {
            List<Path> out = s.filter(Files::isRegularFile).filter(InputImage::isCandidate).sorted().toList();
            if (out.isEmpty()) {
                throw new BadInputException(input + ": no image files in this folder (PNG, JPG, BMP, GIF, TIFF, PGM, DICOM .dcm or extension-less DICOM)");
            }
            return out;
        } catch (IOException e) {
            throw new BadInputException(input + ": cannot list (" + e.getMessage() + ")");
        }
    }

    /**
     * Segments (or classifies) {@code input} into {@code out}; returns the job's result
     * (mode, images, skipped, images_per_s, ...). {@code progress} receives {done, total, file} events.
     */
    public static JsonNode run(Path deploy, Path weights, Path labels, Path input, Path out, Integer gpu, double alpha,
            Consumer<JsonNode> progress) throws InterruptedException {
        return run(deploy, weights, labels, input, out, gpu, alpha, "auto", progress);
    }

    /**
     * As above, with {@code overlap} ({@code auto}, {@code on} or {@code off}) choosing whether decoding and writing
     * run beside the forward pass (see {@link IoSchedule}).
     */
    public static JsonNode run(Path deploy, Path weights, Path labels, Path input, Path out, Integer gpu, double alpha,
            String overlap, Consumer<JsonNode> progress) throws InterruptedException {
        return run(deploy, weights, labels, input, out, gpu, alpha, overlap, null, progress);
    }

    /**
     * As above, with the input {@code transform} given (null: the deploy file's own, else its train_val's, see
     * {@link Transform#found}).
     */
    public static JsonNode run(Path deploy, Path weights, Path labels, Path input, Path out, Integer gpu, double alpha,
            String overlap, Transform transform, Consumer<JsonNode> progress) throws InterruptedException {
        IoSchedule.Mode.parse(overlap);
        if (transform != null && !(Double.isFinite(transform.scale()) && transform.scale() != 0
                && Double.isFinite(transform.mean()))) {
            throw new BadInputException("--scale must be a finite number other than 0 and --mean a finite number,"
                    + " got " + transform.scale() + " and " + transform.mean());
        }
        for (Path p : new Path[] {deploy, weights}) {
            if (!Files.isRegularFile(p)) {
                throw new BadInputException(p + ": file not found");
            }
        }
        if (labels != null) {
            LabelsFile.read(labels);
        }
        if (!(alpha >= 0 && alpha <= 1)) { // NaN fails both
            throw new BadInputException("--alpha must be between 0 and 1, got " + alpha);
        }
        List<String> files = new ArrayList<>();
        for (Path p : inputs(input)) {
            files.add(p.toAbsolutePath().toString());
        }
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("deploy", deploy.toAbsolutePath().toString());
        req.put("weights", weights.toAbsolutePath().toString());
        req.put("labels", labels == null ? null : labels.toAbsolutePath().toString());
        req.put("inputs", files);
        req.put("out", out.toAbsolutePath().toString());
        req.put("gpu", gpu);
        req.put("alpha", alpha);
        req.put("overlap", overlap);
        if (transform != null) {
            req.put("scale", transform.scale());
            req.put("mean", transform.mean());
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new BadInputException(out + ": --out exists and is a file, not a folder: give a folder (new or"
                    + " existing) for overlays/, masks/, contours/ and predictions.csv.");
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new BadInputException(out + ": cannot create output folder (" + e.getMessage() + ")");
        }
        return Worker.start(InferJob.class, req, null, null, null, progress).await();
    }
}
