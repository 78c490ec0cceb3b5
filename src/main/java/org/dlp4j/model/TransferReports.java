package org.dlp4j.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dlp4j.caffe.CaffeModelFile;
import org.dlp4j.caffe.CaffeNet;
import org.dlp4j.caffe.Phase;
import org.dlp4j.caffe.ShapeInference;
import org.dlp4j.caffe.TextProto;
import org.dlp4j.caffe.WeightTransferReport;

/**
 * What loading pretrained weights into a net will do ({@link WeightTransferReport}: copied, ignored,
 * left at their fillers, shape mismatches, rename suggestions such as DLP's {@code conv6} vs the
 * weights' {@code fc6}), worked out before training starts.
 */
public final class TransferReports {
    private TransferReports() {
    }

    /**
     * Parameter shapes from Caffe itself ({@code CaffeNet.paramShapes}); a train/val net is first
     * turned into its deploy form (so its LMDBs need not exist) with the input shape read from its
     * image LMDB, whose relative source is looked up beside the prototxt, two folders up (the
     * workspace of {@code <ws>/nets/<name>/}) and in the current folder; else 1×1×256×256.
     * InnerProduct weights depend on the input size, so give {@code inputShape} when no LMDB is there.
     */
    public static WeightTransferReport forNet(Path prototxt, Path caffemodel) {
        return forNet(prototxt, caffemodel, null);
    }

    /** As {@link #forNet(Path, Path)} with an explicit N,C,H,W for a train/val net's input (null: find it). */
    public static WeightTransferReport forNet(Path prototxt, Path caffemodel, int[] inputShape) {
        return WeightTransferReport.compare(paramShapes(prototxt, inputShape), CaffeModelFile.readShapes(caffemodel));
    }

    /** The same report with shapes worked out in Java ({@link ShapeInference}); no native Caffe. */
    public static WeightTransferReport forNetJava(TextProto net, int[] inputShape, CaffeModelFile weights) {
        TextProto d = Convolutionalize.hasDataLayers(net) ? DeployGenerator.generate(net, inputShape, null, "net") : net;
        return WeightTransferReport.compare(ShapeInference.infer(d, Map.of(), "TEST", List.of()).params(), weights);
    }

    static Map<String, List<int[]>> paramShapes(Path prototxt, int[] inputShape) {
        TextProto net = TextProto.read(prototxt);
        if (!Convolutionalize.hasDataLayers(net)) {
            ShapeInference.check(prototxt); // Caffe runs in this process (the web server's too): refuse what aborts it
            try (CaffeNet n = CaffeNet.load(prototxt, null, Phase.TEST)) {
                return n.paramShapes();
            }
        }
        if (inputShape != null) {
            return load(DeployGenerator.generate(net, inputShape, null, prototxt.toString()));
        }
        Path dir = prototxt.toAbsolutePath().getParent();
        Path up2 = dir.getParent() == null ? null : dir.getParent().getParent();
        for (Path base : java.util.Arrays.asList(dir, up2, Path.of("").toAbsolutePath())) {
            if (base == null) {
                continue;
            }
            try {
                return load(DeployGenerator.generate(net, null, base, prototxt.toString()));
            } catch (org.dlp4j.BadInputException e) {
                // no LMDB under this base; try the next
            }
        }
        return load(DeployGenerator.generate(net, new int[] {1, 1, 256, 256}, null, prototxt.toString()));
    }

    private static Map<String, List<int[]>> load(TextProto deploy) {
        ShapeInference.check(deploy, "TEST", List.of());
        try {
            Path tmp = Files.createTempFile("transfer", ".prototxt");
            try {
                deploy.write(tmp);
                try (CaffeNet n = CaffeNet.load(tmp, null, Phase.TEST)) {
                    return n.paramShapes();
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
