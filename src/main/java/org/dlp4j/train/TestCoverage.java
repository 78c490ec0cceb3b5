package org.dlp4j.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.dlp4j.caffe.TextProto;

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
            return org.dlp4j.model.TestFeed.of(TextProto.read(netFile), null)
                    .flatMap(f -> message(testIter, f.batch(), f.records(), f.source()));
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
                        + new org.dlp4j.model.TestFeed(source, batch, records).coveringTestIter() + " reads every record at least once)";
        return Optional.of(String.format("warning: each test pass reads test_iter %d x batch_size %d = %d records, but"
                + " the validation LMDB %s holds %d: the Dice of a test pass is over %s; %s", testIter, batch, read,
                source, records, read < records ? "a different " + read + " of them each time" : "some records twice",
                fix));
    }
}
