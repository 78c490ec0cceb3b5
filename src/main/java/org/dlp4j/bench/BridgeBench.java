package org.dlp4j.bench;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.TreeSet;
import org.bytedeco.javacpp.Pointer;
import org.dlp4j.caffe.CaffeSolver;

/**
 * The Java side of the bridge benchmark ({@code bench/run}): drives a solver with
 * {@link CaffeSolver#step(int) step(1)} and prints one JSON line per iteration,
 * {@code {"iter": i, "loss": L, "ms": t}} — the same format as {@code native/build/caffe-ref train}, so
 * the two loss sequences and step times can be compared side by side.
 *
 * <p>With {@code --interleave LIB} ({@code native/build/libcaffe-ref-jni.so}) one process alternates the two
 * runners on the same solver, in pairs ordered J N, N J, J N, ... : bridge steps timed in Java and
 * {@code Step(1)} called directly in C++ and timed there ({@link NativeStep}). Each line then also carries
 * {@code "side": "java"|"native"}. Both sides share the process, its memory and the host's moment, so their
 * difference is the bridge's own cost without the process-to-process spread of separate runs.
 */
public final class BridgeBench {
    private static final String USAGE = "usage: BridgeBench --solver FILE [--iterations N] [--interleave LIB]";

    private BridgeBench() {
    }

    public static void main(String[] args) throws ReflectiveOperationException, IOException {
        Path solverFile = null;
        Path interleave = null;
        int iterations = 50;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--solver" -> solverFile = Path.of(args[++i]);
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                case "--interleave" -> interleave = Path.of(args[++i]);
                default -> usage();
            }
        }
        if (solverFile == null) {
            usage();
        }
        try (CaffeSolver s = CaffeSolver.load(solverFile)) {
            if (interleave == null) {
                for (int i = 0; i < iterations; i++) {
                    int it = s.iter();
                    long t0 = System.nanoTime();
                    s.step(1);
                    double ms = (System.nanoTime() - t0) / 1e6;
                    System.out.println(String.format(Locale.ROOT, "{\"iter\":%d,\"loss\":%.9g,\"ms\":%.4f}", it, s.loss(), ms));
                }
                return;
            }
            NativeStep.load(interleave);
            checkOneCaffe();
            long address = solverAddress(s);
            double[] out = new double[2];
            for (int i = 0; i < iterations; i++) {
                int it = s.iter();
                // pairs J N, N J, J N, ...: step i is Java when i % 4 is 0 or 3
                boolean java = i % 4 == 0 || i % 4 == 3;
                double ms;
                double loss;
                if (java) {
                    long t0 = System.nanoTime();
                    s.step(1);
                    ms = (System.nanoTime() - t0) / 1e6;
                    loss = s.loss();
                } else {
                    NativeStep.step(address, out);
                    ms = out[0];
                    loss = out[1];
                }
                System.out.println(String.format(Locale.ROOT, "{\"iter\":%d,\"loss\":%.9g,\"ms\":%.4f,\"side\":\"%s\"}",
                        it, (float) loss, ms, java ? "java" : "native"));
            }
        }
    }

    /** The native library must call into the libcaffe the preset loaded, not a second copy. */
    private static void checkOneCaffe() throws IOException {
        TreeSet<String> mapped = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            int slash = line.indexOf('/');
            if (slash >= 0 && line.contains("libcaffe.so")) {
                mapped.add(line.substring(slash));
            }
        }
        String bound = Path.of(NativeStep.caffeLibrary()).toRealPath().toString();
        if (mapped.size() != 1 || !Path.of(mapped.first()).toRealPath().toString().equals(bound)) {
            throw new IllegalStateException("the native step library bound " + bound + " but the process maps " + mapped);
        }
        System.err.println("BridgeBench: one libcaffe in the process: " + bound);
    }

    private static long solverAddress(CaffeSolver s) throws ReflectiveOperationException {
        Field f = CaffeSolver.class.getDeclaredField("solver");
        f.setAccessible(true);
        return ((Pointer) f.get(s)).address();
    }

    private static void usage() {
        System.err.println(USAGE);
        System.exit(2);
    }
}
