package org.dlp4j.caffe;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dlp4j.BadInputException;

/**
 * Blob and parameter shapes of a prototxt worked out in Java, with Caffe's arithmetic ({@link ShapeRules}).
 * Covers the layers of the Net Library and the classic reference nets; a layer of another type whose shape
 * cannot be derived stops {@link #infer} with a {@link BadInputException}. {@link #check} runs the same walk
 * leniently before Caffe sets a net up ({@link CaffeNet#load}, {@link CaffeSolver#load}, the CLI), refusing
 * what would make Caffe abort the JVM with a {@link ShapeException}; Caffe stays the judge of the rest.
 */
public final class ShapeInference {
    /** Layer types that read data from outside the net (their tops' shapes come from their data). */
    private static final Set<String> DATA_TYPES = Set.of("Data", "ImageData", "HDF5Data", "DummyData", "MemoryData",
            "WindowData", "AnnotatedData");

    /** Blob shapes and, per layer with parameters, its parameter blob shapes in net order. */
    public record Result(Map<String, int[]> blobs, Map<String, List<int[]>> params) {
        public int[] shape(String blob) {
            return blobs.get(blob);
        }
    }

    private ShapeInference() {
    }

    /** True for layers that read data from outside the net (and Python layers without bottoms). */
    public static boolean isDataLayer(TextProto l) {
        String type = l.get("type", "");
        return DATA_TYPES.contains(type) || (type.equals("Python") && l.strings("bottom").isEmpty());
    }

    /**
     * @param net    the net
     * @param inputs shapes of blobs made by data layers (e.g. {@code data}, {@code label}); Input
     *               layers and {@code input_shape} declare their own
     * @param phase  TRAIN or TEST (selects layers by their include/exclude rules)
     */
    public static Result infer(TextProto net, Map<String, int[]> inputs, String phase, List<String> stages) {
        return walk(net, inputs, Map.of(), phase, stages, false, false);
    }

    /**
     * Checks, before Caffe sees the net, what would make Caffe abort while setting it up or running it: a
     * convolution or pooling window larger than its padded input (a non-positive output size), channels or
     * outputs not divisible by {@code group}, a non-positive {@code num_output}, kernel or stride, a crop beyond
     * its bottom, Concat/Eltwise bottoms that do not match, bad slice points, an axis out of range, an empty
     * blob, loss labels that do not match the predictions, Accuracy's top_k above the classes. The walk passes
     * over what it cannot derive (data layers whose shapes come from their data, layer types it does not know,
     * and the layers fed by those).
     *
     * @throws ShapeException naming the layer, what is wrong and the fix
     */
    public static void check(TextProto net, String phase, List<String> stages) {
        walk(net, Map.of(), Map.of(), phase, stages, true, false);
    }

    /**
     * {@link #check} with the net's input blobs ({@code Input} layers, {@code input} fields) given other
     * shapes, as {@link CaffeNet#reshape} sets them; also refuses a window wider than its padded input (an
     * input smaller than the net can take) and a dim that is not positive.
     */
    public static void checkReshaped(TextProto net, Map<String, int[]> inputShapes, String phase,
            List<String> stages) {
        for (Map.Entry<String, int[]> e : inputShapes.entrySet()) {
            for (int d : e.getValue()) {
                if (d <= 0) {
                    throw new ShapeException(e.getKey(), "input", "shape " + Arrays.toString(e.getValue())
                            + " has a dim that is not positive", "give every dim a positive size");
                }
            }
        }
        walk(net, Map.of(), inputShapes, phase, stages, true, true);
    }

    /** {@link #check} of a prototxt file (TEST phase, the net's own state stages). */
    public static void check(Path prototxt) {
        TextProto net = Prototxt.readNet(prototxt);
        check(net, "TEST", stages(net));
    }

    /** The stages of a net's own {@code state}, which Caffe applies to its include/exclude rules. */
    public static List<String> stages(TextProto net) {
        TextProto state = net.message("state");
        return state == null ? List.of() : state.strings("stage");
    }

    private static Result walk(TextProto net, Map<String, int[]> inputs, Map<String, int[]> overrides, String phase,
            List<String> stages, boolean lenient, boolean strict) {
        Map<String, int[]> blobs = new LinkedHashMap<>(inputs);
        Map<String, List<int[]>> params = new LinkedHashMap<>();
        List<String> in = net.strings("input");
        List<TextProto> inShapes = net.messages("input_shape");
        for (int i = 0; i < in.size(); i++) {
            if (overrides.containsKey(in.get(i))) {
                blobs.put(in.get(i), overrides.get(in.get(i)));
            } else if (i < inShapes.size()) {
                blobs.put(in.get(i), ShapeRules.dims(inShapes.get(i)));
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
                List<TextProto> shapes = l.message("input_param") == null ? List.of()
                        : l.message("input_param").messages("shape");
                for (int i = 0; i < tops.size(); i++) {
                    if (overrides.containsKey(tops.get(i))) {
                        blobs.put(tops.get(i), overrides.get(tops.get(i)));
                    } else if (!shapes.isEmpty()) {
                        blobs.put(tops.get(i), ShapeRules.dims(shapes.get(Math.min(i, shapes.size() - 1))));
                    } else {
                        blobs.remove(tops.get(i));
                    }
                }
                continue;
            }
            if (type.equals("DummyData")) { // its shapes are in the prototxt
                List<int[]> shapes = dummyShapes(ShapeRules.orEmpty(l.message("dummy_data_param")), tops.size());
                for (int i = 0; i < tops.size() && !shapes.isEmpty(); i++) {
                    int[] s = shapes.get(Math.min(i, shapes.size() - 1));
                    if (Arrays.stream(s).anyMatch(d -> d <= 0)) {
                        throw ShapeRules.fail(l, "top '" + tops.get(i) + "' has shape " + Arrays.toString(s)
                                + ", a dim that is not positive (Caffe's filler aborts on an empty blob)",
                                "give every dim of the shape a positive size");
                    }
                    blobs.putIfAbsent(tops.get(i), s);
                }
            }
            if (isDataLayer(l)) {
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
                    throw new BadInputException("layer '" + name + "': bottom blob '" + b
                            + "' is not produced by any earlier layer");
                }
                if (s != null && s.length > 0 && ShapeRules.count(s, 0) == 0) {
                    throw ShapeRules.fail(l, "its bottom '" + b + "' " + Arrays.toString(s) + " holds no values"
                            + " (Caffe aborts on the first access to an empty blob)",
                            "give the blob '" + b + "' positive dims");
                }
                bottoms.add(s);
            }
            if (bottoms.contains(null) || bottoms.isEmpty() || !ShapeRules.known(type)
                    || (bottoms.get(0).length != 4 && ShapeRules.WINDOWED.contains(type))) {
                if (!lenient && !ShapeRules.known(type)) {
                    throw new BadInputException("layer '" + name + "': shape inference does not know layer type '"
                            + type + "'");
                }
                tops.forEach(blobs::remove); // unknown from here on
                continue;
            }
            List<int[]> p = new ArrayList<>();
            List<int[]> out;
            try {
                out = ShapeRules.layer(l, type, bottoms, p, strict);
            } catch (BadInputException e) {
                throw e;
            } catch (RuntimeException e) { // a value this walk cannot read (e.g. a 3-D kernel list): unknown
                if (!lenient) {
                    throw new BadInputException("layer '" + name + "' (" + type + "): cannot derive its shape ("
                            + e + ")");
                }
                tops.forEach(blobs::remove);
                continue;
            }
            if (!p.isEmpty()) {
                params.put(name, p);
            }
            for (int i = 0; i < tops.size() && !out.isEmpty(); i++) {
                int[] s = out.get(Math.min(i, out.size() - 1));
                if (s.length > 0 && ShapeRules.count(s, 0) == 0) {
                    throw ShapeRules.fail(l, "its top '" + tops.get(i) + "' would be " + Arrays.toString(s)
                            + ", an empty blob (Caffe aborts on the first access to it)",
                            "change the layer's parameters so that every output dim is positive");
                }
                blobs.put(tops.get(i), s);
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
            out.add(ShapeRules.dims(sh));
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
}
