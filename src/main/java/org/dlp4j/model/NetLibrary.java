package org.dlp4j.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.dlp4j.BadInputException;
import org.dlp4j.caffe.TextProto;

/**
 * DLP's Net Library: ready-made nets written into a folder as {@code train_val.prototxt},
 * {@code solver.prototxt}, {@code deploy.prototxt} and {@code labels.txt}.
 *
 * <pre>
 * NetLibrary.write("alexfcn", Path.of("ws/nets/alexfcn"), 2);
 * </pre>
 */
public final class NetLibrary {
    /** What a net is for. */
    public enum ModelType { SEGMENTATION, CLASSIFICATION }

    /**
     * One library net.
     *
     * @param inputShape the deploy net's default input (N,C,H,W)
     * @param classes    the default class count
     */
    public record Entry(String name, ModelType type, String description, int[] inputShape, int classes,
            IntFunction<TextProto> trainVal, java.util.function.Supplier<TextProto> solver) {
    }

    private static final List<Entry> ENTRIES = List.of(
            new Entry("alexfcn", ModelType.SEGMENTATION,
                    "FCN-AlexNet (Long et al. 2015) as DLP's library has it: AlexNet with conv6/conv7 as convolutions,"
                            + " 1x1 class scores, 63x63 bilinear upsampling (stride 32), crop 18; for 256x256 grey slices",
                    new int[] {1, 1, 256, 256}, 2, SegmentationNets::alexFcn,
                    () -> Solvers.fcn("alexfcn", 1e-4, 10000, 5000)),
            new Entry("fcn8s", ModelType.SEGMENTATION,
                    "VGG-16 FCN-8s (Long et al. 2015): scores from pool3, pool4 and fc7 fused by bilinear upsampling;"
                            + " finer boundaries than FCN-AlexNet; ~134M parameters",
                    new int[] {1, 3, 500, 500}, 21, SegmentationNets::fcn8s,
                    () -> Solvers.fcn("fcn8s", 1e-4, 100000, 4000)),
            new Entry("fcn-small", ModelType.SEGMENTATION,
                    "A small FCN (4 conv stages 8-64 channels, stride 8, bilinear x8) that trains on two CPU cores in"
                            + " minutes (~125 ms/iteration at batch 4); the demo's default for 1x256x256 slices",
                    new int[] {1, 1, 256, 256}, 2, k -> SegmentationNets.fcnSmall(k, 4), Solvers::fcnSmall),
            new Entry("lenet", ModelType.CLASSIFICATION,
                    "LeNet-5 (LeCun et al. 1998) as in Caffe's MNIST example: two conv/pool stages, ip 500, ip K",
                    new int[] {1, 1, 28, 28}, 10, ClassificationNets::lenet, Solvers::lenet),
            new Entry("alexnet", ModelType.CLASSIFICATION,
                    "AlexNet (Krizhevsky et al. 2012) as BVLC's reference model: 5 conv, 3 fully connected layers",
                    new int[] {1, 3, 227, 227}, 1000, ClassificationNets::alexnet, Solvers::alexnet));

    private NetLibrary() {
    }

    /** Every library net, in display order. */
    public static List<Entry> entries() {
        return ENTRIES;
    }

    /** The entry with this name, or a {@link BadInputException} listing the names. */
    public static Entry entry(String name) {
        for (Entry e : ENTRIES) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new BadInputException("no net named '" + name + "' in the Net Library; nets are "
                + ENTRIES.stream().map(Entry::name).toList());
    }

    /** The most classes a library net is written for (labels.txt has a line per class). */
    public static final int MAX_CLASSES = 10_000;

    /** The train/val net for {@code classes} classes. */
    public static TextProto trainVal(String name, int classes) {
        if (classes < 2 || classes > MAX_CLASSES) {
            throw new BadInputException("the class count must be from 2 to " + MAX_CLASSES + ", not " + classes
                    + (classes == 1 ? NetEdits.ONE_CLASS : ""));
        }
        return entry(name).trainVal().apply(classes);
    }

    /** Writes the net with its default deploy input shape; returns the files written. */
    public static List<Path> write(String name, Path dir, int classes) {
        return write(name, dir, classes, entry(name).inputShape());
    }

    /**
     * Writes train_val, solver, deploy (input {@code deployShape}) and labels into {@code dir}. When {@code dir} is
     * {@code WS/nets/NAME} and {@code WS/data/val_lmdb} exists, the solver's test_iter covers that LMDB once.
     */
    public static List<Path> write(String name, Path dir, int classes, int[] deployShape) {
        Entry e = entry(name);
        TextProto trainVal = trainVal(name, classes);
        TextProto deploy = DeployGenerator.generate(trainVal, deployShape, null, name);
        TextProto solver = e.solver().get();
        TestIterFit.apply(solver, trainVal, dir); // in a workspace: each test pass covers its val LMDB
        return writeAll(dir, trainVal, solver, deploy, labels(e, classes));
    }

    /** Writes the four files atomically each; returns them. */
    static List<Path> writeAll(Path dir, TextProto trainVal, TextProto solver, TextProto deploy, List<String> labels) {
        List<Path> out = new ArrayList<>();
        trainVal.write(dir.resolve("train_val.prototxt"));
        out.add(dir.resolve("train_val.prototxt"));
        solver.write(dir.resolve("solver.prototxt"));
        out.add(dir.resolve("solver.prototxt"));
        deploy.write(dir.resolve("deploy.prototxt"));
        out.add(dir.resolve("deploy.prototxt"));
        writeText(dir.resolve("labels.txt"), String.join("\n", labels) + "\n");
        out.add(dir.resolve("labels.txt"));
        return out;
    }

    /**
     * Class names: {@code background}/{@code left ventricle} for a two-class segmentation net,
     * digits for a 10-class LeNet, else {@code background, class1, ...} or {@code class0, ...}.
     */
    public static List<String> labels(Entry e, int classes) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < classes; i++) {
            if (e.type() == ModelType.SEGMENTATION) {
                names.add(i == 0 ? "background" : classes == 2 ? "left ventricle" : "class" + i);
            } else {
                names.add(e.name().equals("lenet") && classes == 10 ? Integer.toString(i) : "class" + i);
            }
        }
        return names;
    }

    static void writeText(Path file, String text) {
        org.dlp4j.AtomicFiles.writeString(file, text);
    }
}
