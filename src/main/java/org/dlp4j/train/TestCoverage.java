package org.dlp4j.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.dlp4j.caffe.Phase;
import org.dlp4j.caffe.Prototxt;
import org.dlp4j.caffe.TextProto;
import org.dlp4j.data.lmdb.LmdbReader;

/**
 * Whether each test pass reads the validation set exactly once: Caffe's test pass is {@code test_iter} batches of the
 * TEST net's Data layer, which keeps reading where the last pass stopped. When test_iter × batch_size differs from
 * the records in that layer's LMDB, every Dice is over a rotating part of the set (or reads some records twice).
 * The user's solver is not changed; this says so and which test_iter would cover the set.
 */
final class TestCoverage {
    private TestCoverage() {
    }

    /** A one-line warning when test_iter × batch differs from the validation LMDB's record count, else empty. */
    static Optional<String> check(Path solverFile, Path netFile) {
        try {
            TextProto solver = TextProto.read(solverFile);
            List<String> testIters = solver.strings("test_iter");
            if (testIters.isEmpty() || solver.getInt("test_interval", 0) <= 0) {
                return Optional.empty();
            }
            int testIter = Integer.parseInt(testIters.get(0).trim());
            for (TextProto layer : Prototxt.activeLayers(TextProto.read(netFile), Phase.TEST)) {
                TextProto dp = layer.message("data_param");
                if (!"Data".equals(layer.get("type", "")) || dp == null || !"LMDB".equals(dp.get("backend", ""))) {
                    continue;
                }
                Path source = Path.of(dp.get("source", ""));
                if (!Files.isRegularFile(source.resolve("data.mdb"))) {
                    return Optional.empty();
                }
                long records;
                try (LmdbReader r = new LmdbReader(source)) {
                    records = r.count();
                }
                return message(testIter, dp.getInt("batch_size", 1), records, source);
            }
        } catch (RuntimeException e) {
            // a view on the data: the solver and net validation report real problems
        }
        return Optional.empty();
    }

    static Optional<String> message(int testIter, int batch, long records, Path source) {
        long read = (long) testIter * batch;
        if (read == records || records == 0 || batch <= 0) {
            return Optional.empty();
        }
        String fix = records % batch == 0 ? "test_iter: " + records / batch + " would cover it exactly"
                : "no test_iter covers it exactly with batch_size " + batch + " (test_iter: "
                        + ((records + batch - 1) / batch) + " reads every record at least once)";
        return Optional.of(String.format("warning: each test pass reads test_iter %d x batch_size %d = %d records, but"
                + " the validation LMDB %s holds %d: the Dice of a test pass is over %s; %s", testIter, batch, read,
                source, records, read < records ? "a different " + read + " of them each time" : "some records twice",
                fix));
    }
}
