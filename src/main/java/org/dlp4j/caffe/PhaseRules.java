package org.dlp4j.caffe;

import java.util.List;

/**
 * Caffe's layer filtering for callers that name the phase and stages without a net state: {@link LayerRules} at
 * level 0 (the rules themselves live there).
 */
public final class PhaseRules {
    private PhaseRules() {
    }

    /** Whether Caffe builds {@code layer} in {@code phase} ("TRAIN"/"TEST") with these stages, at level 0. */
    public static boolean included(TextProto layer, String phase, List<String> stages) {
        return new LayerRules(Phase.valueOf(phase), stages, 0).includes(layer);
    }
}
