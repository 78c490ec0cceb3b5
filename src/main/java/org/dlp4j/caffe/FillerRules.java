package org.dlp4j.caffe;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The fillers a layer really runs while Caffe sets it up ({@code filler.hpp}'s {@code GetFiller}), checked before
 * Caffe sees them: a type Caffe 1.0 does not know aborts ("Unknown filler name"), so do a gaussian {@code std} that is
 * not positive ({@code Check failed: sigma > 0}), a uniform {@code min} above {@code max} ({@code a <= b}) and a
 * bilinear filler on a blob that is not a square 4-D kernel ("Blob must be 4 dim", "Filter must be square"). A filler
 * the layer never runs (a {@code bias_filler} with {@code bias_term: false}) is left alone, as Caffe leaves it.
 */
final class FillerRules {
    /** The filler names {@code GetFiller} of Caffe 1.0 knows (the default is "constant"). */
    static final Set<String> NAMES = Set.of("constant", "gaussian", "positive_unitball", "uniform", "xavier", "msra",
            "bilinear");

    private FillerRules() {
    }

    /** One filler a layer runs: where it is ({@code convolution_param.weight_filler}) and whether its blob is a square 4-D kernel. */
    private record Used(String path, TextProto filler, boolean squareKernel) {
    }

    static void check(TextProto layer, String type, String file, String name, List<Problem> problems) {
        for (Used u : used(layer, type)) {
            TextProto f = u.filler();
            String kind = f.get("type", "constant");
            String what = null;
            String fix = null;
            if (!NAMES.contains(kind)) {
                what = u.path() + " has type '" + kind + "', a filler Caffe 1.0 does not know (it aborts: \"Unknown"
                        + " filler name\")";
                fix = "use one of " + new java.util.TreeSet<>(NAMES);
            } else if (kind.equals("gaussian") && f.getDouble("std", 1) <= 0) {
                what = u.path() + " is gaussian with std " + f.get("std") + ": Caffe checks std > 0 and aborts";
                fix = "give a positive std, e.g. std: 0.01 (or use type \"constant\" for a fixed value)";
            } else if (kind.equals("uniform") && f.getDouble("min", 0) > f.getDouble("max", 1)) {
                what = u.path() + " is uniform with min " + f.getDouble("min", 0) + " above max " + f.getDouble("max", 1)
                        + ": Caffe checks min <= max and aborts";
                fix = "swap min and max";
            } else if (kind.equals("bilinear") && !u.squareKernel()) {
                what = u.path() + " is bilinear, which Caffe only fills into a square 4-D kernel (a convolution's"
                        + " weights with kernel_h == kernel_w); anything else aborts (\"Blob must be 4 dim\" or"
                        + " \"Filter must be square\")";
                fix = "use bilinear only for the weight_filler of a (De)Convolution with a square kernel, e.g. xavier"
                        + " or constant here";
            }
            if (what != null) {
                problems.add(new Problem(file, f.line() > 0 ? f.line() : layer.line(), name, what, fix));
            }
        }
    }

    private static List<Used> used(TextProto layer, String type) {
        List<Used> out = new ArrayList<>();
        switch (type) {
            case "Convolution", "Deconvolution" -> weightsAndBias(layer, "convolution_param", squareKernel(
                    layer.message("convolution_param")), true, out);
            case "InnerProduct" -> weightsAndBias(layer, "inner_product_param", false, true, out);
            case "Embed" -> weightsAndBias(layer, "embed_param", false, true, out);
            case "PReLU" -> add(layer, "prelu_param", "filler", false, out);
            case "Scale" -> {
                if (layer.count("bottom") == 1) {
                    add(layer, "scale_param", "filler", false, out);
                }
                TextProto p = layer.message("scale_param");
                if (p != null && p.getBool("bias_term", false)) {
                    add(layer, "scale_param", "bias_filler", false, out);
                }
            }
            case "Bias" -> {
                if (layer.count("bottom") == 1) {
                    add(layer, "bias_param", "filler", false, out);
                }
            }
            case "DummyData" -> {
                TextProto p = layer.message("dummy_data_param");
                List<TextProto> shapes = p == null ? List.of() : p.messages("shape");
                boolean square = !shapes.isEmpty() && shapes.stream().allMatch(s -> {
                    List<String> d = s.strings("dim");
                    return d.size() == 4 && d.get(2).equals(d.get(3));
                });
                for (TextProto f : p == null ? List.<TextProto>of() : p.messages("data_filler")) {
                    out.add(new Used("dummy_data_param.data_filler", f, square));
                }
            }
            default -> {
            }
        }
        return out;
    }

    private static void weightsAndBias(TextProto layer, String param, boolean square, boolean biasDefault,
            List<Used> out) {
        add(layer, param, "weight_filler", square, out);
        TextProto p = layer.message(param);
        if (p == null || p.getBool("bias_term", biasDefault)) {
            add(layer, param, "bias_filler", false, out);
        }
    }

    private static void add(TextProto layer, String param, String field, boolean square, List<Used> out) {
        TextProto p = layer.message(param);
        TextProto f = p == null ? null : p.message(field);
        if (f != null) {
            out.add(new Used(param + "." + field, f, square));
        }
    }

    /** Whether a 2-D convolution's kernel is square (kernel_size once, or kernel_h == kernel_w). */
    private static boolean squareKernel(TextProto c) {
        if (c == null) {
            return false;
        }
        List<String> k = c.strings("kernel_size");
        if (c.has("kernel_h") || c.has("kernel_w")) {
            return c.get("kernel_h", "?").equals(c.get("kernel_w", "!"));
        }
        return k.size() == 1 || (k.size() == 2 && k.get(0).equals(k.get(1)));
    }
}
