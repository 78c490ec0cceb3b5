package org.dlp4j.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.dlp4j.caffe.Phase;
import org.dlp4j.caffe.Prototxt;
import org.dlp4j.caffe.TextProto;
import org.dlp4j.data.lmdb.LmdbReader;

/**
 * What a net's test pass reads: the LMDB of its first TEST-phase {@code Data} layer, that layer's batch size and the
 * LMDB's record count. Caffe's test pass is {@code test_iter} such batches.
 */
public record TestFeed(Path source, int batch, long records) {
    /**
     * The feed of {@code net}, its relative source resolved against {@code base} (null: as written); empty when the
     * TEST phase has no LMDB Data layer or its LMDB is not there. An unreadable LMDB throws.
     */
    public static Optional<TestFeed> of(TextProto net, Path base) {
        for (TextProto layer : Prototxt.activeLayers(net, Phase.TEST)) {
            TextProto dp = layer.message("data_param");
            if (!"Data".equals(layer.get("type", "")) || dp == null || !"LMDB".equals(dp.get("backend", ""))
                    || !dp.has("source")) {
                continue;
            }
            Path source = base == null ? Path.of(dp.get("source")) : base.resolve(dp.get("source"));
            if (!Files.isRegularFile(source.resolve("data.mdb"))) {
                return Optional.empty();
            }
            try (LmdbReader r = new LmdbReader(source)) {
                return Optional.of(new TestFeed(source, Math.max(1, dp.getInt("batch_size", 1)), r.count()));
            }
        }
        return Optional.empty();
    }

    /** The smallest test_iter whose passes read every record: records / batch, rounded up. */
    public long coveringTestIter() {
        return (records + batch - 1) / batch;
    }
}
