package org.dlp4j.caffe;

/** Caffe's net phase: TRAIN includes training-only layers (data augmentation, loss), TEST the rest. */
public enum Phase {
    TRAIN, TEST;

    /** The phase named by an option's value, in any case; bad input naming the option otherwise. */
    public static Phase parse(String value, String option) {
        for (Phase p : values()) {
            if (p.name().equalsIgnoreCase(value)) {
                return p;
            }
        }
        throw new org.dlp4j.BadInputException(option + " must be TRAIN or TEST, not '" + value + "'");
    }

    int nativeValue() {
        return this == TRAIN ? org.bytedeco.caffe.global.caffe.TRAIN : org.bytedeco.caffe.global.caffe.TEST;
    }
}
