package org.dlp4j.caffe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The blob wiring of the layers a net builds, checked as Caffe connects them: {@code InsertSplits} (every bottom
 * must come from an earlier top; an output read by more than one layer, or read and given a loss weight, is split)
 * and {@code Net::AppendTop} (a top is computed in place only when it equals the bottom at the same position and
 * that bottom was not split; any other top whose name already exists aborts with "produced by multiple sources").
 * Also {@code loss_weight}, which must be absent or given once per top unless the split of a weighted top drops it.
 */
final class BlobFlow {
    private BlobFlow() {
    }

    /** Adds the problems of the active layers' wiring; returns the distinct blob names their tops produce. */
    static Set<String> check(List<TextProto> layers, String file, Phase phase, List<Problem> problems) {
        Map<String, Long> producer = new HashMap<>(); // blob -> key of the top that last produced it
        Map<Long, Integer> uses = new HashMap<>(); // top key -> bottoms reading it (+1 with a loss weight)
        Map<Long, String> userOf = new HashMap<>(); // top key -> a layer reading it
        List<Long[]> sources = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            TextProto layer = layers.get(i);
            String name = layer.get("name", "(unnamed)");
            List<String> bottoms = layer.strings("bottom");
            Long[] src = new Long[bottoms.size()];
            for (int j = 0; j < bottoms.size(); j++) {
                String b = bottoms.get(j);
                src[j] = producer.get(b);
                if (src[j] == null) {
                    problems.add(new Problem(file, layer.line(), name, "bottom '" + b + "' is produced by no earlier"
                            + " layer in phase " + phase, "add a layer with top: \"" + b + "\" before it, or fix the"
                            + " bottom name"));
                } else {
                    uses.merge(src[j], 1, Integer::sum);
                    userOf.putIfAbsent(src[j], "layer '" + name + "'");
                }
            }
            sources.add(src);
            List<String> tops = layer.strings("top");
            for (int j = 0; j < tops.size(); j++) {
                producer.put(tops.get(j), key(i, j));
            }
            List<String> weights = layer.strings("loss_weight");
            for (int j = 0; j < Math.min(weights.size(), tops.size()); j++) {
                if (weight(weights.get(j)) != 0) {
                    Long k = producer.get(tops.get(j));
                    uses.merge(k, 1, Integer::sum);
                    userOf.putIfAbsent(k, "its loss weight");
                }
            }
        }
        Set<String> blobs = new LinkedHashSet<>();
        for (int i = 0; i < layers.size(); i++) {
            TextProto layer = layers.get(i);
            tops(layer, i, sources.get(i), blobs, uses, userOf, layers, file, problems);
            lossWeights(layer, i, uses, file, problems);
        }
        return blobs;
    }

    private static void tops(TextProto layer, int i, Long[] src, Set<String> blobs, Map<Long, Integer> uses,
            Map<Long, String> userOf, List<TextProto> layers, String file, List<Problem> problems) {
        String name = layer.get("name", "(unnamed)");
        List<String> bottoms = layer.strings("bottom");
        List<String> tops = layer.strings("top");
        for (int j = 0; j < tops.size(); j++) {
            String t = tops.get(j);
            if (j < bottoms.size() && t.equals(bottoms.get(j))) { // in place, unless Caffe split that bottom
                if (src[j] != null && uses.getOrDefault(src[j], 0) > 1) {
                    TextProto from = layers.get((int) (src[j] >> 32));
                    problems.add(new Problem(file, layer.line(), name, "top '" + t + "' is computed in place, but the"
                            + " '" + t + "' of layer '" + from.get("name", "?") + "' it overwrites is also used by "
                            + otherUser(userOf.get(src[j]), name) + "; Caffe then splits that blob and aborts"
                            + " ('produced by multiple sources')", "give this layer's top a new name (e.g. '" + t
                            + "_" + name + "') and let the layers after it read that"));
                }
                blobs.add(t);
                continue;
            }
            if (!blobs.add(t)) {
                String what;
                if (tops.subList(0, j).contains(t)) {
                    what = "top '" + t + "' is listed more than once in this layer's tops";
                } else if (bottoms.contains(t)) {
                    what = "top '" + t + "' is at position " + (j + 1) + " of the tops but at position "
                            + (bottoms.indexOf(t) + 1) + " of the bottoms: Caffe computes a top in place only when it"
                            + " equals the bottom at the same position, so this top is produced twice";
                } else {
                    what = "top '" + t + "' is already produced by an earlier layer and this is not an in-place"
                            + " layer";
                }
                problems.add(new Problem(file, layer.line(), name, what, "rename the top, or make it in-place (the"
                        + " same name as the bottom at the same position)"));
            }
        }
    }

    private static String otherUser(String user, String self) {
        return user == null || user.equals("layer '" + self + "'") ? "another layer or a loss weight" : user;
    }

    private static void lossWeights(TextProto layer, int i, Map<Long, Integer> uses, String file,
            List<Problem> problems) {
        List<String> weights = layer.strings("loss_weight");
        if (weights.isEmpty()) {
            return;
        }
        String type = layer.get("type", "");
        List<String> tops = layer.strings("top");
        int effective = LayerArity.effectiveTops(type, tops.size());
        if (weights.size() == effective) {
            return;
        }
        for (int j = 0; j < Math.min(weights.size(), tops.size()); j++) {
            if (weight(weights.get(j)) != 0 && uses.getOrDefault(key(i, j), 0) > 1) {
                return; // InsertSplits moves the weight onto the split and clears the layer's loss_weight
            }
        }
        problems.add(new Problem(file, layer.line(), layer.get("name", "(unnamed)"), weights.size()
                + " loss_weight entries for " + effective + " top(s); Caffe wants none or one per top",
                "give one loss_weight per top, in top order"));
    }

    private static double weight(String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static long key(int layer, int top) {
        return ((long) layer << 32) | top;
    }
}
