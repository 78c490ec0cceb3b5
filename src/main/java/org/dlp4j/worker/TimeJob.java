package org.dlp4j.worker;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.dlp4j.caffe.CaffeNet;
import org.dlp4j.caffe.Device;
import org.dlp4j.caffe.NetTimer;
import org.dlp4j.caffe.Phase;

/** Worker job for {@code dlp time}: request {@code {model, iterations, gpu, phase}}. */
public final class TimeJob implements WorkerJob {
    @Override
    public Object run(JsonNode req, WorkerContext ctx) {
        Path model = Path.of(req.path("model").asText());
        int iterations = req.path("iterations").asInt(10);
        Device device = Device.of(req.hasNonNull("gpu") ? req.get("gpu").asInt() : null);
        Phase phase = Phase.valueOf(req.path("phase").asText("TRAIN"));
        try (CaffeNet net = CaffeNet.load(model, null, phase, device)) {
            return NetTimer.time(net, iterations);
        }
    }
}
