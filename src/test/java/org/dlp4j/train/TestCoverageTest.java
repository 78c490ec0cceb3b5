package org.dlp4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dlp4j.testing.TinySegmentation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCoverageTest {
    @TempDir
    Path ws;

    @Test
    void namesBothCountsAndTheTestIterThatCoversTheSet() {
        // alexfcn's library solver: test_iter 10 x batch 1 against a val LMDB of 16 records
        assertThat(TestCoverage.message(10, 1, 16, Path.of("val_lmdb"))).hasValueSatisfying(m -> assertThat(m)
                .contains("test_iter 10 x batch_size 1 = 10 records").contains("holds 16")
                .contains("a different 10 of them each time").contains("test_iter: 16 would cover it exactly"));
        assertThat(TestCoverage.message(5, 4, 16, Path.of("v"))).hasValueSatisfying(m -> assertThat(m)
                .contains("= 20 records").contains("some records twice").contains("test_iter: 4 would cover"));
        assertThat(TestCoverage.message(3, 4, 10, Path.of("v"))).hasValueSatisfying(m -> assertThat(m)
                .contains("no test_iter covers it exactly with batch_size 4").contains("test_iter: 3 reads every"));
        assertThat(TestCoverage.message(4, 4, 16, Path.of("v"))).isEmpty();
    }

    @Test
    void readsTestIterBatchAndRecordsFromTheRunsFiles() throws Exception {
        TinySegmentation.writeLmdbs(ws, 8, 4, 12, 1); // 12 val records, TEST batch 4
        Path solver = TinySegmentation.writeNetAndSolver(ws, 10, 5, 2, 0.01);
        TrainingRun run = TrainingRun.prepare(TrainOptions.of(solver, ws, ws.resolve("runs/c")));
        assertThat(run.notes()).singleElement().satisfies(m -> assertThat(m).contains("= 8 records")
                .contains(ws.resolve("data/val_lmdb").toString()).contains("holds 12").contains("test_iter: 3 would"));
        Files.writeString(solver, Files.readString(solver).replace("test_iter: 2", "test_iter: 3"));
        TrainingRun exact = TrainingRun.prepare(TrainOptions.of(solver, ws, ws.resolve("runs/d")));
        assertThat(exact.notes()).isEmpty();
    }
}
