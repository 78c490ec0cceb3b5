package org.dlp4j.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.dlp4j.BadInputException;
import org.dlp4j.caffe.CaffeModelFile;
import org.dlp4j.caffe.ShapeInference;
import org.dlp4j.caffe.TextProto;

/**
 * FCN net surgery: a classifier's weights for its fully convolutional version. For each layer of
 * the FCN with parameters: <b>copying</b> when the classifier has a same-named layer with the same
 * shapes; <b>coercing</b> an InnerProduct N×(C·H·W) into the same-named Convolution N×C×H×W (same
 * values, reshaped); <b>bilinear</b> for a Deconvolution the classifier lacks; otherwise it keeps its
 * filler. Classifier layers the FCN lacks are <b>dropped</b>. With {@code grey}, the first layer's
 * filters are summed over their input channels (96×3×11×11 → 96×1×11×11), so a grey image g gives
 * what the RGB net gives for (g, g, g).
 *
 * <p>Target shapes come from the FCN prototxt by {@link ShapeInference} (pure Java); data layers are
 * given the classifier's input channels (1 with grey). {@link ConvolutionalizeCheck} verifies the
 * result with Caffe.
 */
public final class Convolutionalize {
    /** What happened, one line per layer, and the weights written. */
    public record Result(List<String> lines, CaffeModelFile model) {
    }

    private Convolutionalize() {
    }

    /**
     * @param classifierChannels the classifier's input channels (used when the FCN has data layers)
     */
    public static Result run(CaffeModelFile source, TextProto fcn, int classifierChannels, boolean grey,
            Consumer<String> log, String what) {
        int channels = grey ? 1 : classifierChannels;
        TextProto deployLike = hasDataLayers(fcn) ? DeployGenerator.generate(fcn, new int[] {1, channels, 500, 500}, null, what) : fcn;
        Map<String, List<int[]>> target = ShapeInference.infer(deployLike, Map.of(), "TEST", List.of()).params();
        Map<String, String> types = new java.util.HashMap<>();
        for (TextProto l : deployLike.messages("layer")) {
            types.put(l.get("name"), l.get("type"));
        }
        List<String> lines = new ArrayList<>();
        Consumer<String> say = s -> {
            lines.add(s);
            log.accept(s);
        };
        String firstLayer = source.layers().values().stream().filter(l -> !l.blobs().isEmpty()).map(CaffeModelFile.Layer::name)
                .findFirst().orElse(null);
        List<CaffeModelFile.Layer> out = new ArrayList<>();
        for (Map.Entry<String, List<int[]>> e : target.entrySet()) {
            String name = e.getKey();
            List<int[]> want = e.getValue();
            CaffeModelFile.Layer src = source.layers().get(name);
            String type = types.get(name);
            if (src == null || src.blobs().isEmpty()) {
                if ("Deconvolution".equals(type)) {
                    List<CaffeModelFile.Blob> blobs = new ArrayList<>();
                    blobs.add(blob(want.get(0), Bilinear.deconvolutionWeights(want.get(0))));
                    for (int i = 1; i < want.size(); i++) {
                        blobs.add(blob(want.get(i), new float[count(want.get(i))]));
                    }
                    out.add(new CaffeModelFile.Layer(name, type, blobs));
                    say.accept("bilinear " + name + " " + shapes(want));
                } else {
                    say.accept("keeping " + name + " " + shapes(want) + " (not in the weights: its filler initialises it)");
                }
                continue;
            }
            if (src.blobs().size() != want.size()) {
                throw new BadInputException(what + ": layer '" + name + "' has " + want.size() + " parameter blob(s) in the FCN but "
                        + src.blobs().size() + " in the weights");
            }
            List<CaffeModelFile.Blob> blobs = new ArrayList<>();
            String verb = "copying";
            for (int i = 0; i < want.size(); i++) {
                CaffeModelFile.Blob b = src.blobs().get(i);
                int[] w = want.get(i);
                float[] data = b.data();
                if (grey && name.equals(firstLayer) && i == 0 && w.length == 4 && b.shape().length == 4
                        && w[1] == 1 && b.shape()[1] > 1 && b.shape()[0] == w[0]) {
                    data = sumChannels(data, (int) b.shape()[0], (int) b.shape()[1], (int) (b.count() / b.shape()[0] / b.shape()[1]));
                    verb = "grey";
                } else if (b.count() != count(w)) {
                    throw new BadInputException(what + ": cannot fit layer '" + name + "' blob " + i + ": weights "
                            + Arrays.toString(b.shape()) + " (" + b.count() + " values) vs FCN " + Arrays.toString(w)
                            + " (" + count(w) + "); change the FCN layer or rename it so it is not copied");
                } else if (!sameShape(b, w)) {
                    verb = "coercing";
                }
                blobs.add(blob(w, data));
            }
            String from = src.blobs().stream().map(b -> Arrays.toString(b.shape())).toList().toString();
            say.accept(verb + " " + name + (verb.equals("copying") ? " " + shapes(want) : " " + from + " -> " + shapes(want)));
            out.add(new CaffeModelFile.Layer(name, type, blobs));
        }
        for (CaffeModelFile.Layer l : source.layers().values()) {
            if (!l.blobs().isEmpty() && !target.containsKey(l.name())) {
                say.accept("dropping " + l.name() + " (not in the FCN)");
            }
        }
        return new Result(lines, new CaffeModelFile(source.name(), out, false));
    }

    static boolean hasDataLayers(TextProto net) {
        return net.messages("layer").stream().anyMatch(DeployGenerator::isDataLayer);
    }

    private static float[] sumChannels(float[] w, int n, int c, int hw) {
        float[] out = new float[n * hw];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < c; k++) {
                for (int j = 0; j < hw; j++) {
                    out[i * hw + j] += w[(i * c + k) * hw + j];
                }
            }
        }
        return out;
    }

    private static boolean sameShape(CaffeModelFile.Blob b, int[] w) {
        long[] s = b.shape();
        if (b.legacyShape()) {
            long[] want = {1, 1, 1, 1};
            for (int i = 0; i < w.length && w.length <= 4; i++) {
                want[4 - w.length + i] = w[i];
            }
            return Arrays.equals(s, want) || Arrays.equals(s, Arrays.stream(w).asLongStream().toArray());
        }
        return Arrays.equals(s, Arrays.stream(w).asLongStream().toArray());
    }

    private static CaffeModelFile.Blob blob(int[] shape, float[] data) {
        return new CaffeModelFile.Blob(Arrays.stream(shape).asLongStream().toArray(), false, data);
    }

    private static int count(int[] s) {
        int n = 1;
        for (int d : s) {
            n *= d;
        }
        return n;
    }

    private static String shapes(List<int[]> s) {
        return s.stream().map(Arrays::toString).toList().toString();
    }

    /** Reads, converts and writes; returns the per-layer lines. */
    public static Result run(Path weights, Path fcnPrototxt, int classifierChannels, boolean grey, Path out, Consumer<String> log) {
        Result r = run(CaffeModelFile.read(weights), TextProto.read(fcnPrototxt), classifierChannels, grey, log,
                fcnPrototxt.toString());
        r.model().write(out);
        return r;
    }
}
