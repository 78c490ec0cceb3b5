package org.dlp4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dlp4j.BadInputException;
import org.dlp4j.deploy.Inference;
import org.dlp4j.deploy.Overlay;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dlp infer}: DLP's Deploy module. */
@Command(name = "infer", header = "Segment (or classify) images with a trained net.", description = {
    "Segment (or classify) one image or a folder of PNG, JPG, 16-bit PNG or DICOM files with a trained net, in a"
        + " worker process. Writes overlays/, masks/, contours/ (Sunnybrook challenge format) and predictions.csv"
        + " under --out.",
    "DICOM and 16-bit images get the import's normalisation; the input transform (scale, mean) comes from the"
        + " deploy file's Input layer (dlp net deploy writes it there), else from the train_val.prototxt next to the"
        + " deploy file; --scale and --mean override both."})
public final class InferCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--deploy", required = true, description = "deploy prototxt")
    Path deploy;

    @CommandLine.Option(names = "--weights", required = true, description = "trained caffemodel")
    Path weights;

    @CommandLine.Option(names = "--labels", description = "labels.txt, one class name per line")
    Path labels;

    @CommandLine.Option(names = "--input", required = true, description = "image file or folder")
    Path input;

    @CommandLine.Option(names = "--out", required = true, description = "output folder")
    Path out;

    @CommandLine.Option(names = "--gpu", description = "GPU device (default: CPU)")
    Integer gpu;

    @CommandLine.Option(names = "--alpha", defaultValue = "" + Overlay.DEFAULT_ALPHA,
            description = "overlay opacity 0..1 (default ${DEFAULT-VALUE})")
    double alpha;

    @CommandLine.Option(names = "--overlap", defaultValue = "auto", paramLabel = "auto|on|off",
            description = "decode and write beside the forward pass: auto (default) measures on the first images"
                    + " whether freeing a core from OpenBLAS for it pays; on; off")
    String overlap;

    @CommandLine.Option(names = "--scale", paramLabel = "S", description = "input scale, as the training Data "
            + "layer's transform_param (e.g. 0.00392157 for 1/255); default: the deploy file's own, else its train_val's")
    Double scale;

    @CommandLine.Option(names = "--mean", paramLabel = "M", description = "input mean subtracted before --scale "
            + "(transform_param's mean_value); default as --scale")
    Double mean;

    @CommandLine.Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        ProgressLine line = new ProgressLine(err, "infer");
        org.dlp4j.deploy.Transform given = scale == null && mean == null ? null
                : new org.dlp4j.deploy.Transform(scale == null ? 1 : scale, mean == null ? 0 : mean);
        Path created = OutputFolders.firstMissing(out);
        JsonNode r;
        try {
            r = Inference.run(deploy, weights, labels, input, out, gpu, alpha, overlap, given,
                    e -> line.update(e.path("done").asLong(), e.path("total").asLong(), "img", e.path("file").asText(),
                            false));
            line.done();
            boolean nothing = r.path("images").asInt() == 0;
            if (!nothing || r.path("skipped").size() > 3) { // else the error below names them all
                for (JsonNode s : r.path("skipped")) {
                    err.println("skipped " + skipReason(s));
                }
            }
            if (nothing) {
                throw new BadInputException(nothingRead(input, r.path("skipped")));
            }
        } catch (Exception | Error e) {
            OutputFolders.removeQuietly(created); // only a folder this command made: never the user's own
            throw e;
        }
        err.printf("%s: %d image(s) in %.1f s (%.1f images/s, %.0f%% outside the forward pass) -> %s%n",
                r.path("mode").asText(), r.path("images").asInt(), r.path("total_ms").asDouble() / 1000,
                r.path("images_per_s").asDouble(), 100 * r.path("outside_forward_share").asDouble(), out);
        err.println("I/O " + r.path("schedule").asText());
        JsonNode tr = r.path("transform");
        if (tr.path("from").isNull()) {
            err.println("warning: no input scaling found (the deploy file's Input layer has no transform_param and no"
                    + " train_val.prototxt is beside it): pixel values went in unscaled. If the net was trained on"
                    + " scaled data (e.g. transform_param { scale: 0.00392157 }), give --scale and --mean.");
        } else {
            err.printf("input: (value - %s) x %s, from %s%n", tr.path("mean").asText(), tr.path("scale").asText(),
                    tr.path("from").asText());
        }
        if (json) {
            spec.commandLine().getOut().println(r.toString());
        }
        return ExitCodes.OK;
    }

    /** Why an input none of whose files could be read is bad input: the input and the first files' reasons. */
    static String nothingRead(Path input, JsonNode skipped) {
        StringBuilder b = new StringBuilder(input + ": no image could be read and segmented");
        int n = skipped.size();
        if (n > 0) {
            b.append(" (").append(n).append(n == 1 ? " file" : " files").append(" skipped: ");
            for (int i = 0; i < Math.min(n, 3); i++) {
                JsonNode s = skipped.get(i);
                b.append(i > 0 ? "; " : "").append(skipReason(s));
            }
            b.append(n > 3 ? "; and " + (n - 3) + " more)" : ")");
        }
        return b.append(". Give a PNG, JPEG, 16-bit PNG, BMP, GIF, TIFF, PGM or DICOM image the net can take, or a"
                + " folder of them.").toString();
    }

    /** "FILE: why", the file named once (most reasons start with it already). */
    static String skipReason(JsonNode skipped) {
        String file = skipped.path("file").asText();
        String why = skipped.path("reason").asText();
        return why.startsWith(file) ? why : file + ": " + why;
    }
}
