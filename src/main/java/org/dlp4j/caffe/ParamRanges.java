package org.dlp4j.caffe;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Value checks for layer parameters that Caffe's text parser rejects or its layers CHECK (and abort on): a uint32
 * field ({@code num_output}, {@code kernel_size}, {@code stride}, {@code pad}, {@code group}, ...) takes a whole
 * number from 0 to 4294967295 (no sign, no exponent), an int32 field a whole number in int range, a float field a
 * finite number, an enum field one of its names; and the layers' own CHECKs: {@code dropout_ratio} in [0, 1),
 * {@code num_output}, {@code kernel_size}, {@code stride}, {@code dilation}, {@code group}, {@code batch_size} and
 * {@code top_k} at least 1, {@code num_output} a multiple of {@code group}, LRN's {@code local_size} odd. Types
 * follow caffe.proto (Caffe 1.0); parameters it does not list are left to the other checks.
 */
public final class ParamRanges {
    private enum T { UINT32, INT32, INT64, FLOAT, BOOL }

    private static final BigInteger UINT32_MAX = BigInteger.valueOf(4294967295L);
    private static final Map<String, T> FILLER = Map.of("value", T.FLOAT, "min", T.FLOAT, "max", T.FLOAT,
            "mean", T.FLOAT, "std", T.FLOAT, "sparse", T.INT32);
    private static final Map<String, T> CONV = Map.ofEntries(Map.entry("num_output", T.UINT32),
            Map.entry("bias_term", T.BOOL), Map.entry("pad", T.UINT32), Map.entry("kernel_size", T.UINT32),
            Map.entry("stride", T.UINT32), Map.entry("dilation", T.UINT32), Map.entry("pad_h", T.UINT32),
            Map.entry("pad_w", T.UINT32), Map.entry("kernel_h", T.UINT32), Map.entry("kernel_w", T.UINT32),
            Map.entry("stride_h", T.UINT32), Map.entry("stride_w", T.UINT32), Map.entry("group", T.UINT32),
            Map.entry("axis", T.INT32), Map.entry("force_nd_im2col", T.BOOL));
    private static final Map<String, T> POOL = Map.of("pad", T.UINT32, "pad_h", T.UINT32, "pad_w", T.UINT32,
            "kernel_size", T.UINT32, "kernel_h", T.UINT32, "kernel_w", T.UINT32, "stride", T.UINT32,
            "stride_h", T.UINT32, "stride_w", T.UINT32, "global_pooling", T.BOOL);
    private static final Map<String, T> DATA = Map.of("batch_size", T.UINT32, "rand_skip", T.UINT32, "scale", T.FLOAT,
            "crop_size", T.UINT32, "mirror", T.BOOL, "prefetch", T.UINT32, "new_height", T.UINT32,
            "new_width", T.UINT32, "shuffle", T.BOOL, "is_color", T.BOOL);
    /** Parameter message → its scalar fields' types. */
    private static final Map<String, Map<String, T>> FIELDS = Map.ofEntries(
            Map.entry("convolution_param", CONV),
            Map.entry("pooling_param", POOL),
            Map.entry("inner_product_param", Map.of("num_output", T.UINT32, "bias_term", T.BOOL, "axis", T.INT32,
                    "transpose", T.BOOL)),
            Map.entry("dropout_param", Map.of("dropout_ratio", T.FLOAT)),
            Map.entry("lrn_param", Map.of("local_size", T.UINT32, "alpha", T.FLOAT, "beta", T.FLOAT, "k", T.FLOAT)),
            Map.entry("data_param", DATA),
            Map.entry("image_data_param", DATA),
            Map.entry("transform_param", Map.of("scale", T.FLOAT, "mirror", T.BOOL, "crop_size", T.UINT32,
                    "mean_value", T.FLOAT, "force_color", T.BOOL, "force_gray", T.BOOL)),
            Map.entry("accuracy_param", Map.of("top_k", T.UINT32, "axis", T.INT32, "ignore_label", T.INT32)),
            Map.entry("argmax_param", Map.of("out_max_val", T.BOOL, "top_k", T.UINT32, "axis", T.INT32)),
            Map.entry("embed_param", Map.of("num_output", T.UINT32, "input_dim", T.UINT32, "bias_term", T.BOOL)),
            Map.entry("tile_param", Map.of("axis", T.INT32, "tiles", T.INT32)),
            Map.entry("crop_param", Map.of("axis", T.INT32, "offset", T.UINT32)),
            Map.entry("concat_param", Map.of("axis", T.INT32, "concat_dim", T.UINT32)),
            Map.entry("eltwise_param", Map.of("coeff", T.FLOAT, "stable_prod_grad", T.BOOL)),
            Map.entry("power_param", Map.of("power", T.FLOAT, "scale", T.FLOAT, "shift", T.FLOAT)),
            Map.entry("relu_param", Map.of("negative_slope", T.FLOAT)),
            Map.entry("elu_param", Map.of("alpha", T.FLOAT)),
            Map.entry("softmax_param", Map.of("axis", T.INT32)),
            Map.entry("loss_param", Map.of("ignore_label", T.INT32, "normalize", T.BOOL)),
            Map.entry("batch_norm_param", Map.of("use_global_stats", T.BOOL, "moving_average_fraction", T.FLOAT,
                    "eps", T.FLOAT)),
            Map.entry("scale_param", Map.of("axis", T.INT32, "num_axes", T.INT32, "bias_term", T.BOOL)),
            Map.entry("param", Map.of("lr_mult", T.FLOAT, "decay_mult", T.FLOAT)),
            Map.entry("weight_filler", FILLER),
            Map.entry("bias_filler", FILLER),
            Map.entry("shape", Map.of("dim", T.INT64)));
    /** Enum fields (any parameter message) → their names in caffe.proto order (a number picks by index). */
    private static final Map<String, List<String>> ENUMS = Map.of(
            "pooling_param.pool", List.of("MAX", "AVE", "STOCHASTIC"),
            "lrn_param.norm_region", List.of("ACROSS_CHANNELS", "WITHIN_CHANNEL"),
            "eltwise_param.operation", List.of("PROD", "SUM", "MAX"),
            "data_param.backend", List.of("LEVELDB", "LMDB"),
            "loss_param.normalization", List.of("FULL", "VALID", "BATCH_SIZE", "NONE"),
            "engine", List.of("DEFAULT", "CAFFE", "CUDNN"),
            "variance_norm", List.of("FAN_IN", "FAN_OUT", "AVERAGE"));
    /** Fields Caffe's layers CHECK to be at least 1 (when given; their defaults are fine). */
    private static final Set<String> AT_LEAST_ONE = Set.of("convolution_param.num_output",
            "convolution_param.kernel_size", "convolution_param.kernel_h", "convolution_param.kernel_w",
            "convolution_param.stride", "convolution_param.stride_h", "convolution_param.stride_w",
            "convolution_param.dilation", "convolution_param.group", "inner_product_param.num_output",
            "pooling_param.kernel_size", "pooling_param.kernel_h", "pooling_param.kernel_w", "pooling_param.stride",
            "pooling_param.stride_h", "pooling_param.stride_w", "data_param.batch_size", "image_data_param.batch_size",
            "accuracy_param.top_k", "argmax_param.top_k", "lrn_param.local_size", "embed_param.num_output",
            "embed_param.input_dim");

    private ParamRanges() {
    }

    /** Problems of every layer of {@code net} ({@code file} names it in each problem); empty when all values fit. */
    public static List<Problem> check(TextProto net, String file) {
        List<Problem> out = new ArrayList<>();
        for (TextProto layer : net.messages("layer")) {
            String name = layer.get("name", null);
            for (TextProto.Field f : layer) {
                if (f.name().equals("loss_weight")) {
                    scalar(out, file, name, "loss_weight", f, T.FLOAT);
                } else if (f.isMessage() && (FIELDS.containsKey(f.name()) || f.name().endsWith("_param"))) {
                    message(out, file, name, f.name(), f.name(), f.message());
                }
            }
            semantics(out, file, name, layer);
        }
        return out;
    }

    /** Checks the fields of one parameter message; {@code path} is its dotted path in the layer. */
    private static void message(List<Problem> out, String file, String layer, String kind, String path, TextProto m) {
        Map<String, T> types = FIELDS.getOrDefault(kind, Map.of());
        for (TextProto.Field f : m) {
            String p = path + "." + f.name();
            if (f.isMessage()) {
                if (FIELDS.containsKey(f.name())) {
                    message(out, file, layer, f.name(), p, f.message());
                }
                continue;
            }
            List<String> names = ENUMS.getOrDefault(kind + "." + f.name(), ENUMS.get(f.name()));
            if (names != null) {
                enumValue(out, file, layer, p, f, names);
            } else if (types.containsKey(f.name())) {
                scalar(out, file, layer, p, f, types.get(f.name()));
            }
        }
    }

    private static void enumValue(List<Problem> out, String file, String layer, String path, TextProto.Field f,
            List<String> names) {
        String v = f.scalar();
        boolean ok = f.kind() == TextProto.Kind.IDENT && names.contains(v);
        BigInteger n = f.kind() == TextProto.Kind.NUMBER ? integer(v) : null;
        ok |= n != null && n.signum() >= 0 && n.compareTo(BigInteger.valueOf(names.size())) < 0;
        if (!ok) {
            out.add(new Problem(file, f.line(), layer, path + " is " + shown(f) + ", not one of " + names,
                    "set " + path + " to one of " + String.join(", ", names)));
        }
    }

    private static void scalar(List<Problem> out, String file, String layer, String path, TextProto.Field f, T type) {
        String v = f.scalar();
        String bad = null;
        if (type == T.BOOL) {
            if (!Set.of("true", "false", "True", "False", "t", "f", "1", "0").contains(v)) {
                bad = "true or false";
            }
        } else if (f.kind() != TextProto.Kind.NUMBER && !(type == T.FLOAT && f.kind() == TextProto.Kind.IDENT)) {
            bad = type == T.FLOAT ? "a number" : "a whole number";
        } else if (type == T.FLOAT) {
            if (!Double.isFinite(real(v))) {
                bad = "a finite number";
            }
        } else {
            BigInteger n = integer(v);
            BigInteger lo = type == T.UINT32 ? BigInteger.ZERO : type == T.INT32
                    ? BigInteger.valueOf(Integer.MIN_VALUE) : BigInteger.valueOf(Long.MIN_VALUE);
            BigInteger hi = type == T.UINT32 ? UINT32_MAX : type == T.INT32 ? BigInteger.valueOf(Integer.MAX_VALUE)
                    : BigInteger.valueOf(Long.MAX_VALUE);
            if (n == null || n.compareTo(lo) < 0 || n.compareTo(hi) > 0) {
                bad = "a whole number from " + lo + " to " + hi;
            }
        }
        if (bad != null) {
            out.add(new Problem(file, f.line(), layer, path + " is " + shown(f) + ": Caffe's parser takes only " + bad
                    + " there (" + type.name().toLowerCase(Locale.ROOT) + ")", "set " + path + " to " + bad));
        }
    }

    /** The layers' own CHECKs on values the parser accepts. */
    private static void semantics(List<Problem> out, String file, String layer, TextProto l) {
        for (String path : AT_LEAST_ONE) {
            String[] p = path.split("\\.");
            TextProto m = l.message(p[0]);
            if (m == null) {
                continue;
            }
            for (TextProto.Field f : m.all(p[1])) {
                BigInteger n = integer(f.scalar());
                if (n != null && n.signum() == 0) {
                    out.add(new Problem(file, f.line(), layer, path + " is 0: Caffe's layer requires at least 1"
                            + " (it aborts setting the net up)", "set " + path + " to 1 or more"));
                }
            }
        }
        TextProto drop = l.message("dropout_param");
        TextProto.Field ratio = drop == null ? null : drop.first("dropout_ratio");
        if (ratio != null && ratio.kind() == TextProto.Kind.NUMBER && Double.isFinite(real(ratio.scalar()))
                && !(real(ratio.scalar()) >= 0 && real(ratio.scalar()) < 1)) {
            out.add(new Problem(file, ratio.line(), layer, "dropout_param.dropout_ratio is " + ratio.scalar()
                    + ": it must be at least 0 and below 1 (the share of outputs dropped; Caffe aborts with 'Check"
                    + " failed: p >= 0' otherwise)", "set dropout_param.dropout_ratio to a value in [0, 1), e.g. 0.5"));
        }
        TextProto lrn = l.message("lrn_param");
        TextProto.Field size = lrn == null ? null : lrn.first("local_size");
        BigInteger s = size == null ? null : integer(size.scalar());
        if (s != null && s.signum() > 0 && !s.testBit(0)) {
            out.add(new Problem(file, size.line(), layer, "lrn_param.local_size is " + s + ": LRN only supports odd"
                    + " values", "set lrn_param.local_size to an odd number such as " + s.add(BigInteger.ONE)));
        }
        TextProto conv = l.message("convolution_param");
        if (conv != null) {
            BigInteger num = conv.has("num_output") ? integer(conv.get("num_output")) : null;
            BigInteger group = conv.has("group") ? integer(conv.get("group")) : null;
            if (num != null && group != null && group.signum() > 0 && num.mod(group).signum() != 0) {
                out.add(new Problem(file, conv.first("group").line(), layer, "convolution_param.num_output " + num
                        + " is not a multiple of convolution_param.group " + group, "make num_output a multiple of"
                        + " group"));
            }
        }
        TextProto elt = l.message("eltwise_param");
        if (elt != null && elt.has("coeff") && List.of("PROD", "0").contains(elt.get("operation", "SUM"))) {
            out.add(new Problem(file, elt.first("coeff").line(), layer, "eltwise_param gives coeff with operation PROD:"
                    + " Caffe aborts (\"Eltwise layer only takes coefficients for summation\")", "remove the coeff"
                    + " values, or use operation: SUM"));
        }
        for (String kind : List.of("convolution_param", "pooling_param")) {
            TextProto m = l.message(kind);
            if (m != null && m.has("kernel_size") && (m.has("kernel_h") || m.has("kernel_w"))) {
                out.add(new Problem(file, m.first("kernel_size").line(), layer, kind + " gives both kernel_size and"
                        + " kernel_h/kernel_w", "keep either kernel_size or kernel_h and kernel_w"));
            }
        }
    }

    /** A text-format integer (decimal, 0x hex or 0 octal, optional sign), or null when it is not one. */
    static BigInteger integer(String v) {
        String s = v.trim();
        boolean neg = s.startsWith("-");
        String body = neg || s.startsWith("+") ? s.substring(1) : s;
        BigInteger n;
        if (body.matches("0[xX][0-9a-fA-F]+")) {
            n = new BigInteger(body.substring(2), 16);
        } else if (body.matches("0[0-7]+")) {
            n = new BigInteger(body.substring(1), 8);
        } else if (body.matches("\\d+")) {
            n = new BigInteger(body);
        } else {
            return null;
        }
        return neg ? n.negate() : n;
    }

    /** A text-format float (with inf/nan and an f suffix); NaN when it is not a number. */
    private static double real(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        if (s.matches("[-+]?(inf|infinity)")) {
            return s.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (s.endsWith("f") && !s.endsWith("inf")) {
            s = s.substring(0, s.length() - 1);
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String shown(TextProto.Field f) {
        return f.kind() == TextProto.Kind.STRING ? TextProto.quote(f.scalar()) : f.scalar();
    }
}
