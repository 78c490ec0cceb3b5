package org.dlp4j.caffe;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Caffe's per-layer shape arithmetic and the shape CHECKs its layers run while a net is set up
 * (convolution floor, pooling ceil with the pad correction, deconvolution, crop, concat, slice, eltwise,
 * inner product, flatten, reshape, softmax, losses and accuracy), for {@link ShapeInference}. A
 * problem is a {@link ShapeException} naming the layer, what Caffe would abort on, and the fix.
 */
final class ShapeRules {
    static final Set<String> SAME_SHAPE = Set.of("ReLU", "Sigmoid", "TanH", "Dropout", "LRN", "Power",
            "BatchNorm", "Scale", "Bias", "PReLU", "ELU", "AbsVal", "BNLL", "Exp", "Log", "Threshold", "Split", "MVN");
    /** Layer types whose 2-D window is measured against its input (N, C, H, W only). */
    static final Set<String> WINDOWED = Set.of("Convolution", "Deconvolution", "Pooling");
    private static final Set<String> DERIVED = Set.of("Convolution", "Deconvolution", "Pooling", "InnerProduct",
            "Crop", "Concat", "Slice", "Eltwise", "Flatten", "Accuracy", "Reshape", "Softmax", "Silence", "ArgMax", "Tile",
            "Embed");

    private ShapeRules() {
    }

    static boolean known(String type) {
        return DERIVED.contains(type) || type.endsWith("Loss") || SAME_SHAPE.contains(type);
    }

    /**
     * The top shapes of one layer (one entry per top, or one entry for all of them), adding its parameter blob
     * shapes to {@code params}. {@code strict}: a window wider than its padded input is refused even where
     * Caffe's integer division still gives a 1-pixel output (an input smaller than the net can take).
     */
    static List<int[]> layer(TextProto l, String type, List<int[]> b, List<int[]> params, boolean strict) {
        int[] x = b.get(0);
        switch (type) {
            case "Convolution", "Deconvolution" -> {
                return List.of(convolution(l, type, x, params, strict));
            }
            case "Pooling" -> {
                return List.of(pooling(l, x, strict));
            }
            case "InnerProduct" -> {
                TextProto c = orEmpty(l.message("inner_product_param"));
                int n = c.getInt("num_output", 0);
                positive(l, "num_output", n);
                int axis = axis(l, "inner_product_param.axis", c.getInt("axis", 1), x);
                params.add(new int[] {n, (int) count(x, axis)});
                if (c.getBool("bias_term", true)) {
                    params.add(new int[] {n});
                }
                int[] out = Arrays.copyOf(x, axis + 1);
                out[axis] = n;
                return List.of(out);
            }
            case "Crop" -> {
                return List.of(crop(l, b));
            }
            case "Concat" -> {
                TextProto c = orEmpty(l.message("concat_param"));
                int axis = axis(l, "concat_param.axis", c.getInt("axis", c.getInt("concat_dim", 1)), x);
                int[] out = x.clone();
                out[axis] = 0;
                for (int i = 0; i < b.size(); i++) {
                    sameExcept(l, "Concat", b, i, axis);
                    out[axis] += b.get(i)[axis];
                }
                return List.of(out);
            }
            case "Eltwise" -> {
                for (int i = 1; i < b.size(); i++) {
                    sameExcept(l, "Eltwise", b, i, -1);
                }
                TextProto c = orEmpty(l.message("eltwise_param"));
                if (c.count("coeff") > 0 && c.count("coeff") != b.size()) {
                    throw fail(l, "gives " + c.count("coeff") + " coeff values for " + b.size() + " bottoms",
                            "give one coeff per bottom, or none");
                }
                return List.of(x.clone());
            }
            case "Slice" -> {
                return ShapeRulesMore.slice(l, x);
            }
            case "Flatten" -> {
                TextProto c = orEmpty(l.message("flatten_param"));
                int start = axis(l, "flatten_param.axis", c.getInt("axis", 1), x);
                int end = axis(l, "flatten_param.end_axis", c.getInt("end_axis", -1), x);
                int[] out = new int[x.length - (end - start)];
                System.arraycopy(x, 0, out, 0, start);
                out[start] = (int) (count(x, start) / count(x, end + 1));
                System.arraycopy(x, end + 1, out, start + 1, x.length - end - 1);
                return List.of(out);
            }
            case "Softmax" -> {
                axis(l, "softmax_param.axis", orEmpty(l.message("softmax_param")).getInt("axis", 1), x);
                return List.of(x.clone());
            }
            case "Accuracy" -> {
                return ShapeRulesMore.accuracy(l, b);
            }
            case "Reshape" -> {
                return List.of(ShapeRulesMore.reshape(l, x));
            }
            case "Silence" -> {
                return List.of();
            }
            case "ArgMax" -> {
                return List.of(ShapeRulesExtra.argMax(l, x));
            }
            case "Tile" -> {
                return List.of(ShapeRulesExtra.tile(l, x));
            }
            case "Embed" -> {
                return List.of(ShapeRulesExtra.embed(l, x, params));
            }
            default -> {
                if (type.endsWith("Loss")) {
                    return ShapeRulesMore.loss(l, type, b);
                }
                if (type.equals("Scale") || type.equals("Bias")) {
                    ShapeRulesMore.scaleOrBias(l, type, b);
                } else if (type.equals("LRN") && orEmpty(l.message("lrn_param")).getInt("local_size", 5) % 2 == 0) {
                    throw fail(l, "local_size " + orEmpty(l.message("lrn_param")).getInt("local_size", 5)
                            + " is even; Caffe's LRN takes odd sizes only", "use an odd local_size, e.g. 5");
                }
                if ((type.equals("PReLU") || type.equals("BatchNorm")) && x.length < 2) {
                    throw fail(l, "its bottom " + Arrays.toString(x) + " has " + x.length + " axis/axes; " + type
                            + " reads channels from axis 1 and Caffe aborts on fewer than 2 axes",
                            "feed it a blob of at least 2 axes (N, C, ...), e.g. Reshape to 0,-1 first");
                }
                if (type.equals("PReLU")) {
                    params.add(new int[] {x.length > 1 ? x[1] : 1});
                } else if (type.equals("BatchNorm")) {
                    params.addAll(List.of(new int[] {x[1]}, new int[] {x[1]}, new int[] {1}));
                }
                return List.of(x.clone());
            }
        }
    }

    private static int[] convolution(TextProto l, String type, int[] x, List<int[]> params, boolean strict) {
        TextProto c = orEmpty(l.message("convolution_param"));
        ShapeRulesExtra.spatialCounts(l, c, x.length - 2);
        int n = c.getInt("num_output", 0);
        int g = c.getInt("group", 1);
        int[] k = spatial(c, "kernel_size", "kernel_h", "kernel_w", 1);
        int[] s = spatial(c, "stride", "stride_h", "stride_w", 1);
        int[] p = spatial(c, "pad", "pad_h", "pad_w", 0);
        int dil = c.getInt("dilation", 1);
        positive(l, "num_output", n);
        positive(l, "group", g);
        positive(l, "kernel size", k);
        positive(l, "stride", s);
        positive(l, "dilation", dil);
        if (x[1] % g != 0 || n % g != 0) {
            throw fail(l, "group " + g + " must divide both its input channels (" + x[1] + ") and num_output (" + n
                    + ")", "change group or num_output so that group divides both");
        }
        int[] out = x.clone();
        out[1] = n;
        boolean tooSmall = false;
        for (int i = 0; i < 2; i++) {
            int ke = dil * (k[i] - 1) + 1;
            tooSmall |= type.equals("Convolution") && x[2 + i] + 2 * p[i] < ke;
            out[2 + i] = type.equals("Convolution") ? (x[2 + i] + 2 * p[i] - ke) / s[i] + 1
                    : s[i] * (x[2 + i] - 1) + ke - 2 * p[i];
        }
        if (out[2] <= 0 || out[3] <= 0 || (strict && tooSmall)) {
            throw badWindow(l, dil > 1 ? "kernel (dilation " + dil + ")" : "kernel", x, k, s, p, out);
        }
        params.add(type.equals("Convolution") ? new int[] {n, x[1] / g, k[0], k[1]}
                : new int[] {x[1], n / g, k[0], k[1]});
        if (c.getBool("bias_term", true)) {
            params.add(new int[] {n});
        }
        return out;
    }

    private static int[] pooling(TextProto l, int[] x, boolean strict) {
        TextProto c = orEmpty(l.message("pooling_param"));
        int[] out = x.clone();
        if (c.getBool("global_pooling", false)) {
            out[2] = 1;
            out[3] = 1;
            return out;
        }
        int[] k = spatial(c, "kernel_size", "kernel_h", "kernel_w", 1);
        int[] s = spatial(c, "stride", "stride_h", "stride_w", 1);
        int[] p = spatial(c, "pad", "pad_h", "pad_w", 0);
        positive(l, "kernel size", k);
        positive(l, "stride", s);
        boolean tooSmall = false;
        for (int i = 0; i < 2; i++) {
            if (p[i] >= k[i]) {
                throw fail(l, "pad " + p[i] + " must be smaller than the kernel " + k[i] + " (Caffe checks pad <"
                        + " kernel)", "use a smaller pad or a larger kernel");
            }
            tooSmall |= x[2 + i] + 2 * p[i] < k[i];
            int o = (int) Math.ceil((double) (x[2 + i] + 2 * p[i] - k[i]) / s[i]) + 1;
            if (p[i] > 0 && (o - 1) * s[i] >= x[2 + i] + p[i]) {
                o--;
            }
            out[2 + i] = o;
        }
        if (out[2] <= 0 || out[3] <= 0 || (strict && tooSmall)) {
            throw badWindow(l, "pooling window", x, k, s, p, out);
        }
        return out;
    }

    private static int[] crop(TextProto l, List<int[]> b) {
        int[] x = b.get(0);
        int[] ref = b.get(1);
        TextProto c = orEmpty(l.message("crop_param"));
        if (ref.length != x.length) {
            throw fail(l, "its bottoms have " + x.length + " and " + ref.length + " axes",
                    "crop a blob by a reference blob with as many axes");
        }
        int axis = axis(l, "crop_param.axis", c.getInt("axis", 2), x);
        List<String> offs = c.strings("offset");
        if (offs.size() > 1 && offs.size() != x.length - axis) {
            throw fail(l, "gives " + offs.size() + " offsets for the " + (x.length - axis) + " axes from axis "
                    + axis, "give one offset for all axes, or one per cropped axis");
        }
        int[] out = x.clone();
        for (int i = axis; i < out.length; i++) {
            out[i] = ref[i];
            int off = offs.isEmpty() ? 0 : Integer.parseInt(offs.get(offs.size() == 1 ? 0 : i - axis));
            if (off + out[i] > x[i]) {
                throw fail(l, "offset " + off + " + size " + out[i] + " exceeds the bottom's size " + x[i]
                        + " on axis " + i, "use a smaller offset, or crop to a smaller reference");
            }
        }
        return out;
    }

    /** Bottom {@code i} must have bottom 0's axes and dims, except on {@code axis} (none when -1). */
    private static void sameExcept(TextProto l, String type, List<int[]> b, int i, int axis) {
        int[] a = b.get(0);
        int[] o = b.get(i);
        boolean same = a.length == o.length;
        for (int j = 0; same && j < a.length; j++) {
            same = j == axis || a[j] == o[j];
        }
        if (!same) {
            List<String> names = l.strings("bottom");
            throw fail(l, "its bottoms '" + names.get(0) + "' " + Arrays.toString(a) + " and '" + names.get(i) + "' "
                    + Arrays.toString(o) + (axis < 0 ? " differ in shape (Eltwise needs equal shapes)"
                    : " differ outside the concat axis " + axis), "give the bottoms the same shape"
                    + (axis < 0 ? "" : " on every axis but " + axis) + " (crop or resize one of them)");
        }
    }

    /** Caffe's CanonicalAxisIndex: {@code -axes <= axis < axes}, negative counted from the end. */
    static int axis(TextProto l, String field, int axis, int[] x) {
        if (axis < -x.length || axis >= x.length) {
            throw fail(l, field + " " + axis + " is out of range for its " + x.length + "-axis bottom "
                    + Arrays.toString(x), "use an axis from " + -x.length + " to " + (x.length - 1));
        }
        return axis < 0 ? axis + x.length : axis;
    }

    /** The product of {@code x}'s dims from {@code from} on. */
    static long count(int[] x, int from) {
        long n = 1;
        for (int i = from; i < x.length; i++) {
            n *= x[i];
        }
        return n;
    }

    static ShapeException fail(TextProto l, String what, String fix) {
        return new ShapeException(l.get("name", "?"), l.get("type", "?"), what, fix);
    }

    private static ShapeException badWindow(TextProto l, String what, int[] x, int[] k, int[] s, int[] p, int[] out) {
        boolean aborts = out[2] <= 0 || out[3] <= 0;
        String text = String.format(java.util.Locale.ROOT, "%s %dx%d (stride %dx%d, pad %dx%d) on a %dx%d input"
                + " gives a %dx%d output", what, k[0], k[1], s[0], s[1], p[0], p[1], x[2], x[3], out[2], out[3]);
        String fix = "use a smaller kernel or more padding, or feed the layer a larger input";
        return aborts ? fail(l, text, fix) : new ShapeException(l.get("name", "?"), l.get("type", "?"), text
                + " from a window wider than its padded input (computed from zero padding, not from the input)",
                fix, true);
    }

    private static void positive(TextProto l, String field, int... v) {
        for (int x : v) {
            if (x <= 0) {
                throw fail(l, field + " must be > 0, got " + x, "set " + field + " to a positive value");
            }
        }
    }

    static TextProto orEmpty(TextProto p) {
        return p == null ? new TextProto() : p;
    }

    private static int[] spatial(TextProto c, String both, String h, String w, int dflt) {
        List<String> v = c.strings(both);
        int vh = v.isEmpty() ? dflt : Integer.parseInt(v.get(0));
        int vw = v.size() > 1 ? Integer.parseInt(v.get(1)) : vh;
        return new int[] {c.getInt(h, vh), c.getInt(w, vw)};
    }

    static int[] dims(TextProto shape) {
        return shape.strings("dim").stream().mapToInt(Integer::parseInt).toArray();
    }
}
