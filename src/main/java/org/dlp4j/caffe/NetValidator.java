package org.dlp4j.caffe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Java-side checks of a net for one phase: the things on which Caffe would abort the process —
 * unknown layer types, bottoms no earlier layer produces, duplicate non-in-place tops, missing data
 * sources, wrong bottom counts and missing required parameters.
 */
final class NetValidator {
    /** Bottom counts {min, max} of common layers (max -1 = unbounded), from Caffe's layer headers. */
    private static final Map<String, int[]> BOTTOMS = new HashMap<>();

    static {
        for (String one : List.of("Pooling", "ReLU", "Softmax", "InnerProduct", "LRN", "Dropout", "Sigmoid",
                "TanH", "BatchNorm", "Flatten", "Reshape", "Split", "ArgMax", "Power", "AbsVal", "BNLL", "ELU",
                "Exp", "Log", "MVN", "PReLU", "Threshold", "Tile", "Bias", "Embed", "SPP", "Im2col")) {
            BOTTOMS.put(one, new int[] {1, 1});
        }
        BOTTOMS.put("Bias", new int[] {1, 2});
        BOTTOMS.put("Scale", new int[] {1, 2});
        BOTTOMS.put("Convolution", new int[] {1, -1});
        BOTTOMS.put("Deconvolution", new int[] {1, -1});
        BOTTOMS.put("Crop", new int[] {2, 2});
        BOTTOMS.put("Eltwise", new int[] {2, -1});
        BOTTOMS.put("Concat", new int[] {1, -1});
        BOTTOMS.put("SoftmaxWithLoss", new int[] {2, 3});
        BOTTOMS.put("Accuracy", new int[] {2, 3});
        BOTTOMS.put("InfogainLoss", new int[] {2, 3});
        BOTTOMS.put("EuclideanLoss", new int[] {2, 2});
        BOTTOMS.put("SigmoidCrossEntropyLoss", new int[] {2, 2});
        BOTTOMS.put("HingeLoss", new int[] {2, 2});
        BOTTOMS.put("MultinomialLogisticLoss", new int[] {2, 2});
        BOTTOMS.put("ContrastiveLoss", new int[] {3, 3});
        for (String data : List.of("Data", "ImageData", "HDF5Data", "Input", "DummyData", "MemoryData", "WindowData")) {
            BOTTOMS.put(data, new int[] {0, 0});
        }
    }

    private static volatile Set<String> layerTypes;

    private NetValidator() {
    }

    static ValidationResult validate(TextProto net, String file, Phase phase, Path baseDir, List<Problem> problems) {
        Set<String> known = layerTypes();
        Set<String> blobs = new LinkedHashSet<>();
        Set<String> names = new HashSet<>();
        int active = 0;
        for (TextProto layer : net.messages("layer")) {
            if (!included(layer, phase)) {
                continue;
            }
            active++;
            String name = layer.get("name", "(unnamed)");
            int line = layer.line();
            String type = layer.get("type", "");
            if (!names.add(name)) {
                problems.add(new Problem(file, line, name, "duplicate layer name", "give each layer a unique name"));
            }
            if (type.isEmpty()) {
                problems.add(new Problem(file, line, name, "layer has no type", "add type: \"Convolution\" (or another Caffe type)"));
            } else if (type.equals("Python")) {
                problems.add(new Problem(file, line, name, "Python layers are not available in the bytedeco Caffe build",
                        "replace a Python data layer with Data layers reading LMDBs (dlp import ...)"));
            } else if (!known.contains(type)) {
                problems.add(new Problem(file, line, name, "unknown layer type '" + type + "'", suggestType(type, known)));
            }
            List<String> bottoms = layer.strings("bottom");
            List<String> tops = layer.strings("top");
            for (String b : bottoms) {
                if (!blobs.contains(b)) {
                    problems.add(new Problem(file, line, name, "bottom '" + b + "' is produced by no earlier layer"
                            + " in phase " + phase, "add a layer with top: \"" + b + "\" before it, or fix the bottom name"));
                }
            }
            for (String t : tops) {
                if (blobs.contains(t) && !bottoms.contains(t)) {
                    problems.add(new Problem(file, line, name, "top '" + t + "' is already produced by an earlier layer"
                            + " and this is not an in-place layer", "rename the top, or make it in-place (bottom == top)"));
                }
            }
            int[] counts = BOTTOMS.get(type);
            if (counts != null && (bottoms.size() < counts[0] || (counts[1] >= 0 && bottoms.size() > counts[1]))) {
                String want = counts[1] < 0 ? "at least " + counts[0] : counts[0] == counts[1] ? "" + counts[0]
                        : counts[0] + " to " + counts[1];
                problems.add(new Problem(file, line, name, type + " takes " + want + " bottom(s), has " + bottoms.size(),
                        "fix the bottom: entries"));
            }
            checkParams(layer, type, file, name, baseDir, problems);
            blobs.addAll(tops);
        }
        Problem empty = Prototxt.noLayersProblem(net, file);
        if (empty != null) {
            problems.add(empty);
        } else if (active == 0) {
            problems.add(new Problem(file, 0, null, "no layers in phase " + phase, "add layers, or check include/exclude rules"));
        }
        return new ValidationResult(problems, active, blobs.size(), net);
    }

    /** Caffe's StateMeetsRule for the phase only (no stages or levels set by dlp4j). */
    static boolean included(TextProto layer, Phase phase) {
        List<TextProto> include = layer.messages("include");
        if (!layer.has("phase") && include.isEmpty()) {
            for (TextProto rule : layer.messages("exclude")) {
                if (meets(rule, phase)) {
                    return false;
                }
            }
            return true;
        }
        if (layer.has("phase") && !layer.get("phase").equals(phase.name())) {
            return false;
        }
        if (include.isEmpty()) {
            return true;
        }
        for (TextProto rule : include) {
            if (meets(rule, phase)) {
                return true;
            }
        }
        return false;
    }

    private static boolean meets(TextProto rule, Phase phase) {
        if (rule.has("phase") && !rule.get("phase").equals(phase.name())) {
            return false;
        }
        if (rule.has("min_level") && rule.getInt("min_level", 0) > 0) {
            return false;
        }
        if (rule.has("max_level") && rule.getInt("max_level", 0) < 0) {
            return false;
        }
        return !rule.has("stage"); // the net state has no stages
    }

    private static void checkParams(TextProto layer, String type, String file, String name, Path baseDir,
            List<Problem> problems) {
        int line = layer.line();
        switch (type) {
            case "Convolution", "Deconvolution" -> {
                TextProto p = layer.message("convolution_param");
                if (p == null || p.getInt("num_output", 0) <= 0) {
                    problems.add(new Problem(file, line, name, "convolution_param.num_output must be > 0",
                            "set convolution_param { num_output: N }"));
                }
                if (p != null && !p.has("kernel_size") && !(p.has("kernel_h") && p.has("kernel_w"))) {
                    problems.add(new Problem(file, line, name, "convolution_param has no kernel_size",
                            "set kernel_size (or kernel_h and kernel_w)"));
                }
                if (p != null && p.getInt("num_output", 1) % Math.max(1, p.getInt("group", 1)) != 0) {
                    problems.add(new Problem(file, line, name, "num_output is not a multiple of group",
                            "make num_output divisible by group"));
                }
            }
            case "InnerProduct" -> {
                TextProto p = layer.message("inner_product_param");
                if (p == null || p.getInt("num_output", 0) <= 0) {
                    problems.add(new Problem(file, line, name, "inner_product_param.num_output must be > 0",
                            "set inner_product_param { num_output: N }"));
                }
            }
            case "Pooling" -> {
                TextProto p = layer.message("pooling_param");
                boolean global = p != null && p.getBool("global_pooling", false);
                if (!global && (p == null || (!p.has("kernel_size") && !(p.has("kernel_h") && p.has("kernel_w"))))) {
                    problems.add(new Problem(file, line, name, "pooling_param has no kernel_size",
                            "set kernel_size, or global_pooling: true"));
                }
            }
            case "Input" -> {
                TextProto p = layer.message("input_param");
                if (p == null || !p.has("shape")) {
                    problems.add(new Problem(file, line, name, "Input layer without input_param { shape { dim: ... } }",
                            "declare the input shape, e.g. shape { dim: 1 dim: 1 dim: 256 dim: 256 }"));
                } else {
                    checkShapes(p.messages("shape"), file, line, name, problems);
                }
            }
            case "DummyData" -> {
                TextProto p = layer.message("dummy_data_param");
                if (p != null) {
                    checkShapes(p.messages("shape"), file, line, name, problems);
                }
            }
            case "Data" -> {
                TextProto p = layer.message("data_param");
                String backend = p == null ? "LEVELDB" : p.get("backend", "LEVELDB");
                checkSource(p == null ? null : p.get("source"), true, backend, file, line, name, baseDir, problems);
                if (p != null && p.getInt("batch_size", 0) <= 0) {
                    problems.add(new Problem(file, line, name, "data_param.batch_size must be > 0", "set batch_size: 1 or more"));
                }
            }
            case "ImageData" -> checkSource(layer.messageOrCreate("image_data_param").get("source"), false, null,
                    file, line, name, baseDir, problems);
            case "HDF5Data" -> checkSource(layer.messageOrCreate("hdf5_data_param").get("source"), false, null,
                    file, line, name, baseDir, problems);
            default -> {
            }
        }
    }

    /** Caffe CHECKs that a blob holds at most INT_MAX values and that dims are positive. */
    private static void checkShapes(List<TextProto> shapes, String file, int line, String name, List<Problem> problems) {
        for (TextProto shape : shapes) {
            long count = 1;
            for (String d : shape.strings("dim")) {
                long v = (long) Double.parseDouble(d);
                if (v < 0) {
                    problems.add(new Problem(file, line, name, "negative dimension " + v, "use dims >= 1"));
                }
                count *= Math.max(1, v);
            }
            if (count > Integer.MAX_VALUE) {
                problems.add(new Problem(file, line, name, "blob of " + count + " values exceeds Caffe's limit of "
                        + Integer.MAX_VALUE, "use a smaller input shape or batch"));
                return;
            }
        }
    }

    private static void checkSource(String source, boolean db, String backend, String file, int line, String name,
            Path baseDir, List<Problem> problems) {
        if (source == null || source.isBlank()) {
            problems.add(new Problem(file, line, name, "data layer has no source", "set the source path"));
            return;
        }
        Path p = Path.of(source).isAbsolute() ? Path.of(source) : baseDir.resolve(source);
        boolean ok = db ? (Files.isDirectory(p) && ("LMDB".equals(backend) ? Files.isRegularFile(p.resolve("data.mdb")) : true))
                : Files.isRegularFile(p);
        if (!ok) {
            String what = db ? backend + " database" : "source list";
            problems.add(new Problem(file, line, name, what + " '" + source + "' not found (looked in "
                    + p.toAbsolutePath().normalize() + ")",
                    db ? "import data first (dlp import ...), or run from/with --ws the workspace that holds it"
                            : "create the file or fix the path"));
        }
    }

    static Set<String> layerTypes() {
        Set<String> t = layerTypes;
        if (t == null) {
            Caffe.load();
            t = new HashSet<>(CaffeNet.strings(org.bytedeco.caffe.FloatLayerRegistry.LayerTypeList()));
            layerTypes = t;
        }
        return t;
    }

    private static String suggestType(String type, Set<String> known) {
        String lower = type.toLowerCase(Locale.ROOT).replace("_", "");
        List<String> close = new ArrayList<>();
        for (String k : known) {
            String kl = k.toLowerCase(Locale.ROOT);
            if (kl.equals(lower) || kl.startsWith(lower) || lower.startsWith(kl)) {
                close.add(k);
            }
        }
        return close.isEmpty() ? "use one of Caffe's layer types (dlp net validate lists them with --types)"
                : "did you mean " + String.join(" or ", close) + "?";
    }
}
