package org.dlp4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
        Trainer trainer = new Trainer(run, weights, resume, device, m -> ctx.emit((String) m.remove("event"), m));
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            trainer.requestStop();
            try {
                done.await(120, TimeUnit.SECONDS); // let the final snapshot complete
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "train-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ctx.onStop(trainer::requestStop);
        try {
            return trainer.run();
        } finally {
            done.countDown();
        }
    }
}
