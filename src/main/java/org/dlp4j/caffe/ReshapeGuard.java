package org.dlp4j.caffe;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link CaffeNet#reshape}'s check of new input shapes in Java before Caffe reshapes (and would abort on a
 * negative size): {@link ShapeInference#checkReshaped} of the net as validated, once per set of input shapes.
 */
final class ReshapeGuard {
    private final TextProto def;
    private final String phase;
    private final List<String> stages;
    private final String file;
    /** Input shapes already checked (the last 64 sizes: a folder of mixed sizes never grows it): empty when fine. */
    private final Map<String, List<Problem>> checked = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<Problem>> eldest) {
            return size() > 64;
        }
    };

    ReshapeGuard(TextProto def, Phase phase, List<String> stages, String file) {
        this.def = def;
        this.phase = phase.name();
        this.stages = stages;
        this.file = file;
    }

    /** @throws ValidationException unless every dim of {@code shape} is positive */
    static void positive(String file, String input, int[] shape) {
        if (shape.length == 0 || Arrays.stream(shape).anyMatch(d -> d <= 0)) {
            throw new ValidationException(List.of(new Problem(file, 0, null, "input '" + input + "' reshaped to "
                    + Arrays.toString(shape) + ": every dim must be positive (Caffe would abort)",
                    "give a shape of positive dims, e.g. 1,1,256,256")));
        }
    }

    /**
     * @param input  the input being reshaped (for the message)
     * @param shapes every input blob's shape after the reshape
     * @throws ValidationException naming the layer that cannot take these shapes
     */
    void check(String input, Map<String, int[]> shapes) {
        StringBuilder key = new StringBuilder();
        shapes.forEach((k, v) -> key.append(k).append(Arrays.toString(v)).append(';'));
        List<Problem> found = checked.computeIfAbsent(key.toString(), k -> {
            try {
                ShapeInference.checkReshaped(def, shapes, phase, stages);
                return List.of();
            } catch (ShapeException e) {
                return List.of(new Problem(file, 0, e.layer(), "input '" + input + "' reshaped to "
                        + Arrays.toString(shapes.get(input)) + ": " + e.what(), e.fix()));
            }
        });
        if (!found.isEmpty()) {
            throw new ValidationException(found);
        }
    }
}
