package org.dlp4j.worker;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dlp4j.caffe.CaffeNet;
import org.dlp4j.caffe.Device;
import org.dlp4j.caffe.Phase;

/**
 * Worker job that loads a net and runs forward passes on whatever its data layers read:
 * request {@code {model, weights?, phase, passes, gpu?}}; result: output name → shape and mean.
 * Used by {@code dlp net validate --load} and to check nets in isolation.
 */
public final class ForwardJob implements WorkerJob {
    @Override
    public Object run(JsonNode req, WorkerContext ctx) {
        Path model = Path.of(req.path("model").asText());
        Path weights = req.hasNonNull("weights") ? Path.of(req.get("weights").asText()) : null;
        Phase phase = Phase.valueOf(req.path("phase").asText("TEST"));
        Device device = Device.of(req.hasNonNull("gpu") ? req.get("gpu").asInt() : null);
        int passes = req.path("passes").asInt(1);
        Map<String, Object> out = new LinkedHashMap<>();
        try (CaffeNet net = CaffeNet.load(model, weights, phase, device)) {
            for (int i = 0; i < passes; i++) {
                net.forward();
                ctx.emit("progress", Map.of("pass", i + 1, "of", passes));
            }
            for (String name : net.outputNames()) {
                float[] v = net.blobData(name);
                double s = 0;
                for (float x : v) {
                    s += x;
                }
                out.put(name, Map.of("shape", net.shape(name), "mean", v.length == 0 ? 0 : s / v.length));
            }
        }
        return out;
    }
}
