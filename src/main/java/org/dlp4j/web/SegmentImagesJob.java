package org.dlp4j.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dlp4j.caffe.CaffeNet;
import org.dlp4j.caffe.Device;
import org.dlp4j.caffe.Phase;
import org.dlp4j.deploy.ClassMask;
import org.dlp4j.deploy.ContourExport;
import org.dlp4j.deploy.GreyImage;
import org.dlp4j.deploy.MaskIO;
import org.dlp4j.deploy.SegmentationWriter;
import org.dlp4j.worker.WorkerContext;
import org.dlp4j.worker.WorkerJob;

/**
 * Worker job behind {@code POST /api/infer}: segments grey images with a deploy net and writes masks,
 * overlays, contours and predictions.csv through {@link SegmentationWriter}. Request: {@code deploy, weights,
 * labels (names), images, out, gpu, alpha, scale, mean}. Pixels enter the net as {@code (v - mean) * scale},
 * the transform the training net's data layer applied.
 * TODO(lead's inference API): replace with org.dlp4j.deploy.Segmenter / InferJob once merged.
 */
public final class SegmentImagesJob implements WorkerJob {
    @Override
    public Object run(JsonNode req, WorkerContext ctx) {
        Path deploy = Path.of(req.path("deploy").asText());
        Path weights = Path.of(req.path("weights").asText());
        List<String> labels = new ArrayList<>();
        req.path("labels").forEach(n -> labels.add(n.asText()));
        double scale = req.path("scale").asDouble(1);
        double mean = req.path("mean").asDouble(0);
        Device device = Device.of(req.hasNonNull("gpu") ? req.get("gpu").asInt() : null);
        SegmentationWriter writer = new SegmentationWriter(Path.of(req.path("out").asText()), labels,
                req.path("alpha").asDouble(0.4));
        List<Map<String, Object>> results = new ArrayList<>();
        try (CaffeNet net = CaffeNet.load(deploy, weights, Phase.TEST, device)) {
            String input = net.inputNames().get(0);
            String output = net.outputNames().get(net.outputNames().size() - 1);
            int n = req.path("images").size();
            int i = 0;
            for (JsonNode f : req.path("images")) {
                Path file = Path.of(f.asText());
                GreyImage img = MaskIO.readGrey(file);
                long t0 = System.nanoTime();
                int channels = net.shape(input)[1];
                net.reshape(input, 1, channels, img.height(), img.width());
                float[] in = new float[channels * img.width() * img.height()];
                float[] px = img.pixels();
                for (int c = 0; c < channels; c++) {
                    for (int p = 0; p < px.length; p++) {
                        in[c * px.length + p] = (float) ((px[p] - mean) * scale);
                    }
                }
                float[] scores = net.forward(Map.of(input, in)).get(output);
                int[] shape = net.shape(output);
                if (shape.length != 4) {
                    throw new org.dlp4j.BadInputException(deploy + ": output '" + output + "' has shape "
                            + java.util.Arrays.toString(shape) + "; a segmentation net ends in N x K x H x W scores");
                }
                ClassMask mask = ClassMask.argmax(scores, shape[1], shape[2], shape[3]);
                double ms = (System.nanoTime() - t0) / 1e6;
                GreyImage shown = mask.width() == img.width() && mask.height() == img.height() ? img
                        : new GreyImage(mask.width(), mask.height(), new float[mask.width() * mask.height()]);
                Path contour = writer.write(file.getFileName().toString(), shown, mask, Double.NaN, Double.NaN, ms);
                Map<String, Object> r = new LinkedHashMap<>();
                String stem = ContourExport.stem(file.getFileName().toString());
                r.put("image", file.toString());
                r.put("stem", stem);
                r.put("width", mask.width());
                r.put("height", mask.height());
                r.put("foregroundPixels", mask.foregroundCount());
                r.put("contour", contour == null ? null : contour.toString());
                r.put("ms", ms);
                results.add(r);
                ctx.emit("progress", Map.of("done", ++i, "total", n));
            }
        }
        writer.finish();
        return Map.of("images", results);
    }
}
