package org.dlp4j.caffe;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How many bottoms, tops and parameter blobs Caffe's layers take — what {@code Layer::CheckBlobCounts} and
 * {@code Net::Init} ("Too many params specified") check. The counts are those the preset's Caffe reports
 * ({@code ExactNumBottomBlobs}, {@code MinTopBlobs}, ... of each registered layer); types not listed stay unchecked.
 */
final class LayerArity {
    /** {min bottoms, max bottoms, min tops, max tops}; -1 = unbounded. */
    private static final Map<String, int[]> COUNTS = new HashMap<>();
    /** Layers that take as many tops as bottoms ({@code EqualNumBottomTopBlobs}). */
    private static final Set<String> EQUAL = Set.of("Convolution", "Deconvolution");
    /** Layer types with no parameter blobs. */
    private static final Set<String> NO_PARAMS = Set.of("AbsVal", "Accuracy", "ArgMax", "BNLL", "BatchReindex",
            "Concat", "ContrastiveLoss", "Crop", "Data", "Dropout", "DummyData", "ELU", "Eltwise", "EuclideanLoss", "Exp",
            "Filter", "Flatten", "HDF5Data", "HDF5Output", "HingeLoss", "Im2col", "ImageData", "InfogainLoss", "Input",
            "LRN", "Log", "MVN", "MemoryData", "MultinomialLogisticLoss", "Pooling", "Power", "ReLU", "Reduction",
            "Reshape", "SPP", "Sigmoid", "SigmoidCrossEntropyLoss", "Silence", "Slice", "Softmax", "SoftmaxWithLoss",
            "Split", "TanH", "Threshold", "Tile", "WindowData");

    static {
        for (String t : List.of("AbsVal", "ArgMax", "BNLL", "BatchNorm", "Dropout", "ELU", "Embed", "Exp", "Flatten",
                "Im2col", "InnerProduct", "LRN", "Log", "MVN", "PReLU", "Power", "ReLU", "Reduction", "Reshape", "SPP",
                "Sigmoid", "Softmax", "TanH", "Threshold", "Tile")) {
            put(t, 1, 1, 1, 1);
        }
        for (String t : List.of("EuclideanLoss", "HingeLoss", "MultinomialLogisticLoss", "SigmoidCrossEntropyLoss")) {
            put(t, 2, 2, 1, 1);
        }
        put("Accuracy", 2, 2, 1, 2);
        put("SoftmaxWithLoss", 2, 2, 1, 2);
        put("InfogainLoss", 2, 3, 1, 2);
        put("ContrastiveLoss", 3, 3, 1, 1);
        put("BatchReindex", 2, 2, 1, 1);
        put("Crop", 2, 2, 1, 1);
        put("Axpy", 3, 3, 1, 1);
        put("Bias", 1, 2, 1, 1);
        put("Scale", 1, 2, 1, 1);
        put("Concat", 1, -1, 1, 1);
        put("Eltwise", 2, -1, 1, 1);
        put("Filter", 2, -1, 1, -1);
        put("Convolution", 1, -1, 1, -1);
        put("Deconvolution", 1, -1, 1, -1);
        put("LSTM", 2, 3, 1, 1);
        put("RNN", 2, 3, 1, 1);
        put("LSTMUnit", 3, 3, 2, 2);
        put("Pooling", 1, 1, 1, 2);
        put("Slice", 1, 1, 1, -1);
        put("Split", 1, 1, 1, -1);
        put("Silence", 1, -1, 0, 0);
        put("HDF5Output", 2, 2, 0, 0);
        put("Data", 0, 0, 1, 2);
        for (String t : List.of("DummyData", "HDF5Data", "Input")) {
            put(t, 0, 0, 1, -1);
        }
        for (String t : List.of("ImageData", "MemoryData", "WindowData")) {
            put(t, 0, 0, 2, 2);
        }
        put("Parameter", 0, 0, 1, 1);
    }

    private LayerArity() {
    }

    private static void put(String type, int minB, int maxB, int minT, int maxT) {
        COUNTS.put(type, new int[] {minB, maxB, minT, maxT});
    }

    /** {min, max} bottoms of a type (max -1 = unbounded), or null when unchecked. */
    static int[] bottoms(String type) {
        int[] c = COUNTS.get(type);
        return c == null ? null : new int[] {c[0], c[1]};
    }

    /** {min, max} tops of a layer (max -1 = unbounded), or null when unchecked. */
    static int[] tops(TextProto layer, String type) {
        int[] c = COUNTS.get(type);
        if (c == null) {
            return null;
        }
        if (type.equals("Pooling")) { // only MAX pooling has the optional mask top
            TextProto p = layer.message("pooling_param");
            return new int[] {1, p == null || p.get("pool", "MAX").equals("MAX") ? 2 : 1};
        }
        return new int[] {c[2], c[3]};
    }

    /** Whether the layer's tops must match its bottoms in number. */
    static boolean equalTopsAndBottoms(String type) {
        return EQUAL.contains(type);
    }

    /**
     * The tops Caffe gives a layer: loss layers ({@code AutoTopBlobs}) get anonymous tops up to their minimum.
     */
    static int effectiveTops(String type, int tops) {
        int[] c = COUNTS.get(type);
        return c != null && type.endsWith("Loss") ? Math.max(tops, c[2]) : tops;
    }

    /** How many parameter blobs the layer has in Caffe, or -1 when not known here. */
    static int paramBlobs(TextProto layer, String type, int bottoms) {
        return NO_PARAMS.contains(type) ? 0 : ParamBlobs.known(layer, type, bottoms);
    }
}
