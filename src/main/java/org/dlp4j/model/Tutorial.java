package org.dlp4j.model;

import java.nio.file.Path;
import java.util.List;
import org.dlp4j.caffe.TextProto;

/**
 * The tutorial's AlexFCN, in its end state (committed under {@code prototxt/alexfcn/}): the library's
 * {@code alexfcn} for 2 classes with the tutorial's edits applied — {@code conv6}→{@code fc6} and
 * {@code conv7}→{@code fc7} (layer names only, as {@code dlp net edit --rename} does, so the
 * convolutionalized AlexNet weights load), data sources at the workspace's LMDBs, and the solver at
 * max_iter 10000, snapshot 5000, prefix {@code snapshots/alexfcn}, CPU, base_lr 1e-4 (DIGITS'
 * Sunnybrook example); the deploy net takes one 1×256×256 grey slice.
 */
public final class Tutorial {
    public static final int[] INPUT = {1, 1, 256, 256};

    private Tutorial() {
    }

    public static TextProto trainVal() {
        TextProto net = NetLibrary.trainVal("alexfcn", 2);
        NetEdits.rename(net, "conv6", "fc6", false, "alexfcn");
        NetEdits.rename(net, "conv7", "fc7", false, "alexfcn");
        NetEdits.setSource(net, "data_train", SegmentationNets.TRAIN_IMAGES, "alexfcn");
        NetEdits.setSource(net, "label_train", SegmentationNets.TRAIN_LABELS, "alexfcn");
        NetEdits.setSource(net, "data_val", SegmentationNets.VAL_IMAGES, "alexfcn");
        NetEdits.setSource(net, "label_val", SegmentationNets.VAL_LABELS, "alexfcn");
        return net;
    }

    public static TextProto solver() {
        TextProto s = NetLibrary.entry("alexfcn").solver().get();
        NetEdits.setSolverField(s, "max_iter", "10000", "solver");
        NetEdits.setSolverField(s, "snapshot", "5000", "solver");
        NetEdits.setSolverField(s, "snapshot_prefix", "snapshots/alexfcn", "solver");
        NetEdits.setSolverField(s, "solver_mode", "CPU", "solver");
        NetEdits.setSolverField(s, "base_lr", "1e-4", "solver");
        return s;
    }

    /** Writes the four files into {@code dir} (e.g. {@code prototxt/alexfcn}). */
    public static List<Path> write(Path dir) {
        TextProto tv = trainVal();
        return NetLibrary.writeAll(dir, tv, solver(), DeployGenerator.generate(tv, INPUT, null, "alexfcn"),
                NetLibrary.labels(NetLibrary.entry("alexfcn"), 2));
    }

    /** Regenerates the committed files: {@code java -cp target/classes org.dlp4j.model.Tutorial prototxt/alexfcn}. */
    public static void main(String[] args) {
        write(Path.of(args.length > 0 ? args[0] : "prototxt/alexfcn")).forEach(System.out::println);
    }
}
