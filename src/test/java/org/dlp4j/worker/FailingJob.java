package org.dlp4j.worker;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;

/** Test job: fails the way the request says, from a pool thread as the inference job's writer would. */
public final class FailingJob implements WorkerJob {
    @Override
    public Object run(JsonNode request, WorkerContext ctx) throws Exception {
        String how = request.path("how").asText();
        return CompletableFuture.supplyAsync(() -> { // get() wraps the failure in an ExecutionException
            if (how.equals("disk")) {
                throw new UncheckedIOException("cannot write /out/overlays/a.png: No space left on device",
                        new IOException("No space left on device"));
            }
            throw new IllegalStateException("a bug");
        }).get();
    }
}
