package org.dlp4j.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dlp4j.BadInputException;
import org.dlp4j.Json;
import org.dlp4j.caffe.TextProto;
import org.dlp4j.data.lmdb.LmdbReader;
import org.dlp4j.data.lmdb.LmdbSummary;
import org.dlp4j.model.ClassWeights;
import org.dlp4j.model.NetEdits;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dlp net weight-classes FILE --labels LMDB}: median-frequency class weights via InfogainLoss. */
@Command(mixinStandardHelpOptions = true, name = "weight-classes", description = {"Balance classes: count label pixels in the label LMDB, compute"
        + " median-frequency weights, write H = diag(w) as a binaryproto and switch FILE's SoftmaxWithLoss to InfogainLoss.",
    "With --no-edit only prints the histogram and weights."})
public final class NetWeightClassesCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(index = "0", paramLabel = "FILE", description = "The train/val net.")
    Path file;

    @CommandLine.Option(names = "--labels", required = true, paramLabel = "LMDB", description = "The label LMDB (uint8 class per pixel).")
    Path labels;

    @CommandLine.Option(names = "--classes", paramLabel = "K", description = "Class count (default: highest label + 1).")
    Integer classes;

    @CommandLine.Option(names = "--out", paramLabel = "H", description = "Where to write H (default: infogain_H.binaryproto beside FILE).")
    Path out;

    @CommandLine.Option(names = "--no-edit", description = "Do not write H or change FILE.")
    boolean noEdit;

    @CommandLine.Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        if (out != null) {
            OutputPaths.file(out, "--out");
        }
        TextProto net = NetEditCommand.readNet(file);
        long[] h = labelHistogram(labels);
        int k = classes != null ? classes : ClassWeights.classCount(h);
        if (k < 1) {
            throw new BadInputException(labels + ": no labelled pixels (every pixel is 255 or the LMDB is empty)");
        }
        if (!noEdit) {
            int scored = NetEdits.classes(net, file.toString());
            if (k != scored) {
                throw new BadInputException((classes != null ? "--classes " + k : labels + " holds " + k + " classes (0.." + (k - 1) + ")")
                        + " but " + file + " scores " + scored + " (num_output of the layer feeding the loss); InfogainLoss needs"
                        + " them equal. Give the label LMDB this net was made for, set the net's classes first with 'dlp net edit "
                        + file + " --classes " + k + "', or pass --classes " + scored + " if the labels lack some classes.");
            }
        }
        double[] w = ClassWeights.medianFrequency(h, k);
        var err = spec.commandLine().getErr();
        err.println("class  pixels        weight");
        for (int c = 0; c < k; c++) {
            err.printf(Locale.ROOT, "%5d  %-12d  %.4f%n", c, h[c], w[c]);
        }
        Path hFile = null;
        if (!noEdit) {
            hFile = (out != null ? out : file.toAbsolutePath().getParent().resolve("infogain_H.binaryproto")).toAbsolutePath();
            ClassWeights.writeInfogainMatrix(hFile, w);
            ClassWeights.useInfogain(net, hFile.toString(), file.toString());
            net.write(file);
            err.println("wrote " + hFile + "; " + file + " now uses InfogainLoss");
        }
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pixels", java.util.Arrays.copyOf(h, k));
            m.put("ignored", h[ClassWeights.IGNORE]);
            m.put("weights", w);
            m.put("infogain", hFile == null ? null : hFile.toString());
            spec.commandLine().getOut().println(Json.write(m));
        }
        return 0;
    }

    /** Pixel counts per label value 0..255; refuses an LMDB of images (the usual mix-up: train_lmdb for train_gt_lmdb). */
    private static long[] labelHistogram(Path lmdb) {
        LmdbSummary s;
        try (LmdbReader r = new LmdbReader(lmdb)) {
            s = LmdbSummary.of(r);
        }
        if (s.count() > 0 && !s.labelDatabase()) {
            throw new BadInputException(lmdb + " is an LMDB of images (" + s.channels() + "x" + s.height() + "x" + s.width()
                    + ", " + s.encoding() + "), not of class labels: --labels needs the label LMDB, one uint8 channel of class"
                    + " indices 0.." + LmdbSummary.MAX_CLASS + " or 255 ('dlp lmdb inspect' says kind: labels), e.g. the"
                    + " workspace's data/train_gt_lmdb beside data/train_lmdb.");
        }
        long[] h = new long[256];
        s.pixelHistogram().forEach((c, n) -> h[c] = n);
        return h;
    }
}
