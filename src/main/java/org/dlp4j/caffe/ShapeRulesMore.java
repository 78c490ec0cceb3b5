package org.dlp4j.caffe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@link ShapeRules} for the layers with several tops or several bottoms to match: Slice, Reshape, losses, Accuracy. */
final class ShapeRulesMore {
    private ShapeRulesMore() {
    }

    /** Caffe's Slice: {@code slice_point}s strictly increasing inside the axis, one fewer than the tops. */
    static List<int[]> slice(TextProto l, int[] x) {
        TextProto c = ShapeRules.orEmpty(l.message("slice_param"));
        int axis = ShapeRules.axis(l, "slice_param.axis", c.getInt("axis", c.getInt("slice_dim", 1)), x);
        int tops = l.count("top");
        int size = x[axis];
        List<Integer> points = c.strings("slice_point").stream().map(Integer::parseInt).toList();
        List<int[]> out = new ArrayList<>();
        if (points.isEmpty()) {
            if (tops == 0 || size % tops != 0) {
                throw ShapeRules.fail(l, tops + " tops do not evenly divide the bottom's size " + size + " on axis "
                        + axis, "give slice_point values, or as many tops as divide " + size);
            }
            for (int i = 0; i < tops; i++) {
                out.add(with(x, axis, size / tops));
            }
            return out;
        }
        if (points.size() != tops - 1) {
            throw ShapeRules.fail(l, "gives " + points.size() + " slice_point values for " + tops + " tops",
                    "give one slice_point fewer than tops");
        }
        int prev = 0;
        for (int p : points) {
            if (p <= prev || p > size) {
                throw ShapeRules.fail(l, "slice_point " + p + " on axis " + axis + " (size " + size + ")"
                        + (p <= prev ? " does not increase on " + prev : " lies beyond the axis"),
                        "use strictly increasing slice points from 1 to " + (size - 1));
            }
            out.add(with(x, axis, p - prev));
            prev = p;
        }
        out.add(with(x, axis, size - prev));
        return out;
    }

    /** Loss layers: the data and label share their first dim; SoftmaxWithLoss also needs one label a prediction. */
    static List<int[]> loss(TextProto l, String type, List<int[]> b) {
        int[] x = b.get(0);
        if (b.size() > 1 && x.length > 0 && b.get(1).length > 0 && x[0] != b.get(1)[0]) {
            throw ShapeRules.fail(l, "its data " + Arrays.toString(x) + " and label " + Arrays.toString(b.get(1))
                    + " differ in their first dim (" + x[0] + " vs " + b.get(1)[0] + ")",
                    "give the label blob the data's batch size");
        }
        ShapeRulesExtra.lossCounts(l, type, b);
        if (type.equals("SoftmaxWithLoss")) {
            int axis = ShapeRules.axis(l, "softmax_param.axis",
                    ShapeRules.orEmpty(l.message("softmax_param")).getInt("axis", 1), x);
            labelsMatch(l, x, axis, b);
            return List.of(new int[0], x.clone());
        }
        return List.of(new int[0]);
    }

    /** Caffe's Accuracy: {@code top_k} at most the number of classes, one label a prediction. */
    static List<int[]> accuracy(TextProto l, List<int[]> b) {
        int[] x = b.get(0);
        TextProto c = ShapeRules.orEmpty(l.message("accuracy_param"));
        int topK = c.getInt("top_k", 1);
        long labels = b.size() > 1 ? ShapeRules.count(b.get(1), 0) : 0;
        if (labels > 0 && topK > ShapeRules.count(x, 0) / labels) {
            throw ShapeRules.fail(l, "top_k " + topK + " exceeds the number of classes ("
                    + ShapeRules.count(x, 0) / labels + ")", "use a top_k of at most the number of classes");
        }
        int axis = ShapeRules.axis(l, "accuracy_param.axis", c.getInt("axis", 1), x);
        labelsMatch(l, x, axis, b);
        return List.of(new int[0], new int[] {x[axis]});
    }

    private static void labelsMatch(TextProto l, int[] x, int axis, List<int[]> b) {
        if (b.size() < 2) {
            return;
        }
        long predictions = ShapeRules.count(x, 0) / Math.max(1, x[axis]);
        long labels = ShapeRules.count(b.get(1), 0);
        if (x[axis] != 0 && predictions != labels) {
            throw ShapeRules.fail(l, "its label blob " + Arrays.toString(b.get(1)) + " holds " + labels + " labels but"
                    + " the predictions " + Arrays.toString(x) + " (classes on axis " + axis + ") need " + predictions,
                    "give one label per prediction (the prediction shape without the class axis)");
        }
    }

    /**
     * Caffe's Scale and Bias: {@code axis} in range for the first bottom; a second bottom (the factors) must match
     * the first's dims from {@code axis} on; one bottom's {@code num_axes} must stay inside the first bottom.
     */
    static void scaleOrBias(TextProto l, String type, List<int[]> b) {
        int[] x = b.get(0);
        TextProto c = ShapeRules.orEmpty(l.message(type.equals("Scale") ? "scale_param" : "bias_param"));
        String field = type.equals("Scale") ? "scale_param" : "bias_param";
        int axis = b.size() > 1 && b.get(1).length == 0 ? 0 : ShapeRules.axis(l, field + ".axis", c.getInt("axis", 1), x);
        int[] f = b.size() > 1 ? b.get(1) : null;
        int numAxes = c.getInt("num_axes", 1);
        boolean fits = f == null ? numAxes >= -1 && (numAxes == -1 || axis + numAxes <= x.length)
                : axis + f.length <= x.length;
        for (int i = 0; fits && f != null && i < f.length; i++) {
            fits = f[i] == x[axis + i];
        }
        if (!fits) {
            throw ShapeRules.fail(l, f == null ? "num_axes " + numAxes + " from axis " + axis + " does not fit its bottom "
                    + Arrays.toString(x) : "its second bottom " + Arrays.toString(f) + " does not match "
                    + Arrays.toString(x) + " from axis " + axis, f == null ? "use a num_axes that stays inside the"
                    + " bottom" : "give the second bottom the first's dims from axis " + axis + " on");
        }
    }

    private static int[] with(int[] x, int axis, int v) {
        int[] o = x.clone();
        o[axis] = v;
        return o;
    }

    /**
     * Caffe's Reshape: {@code shape}'s dims replace the bottom's axes {@code [axis, axis + num_axes)} (all from
     * {@code axis} when num_axes is -1); 0 copies the bottom's dim, one -1 is inferred; the count must not change.
     */
    static int[] reshape(TextProto l, int[] x) {
        TextProto c = ShapeRules.orEmpty(l.message("reshape_param"));
        int[] dims = c.message("shape") == null ? new int[0] : ShapeRules.dims(c.message("shape"));
        int axis = c.getInt("axis", 0);
        int start = axis < 0 ? x.length + 1 + axis : axis;
        int numAxes = c.getInt("num_axes", -1);
        int end = numAxes == -1 ? x.length : start + numAxes;
        if (start < 0 || start > x.length || end > x.length || numAxes < -1) {
            throw ShapeRules.fail(l, "axis " + axis + " and num_axes " + numAxes + " do not fit a bottom of "
                    + x.length + " axes", "use an axis from " + (-x.length - 1) + " to " + x.length
                    + " and a num_axes that stays inside the bottom");
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
                    throw ShapeRules.fail(l, "dim " + i + " is 0 (copy) but the bottom has no axis " + (start + i),
                            "give that dim's size");
                }
                d = x[start + i];
            } else if (d == -1) {
                if (inferred >= 0) {
                    throw ShapeRules.fail(l, "more than one dim is -1; Caffe infers at most one",
                            "give all dims but one");
                }
                inferred = start + i;
                continue;
            } else if (d < -1) {
                throw ShapeRules.fail(l, "dim " + i + " is " + d + "; dims are positive, 0 (copy) or -1",
                        "use a positive dim, 0 or -1");
            }
            out[start + i] = d;
            known *= d;
        }
        for (int i = 0; i < out.length; i++) {
            if (i < start || i >= start + dims.length) {
                known *= out[i];
            }
        }
        long count = ShapeRules.count(x, 0);
        if (inferred >= 0) {
            if (known == 0 || count % known != 0) {
                throw ShapeRules.fail(l, "the bottom's " + count + " values cannot fill " + Arrays.toString(dims)
                        + " (the -1 dim would not be whole)", "choose dims whose product divides " + count);
            }
            out[inferred] = (int) (count / known);
        } else if (known != count) {
            throw ShapeRules.fail(l, "the bottom " + Arrays.toString(x) + " has " + count + " values, the new shape "
                    + Arrays.toString(out) + " has " + known, "choose dims with the same number of values");
        }
        return out;
    }
}
