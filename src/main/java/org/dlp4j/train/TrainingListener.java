package org.dlp4j.train;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Live events of a training run, the same whether it runs in a worker or in-process. Each event is a
 * JSON object with an {@code event} field; the typed methods receive the matching ones.
 */
public interface TrainingListener {
    /** Every {@code display} iterations: iteration, loss, smoothed_loss, lr, ms_per_iter, max_iter. */
    default void onIteration(JsonNode e) {
    }

    /** After each test pass: iteration, test_loss, dice, accuracy, mean_iu, per-class values. */
    default void onTest(JsonNode e) {
    }

    /** After each complete snapshot: iteration, caffemodel, solverstate. */
    default void onSnapshot(JsonNode e) {
    }

    /** Pretrained weights were copied: the transfer report ({@code text} is human-readable). */
    default void onWeights(JsonNode e) {
    }

    /** The run ended: outcome (completed / stopped / diverged), best_dice, final_loss, snapshots. */
    default void onEnd(JsonNode summary) {
    }

    /** Dispatches a raw event to the typed methods. */
    default void onEvent(JsonNode e) {
        switch (e.path("event").asText()) {
            case "iteration" -> onIteration(e);
            case "test" -> onTest(e);
            case "snapshot" -> onSnapshot(e);
            case "weights" -> onWeights(e);
            default -> {
            }
        }
    }
}
