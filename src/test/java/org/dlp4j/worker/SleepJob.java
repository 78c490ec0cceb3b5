package org.dlp4j.worker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** A test job that waits until stopped (or 60 s), reporting its pid first. */
public final class SleepJob implements WorkerJob {
    @Override
    public Object run(JsonNode request, WorkerContext ctx) throws Exception {
        ctx.emit("started", Map.of("pid", ProcessHandle.current().pid()));
        for (int i = 0; i < 600 && !ctx.stopRequested(); i++) {
            Thread.sleep(100);
        }
        return Map.of("stopped", ctx.stopRequested());
    }
}
