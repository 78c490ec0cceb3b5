package org.dlp4j.caffe;

import java.util.Arrays;
import java.util.List;

/**
 * {@link ShapeRules} for ArgMax, Tile and Embed, and the count CHECKs of the loss layers beyond the shared first dim:
 * EuclideanLoss (same count per item), SigmoidCrossEntropyLoss (same count), InfogainLoss (one label per prediction,
 * an infogain matrix of classes × classes). Each refusal is a CHECK the preset's Caffe aborts on.
 */
final class ShapeRulesExtra {
    private ShapeRulesExtra() {
    }

    /** Caffe's ArgMax: {@code axis} in range, {@code top_k} at most that axis's size (or the count per item). */
    static int[] argMax(TextProto l, int[] x) {
        TextProto c = ShapeRules.orEmpty(l.message("argmax_param"));
        int topK = c.getInt("top_k", 1);
        boolean maxVal = c.getBool("out_max_val", false);
        if (c.has("axis")) {
            int axis = ShapeRules.axis(l, "argmax_param.axis", c.getInt("axis", 0), x);
            if (topK > x[axis]) {
                throw ShapeRules.fail(l, "top_k " + topK + " exceeds the size " + x[axis] + " of axis " + axis
                        + " of its bottom " + Arrays.toString(x), "use a top_k of at most " + x[axis]);
            }
            int[] out = x.clone();
            out[axis] = topK;
            return out;
        }
        if (x.length == 0 || topK > ShapeRules.count(x, 1)) {
            throw ShapeRules.fail(l, "top_k " + topK + " exceeds the " + ShapeRules.count(x, 1) + " values per item of"
                    + " its bottom " + Arrays.toString(x) + " (without an axis ArgMax looks over all of them)",
                    "use a top_k of at most " + ShapeRules.count(x, 1) + ", or set argmax_param.axis");
        }
        int[] out = new int[Math.max(3, x.length)]; // Caffe: at least 3 axes, (N, 1 or 2 with out_max_val, top_k, 1...)
        Arrays.fill(out, 1);
        out[0] = x[0];
        out[1] = maxVal ? 2 : 1;
        out[2] = topK;
        return out;
    }

    /** Caffe's Tile: {@code axis} in range (tiles is checked with the parameters); that axis grows {@code tiles} times. */
    static int[] tile(TextProto l, int[] x) {
        TextProto c = ShapeRules.orEmpty(l.message("tile_param"));
        int axis = ShapeRules.axis(l, "tile_param.axis", c.getInt("axis", 1), x);
        int[] out = x.clone();
        out[axis] = x[axis] * Math.max(1, c.getInt("tiles", 1));
        return out;
    }

    /** Caffe's Embed: the bottom's shape with {@code num_output} appended; weights input_dim × num_output. */
    static int[] embed(TextProto l, int[] x, List<int[]> params) {
        TextProto c = ShapeRules.orEmpty(l.message("embed_param"));
        int n = c.getInt("num_output", 0);
        int k = c.getInt("input_dim", 0);
        if (n <= 0 || k <= 0) {
            throw ShapeRules.fail(l, "embed_param." + (n <= 0 ? "num_output" : "input_dim") + " must be > 0, got "
                    + (n <= 0 ? n : k), "set embed_param { num_output: N input_dim: K } (K: the number of ids)");
        }
        params.add(new int[] {k, n});
        if (c.getBool("bias_term", true)) {
            params.add(new int[] {n});
        }
        int[] out = Arrays.copyOf(x, x.length + 1);
        out[x.length] = n;
        return out;
    }

    /**
     * Caffe's BaseConvolution: {@code kernel_size}, {@code stride}, {@code pad} and {@code dilation} each given once
     * (for every spatial axis) or once per spatial axis ("kernel_size must be specified once, or once per spatial
     * dimension").
     */
    static void spatialCounts(TextProto l, TextProto c, int spatial) {
        for (String f : List.of("kernel_size", "stride", "pad", "dilation")) {
            int n = c.count(f);
            if (n > 1 && n != spatial) {
                throw ShapeRules.fail(l, "convolution_param." + f + " is given " + n + " times for " + spatial
                        + " spatial axes", "give " + f + " once (all axes), or once per spatial axis");
            }
        }
    }

    /** The loss-specific count CHECKs (after the shared first-dim check of {@link ShapeRulesMore#loss}). */
    static void lossCounts(TextProto l, String type, List<int[]> b) {
        if (b.size() < 2) {
            return;
        }
        int[] x = b.get(0);
        int[] y = b.get(1);
        switch (type) {
            case "EuclideanLoss" -> {
                if (x.length > 4) {
                    throw ShapeRules.fail(l, "its bottom " + Arrays.toString(x) + " has " + x.length + " axes; Caffe's"
                            + " EuclideanLoss reads it with the legacy 4-axis accessors and aborts at the first forward"
                            + " (\"Cannot use legacy accessors on Blobs with > 4 axes\")", "Reshape or Flatten both"
                            + " bottoms to at most 4 axes first (e.g. Flatten to N x values)");
                }
                if (ShapeRules.count(x, 1) != ShapeRules.count(y, 1)) {
                    throw ShapeRules.fail(l, "its bottoms " + Arrays.toString(x) + " and " + Arrays.toString(y)
                            + " hold " + ShapeRules.count(x, 1) + " and " + ShapeRules.count(y, 1) + " values per item"
                            + " (Caffe: \"Inputs must have the same dimension\")", "give both bottoms the same"
                            + " number of values per item (e.g. the same shape)");
                }
            }
            case "SigmoidCrossEntropyLoss" -> {
                if (ShapeRules.count(x, 0) != ShapeRules.count(y, 0)) {
                    throw ShapeRules.fail(l, "its bottoms " + Arrays.toString(x) + " and " + Arrays.toString(y)
                            + " hold " + ShapeRules.count(x, 0) + " and " + ShapeRules.count(y, 0) + " values; Caffe"
                            + " wants one target per score (\"inputs must have the same count\")",
                            "give the targets the scores' shape");
                }
            }
            case "InfogainLoss" -> infogain(l, x, b);
            case "MultinomialLogisticLoss" -> {
                boolean one = y.length <= 4;
                for (int i = 1; one && i < y.length; i++) {
                    one = y[i] == 1;
                }
                if (!one) {
                    throw ShapeRules.fail(l, "its label blob " + Arrays.toString(y) + " is not N x 1 x 1 x 1 (Caffe"
                            + " checks channels, height and width of the labels are 1 and aborts)", "give one label"
                            + " per item, shape N (or N,1,1,1)");
                }
            }
            default -> {
            }
        }
    }

    private static void infogain(TextProto l, int[] x, List<int[]> b) {
        TextProto c = ShapeRules.orEmpty(l.message("infogain_loss_param"));
        int axis = ShapeRules.axis(l, "infogain_loss_param.axis", c.getInt("axis", 1), x);
        long predictions = ShapeRules.count(x, 0) / Math.max(1, x[axis]);
        long labels = ShapeRules.count(b.get(1), 0);
        if (predictions != labels) {
            throw ShapeRules.fail(l, "its label blob " + Arrays.toString(b.get(1)) + " holds " + labels + " labels but"
                    + " the predictions " + Arrays.toString(x) + " (classes on axis " + axis + ") need " + predictions,
                    "give one label per prediction (the prediction shape without the class axis), or set"
                            + " infogain_loss_param.axis to the class axis");
        }
        if (b.size() > 2 && b.get(2) != null) {
            long h = ShapeRules.count(b.get(2), 0);
            long k = x[axis];
            if (h != k * k) {
                throw ShapeRules.fail(l, "its infogain matrix " + Arrays.toString(b.get(2)) + " holds " + h
                        + " values; " + k + " classes need " + k + "x" + k + " = " + k * k, "give the third bottom"
                        + " the shape 1,1," + k + "," + k);
            }
        }
    }
}
