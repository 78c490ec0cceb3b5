package org.dlp4j.model;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dlp4j.caffe.Phase;
import org.dlp4j.caffe.Prototxt;
import org.dlp4j.caffe.TextProto;
import org.dlp4j.data.lmdb.LmdbReader;

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
        Path ws = nets.getParent();
        try {
            for (TextProto layer : Prototxt.activeLayers(trainVal, Phase.TEST)) {
                TextProto dp = layer.message("data_param");
                if (!"Data".equals(layer.get("type", "")) || dp == null || !dp.has("source")) {
                    continue;
                }
                Path source = ws.resolve(dp.get("source"));
                if (!Files.isRegularFile(source.resolve("data.mdb"))) {
                    return;
                }
                long records;
                try (LmdbReader r = new LmdbReader(source)) {
                    records = r.count();
                }
                int batch = Math.max(1, dp.getInt("batch_size", 1));
                if (records > 0) {
                    solver.setNumber("test_iter", (int) ((records + batch - 1) / batch));
                }
                return;
            }
        } catch (RuntimeException e) {
            // an unreadable LMDB: keep the library's value (dlp train warns about the mismatch)
        }
    }
}
