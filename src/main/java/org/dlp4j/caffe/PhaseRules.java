package org.dlp4j.caffe;

import java.util.List;

/**
 * Caffe's {@code NetStateRule} logic ({@code Net::StateMeetsRule}): which layers a net builds for a
 * phase and a set of stages. A layer with {@code include} rules is built when one of them is met;
 * otherwise it is built unless an {@code exclude} rule is met. A rule is met when its phase (if any)
 * matches, every {@code stage} is among the state's stages and no {@code not_stage} is. Levels are
 * taken as 0.
 */
public final class PhaseRules {
    private PhaseRules() {
    }

    public static boolean included(TextProto layer, String phase, List<String> stages) {
        List<TextProto> inc = layer.messages("include");
        if (!inc.isEmpty()) {
            return inc.stream().anyMatch(r -> meets(r, phase, stages));
        }
        return layer.messages("exclude").stream().noneMatch(r -> meets(r, phase, stages));
    }

    static boolean meets(TextProto rule, String phase, List<String> stages) {
        String p = rule.get("phase");
        if (p != null && !p.equals(phase)) {
            return false;
        }
        if (rule.getInt("min_level", 0) > 0 || rule.getInt("max_level", 0) < 0) {
            return false;
        }
        for (String s : rule.strings("stage")) {
            if (!stages.contains(s)) {
                return false;
            }
        }
        for (String s : rule.strings("not_stage")) {
            if (stages.contains(s)) {
                return false;
            }
        }
        return true;
    }
}
