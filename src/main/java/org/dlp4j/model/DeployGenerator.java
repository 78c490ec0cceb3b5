package org.dlp4j.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dlp4j.BadInputException;
import org.dlp4j.caffe.PhaseRules;
import org.dlp4j.caffe.TextProto;

/**
 * Derives a deploy net from a train/val net, as DIGITS and DLP do:
 * <ul>
 * <li>keeps the layers Caffe would build in phase TEST with stage {@code deploy} (so DIGITS-style
 *     all-in-one files with {@code include/exclude { stage }} rules work) and removes those rules;</li>
 * <li>drops data layers (Data, ImageData, HDF5Data, DummyData, MemoryData, WindowData, and Python
 *     layers without bottoms) and declares an {@code Input} layer {@code data} in their place;</li>
 * <li>turns the first SoftmaxWithLoss into {@code Softmax} {@code prob} on its first bottom; drops
 *     other loss layers, Accuracy layers and every layer that reads a label blob. An InfogainLoss on class
 *     scores counts as a SoftmaxWithLoss: the preset's Caffe 1.0 InfogainLoss applies a softmax internally
 *     (its header: an internal {@code softmax_layer_} and {@code prob_}, an optional second top for the
 *     probabilities), which is what {@code dlp net weight-classes} relies on. One reading a Softmax's top (the
 *     pre-2017 style) is just dropped: that Softmax stays in the deploy net.</li>
 * </ul>
 * The input shape is the explicit one when given, else the first Datum of the image Data layer's
 * LMDB (N=1; {@code crop_size} overrides H and W), else a {@link BadInputException} asks for one.
 */
public final class DeployGenerator {
    private DeployGenerator() {
    }

    /**
     * @param trainVal  the train/val net (not modified)
     * @param shape     N,C,H,W for the input, or null to read it from the LMDB
     * @param sourceDir folder that relative data sources are resolved against (the workspace), or null
     * @param what      a file name for messages
     */
    public static TextProto generate(TextProto trainVal, int[] shape, Path sourceDir, String what) {
        TextProto out = new TextProto();
        List<TextProto> dataLayers = new ArrayList<>();
        for (TextProto.Field f : trainVal) {
            if (!f.name().equals("layer") || !f.isMessage()) {
                if (!f.name().equals("layers") && !f.name().equals("state")) {
                    copyField(out, f);
                }
                continue;
            }
            TextProto l = f.message();
            if (isDataLayer(l)) {
                dataLayers.add(l);
            }
        }
        String input = inputBlob(dataLayers);
        Set<String> dead = new HashSet<>();
        for (TextProto d : dataLayers) {
            for (String t : d.strings("top")) {
                if (!t.equals(input)) {
                    dead.add(t);
                }
            }
        }
        boolean hasInput = false;
        // DIGITS-style all-in-one files declare their own deploy Input (include { stage: "deploy" })
        boolean inputAdded = trainVal.messages("layer").stream().anyMatch(l -> l.get("type", "").equals("Input")
                && PhaseRules.included(l, "TEST", List.of("deploy")) && l.strings("top").contains(input));
        boolean probDone = false;
        for (TextProto l : trainVal.messages("layer")) {
            if (isDataLayer(l)) {
                if (!inputAdded && input != null) {
                    out.addMessage("layer", inputLayer(input, shape, dataLayers, sourceDir, what));
                    inputAdded = true;
                }
                continue;
            }
            if (!PhaseRules.included(l, "TEST", List.of("deploy"))) {
                continue;
            }
            String type = l.get("type", "");
            boolean readsDead = l.strings("bottom").stream().anyMatch(dead::contains);
            if (!probDone && (type.equals("SoftmaxWithLoss")
                    || (type.equals("InfogainLoss") && !readsSoftmax(trainVal, l)))) {
                out.addMessage("layer", softmax(l, probName(trainVal)));
                probDone = true;
                continue;
            }
            if (type.endsWith("Loss") || type.equals("Accuracy") || readsDead) {
                for (String t : l.strings("top")) {
                    if (!l.strings("bottom").contains(t) || readsDead) {
                        dead.add(t);
                    }
                }
                continue;
            }
            TextProto kept = l.copy();
            kept.remove("include");
            kept.remove("exclude");
            out.addMessage("layer", kept);
            hasInput |= type.equals("Input");
        }
        if (!inputAdded && !hasInput && !trainVal.has("input")) {
            throw new BadInputException(what + ": no data layer and no Input layer: cannot tell what the deploy net's input is");
        }
        return out;
    }

    /** True for layers that read data from outside the net. */
    public static boolean isDataLayer(TextProto l) {
        return org.dlp4j.caffe.ShapeInference.isDataLayer(l);
    }

    /** The image blob: {@code data} when a data layer makes it, else the first data layer's first top. */
    static String inputBlob(List<TextProto> dataLayers) {
        for (TextProto d : dataLayers) {
            if (d.strings("top").contains("data")) {
                return "data";
            }
        }
        return dataLayers.isEmpty() || dataLayers.get(0).strings("top").isEmpty() ? null
                : dataLayers.get(0).strings("top").get(0);
    }

    /** True when the loss's first bottom is the top of a Softmax layer (it gets probabilities, not scores). */
    private static boolean readsSoftmax(TextProto net, TextProto loss) {
        List<String> bottoms = loss.strings("bottom");
        if (bottoms.isEmpty()) {
            return false;
        }
        for (TextProto l : net.messages("layer")) {
            if (l.get("type", "").equals("Softmax") && l.strings("top").contains(bottoms.get(0))) {
                return true;
            }
        }
        return false;
    }

    private static String probName(TextProto net) {
        Set<String> names = new HashSet<>();
        for (TextProto l : net.messages("layer")) {
            names.add(l.get("name", ""));
            names.addAll(l.strings("top"));
        }
        return names.contains("prob") ? "prob_out" : "prob";
    }

    private static TextProto softmax(TextProto loss, String name) {
        TextProto s = new TextProto();
        s.setString("name", name);
        s.setString("type", "Softmax");
        s.addString("bottom", loss.strings("bottom").get(0));
        s.addString("top", name);
        return s;
    }

    private static TextProto inputLayer(String blob, int[] shape, List<TextProto> dataLayers, Path dir, String what) {
        int[] s = shape != null ? shape : shapeFromLmdb(blob, dataLayers, dir, what);
        TextProto l = new TextProto();
        l.setString("name", blob);
        l.setString("type", "Input");
        l.addString("top", blob);
        TextProto sh = l.addMessage("input_param").addMessage("shape");
        for (int d : s) {
            sh.addNumber("dim", d);
        }
        // the TEST data layer's scaling travels with the deploy net: Caffe's Input layer ignores transform_param,
        // dlp infer reads it (deploy.Transform), so a deploy file saved anywhere still scales its input right
        for (TextProto d : dataLayers) {
            TextProto t = d.message("transform_param");
            if (d.strings("top").contains(blob) && t != null && PhaseRules.included(d, "TEST", List.of())
                    && (t.has("scale") || t.has("mean_value"))) {
                TextProto keep = l.addMessage("transform_param");
                if (t.has("scale")) {
                    keep.addNumber("scale", t.getDouble("scale", 1));
                }
                for (String m : t.strings("mean_value")) {
                    keep.addNumber("mean_value", Double.parseDouble(m));
                }
                break;
            }
        }
        return l;
    }

    private static int[] shapeFromLmdb(String blob, List<TextProto> dataLayers, Path dir, String what) {
        List<String> tried = new ArrayList<>();
        for (TextProto d : dataLayers) {
            TextProto p = d.message("data_param");
            if (!d.strings("top").contains(blob) || p == null || p.get("source") == null) {
                continue;
            }
            Path src = Path.of(p.get("source"));
            if (!src.isAbsolute() && dir != null) {
                src = dir.resolve(src);
            }
            tried.add(src.toString());
            if (!java.nio.file.Files.isRegularFile(src.resolve("data.mdb"))) {
                continue;
            }
            LmdbRecords.Pixels first = LmdbRecords.first(src);
            TextProto t = d.message("transform_param");
            int crop = t == null ? 0 : t.getInt("crop_size", 0);
            return crop > 0 ? new int[] {1, first.channels(), crop, crop}
                    : new int[] {1, first.channels(), first.height(), first.width()};
        }
        throw new BadInputException(what + ": cannot tell the input shape of blob '" + blob + "'"
                + (tried.isEmpty() ? " (its data layer names no LMDB source)" : " (no readable LMDB at " + tried + ")")
                + "; give it with --shape N,C,H,W, e.g. --shape 1,1,256,256");
    }

    private static void copyField(TextProto out, TextProto.Field f) {
        if (f.isMessage()) {
            out.addMessage(f.name(), f.message().copy());
        } else {
            out.set(f.name(), f.scalar(), f.kind());
        }
    }

    /** Parses "N,C,H,W" (or any count of positive dims). */
    public static int[] parseShape(String s) {
        try {
            int[] dims = Arrays.stream(s.split("[,x× ]+")).mapToInt(Integer::parseInt).toArray();
            if (dims.length != 4 || Arrays.stream(dims).anyMatch(d -> d <= 0)) {
                throw new NumberFormatException();
            }
            return dims;
        } catch (NumberFormatException e) {
            throw new BadInputException("bad shape '" + s + "': expected four positive integers N,C,H,W (batch,"
                    + " channels, height, width) like 1,1,256,256");
        }
    }
}
