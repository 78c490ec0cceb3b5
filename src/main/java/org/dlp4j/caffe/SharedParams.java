package org.dlp4j.caffe;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameter sharing ({@code param { name: "w" }} in more than one place), checked as {@code Net::AppendParam} does:
 * the shared blobs must have the same shape (the same count with {@code share_mode: PERMISSIVE}), and an explicit
 * {@code lr_mult} or {@code decay_mult} must agree with the first one given for that name. Shapes are the part that
 * follows from the layer's own parameters (num_output, kernel, group, transpose; input channels stay unknown), so a
 * mismatch is reported only when it is certain.
 */
final class SharedParams {
    /** The first use of a shared name: the owning layer, its blob shape (null when unknown) and the multipliers. */
    private static final class Owner {
        final String layer;
        final Shape shape;
        String lr;
        String decay;

        Owner(String layer, Shape shape) {
            this.layer = layer;
            this.shape = shape;
        }
    }

    /**
     * A parameter blob's shape as far as it is known: {@code lead} dims (-1 unknown), then the spatial kernel dims;
     * {@code broadcast} means one kernel value repeated over as many spatial axes as the input has (one or more).
     */
    record Shape(int[] lead, int[] spatial, boolean broadcast) {
        long count() {
            long c = 1;
            for (int d : full()) {
                if (d < 0) {
                    return -1;
                }
                c *= d;
            }
            return broadcast ? -1 : c;
        }

        int[] full() {
            int[] f = java.util.Arrays.copyOf(lead, lead.length + spatial.length);
            System.arraycopy(spatial, 0, f, lead.length, spatial.length);
            return f;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (int d : full()) {
                sb.append(sb.length() == 0 ? "" : "x").append(d < 0 ? "?" : String.valueOf(d));
            }
            return broadcast ? sb + "x..." : sb.toString();
        }
    }

    private SharedParams() {
    }

    static void check(List<TextProto> layers, String file, List<Problem> problems) {
        Map<String, Owner> owners = new HashMap<>();
        for (TextProto layer : layers) {
            String layerName = layer.get("name", "(unnamed)");
            String type = layer.get("type", "");
            List<TextProto> specs = layer.messages("param");
            int blobs = LayerArity.paramBlobs(layer, type, layer.count("bottom"));
            int n = blobs < 0 ? specs.size() : Math.min(blobs, specs.size());
            for (int i = 0; i < n; i++) {
                TextProto spec = specs.get(i);
                String name = spec.get("name", "");
                if (name.isEmpty()) {
                    continue;
                }
                Shape shape = shape(layer, type, i);
                Owner owner = owners.get(name);
                if (owner == null) {
                    owner = new Owner(layerName, shape);
                    owner.lr = spec.get("lr_mult");
                    owner.decay = spec.get("decay_mult");
                    owners.put(name, owner);
                    continue;
                }
                boolean permissive = spec.get("share_mode", "STRICT").equals("PERMISSIVE");
                if (owner.shape != null && shape != null && differ(owner.shape, shape, permissive)) {
                    problems.add(new Problem(file, layer.line(), layerName, "param '" + name + "' is shared with layer '"
                            + owner.layer + "', whose blob is " + owner.shape + ", but this layer's is " + shape
                            + (permissive ? " (a different count)" : ""), "give the sharing layers the same num_output,"
                            + " kernel and group, or give the params different names"));
                }
                owner.lr = multiplier(owner.lr, spec, "lr_mult", name, owner, layer, file, problems);
                owner.decay = multiplier(owner.decay, spec, "decay_mult", name, owner, layer, file, problems);
            }
        }
    }

    private static String multiplier(String first, TextProto spec, String field, String name, Owner owner,
            TextProto layer, String file, List<Problem> problems) {
        String mine = spec.get(field);
        if (mine == null) {
            return first;
        }
        if (first == null) {
            return mine;
        }
        if (Double.parseDouble(first) != Double.parseDouble(mine)) {
            problems.add(new Problem(file, layer.line(), layer.get("name", "(unnamed)"), "shared param '" + name + "'"
                    + " has " + field + " " + mine + " here but " + first + " where it was set first (layer '"
                    + owner.layer + "' owns it)", "give every use of '" + name + "' the same " + field
                    + ", or leave it out after the first"));
        }
        return first;
    }

    /** The known part of parameter blob {@code index}'s shape, or null when this class cannot say. */
    static Shape shape(TextProto layer, String type, int index) {
        switch (type) {
            case "Convolution", "Deconvolution" -> {
                TextProto c = layer.messageOrCreate("convolution_param");
                int n = c.getInt("num_output", -1);
                if (index == 1) {
                    return new Shape(new int[] {n}, new int[0], false);
                }
                int g = Math.max(1, c.getInt("group", 1));
                List<String> ks = c.has("kernel_h") ? List.of(c.get("kernel_h"), c.get("kernel_w", "-1"))
                        : c.strings("kernel_size");
                if (ks.isEmpty()) {
                    return null;
                }
                int[] k = ks.stream().mapToInt(v -> (int) Double.parseDouble(v)).toArray();
                int[] lead = type.equals("Convolution") ? new int[] {n, -1} : new int[] {-1, n % g == 0 ? n / g : -1};
                return new Shape(lead, k, k.length == 1 && !c.has("kernel_h"));
            }
            case "InnerProduct" -> {
                TextProto p = layer.messageOrCreate("inner_product_param");
                int n = p.getInt("num_output", -1);
                return index == 1 ? new Shape(new int[] {n}, new int[0], false)
                        : new Shape(p.getBool("transpose", false) ? new int[] {-1, n} : new int[] {n, -1}, new int[0],
                                false);
            }
            case "Embed" -> {
                TextProto p = layer.messageOrCreate("embed_param");
                int n = p.getInt("num_output", -1);
                return new Shape(index == 1 ? new int[] {n} : new int[] {p.getInt("input_dim", -1), n}, new int[0],
                        false);
            }
            case "BatchNorm" -> {
                return new Shape(new int[] {index == 2 ? 1 : -1}, new int[0], false);
            }
            case "PReLU" -> {
                TextProto p = layer.message("prelu_param");
                return new Shape(new int[] {p != null && p.getBool("channel_shared", false) ? 1 : -1}, new int[0],
                        false);
            }
            default -> {
                return null;
            }
        }
    }

    /** Whether two partly known shapes certainly differ (in count only, when {@code permissive}). */
    static boolean differ(Shape a, Shape b, boolean permissive) {
        if (permissive) {
            return a.count() >= 0 && b.count() >= 0 && a.count() != b.count();
        }
        if (a.broadcast() && !b.broadcast()) {
            return differ(b, a, false);
        }
        int[] fa = a.full();
        if (!b.broadcast()) { // neither is broadcast: same rank, same known dims
            int[] fb = b.full();
            return fa.length != fb.length || anyKnownDiffers(fa, fb, fa.length);
        }
        int lead = b.lead().length;
        int k = b.spatial()[0];
        if (a.broadcast()) {
            return a.lead().length != lead || anyKnownDiffers(a.lead(), b.lead(), lead) || a.spatial()[0] != k;
        }
        if (fa.length < lead + 1 || anyKnownDiffers(fa, b.lead(), lead)) {
            return true;
        }
        for (int i = lead; i < fa.length; i++) {
            if (fa[i] >= 0 && fa[i] != k) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyKnownDiffers(int[] a, int[] b, int n) {
        for (int i = 0; i < n; i++) {
            if (a[i] >= 0 && b[i] >= 0 && a[i] != b[i]) {
                return true;
            }
        }
        return false;
    }
}
