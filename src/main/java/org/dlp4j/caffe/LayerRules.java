package org.dlp4j.caffe;

import java.util.List;

/**
 * Caffe's layer filtering ({@code Net::FilterNet} and {@code StateMeetsRule}) for a net state: the phase a net is
 * built in, the stages and the level. A layer with {@code include} rules is built when one of them is met; otherwise
 * it is built unless an {@code exclude} rule is met. A rule is met when its phase (if set) is the state's, the state's
 * level is at least {@code min_level} and at most {@code max_level} (where set), every {@code stage} is among the
 * state's stages and no {@code not_stage} is. The layer-level {@code phase:} field plays no part (Caffe only uses it
 * to tell a layer which phase it runs in).
 *
 * @param phase  the phase the net is built in
 * @param stages the state's stages
 * @param level  the state's level
 */
record LayerRules(Phase phase, List<String> stages, int level) {
    LayerRules {
        stages = List.copyOf(stages);
    }

    /**
     * The state Caffe builds {@code net} in for {@code phase} when it is loaded as a net ({@code CaffeNet.load}): the
     * phase is set, the stages and level come from the file's own {@code state { ... }}.
     */
    static LayerRules of(TextProto net, Phase phase) {
        TextProto state = net == null ? null : net.message("state");
        if (state == null) {
            return new LayerRules(phase, List.of(), 0);
        }
        return new LayerRules(phase, state.strings("stage"), state.getInt("level", 0));
    }

    /**
     * The state a solver builds {@code net} in ({@code Solver::InitTrainNet}/{@code InitTestNets}): {@code phase},
     * then the net's own {@code state}, then the solver's {@code train_state} or this test net's {@code test_state}
     * merged in as protobuf's MergeFrom does (a phase or level that is set replaces, stages add up).
     *
     * @param solverState the solver's train_state/test_state for this net, or null
     */
    static LayerRules of(TextProto net, Phase phase, TextProto solverState) {
        Phase p = phase;
        List<String> stages = new java.util.ArrayList<>();
        int level = 0;
        for (TextProto state : java.util.Arrays.asList(net == null ? null : net.message("state"), solverState)) {
            if (state == null) {
                continue;
            }
            if (state.has("phase")) {
                String v = state.get("phase");
                p = v.equals("0") ? Phase.TRAIN : v.equals("1") ? Phase.TEST : Phase.valueOf(v);
            }
            level = state.getInt("level", level);
            stages.addAll(state.strings("stage"));
        }
        return new LayerRules(p, stages, level);
    }

    /** Whether Caffe builds this layer in this state. */
    boolean includes(TextProto layer) {
        List<TextProto> include = layer.messages("include");
        if (!include.isEmpty()) {
            return include.stream().anyMatch(this::meets);
        }
        return layer.messages("exclude").stream().noneMatch(this::meets);
    }

    boolean meets(TextProto rule) {
        if (rule.has("phase") && !rule.get("phase").equals(phase.name())) {
            return false;
        }
        if (rule.has("min_level") && level < rule.getInt("min_level", 0)) {
            return false;
        }
        if (rule.has("max_level") && level > rule.getInt("max_level", 0)) {
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
