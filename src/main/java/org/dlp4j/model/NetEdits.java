package org.dlp4j.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dlp4j.BadInputException;
import org.dlp4j.caffe.TextProto;

/**
 * The edits DLP's Net module offers, on a parsed prototxt: data sources, layer renames, the class
 * count, and solver fields. Each method names the file in its error message ({@code what}) and
 * changes nothing when it throws.
 */
public final class NetEdits {
    /** Solver fields {@link #setSolverField} accepts, with how they are written. */
    private static final Map<String, TextProto.Kind> SOLVER_FIELDS = Map.ofEntries(
            Map.entry("net", TextProto.Kind.STRING), Map.entry("train_net", TextProto.Kind.STRING),
            Map.entry("test_net", TextProto.Kind.STRING), Map.entry("snapshot_prefix", TextProto.Kind.STRING),
            Map.entry("lr_policy", TextProto.Kind.STRING), Map.entry("type", TextProto.Kind.STRING),
            Map.entry("solver_mode", TextProto.Kind.IDENT), Map.entry("test_initialization", TextProto.Kind.IDENT),
            Map.entry("snapshot_after_train", TextProto.Kind.IDENT), Map.entry("max_iter", TextProto.Kind.NUMBER),
            Map.entry("snapshot", TextProto.Kind.NUMBER), Map.entry("base_lr", TextProto.Kind.NUMBER),
            Map.entry("test_interval", TextProto.Kind.NUMBER), Map.entry("test_iter", TextProto.Kind.NUMBER),
            Map.entry("display", TextProto.Kind.NUMBER), Map.entry("momentum", TextProto.Kind.NUMBER),
            Map.entry("momentum2", TextProto.Kind.NUMBER), Map.entry("delta", TextProto.Kind.NUMBER),
            Map.entry("weight_decay", TextProto.Kind.NUMBER), Map.entry("random_seed", TextProto.Kind.NUMBER),
            Map.entry("gamma", TextProto.Kind.NUMBER), Map.entry("power", TextProto.Kind.NUMBER),
            Map.entry("stepsize", TextProto.Kind.NUMBER), Map.entry("iter_size", TextProto.Kind.NUMBER),
            Map.entry("average_loss", TextProto.Kind.NUMBER), Map.entry("device_id", TextProto.Kind.NUMBER),
            Map.entry("clip_gradients", TextProto.Kind.NUMBER));
    private static final Set<String> SOLVER_MODES = Set.of("CPU", "GPU");

    private NetEdits() {
    }

    /** The layer with this name, or a {@link BadInputException} listing the names there are. */
    public static TextProto layer(TextProto net, String name, String what) {
        List<String> names = new ArrayList<>();
        for (TextProto l : net.messages("layer")) {
            if (name.equals(l.get("name"))) {
                return l;
            }
            names.add(l.get("name"));
        }
        throw new BadInputException(what + ": no layer named '" + name + "'; layers are " + names);
    }

    /** Sets {@code data_param.source} of a data layer. */
    public static void setSource(TextProto net, String layer, String source, String what) {
        TextProto l = layer(net, layer, what);
        if (!DeployGenerator.isDataLayer(l)) {
            throw new BadInputException(what + ": layer '" + layer + "' is a " + l.get("type")
                    + " layer, not a data layer; --set-source needs a Data layer");
        }
        String param = switch (l.get("type", "")) {
            case "ImageData" -> "image_data_param";
            case "HDF5Data" -> "hdf5_data_param";
            case "WindowData" -> "window_data_param";
            default -> "data_param";
        };
        l.messageOrCreate(param).setString("source", source);
    }

    /**
     * Renames a layer. Pretrained weights are matched by layer name, so this is what makes
     * {@code conv6} take the caffemodel's {@code fc6}. With {@code blobsToo}, every {@code bottom}
     * and {@code top} equal to the old name is renamed as well (a cosmetic change; by default only
     * the layer's name changes and its blob keeps the old name).
     */
    public static void rename(TextProto net, String from, String to, boolean blobsToo, String what) {
        TextProto l = layer(net, from, what);
        for (TextProto other : net.messages("layer")) {
            if (to.equals(other.get("name"))) {
                throw new BadInputException(what + ": cannot rename '" + from + "' to '" + to
                        + "': a layer named '" + to + "' exists already");
            }
        }
        l.setString("name", to);
        if (blobsToo) {
            for (TextProto other : net.messages("layer")) {
                other.replaceScalar("bottom", from, to);
                other.replaceScalar("top", from, to);
            }
        }
    }

    /** Why one class is refused: the nets score classes with a softmax, which is 1 everywhere over one channel. */
    static final String ONE_CLASS = " (a softmax over one class is 1 everywhere: the loss is 0 and the net learns"
            + " nothing; count the background too, e.g. 2 for background + left ventricle)";

    /**
     * Sets the number of classes: {@code num_output} of the score layer (the Convolution or
     * InnerProduct feeding the loss, found by following bottoms back from the first loss layer through
     * Crop, Eltwise and Deconvolution layers), {@code num_output} and {@code group} of every
     * Deconvolution on that path with {@code group > 1} (FCN's per-class bilinear upsampling), and of
     * every other 1×1 score layer fused into it (FCN-8s' score_pool3/4). Returns the layers changed.
     */
    public static List<String> setClasses(TextProto net, int classes, String what) {
        if (classes < 2) {
            throw new BadInputException(what + ": the class count must be at least 2, not " + classes
                    + (classes == 1 ? ONE_CLASS : ""));
        }
        List<TextProto> layers = net.messages("layer");
        TextProto loss = lossLayer(layers, what);
        List<String> changed = new ArrayList<>();
        List<String> todo = new ArrayList<>(List.of(loss.strings("bottom").get(0)));
        Set<String> seen = new java.util.HashSet<>();
        while (!todo.isEmpty()) {
            String blob = todo.remove(0);
            if (!seen.add(blob)) {
                continue;
            }
            TextProto producer = producer(layers, blob, loss);
            if (producer == null) {
                continue;
            }
            String type = producer.get("type", "");
            List<String> bottoms = producer.strings("bottom");
            switch (type) {
                case "Convolution", "InnerProduct" -> {
                    String p = type.equals("Convolution") ? "convolution_param" : "inner_product_param";
                    producer.messageOrCreate(p).setNumber("num_output", classes);
                    changed.add(producer.get("name"));
                }
                case "Deconvolution" -> {
                    TextProto p = producer.messageOrCreate("convolution_param");
                    p.setNumber("num_output", classes);
                    if (p.getInt("group", 1) > 1) {
                        p.setNumber("group", classes);
                    }
                    changed.add(producer.get("name"));
                    todo.addAll(bottoms);
                }
                case "Crop" -> todo.add(bottoms.get(0));
                case "Eltwise", "Softmax", "Scale", "Dropout", "ReLU", "Power" -> todo.addAll(bottoms);
                default -> { }
            }
        }
        if (changed.isEmpty()) {
            throw new BadInputException(what + ": found no Convolution or InnerProduct layer scoring the classes");
        }
        return changed;
    }

    /**
     * The number of classes the net scores: {@code num_output} of the Convolution, Deconvolution or
     * InnerProduct whose output reaches the first loss layer (through Crop, Eltwise and other
     * shape-keeping layers).
     */
    public static int classes(TextProto net, String what) {
        List<TextProto> layers = net.messages("layer");
        TextProto loss = lossLayer(layers, what);
        String blob = loss.strings("bottom").get(0);
        for (int step = 0; step < layers.size(); step++) {
            TextProto producer = producer(layers, blob, loss);
            String type = producer == null ? "" : producer.get("type", "");
            switch (type) {
                case "Convolution", "Deconvolution", "InnerProduct" -> {
                    TextProto p = producer.message(type.equals("InnerProduct") ? "inner_product_param" : "convolution_param");
                    return p == null ? 0 : p.getInt("num_output", 0);
                }
                case "Crop", "Eltwise", "Softmax", "Scale", "Dropout", "ReLU", "Power" -> blob = producer.strings("bottom").get(0);
                default -> step = layers.size();
            }
        }
        throw new BadInputException(what + ": found no Convolution or InnerProduct layer scoring the classes");
    }

    /** The first SoftmaxWithLoss, Softmax or InfogainLoss layer, which tells which layer scores the classes. */
    private static TextProto lossLayer(List<TextProto> layers, String what) {
        for (TextProto l : layers) {
            String t = l.get("type", "");
            if (t.equals("SoftmaxWithLoss") || t.equals("Softmax") || t.equals("InfogainLoss")) {
                if (l.strings("bottom").isEmpty()) {
                    break;
                }
                return l;
            }
        }
        throw new BadInputException(what + ": no SoftmaxWithLoss or Softmax layer: cannot tell which layer scores the classes");
    }

    /** The last layer before {@code before} that writes {@code blob}. */
    private static TextProto producer(List<TextProto> layers, String blob, TextProto before) {
        TextProto found = null;
        for (TextProto l : layers) {
            if (l == before) {
                break;
            }
            if (l.strings("top").contains(blob) && !l.strings("bottom").contains(blob)) {
                found = l;
            }
        }
        return found;
    }

    /** Sets one solver field, checking the name and the value's form ({@code key=value} on the CLI). */
    public static void setSolverField(TextProto solver, String key, String value, String what) {
        TextProto.Kind kind = SOLVER_FIELDS.get(key);
        if (kind == null) {
            throw new BadInputException(what + ": unknown or unsupported solver field '" + key + "'; use one of "
                    + new java.util.TreeSet<>(SOLVER_FIELDS.keySet()));
        }
        if (kind == TextProto.Kind.NUMBER) {
            try {
                Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new BadInputException(what + ": solver field '" + key + "' needs a number, not '" + value + "'");
            }
        }
        if (key.equals("solver_mode") && !SOLVER_MODES.contains(value)) {
            throw new BadInputException(what + ": solver_mode is CPU or GPU, not '" + value + "'");
        }
        solver.set(key, value, kind);
    }

    /** Splits {@code key=value}; the message names the option. */
    public static String[] keyValue(String s, String option) {
        int eq = s.indexOf('=');
        if (eq <= 0 || eq == s.length() - 1) {
            throw new BadInputException(option + " expects KEY=VALUE, got '" + s + "'");
        }
        return new String[] {s.substring(0, eq), s.substring(eq + 1)};
    }
}
