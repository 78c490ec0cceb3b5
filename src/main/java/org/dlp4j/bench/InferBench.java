package org.dlp4j.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.dlp4j.caffe.Device;
import org.dlp4j.deploy.Inference;
import org.dlp4j.deploy.InputImage;
import org.dlp4j.deploy.LabelsFile;
import org.dlp4j.deploy.Segmenter;
import org.dlp4j.deploy.SegmentationWriter;
import org.dlp4j.deploy.Transform;

/**
 * The single-image baseline of the inference benchmark ({@code bench/run}): one image at a time through
 * the Java API on one thread (decode → forward → write), in this JVM. Prints one JSON object with
 * images, images_per_s and the share of time spent outside the forward pass — to compare with
 * {@code dlp infer --json}, which overlaps decoding and writing with the forward pass.
 */
public final class InferBench {
    private InferBench() {
    }

    public static void main(String[] args) throws Exception {
        Path deploy = Path.of(args[0]);
        Path weights = Path.of(args[1]);
        Path labels = Path.of(args[2]);
        Path input = Path.of(args[3]);
        Path out = Path.of(args[4]);
        List<Path> files = Inference.inputs(input);
        try (Segmenter seg = Segmenter.load(deploy, weights, LabelsFile.read(labels), Transform.besideDeploy(deploy),
                Device.cpu())) {
            seg.segment(InputImage.load(files.get(0)).image()); // warm-up
            SegmentationWriter w = new SegmentationWriter(out, seg.labels(), 0.4,
                    files.stream().map(f -> f.getFileName().toString()).toList());
            long t0 = System.nanoTime();
            double forward = 0;
            for (Path f : files) {
                InputImage img = InputImage.load(f);
                Segmenter.Result r = seg.segment(img.image());
                forward += r.ms();
                w.write(img.name(), img.image(), r.mask(), img.rowMm(), img.colMm(), r.ms());
            }
            w.finish();
            double total = (System.nanoTime() - t0) / 1e6;
            System.out.println(String.format(Locale.ROOT,
                    "{\"images\":%d,\"total_ms\":%.1f,\"forward_ms\":%.1f,\"images_per_s\":%.3f,\"outside_forward_share\":%.4f}",
                    files.size(), total, forward, files.size() / (total / 1000), 1 - forward / total));
        }
    }
}
