package org.dlp4j.caffe;

import java.util.List;

/**
 * What {@link Prototxt} validation found: problems (each fatal for Caffe) and a summary of the net.
 *
 * @param problems empty when valid
 * @param layers   number of layers active in the validated phase
 * @param blobs    number of distinct blobs
 * @param net      the parsed (and, for legacy files, upgraded) net, or null when unreadable
 */
public record ValidationResult(List<Problem> problems, int layers, int blobs, TextProto net) {
    public boolean ok() {
        return problems.isEmpty();
    }

    /** @throws ValidationException when there are problems */
    public ValidationResult throwIfAny() {
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return this;
    }
}
