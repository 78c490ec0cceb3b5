package org.dlp4j.caffe;

import java.util.List;

/**
 * Per-layer count checks that abort Caffe while it sets a layer up: bottoms and tops ({@code CheckBlobCounts}), more
 * {@code param { }} entries than the layer has blobs ("Too many params specified"), learned BatchNorm statistics, and
 * DummyData's or Input's shapes and fillers against its tops.
 */
final class LayerCounts {
    private LayerCounts() {
    }

    static void check(TextProto layer, String type, String file, List<Problem> problems) {
        String name = layer.get("name", "(unnamed)");
        int line = layer.line();
        int bottoms = layer.count("bottom");
        int tops = LayerArity.effectiveTops(type, layer.count("top"));
        int[] b = LayerArity.bottoms(type);
        if (b != null && (bottoms < b[0] || (b[1] >= 0 && bottoms > b[1]))) {
            problems.add(new Problem(file, line, name, type + " takes " + want(b) + " bottom(s), has " + bottoms,
                    "fix the bottom: entries"));
        }
        int[] t = LayerArity.tops(layer, type);
        if (t != null && (tops < t[0] || (t[1] >= 0 && tops > t[1]))) {
            problems.add(new Problem(file, line, name, type + " produces " + want(t) + " top(s), has " + tops,
                    tops < t[0] ? "add top: \"...\" (the bottom's name for an in-place layer)" : "remove the extra"
                            + " top: entries"));
        }
        if (LayerArity.equalTopsAndBottoms(type) && bottoms != tops && bottoms > 0 && tops > 0) {
            problems.add(new Problem(file, line, name, type + " produces one top per bottom, but has " + bottoms
                    + " bottom(s) and " + tops + " top(s)", "give it as many tops as bottoms"));
        }
        List<TextProto> params = layer.messages("param");
        int blobs = LayerArity.paramBlobs(layer, type, bottoms);
        if (blobs >= 0 && params.size() > blobs) {
            problems.add(new Problem(file, line, name, params.size() + " param { } entries, but this " + type
                    + " layer has " + blobs + " parameter blob(s)" + (blobs == 1 && hasBiasTerm(type)
                            ? " (bias_term: false leaves only the weights)" : "") + "; Caffe aborts ('Too many params"
                            + " specified')", "remove the extra param { } entries"));
        }
        if (type.equals("BatchNorm")) {
            for (int i = 0; i < Math.min(3, params.size()); i++) {
                if (params.get(i).getDouble("lr_mult", 1) != 0) {
                    problems.add(new Problem(file, line, name, "BatchNorm param { } #" + (i + 1) + " has lr_mult "
                            + params.get(i).getDouble("lr_mult", 1) + (params.get(i).has("lr_mult") ? ""
                                    : " (the default)") + "; its blobs are statistics, which Caffe refuses to learn",
                            "set lr_mult: 0 in each of BatchNorm's param { } entries, or leave them out"));
                    break;
                }
            }
        }
        if (type.equals("DummyData")) {
            dummyData(layer.messageOrCreate("dummy_data_param"), layer.count("top"), file, line, name, problems);
        }
        TextProto input = layer.message("input_param");
        if (type.equals("Input") && input != null && input.count("shape") > 1 && input.count("shape") != tops) {
            problems.add(new Problem(file, line, name, input.count("shape") + " shape { } entries for " + tops
                    + " top(s); Caffe wants one for all tops or one per top", "give one shape, or one per top"));
        }
    }

    /** dummy_data_layer.cpp: fillers, then legacy num/channels/height/width or shape, each once or once per top. */
    private static void dummyData(TextProto p, int tops, String file, int line, String name, List<Problem> problems) {
        int fillers = p.count("data_filler");
        if (fillers > 1 && fillers != tops) {
            problems.add(new Problem(file, line, name, fillers + " data_filler entries for " + tops + " top(s);"
                    + " Caffe wants 0, 1 or one per top", "give one data_filler for all tops, or one per top"));
        }
        List<String> legacy = List.of("num", "channels", "height", "width");
        if (legacy.stream().anyMatch(p::has)) {
            if (p.has("shape")) {
                problems.add(new Problem(file, line, name, "dummy_data_param has both shape { } and the legacy"
                        + " num/channels/height/width", "use shape { dim: ... } only"));
            }
            List<String> bad = legacy.stream().filter(f -> p.count(f) != 1 && p.count(f) != tops)
                    .map(f -> f + " (" + p.count(f) + "x)").toList();
            if (!bad.isEmpty()) {
                problems.add(new Problem(file, line, name, "dummy_data_param's legacy dims are given neither once nor"
                        + " once per top (" + tops + "): " + String.join(", ", bad) + "; Caffe wants each of num,"
                        + " channels, height and width that way", "give num, channels, height and width once each,"
                        + " or use shape { dim: ... }"));
            }
        } else if (p.count("shape") != 1 && p.count("shape") != tops) {
            problems.add(new Problem(file, line, name, "DummyData has " + p.count("shape") + " shape { } entries for "
                    + tops + " top(s); Caffe wants one for all tops or one per top", p.count("shape") == 0
                            ? "add dummy_data_param { shape { dim: ... } }" : "give one shape, or one per top"));
        }
    }

    private static boolean hasBiasTerm(String type) {
        return type.equals("Convolution") || type.equals("Deconvolution") || type.equals("InnerProduct")
                || type.equals("Embed");
    }

    private static String want(int[] c) {
        return c[1] < 0 ? "at least " + c[0] : c[0] == c[1] ? "exactly " + c[0] : c[0] + " to " + c[1];
    }
}
