package org.dlp4j.model;

import java.nio.file.Path;
import org.dlp4j.caffe.TextProto;

/**
 * A library solver written into a workspace ({@code WS/nets/NAME} with {@code WS/data/val_lmdb} beside it) gets the
 * test_iter that makes each test pass read the validation set once: records / TEST batch size, rounded up. The
 * library's own test_iter (e.g. alexfcn's 10) stays wherever the workspace or its validation LMDB is unknown. Only
 * solvers dlp4j writes are changed; {@code dlp train} runs a user's solver as it is (and warns).
 */
final class TestIterFit {
    private TestIterFit() {
    }

    /** Sets test_iter in {@code solver} when {@code dir} is a workspace's net folder with a readable val LMDB. */
    static void apply(TextProto solver, TextProto trainVal, Path dir) {
        Path nets = dir.toAbsolutePath().normalize().getParent();
        if (!solver.has("test_iter") || nets == null || nets.getFileName() == null
                || !nets.getFileName().toString().equals("nets") || nets.getParent() == null) {
            return;
        }
        try {
            TestFeed.of(trainVal, nets.getParent()).filter(f -> f.records() > 0).ifPresent(f ->
                    solver.setNumber("test_iter", (int) f.coveringTestIter()));
        } catch (RuntimeException e) {
            // an unreadable LMDB: keep the library's value (dlp train warns about the mismatch)
        }
    }
}
