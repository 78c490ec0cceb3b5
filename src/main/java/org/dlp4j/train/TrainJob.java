package org.dlp4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.dlp4j.caffe.Device;
import org.dlp4j.worker.WorkerContext;
import org.dlp4j.worker.WorkerJob;

/**
 * The worker side of a training run: request {@code {runDir, weights?, resume?, gpu?}} of a run
 * prepared by {@link TrainingRun}. A stop request, SIGTERM or Ctrl-C snapshots, then stops.
 */
public final class TrainJob implements WorkerJob {
    @Override
    public Object run(JsonNode req, WorkerContext ctx) {
        RunLayout run = new RunLayout(Path.of(req.path("runDir").asText()));
        Path weights = req.hasNonNull("weights") ? Path.of(req.get("weights").asText()) : null;
        Path resume = req.hasNonNull("resume") ? Path.of(req.get("resume").asText()) : null;
        Device device = Device.of(req.hasNonNull("gpu") ? req.get("gpu").asInt() : null);
        Trainer trainer = new Trainer(run, weights, resume, device, m -> {
            Map<String, Object> copy = new java.util.LinkedHashMap<>(m);
            ctx.emit((String) copy.remove("event"), copy);
        });
        Thread hook = new Thread(() -> {
            trainer.requestStop();
            ctx.awaitFinished(120);
        }, "train-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ctx.onStop(trainer::requestStop);
        Map<String, Object> summary = trainer.run();
        ctx.emit("summary", Map.of("summary", summary));
        return summary;
    }
}
