package org.dlp4j.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * caffe-ref's timed step inside this JVM: {@code native/build/libcaffe-ref-jni.so} (built by
 * {@code native/build.sh} from {@code native/jni/step_jni.cpp}) calls {@code Solver<float>::Step(1)} directly
 * in C++ on a solver the Java bridge created, and times it with caffe-ref's clock. Used by
 * {@link BridgeBench} {@code --interleave} to alternate bridge steps and direct native steps on one solver.
 */
final class NativeStep {
    private NativeStep() {
    }

    /**
     * Loads the library. Call after the Caffe preset is loaded (a {@code CaffeSolver} exists), so that the
     * library binds to the JVM's libcaffe; {@link #caffeLibrary()} tells which one it bound.
     */
    static void load(Path library) {
        if (!Files.isRegularFile(library)) {
            throw new IllegalArgumentException("no native step library at " + library + " (run native/build.sh)");
        }
        System.load(library.toAbsolutePath().toString());
    }

    /** One {@code Step(1)} of the {@code caffe::Solver<float>} at {@code solverAddress}; out = {ms, loss}. */
    static native void step(long solverAddress, double[] out);

    /** The libcaffe file the library's calls go to. */
    static native String caffeLibrary();
}
