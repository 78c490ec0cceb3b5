package org.dlp4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The outcome a run's {@code run.json} records, corrected for a stale "running": while a run trains, run.json names
 * the process that supervises its worker ({@code owner}: pid and start time). When that process is gone (a killed
 * server or CLI; the worker ends with it), the run is "interrupted", not running: it can be resumed from its last
 * snapshot. A run.json without an owner (written before owners were recorded) keeps what it says.
 */
public final class RunStatus {
    public static final String INTERRUPTED = "interrupted";

    private RunStatus() {
    }

    /** The run's outcome: run.json's, or {@link #INTERRUPTED} for a "running" whose owner process has ended. */
    public static String of(JsonNode runJson) {
        String outcome = runJson.path("outcome").asText("unknown");
        if (!outcome.equals("running") || !runJson.path("owner").has("pid")) {
            return outcome;
        }
        return ownerAlive(runJson.path("owner")) ? outcome : INTERRUPTED;
    }

    private static boolean ownerAlive(JsonNode owner) {
        Optional<ProcessHandle> p = ProcessHandle.of(owner.path("pid").asLong());
        if (p.isEmpty() || !p.get().isAlive()) {
            return false;
        }
        String started = owner.path("started").asText(null);
        // a recycled pid is another process: it started at another time
        return started == null || p.get().info().startInstant().map(i -> i.toString().equals(started)).orElse(true);
    }
}
