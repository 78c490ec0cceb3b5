package org.dlp4j.caffe;

/**
 * How many parameter blobs Caffe 1.0's layers make (their LayerSetUp), from a layer's definition alone, and which of
 * them weight decay reaches.
 */
final class ParamBlobs {
    private ParamBlobs() {
    }

    /** Parameter blobs of a layer; 0 for layers without; -1 for types whose count is not known here (Python, ...). */
    static int count(TextProto layer) {
        String type = layer.get("type", "");
        int n = known(layer, type, layer.count("bottom"));
        return n < 0 && !type.equals("Python") ? 0 : n;
    }

    /**
     * Parameter blobs of the layer types that make some (Caffe 1.0's LayerSetUp), -1 for every other type (those
     * without parameters included: {@link LayerArity} lists those).
     */
    static int known(TextProto layer, String type, int bottoms) {
        return switch (type) {
            case "Convolution", "Deconvolution" -> 1 + bias(layer, "convolution_param", true);
            case "InnerProduct" -> 1 + bias(layer, "inner_product_param", true);
            case "Embed" -> 1 + bias(layer, "embed_param", true);
            case "BatchNorm" -> 3;
            case "Scale" -> (bottoms == 1 ? 1 : 0) + bias(layer, "scale_param", false);
            case "Bias" -> bottoms == 1 ? 1 : 0;
            case "PReLU", "Parameter" -> 1;
            case "LSTM" -> bottoms > 2 ? 4 : 3;
            case "RNN" -> bottoms > 2 ? 6 : 5;
            default -> -1;
        };
    }

    /**
     * True when weight decay reaches some parameter of the TRAIN net (a blob whose {@code param} entry has a non-zero
     * {@code decay_mult}, 1 by default); layers of unknown blob count count as decayed unless every entry given is 0.
     */
    static boolean anyDecayed(TextProto net) {
        for (TextProto l : net.messages("layer")) {
            if (!NetValidator.included(l, Phase.TRAIN)) {
                continue;
            }
            int n = count(l);
            java.util.List<TextProto> specs = l.messages("param");
            if (n < 0) {
                if (specs.isEmpty() || specs.stream().anyMatch(p -> p.getDouble("decay_mult", 1) != 0)) {
                    return true;
                }
                continue;
            }
            for (int i = 0; i < n; i++) {
                if (i >= specs.size() || specs.get(i).getDouble("decay_mult", 1) != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int bias(TextProto layer, String param, boolean dflt) {
        TextProto p = layer.message(param);
        return (p == null ? dflt : p.getBool("bias_term", dflt)) ? 1 : 0;
    }
}
