package org.dlp4j.caffe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        return validate(net, file, LayerRules.of(net, phase), baseDir, problems);
    }

    /** {@link #validate} in a given state (a solver's net: its train_state or test_state merged in). */
    static ValidationResult validate(TextProto net, String file, LayerRules rules, Path baseDir,
            List<Problem> problems) {
        Phase phase = rules.phase();
        Set<String> known = layerTypes();
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
            try {
                FillerRules.check(layer, type, file, name, problems);
            } catch (NumberFormatException e) {
                // a filler value Caffe's parser took but Java cannot read (nan): left to Caffe
            }
        }
        unshapedInputs(active, file, problems);
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
                if (global) {
                    globalPooling(p, file, line, name, problems);
                }
            }
            case "Input" -> { // without a shape its tops stay empty: see unshapedInputs
                TextProto p = layer.message("input_param");
                if (p != null) {
                    checkShapes(p.messages("shape"), file, line, name, problems);
                }
            }
            case "Embed" -> {
                TextProto p = layer.messageOrCreate("embed_param");
                for (String f : List.of("num_output", "input_dim")) {
                    if (!p.has(f)) { // a given 0: ParamRanges
                        problems.add(new Problem(file, line, name, "embed_param." + f + " is not set: Caffe's Embed"
                                + " checks it is positive and aborts", "set embed_param { " + f + ": N }"
                                + (f.equals("input_dim") ? " (the number of distinct ids, e.g. the vocabulary size)"
                                : "")));
                    }
                }
            }
            case "Tile" -> {
                TextProto p = layer.message("tile_param");
                String tiles = p == null ? null : p.get("tiles");
                java.math.BigInteger n = tiles == null ? null : ParamRanges.integer(tiles);
                if (tiles == null || (n != null && n.signum() <= 0)) {
                    problems.add(new Problem(file, line, name, tiles == null ? "tile_param.tiles is not set: Caffe"
                            + " aborts (\"Number of tiles must be specified\")" : "tile_param.tiles is " + tiles
                            + ": Caffe checks tiles > 0 and aborts", "set tile_param { tiles: N } with N >= 1"));
                }
            }
            case "InfogainLoss" -> {
                if (layer.count("bottom") < 3) { // else the third bottom is the matrix
                    TextProto p = layer.message("infogain_loss_param");
                    String source = p == null ? null : p.get("source");
                    if (source == null || source.isBlank()) {
                        problems.add(new Problem(file, line, name, "InfogainLoss with two bottoms needs its infogain"
                                + " matrix: infogain_loss_param.source is not set (Caffe aborts: \"Infogain matrix"
                                + " source must be specified\")", "set infogain_loss_param { source:"
                                + " \"H.binaryproto\" } (a BlobProto of classes x classes), or give the matrix as a"
                                + " third bottom"));
                    } else {
                        Path h = Path.of(source).isAbsolute() ? Path.of(source) : baseDir.resolve(source);
                        if (!Files.isRegularFile(h)) {
                            problems.add(new Problem(file, line, name, "infogain matrix '" + source + "' not found"
                                    + " (looked in " + h.toAbsolutePath().normalize() + "); Caffe aborts (\"File not"
                                    + " found\")", "create the BlobProto file or fix infogain_loss_param.source"));
                        }
                    }
                }
            }
            case "DummyData" -> {
                TextProto p = layer.message("dummy_data_param");
                if (p != null) {
                    checkShapes(p.messages("shape"), file, line, name, problems);
                }
            }
            case "Data" -> {
                DataSources.check(layer, type, file, name, baseDir, problems);
                TextProto p = layer.message("data_param");
                if (p != null && !p.has("batch_size")) { // a given value's range: ParamRanges
                    problems.add(new Problem(file, line, name, "data_param.batch_size must be > 0", "set batch_size: 1 or more"));
                }
            }
            case "ImageData", "HDF5Data" -> DataSources.check(layer, type, file, name, baseDir, problems);
            default -> {
            }
        }
    }

    /**
     * An Input layer without {@code input_param { shape }} leaves its tops empty (no axes): Caffe builds such a net,
     * and its input can be reshaped later ({@link CaffeNet#reshape}), but a layer set up on the empty blob aborts
     * (Convolution: "axis 1 out of range for 0-D Blob") or aborts at the first forward (ReLU: "Check failed:
     * data_"). So an unshaped input is fine only while no layer reads it.
     */
    private static void unshapedInputs(List<TextProto> active, String file, List<Problem> problems) {
        Map<String, TextProto> unshaped = new HashMap<>();
        for (TextProto layer : active) {
            for (String b : layer.strings("bottom")) {
                TextProto input = unshaped.get(b);
                if (input != null) {
                    problems.add(new Problem(file, input.line(), input.get("name", "(unnamed)"), "Input layer without"
                            + " input_param { shape { dim: ... } } feeds layer '" + layer.get("name", "(unnamed)")
                            + "': its top '" + b + "' stays empty and Caffe aborts setting that layer up (or at the"
                            + " first forward)", "declare the input shape, e.g. shape { dim: 1 dim: 1 dim: 256"
                            + " dim: 256 } (it can still be reshaped later)"));
                    unshaped.remove(b);
                }
            }
            for (String t : layer.strings("top")) {
                unshaped.remove(t);
            }
            TextProto p = layer.message("input_param");
            if (layer.get("type", "").equals("Input") && (p == null || !p.has("shape"))) {
                layer.strings("top").forEach(t -> unshaped.put(t, layer));
            }
        }
    }

    /** Caffe's Pooling with global_pooling takes no kernel size, and only pad 0 and stride 1. */
    private static void globalPooling(TextProto p, String file, int line, String name, List<Problem> problems) {
        List<String> set = new ArrayList<>();
        for (String f : List.of("kernel_size", "kernel_h", "kernel_w")) {
            if (p.has(f)) {
                set.add(f);
            }
        }
        for (String f : List.of("pad", "pad_h", "pad_w")) {
            if (p.getInt(f, 0) != 0) {
                set.add(f + " " + p.get(f));
            }
        }
        for (String f : List.of("stride", "stride_h", "stride_w")) {
            if (p.getInt(f, 1) != 1) {
                set.add(f + " " + p.get(f));
            }
        }
        if (!set.isEmpty()) {
            problems.add(new Problem(file, line, name, "global_pooling with " + String.join(", ", set) + ": Caffe"
                    + " aborts (global pooling takes the whole input: no kernel size, pad 0, stride 1)",
                    "remove " + String.join(", ", set).replaceAll(" -?\\d+", "") + " from pooling_param, or drop"
                            + " global_pooling"));
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
