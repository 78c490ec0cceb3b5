package org.dlp4j.caffe;

/** Caffe's net phase: TRAIN includes training-only layers (data augmentation, loss), TEST the rest. */
public enum Phase {
    TRAIN, TEST;

    int nativeValue() {
        return this == TRAIN ? org.bytedeco.caffe.global.caffe.TRAIN : org.bytedeco.caffe.global.caffe.TEST;
    }
}
