package org.dlp4j.caffe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Java-side checks of a net for one phase: the things on which Caffe would abort the process — include and exclude
 * rules on one layer, unknown layer types, the blob wiring ({@link BlobFlow}), bottom, top and param counts
 * ({@link LayerArity}), propagate_down, shared params ({@link SharedParams}), missing data sources and missing
 * required parameters. Layers are selected as Caffe's FilterNet does ({@link LayerRules}), with the net's own
 * {@code state { stage level }}.
 */
final class NetValidator {
    private static volatile Set<String> layerTypes;

    private NetValidator() {
    }

    static ValidationResult validate(TextProto net, String file, Phase phase, Path baseDir, List<Problem> problems) {
        Set<String> known = layerTypes();
        LayerRules rules = LayerRules.of(net, phase);
        Set<String> names = new HashSet<>();
        List<TextProto> active = new ArrayList<>();
        for (TextProto layer : net.messages("layer")) {
            if (layer.has("include") && layer.has("exclude")) { // FilterNet CHECKs this on every layer
                problems.add(new Problem(file, layer.line(), layer.get("name", "(unnamed)"), "layer has both include"
                        + " and exclude rules; Caffe refuses that", "keep either the include { } or the exclude { }"
                        + " rules"));
            }
            if (!rules.includes(layer)) {
                continue;
            }
            active.add(layer);
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
            int bottoms = layer.count("bottom");
            if (layer.count("propagate_down") > 0 && layer.count("propagate_down") != bottoms) {
                problems.add(new Problem(file, line, name, layer.count("propagate_down") + " propagate_down entries"
                        + " for " + bottoms + " bottom(s); Caffe wants none or one per bottom",
                        "give one propagate_down per bottom, in bottom order, or none"));
            }
            LayerCounts.check(layer, type, file, problems);
            checkParams(layer, type, file, name, baseDir, problems);
        }
        Set<String> blobs = BlobFlow.check(active, file, phase, problems);
        SharedParams.check(active, file, problems);
        Problem empty = Prototxt.noLayersProblem(net, file);
        if (empty != null) {
            problems.add(empty);
        } else if (active.isEmpty()) {
            problems.add(new Problem(file, 0, null, "no layers in phase " + phase, "add layers, or check include/exclude rules"));
        }
        return new ValidationResult(problems, active.size(), blobs.size(), net);
    }

    /**
     * Whether a layer is built in {@code phase} when the net's state has no stages and level 0; prefer
     * {@link #activeLayers} (or {@link LayerRules#of}), which read the net's own state.
     */
    static boolean included(TextProto layer, Phase phase) {
        return new LayerRules(phase, List.of(), 0).includes(layer);
    }

    /** The layers Caffe builds from {@code net} in {@code phase} (its include/exclude rules and the net's state). */
    static List<TextProto> activeLayers(TextProto net, Phase phase) {
        LayerRules rules = LayerRules.of(net, phase);
        return net.messages("layer").stream().filter(rules::includes).toList();
    }

    private static void checkParams(TextProto layer, String type, String file, String name, Path baseDir,
            List<Problem> problems) {
        int line = layer.line();
        switch (type) {
            case "Convolution", "Deconvolution" -> {
                TextProto p = layer.message("convolution_param");
                if (p == null || !p.has("num_output")) { // a given value's range: ParamRanges
                    problems.add(new Problem(file, line, name, "convolution_param.num_output must be > 0",
                            "set convolution_param { num_output: N }"));
                }
                if (p != null && !p.has("kernel_size") && !(p.has("kernel_h") && p.has("kernel_w"))) {
                    problems.add(new Problem(file, line, name, "convolution_param has no kernel_size",
                            "set kernel_size (or kernel_h and kernel_w)"));
                }
            }
            case "InnerProduct" -> {
                TextProto p = layer.message("inner_product_param");
                if (p == null || !p.has("num_output")) { // a given value's range: ParamRanges
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
                if (p != null && !p.has("batch_size")) { // a given value's range: ParamRanges
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
