package org.dlp4j.caffe;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.caffe.FloatLayer;
import org.bytedeco.caffe.FloatNet;

/** Caffe's {@code caffe time}: per-layer forward and backward milliseconds, averaged over iterations. */
public final class NetTimer {
    /** One layer's mean times. */
    public record LayerTime(String name, String type, double forwardMs, double backwardMs) {
    }

    /** The whole result: per layer, and the mean forward, backward and forward+backward per iteration. */
    public record Timing(List<LayerTime> layers, double forwardMs, double backwardMs, double totalMs, int iterations) {
    }

    private NetTimer() {
    }

    /** Times {@code iterations} forward+backward passes after one warm-up pass. */
    public static Timing time(CaffeNet net, int iterations) {
        FloatNet n = net.raw();
        FloatLayer[] layers = n.layers().get();
        List<String> names = net.layerNames();
        int count = layers.length;
        double[] fwd = new double[count];
        double[] bwd = new double[count];
        n.Forward();
        n.Backward();
        double totalF = 0;
        double totalB = 0;
        for (int it = 0; it < iterations; it++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long s = System.nanoTime();
                n.ForwardFromTo(i, i);
                fwd[i] += (System.nanoTime() - s) / 1e6;
            }
            long t1 = System.nanoTime();
            for (int i = count - 1; i >= 0; i--) {
                long s = System.nanoTime();
                n.BackwardFromTo(i, i);
                bwd[i] += (System.nanoTime() - s) / 1e6;
            }
            long t2 = System.nanoTime();
            totalF += (t1 - t0) / 1e6;
            totalB += (t2 - t1) / 1e6;
        }
        List<LayerTime> out = new ArrayList<>();
        int iters = Math.max(1, iterations);
        for (int i = 0; i < count; i++) {
            out.add(new LayerTime(names.get(i), layers[i].type().getString(), fwd[i] / iters, bwd[i] / iters));
        }
        return new Timing(out, totalF / iters, totalB / iters, (totalF + totalB) / iters, iterations);
    }
}
