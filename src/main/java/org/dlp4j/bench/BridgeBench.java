package org.dlp4j.bench;

import java.nio.file.Path;
import java.util.Locale;
import org.dlp4j.caffe.CaffeSolver;

/**
 * The Java side of the bridge benchmark ({@code bench/run}): drives a solver with
 * {@link CaffeSolver#step(int) step(1)} and prints one JSON line per iteration,
 * {@code {"iter": i, "loss": L, "ms": t}} — the same format as {@code native/build/caffe-ref train}, so
 * the two loss sequences and step times can be compared side by side.
 */
public final class BridgeBench {
    private BridgeBench() {
    }

    public static void main(String[] args) {
        Path solverFile = null;
        int iterations = 50;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--solver" -> solverFile = Path.of(args[++i]);
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: BridgeBench --solver FILE [--iterations N]");
                    System.exit(2);
                }
            }
        }
        if (solverFile == null) {
            System.err.println("usage: BridgeBench --solver FILE [--iterations N]");
            System.exit(2);
        }
        try (CaffeSolver s = CaffeSolver.load(solverFile)) {
            for (int i = 0; i < iterations; i++) {
                int it = s.iter();
                long t0 = System.nanoTime();
                s.step(1);
                double ms = (System.nanoTime() - t0) / 1e6;
                System.out.println(String.format(Locale.ROOT, "{\"iter\":%d,\"loss\":%.9g,\"ms\":%.4f}", it, s.loss(), ms));
            }
        }
    }
}
