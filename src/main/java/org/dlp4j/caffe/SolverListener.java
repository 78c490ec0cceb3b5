package org.dlp4j.caffe;

import java.util.Map;

/** Callbacks from {@link CaffeSolver}, on the solver's own thread. */
public interface SolverListener {
    /** After each training iteration; {@code iteration} is the solver's counter after the step. */
    default void onIteration(int iteration, float loss, float smoothedLoss, double learningRate) {
    }

    /** Before a test pass over test net {@code netIndex} starts. */
    default void onTestStart(int iteration, int netIndex) {
    }

    /** After each forward pass of a test net; read its blobs (score, label) here. */
    default void onTestBatch(int iteration, int netIndex, CaffeNet testNet) {
    }

    /** After a test pass: the mean of each output blob over the test_iter batches (Caffe's own numbers). */
    default void onTest(int iteration, int netIndex, Map<String, Float> outputs) {
    }

    /** After a snapshot was written (caffemodel and solverstate complete and renamed into place). */
    default void onSnapshot(int iteration, Snapshot snapshot) {
    }
}
