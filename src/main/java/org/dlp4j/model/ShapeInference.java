package org.dlp4j.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dlp4j.BadInputException;
import org.dlp4j.caffe.TextProto;

/**
 * Blob and parameter shapes of a prototxt worked out in Java, with Caffe's arithmetic
 * (convolution floor, pooling ceil with the pad correction, deconvolution, crop, concat,
 * inner product). Covers the layers of the Net Library and the classic reference nets; a layer of
 * another type whose shape cannot be derived stops the walk with a {@link BadInputException}.
 * Used for graphs, FCN surgery targets and checks before Caffe is loaded; {@code CaffeNet} stays
 * the judge.
 */
public final class ShapeInference {
    private static final Set<String> SAME_SHAPE = Set.of("ReLU", "Sigmoid", "TanH", "Dropout", "LRN", "Power",
            "Softmax", "BatchNorm", "Scale", "Bias", "PReLU", "ELU", "AbsVal", "BNLL", "Exp", "Log", "Threshold",
            "Eltwise", "Split", "MVN", "Silence");
    /** Layer types whose 2-D window {@link #check} measures against its input (N, C, H, W only). */
    private static final Set<String> WINDOWED = Set.of("Convolution", "Deconvolution", "Pooling");
    /** Layer types with their own shape arithmetic in {@link #layer}. */
    private static final Set<String> DERIVED = Set.of("Convolution", "Deconvolution", "Pooling", "InnerProduct",
            "Crop", "Concat", "Flatten", "Accuracy", "Reshape");

    /** Blob shapes and, per layer with parameters, its parameter blob shapes in net order. */
    public record Result(Map<String, int[]> blobs, Map<String, List<int[]>> params) {
        public int[] shape(String blob) {
            return blobs.get(blob);
        }
    }

    private ShapeInference() {
    }

    /**
     * @param net    the net
     * @param inputs shapes of blobs made by data layers (e.g. {@code data}, {@code label}); Input
     *               layers and {@code input_shape} declare their own
     * @param phase  TRAIN or TEST (selects layers by their include/exclude rules)
     */
    public static Result infer(TextProto net, Map<String, int[]> inputs, String phase, List<String> stages) {
        return walk(net, inputs, phase, stages, false);
    }

    /**
     * Checks, before Caffe sees the net, what would make Caffe abort while setting it up: a convolution or pooling
     * window larger than its padded input (a negative output size), channels or outputs not divisible by
     * {@code group}, a non-positive {@code num_output}, kernel or stride, a crop beyond its bottom. The walk is
     * {@link #infer}'s, except that it passes over what it cannot derive (data layers whose shapes come from their
     * data, layer types it does not know, and the layers fed by those); Caffe stays the judge of the rest.
     * Throws {@link BadInputException} naming the layer.
     */
    public static void check(TextProto net, String phase, List<String> stages) {
        walk(net, Map.of(), phase, stages, true);
    }

    /**
     * {@link #check} of a net that passed {@code Prototxt.validateNet} for {@code phase}: the problem it finds, as
     * a validation problem of {@code file}, or null (also when the net did not validate). A net with data layers is
     * checked at the shape of its LMDB's records when {@code baseDir} (what relative sources resolve against) has
     * it, as {@code dlp net deploy} reads it; otherwise as far as shapes can be derived without it.
     */
    public static org.dlp4j.caffe.Problem checkProblem(org.dlp4j.caffe.ValidationResult r, String file,
            org.dlp4j.caffe.Phase phase, java.nio.file.Path baseDir) {
        if (!r.ok() || r.net() == null) {
            return null;
        }
        try {
            TextProto net = r.net();
            String ph = phase.name();
            if (baseDir != null && Convolutionalize.hasDataLayers(net)) {
                try {
                    net = DeployGenerator.generate(net, null, baseDir, file);
                    ph = "TEST";
                } catch (BadInputException e) {
                    // no readable LMDB: the walk passes over what the data layers feed
                }
            }
            check(net, ph, List.of());
            return null;
        } catch (BadInputException e) {
            return new org.dlp4j.caffe.Problem(file, 0, null, e.getMessage(), "change the layer's parameters");
        }
    }

    /**
     * {@link #checkProblem} for each net a solver runs (as {@code dlp train} resolves them against {@code workspace},
     * in each phase it builds them): the shape problems Caffe would abort on, empty when none. For a solver that
     * passed {@code Prototxt.validateSolverForRun}.
     */
    public static List<org.dlp4j.caffe.Problem> solverProblems(java.nio.file.Path solver, java.nio.file.Path workspace) {
        List<org.dlp4j.caffe.Problem> out = new ArrayList<>();
        for (Map.Entry<java.nio.file.Path, List<org.dlp4j.caffe.Phase>> n
                : org.dlp4j.caffe.Prototxt.solverNetsForRun(solver, workspace).entrySet()) {
            for (org.dlp4j.caffe.Phase p : n.getValue()) {
                org.dlp4j.caffe.Problem shapes = checkProblem(org.dlp4j.caffe.Prototxt.validateNet(n.getKey(), p,
                        workspace), n.getKey().toString(), p, workspace);
                if (shapes != null && !out.contains(shapes)) {
                    out.add(shapes);
                }
            }
        }
        return out;
    }

    /** {@link #check} of a prototxt file (TEST phase), e.g. before Caffe loads it in this process. */
    public static void check(java.nio.file.Path prototxt) {
        check(org.dlp4j.caffe.Prototxt.readNet(prototxt), "TEST", List.of());
    }

    private static Result walk(TextProto net, Map<String, int[]> inputs, String phase, List<String> stages,
            boolean lenient) {
        Map<String, int[]> blobs = new LinkedHashMap<>(inputs);
        Map<String, List<int[]>> params = new LinkedHashMap<>();
        List<String> in = net.strings("input");
        List<TextProto> inShapes = net.messages("input_shape");
        for (int i = 0; i < in.size(); i++) {
            if (i < inShapes.size()) {
                blobs.put(in.get(i), dims(inShapes.get(i)));
            } else if (net.count("input_dim") >= 4 * (i + 1)) {
                List<String> d = net.strings("input_dim").subList(4 * i, 4 * i + 4);
                blobs.put(in.get(i), d.stream().mapToInt(Integer::parseInt).toArray());
            }
        }
        for (TextProto l : net.messages("layer")) {
            if (!PhaseRules.included(l, phase, stages)) {
                continue;
            }
            String name = l.get("name", "?");
            String type = l.get("type", "");
            List<String> tops = l.strings("top");
            if (type.equals("Input")) {
                List<TextProto> shapes = l.message("input_param") == null ? List.of() : l.message("input_param").messages("shape");
                for (int i = 0; i < tops.size(); i++) {
                    blobs.put(tops.get(i), dims(shapes.get(Math.min(i, shapes.size() - 1))));
                }
                continue;
            }
            if (type.equals("DummyData")) { // its shapes are in the prototxt
                List<int[]> shapes = dummyShapes(orEmpty(l.message("dummy_data_param")), tops.size());
                for (int i = 0; i < tops.size() && !shapes.isEmpty(); i++) {
                    blobs.putIfAbsent(tops.get(i), shapes.get(Math.min(i, shapes.size() - 1)));
                }
            }
            if (DeployGenerator.isDataLayer(l)) {
                for (String t : tops) {
                    if (!blobs.containsKey(t) && !lenient) {
                        throw new BadInputException("layer '" + name + "' (" + type + "): give the shape of blob '"
                                + t + "' (it comes from outside the net)");
                    }
                }
                continue;
            }
            List<int[]> bottoms = new ArrayList<>();
            for (String b : l.strings("bottom")) {
                int[] s = blobs.get(b);
                if (s == null && !lenient) {
                    throw new BadInputException("layer '" + name + "': bottom blob '" + b + "' is not produced by any earlier layer");
                }
                bottoms.add(s);
            }
            if (lenient && (bottoms.contains(null) || bottoms.isEmpty() || !known(type)
                    || (bottoms.get(0).length != 4 && WINDOWED.contains(type)))) {
                tops.forEach(blobs::remove); // unknown from here on
                continue;
            }
            List<int[]> p = new ArrayList<>();
            int[] out = layer(l, type, bottoms, p);
            if (!p.isEmpty()) {
                params.put(name, p);
            }
            for (String t : tops) {
                blobs.put(t, out);
            }
        }
        return new Result(blobs, params);
    }

    /**
     * DummyData's shapes: {@code shape} entries, else (as Caffe's dummy_data_layer reads them) the legacy
     * num/channels/height/width lists, each with one value for every top or one a top.
     */
    private static List<int[]> dummyShapes(TextProto p, int tops) {
        List<int[]> out = new ArrayList<>();
        for (TextProto sh : p.messages("shape")) {
            out.add(dims(sh));
        }
        if (!out.isEmpty()) {
            return out;
        }
        String[] fields = {"num", "channels", "height", "width"};
        for (int i = 0; p.count("num") > 0 && i < tops; i++) {
            int[] d = new int[4];
            for (int k = 0; k < 4; k++) {
                List<String> v = p.strings(fields[k]);
                d[k] = v.isEmpty() ? 1 : Integer.parseInt(v.get(Math.min(i, v.size() - 1)));
            }
            out.add(d);
        }
        return out;
    }

    private static boolean known(String type) {
        return DERIVED.contains(type) || type.endsWith("Loss") || SAME_SHAPE.contains(type);
    }

    private static BadInputException badWindow(TextProto l, String type, String what, int[] x, int[] k, int[] s,
            int[] p, int[] out) {
        return new BadInputException(String.format(java.util.Locale.ROOT, "layer '%s' (%s): %s %dx%d (stride %dx%d,"
                + " pad %dx%d) on a %dx%d input gives a %dx%d output; Caffe would abort. Use a smaller kernel or more"
                + " padding, or feed the layer a larger input", l.get("name", "?"), type, what, k[0], k[1], s[0], s[1],
                p[0], p[1], x[2], x[3], out[2], out[3]));
    }

    private static void positive(TextProto l, String type, String field, int... v) {
        for (int x : v) {
            if (x <= 0) {
                throw new BadInputException("layer '" + l.get("name", "?") + "' (" + type + "): " + field + " must be"
                        + " > 0, got " + x);
            }
        }
    }

    private static int[] layer(TextProto l, String type, List<int[]> b, List<int[]> params) {
        int[] x = b.isEmpty() ? null : b.get(0);
        switch (type) {
            case "Convolution", "Deconvolution" -> {
                TextProto c = orEmpty(l.message("convolution_param"));
                int n = c.getInt("num_output", 0);
                int g = c.getInt("group", 1);
                int[] k = spatial(c, "kernel_size", "kernel_h", "kernel_w", 1);
                int[] s = spatial(c, "stride", "stride_h", "stride_w", 1);
                int[] p = spatial(c, "pad", "pad_h", "pad_w", 0);
                int dil = c.getInt("dilation", 1);
                positive(l, type, "num_output", n);
                positive(l, type, "group", g);
                positive(l, type, "kernel size", k);
                positive(l, type, "stride", s);
                positive(l, type, "dilation", dil);
                if (x[1] % g != 0 || n % g != 0) {
                    throw new BadInputException("layer '" + l.get("name", "?") + "' (" + type + "): group " + g
                            + " must divide both its input channels (" + x[1] + ") and num_output (" + n + ")");
                }
                int[] out = x.clone();
                out[1] = n;
                for (int i = 0; i < 2; i++) {
                    int ke = dil * (k[i] - 1) + 1;
                    out[2 + i] = type.equals("Convolution") ? (x[2 + i] + 2 * p[i] - ke) / s[i] + 1
                            : s[i] * (x[2 + i] - 1) + ke - 2 * p[i];
                }
                if (out[2] <= 0 || out[3] <= 0) {
                    throw badWindow(l, type, dil > 1 ? "kernel (dilation " + dil + ")" : "kernel", x, k, s, p, out);
                }
                params.add(type.equals("Convolution") ? new int[] {n, x[1] / g, k[0], k[1]}
                        : new int[] {x[1], n / g, k[0], k[1]});
                if (c.getBool("bias_term", true)) {
                    params.add(new int[] {n});
                }
                return out;
            }
            case "Pooling" -> {
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
                positive(l, type, "kernel size", k);
                positive(l, type, "stride", s);
                for (int i = 0; i < 2; i++) {
                    if (p[i] >= k[i]) {
                        throw new BadInputException("layer '" + l.get("name", "?") + "' (Pooling): pad " + p[i]
                                + " must be smaller than the kernel " + k[i] + " (Caffe checks pad < kernel)");
                    }
                    int o = (int) Math.ceil((double) (x[2 + i] + 2 * p[i] - k[i]) / s[i]) + 1;
                    if (p[i] > 0 && (o - 1) * s[i] >= x[2 + i] + p[i]) {
                        o--;
                    }
                    out[2 + i] = o;
                }
                if (out[2] <= 0 || out[3] <= 0) {
                    throw badWindow(l, type, "pooling window", x, k, s, p, out);
                }
                return out;
            }
            case "InnerProduct" -> {
                TextProto c = orEmpty(l.message("inner_product_param"));
                int n = c.getInt("num_output", 0);
                int axis = c.getInt("axis", 1);
                int k = 1;
                for (int i = axis; i < x.length; i++) {
                    k *= x[i];
                }
                params.add(new int[] {n, k});
                if (c.getBool("bias_term", true)) {
                    params.add(new int[] {n});
                }
                int[] out = Arrays.copyOf(x, axis + 1);
                out[axis] = n;
                return out;
            }
            case "Crop" -> {
                TextProto c = orEmpty(l.message("crop_param"));
                int axis = c.getInt("axis", 2);
                int[] out = x.clone();
                for (int i = axis; i < out.length; i++) {
                    out[i] = b.get(1)[i];
                }
                List<String> offs = c.strings("offset");
                for (int i = axis; i < out.length; i++) {
                    int off = offs.isEmpty() ? 0 : Integer.parseInt(offs.get(offs.size() == 1 ? 0 : i - axis));
                    if (off + out[i] > x[i]) {
                        throw new BadInputException("layer '" + l.get("name") + "' (Crop): offset " + off + " + size "
                                + out[i] + " exceeds the bottom's size " + x[i] + " on axis " + i);
                    }
                }
                return out;
            }
            case "Concat" -> {
                TextProto c = orEmpty(l.message("concat_param"));
                int axis = c.getInt("axis", 1);
                int[] out = x.clone();
                out[axis] = b.stream().mapToInt(s -> s[axis]).sum();
                return out;
            }
            case "Reshape" -> {
                return reshape(l, x);
            }
            case "Flatten" -> {
                int k = 1;
                for (int i = 1; i < x.length; i++) {
                    k *= x[i];
                }
                return new int[] {x[0], k};
            }
            case "Accuracy" -> {
                return new int[0];
            }
            default -> {
                if (type.endsWith("Loss")) {
                    return new int[0];
                }
                if (SAME_SHAPE.contains(type)) {
                    if (type.equals("PReLU")) {
                        params.add(new int[] {x[1]});
                    } else if (type.equals("BatchNorm")) {
                        params.addAll(List.of(new int[] {x[1]}, new int[] {x[1]}, new int[] {1}));
                    }
                    return x.clone();
                }
                throw new BadInputException("layer '" + l.get("name") + "': shape inference does not know layer type '"
                        + type + "'");
            }
        }
    }

    /**
     * Caffe's Reshape: {@code shape}'s dims replace the bottom's axes {@code [axis, axis + num_axes)} (all from
     * {@code axis} when num_axes is -1); 0 copies the bottom's dim, one -1 is inferred; the count must not change.
     */
    private static int[] reshape(TextProto l, int[] x) {
        TextProto c = orEmpty(l.message("reshape_param"));
        String where = "layer '" + l.get("name", "?") + "' (Reshape): ";
        int[] dims = c.message("shape") == null ? new int[0] : dims(c.message("shape"));
        int axis = c.getInt("axis", 0);
        int start = axis < 0 ? x.length + 1 + axis : axis;
        int numAxes = c.getInt("num_axes", -1);
        int end = numAxes == -1 ? x.length : start + numAxes;
        if (start < 0 || start > x.length || end > x.length || numAxes < -1) {
            throw new BadInputException(where + "axis " + axis + " and num_axes " + numAxes + " do not fit a bottom of "
                    + x.length + " axes");
        }
        int[] out = new int[start + dims.length + x.length - end];
        System.arraycopy(x, 0, out, 0, start);
        System.arraycopy(x, end, out, start + dims.length, x.length - end);
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < dims.length; i++) {
            int d = dims[i];
            if (d == 0) {
                if (start + i >= x.length) {
                    throw new BadInputException(where + "dim " + i + " is 0 (copy) but the bottom has no axis " + (start + i));
                }
                d = x[start + i];
            } else if (d == -1) {
                if (inferred >= 0) {
                    throw new BadInputException(where + "more than one dim is -1; Caffe infers at most one");
                }
                inferred = start + i;
                continue;
            } else if (d < -1) {
                throw new BadInputException(where + "dim " + i + " is " + d + "; dims are positive, 0 (copy) or -1");
            }
            out[start + i] = d;
            known *= d;
        }
        for (int i = 0; i < out.length; i++) {
            if (i < start || i >= start + dims.length) {
                known *= out[i];
            }
        }
        long count = 1;
        for (int d : x) {
            count *= d;
        }
        if (inferred >= 0) {
            if (known == 0 || count % known != 0) {
                throw new BadInputException(where + "the bottom's " + count + " values cannot fill " + Arrays.toString(
                        dims) + " (the -1 dim would not be whole)");
            }
            out[inferred] = (int) (count / known);
        } else if (known != count) {
            throw new BadInputException(where + "the bottom " + Arrays.toString(x) + " has " + count + " values, the"
                    + " new shape " + Arrays.toString(out) + " has " + known);
        }
        return out;
    }

    private static TextProto orEmpty(TextProto p) {
        return p == null ? new TextProto() : p;
    }

    private static int[] spatial(TextProto c, String both, String h, String w, int dflt) {
        List<String> v = c.strings(both);
        int vh = v.isEmpty() ? dflt : Integer.parseInt(v.get(0));
        int vw = v.size() > 1 ? Integer.parseInt(v.get(1)) : vh;
        return new int[] {c.getInt(h, vh), c.getInt(w, vw)};
    }

    private static int[] dims(TextProto shape) {
        return shape.strings("dim").stream().mapToInt(Integer::parseInt).toArray();
    }
}
