package org.dlp4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dlp4j.BadInputException;
import org.dlp4j.testing.TinySegmentation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRunTest {
    @TempDir
    Path ws;

    @BeforeEach
    void data() throws Exception {
        TinySegmentation.writeLmdbs(ws, 24, 32, 8, 42);
    }

    @Test
    void smallFcnLearnsToDiceAbove07AndLogsEverything() throws Exception {
        Path solver = TinySegmentation.writeNetAndSolver(ws, 150, 50, 2, 0.01);
        Path runDir = ws.resolve("runs/r1");
        List<JsonNode> tests = new ArrayList<>();
        TrainingRun run = TrainingRun.prepare(TrainOptions.of(ws.relativize(solver), ws, runDir));
        JsonNode running = org.dlp4j.Json.MAPPER.readTree(run.layout().runJson().toFile());
        assertThat(running.path("owner").path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        assertThat(RunStatus.of(running)).isEqualTo("running");
        JsonNode summary = run.runHere(new TrainingListener() {
            @Override
            public void onTest(JsonNode e) {
                tests.add(e);
            }
        });
        assertThat(summary.path("outcome").asText()).isEqualTo("completed");
        assertThat(tests).extracting(t -> t.path("iteration").asInt()).containsExactly(0, 50, 100, 150);
        double dice = tests.get(tests.size() - 1).path("dice").asDouble();
        assertThat(dice).isGreaterThanOrEqualTo(0.7);
        assertThat(tests.get(0).path("dice").asDouble()).isLessThan(dice);
        assertThat(summary.path("best_dice").asDouble()).isGreaterThanOrEqualTo(dice);
        RunLayout l = run.layout();
        List<JsonNode> lines = MetricsLog.read(l.metrics());
        assertThat(lines).filteredOn(n -> n.has("loss")).extracting(n -> n.path("iteration").asInt())
                .containsExactly(1, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150);
        assertThat(lines).filteredOn(n -> n.has("loss")).allSatisfy(n ->
                assertThat(n.has("smoothed_loss") && n.has("lr") && n.has("ms_per_iter")).isTrue());
        assertThat(lines).filteredOn(n -> n.has("dice")).hasSize(4).allSatisfy(n ->
                assertThat(n.has("test_loss") && n.has("accuracy") && n.has("mean_iu")).isTrue());
        assertThat(l.plots().resolve("loss.png")).isNotEmptyFile();
        assertThat(l.plots().resolve("dice.png")).isNotEmptyFile();
        assertThat(l.latestSnapshot()).isPresent();
        assertThat(Files.readString(l.runJson())).contains("\"outcome\" : \"completed\"").doesNotContain("owner");
        assertThat(Files.readString(solver)).contains("snapshot_prefix: \"snapshots/tiny\""); // user's file untouched
    }

    @Test
    void aFailedStartLeavesNoRunFolderBehind() throws Exception {
        Path solver = ws.resolve("bad_solver.prototxt");
        Files.writeString(solver, "net: \"nets/none.prototxt\"\nbase_lr: 0.01\nmax_iter: 10\n");
        Path runDir = ws.resolve("runs/bad");
        assertThatThrownBy(() -> TrainingRun.prepare(TrainOptions.of(solver, ws, runDir)))
                .isInstanceOf(RuntimeException.class).hasMessageContaining("none.prototxt");
        assertThat(runDir).doesNotExist();
    }

    @Test
    void killedWorkerResumesFromLatestSnapshotWithoutDuplicateMetrics() throws Exception {
        Path solver = TinySegmentation.writeNetAndSolver(ws, 60, 20, 1, 0.01);
        Path runDir = ws.resolve("runs/k");
        TrainOptions o = TrainOptions.of(solver, ws, runDir).withOverrides(null, 20, null);
        TrainingRun first = TrainingRun.prepare(o);
        AtomicBoolean killed = new AtomicBoolean();
        assertThatThrownBy(() -> first.runInWorker(new TrainingListener() {
            @Override
            public void onSnapshot(JsonNode e) {
                if (killed.compareAndSet(false, true)) {
                    first.kill(); // kill -9 right after the snapshot at 20
                }
            }
        })).isInstanceOf(org.dlp4j.worker.WorkerKilledException.class) // exit 1, not Caffe's 3
                .hasMessageContaining("the worker was killed (signal 9")
                .hasMessageContaining("latest complete snapshot is iteration 20 (tiny_iter_20.caffemodel)")
                .hasMessageContaining("continue with --resume latest");
        assertThat(first.layout().latestSnapshot()).isPresent()
                .hasValueSatisfying(p -> assertThat(p.getFileName().toString()).isEqualTo("tiny_iter_20.solverstate"));
        assertThatThrownBy(() -> TrainingRun.prepare(o)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("--resume latest");
        // resumed without repeating --snapshot: the run keeps the settings it was started with
        TrainingRun second = TrainingRun.prepare(TrainOptions.of(solver, ws, runDir).withResume("latest"));
        assertThat(org.dlp4j.caffe.TextProto.read(second.layout().solver()).getInt("snapshot", 0)).isEqualTo(20);
        JsonNode summary = second.runInWorker(new TrainingListener() { });
        assertThat(summary.path("iteration").asInt()).isEqualTo(60);
        List<JsonNode> lines = MetricsLog.read(second.layout().metrics());
        List<Integer> train = lines.stream().filter(n -> n.has("loss")).map(n -> n.path("iteration").asInt()).toList();
        List<Integer> test = lines.stream().filter(n -> n.has("dice")).map(n -> n.path("iteration").asInt()).toList();
        assertThat(train).isSorted().doesNotHaveDuplicates().contains(20, 30, 60);
        assertThat(test).containsExactly(0, 20, 40, 60);
    }

    @Test
    void aTestIntervalBeyondMaxIterAndAResumePastMaxIterAreSaidBeforeTheRunAndNothingIsRewritten() throws Exception {
        Path solver = TinySegmentation.writeNetAndSolver(ws, 6, 50, 1, 0.01);
        Path runDir = ws.resolve("runs/n");
        TrainingRun first = TrainingRun.prepare(TrainOptions.of(solver, ws, runDir));
        assertThat(first.iterationNote()).hasValueSatisfying(n -> assertThat(n).contains("test_interval 50 is beyond max_iter 6")
                .contains("tested only before training (iteration 0)").contains("--test-interval 6"));
        first.runHere(new TrainingListener() { });
        Path state = first.layout().snapshots().resolve("tiny_iter_6.solverstate");
        Path model = first.layout().snapshots().resolve("tiny_iter_6.caffemodel");
        assertThat(state).exists();
        java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(model);
        Thread.sleep(20);

        TrainingRun again = TrainingRun.prepare(TrainOptions.of(solver, ws, runDir).withResume("latest")
                .withOverrides(3, null, null));
        assertThat(again.iterationNote()).hasValueSatisfying(n -> assertThat(n).contains("the snapshot is at iteration 6, at or past"
                + " --max-iter 3: nothing to train"));
        JsonNode summary = again.runHere(new TrainingListener() { });
        assertThat(summary.path("iteration").asInt()).isEqualTo(6);
        assertThat(summary.path("snapshots")).isEmpty(); // the snapshot it resumed from is not written a second time
        assertThat(Files.getLastModifiedTime(model)).isEqualTo(written);
        assertThat(again.layout().latestSnapshot()).hasValue(state);

        TrainingRun longer = TrainingRun.prepare(TrainOptions.of(solver, ws, runDir).withResume("latest")
                .withOverrides(8, null, 4));
        assertThat(longer.iterationNote()).isEmpty();
        assertThat(longer.runHere(new TrainingListener() { }).path("snapshots").toString()).contains("tiny_iter_8");
    }

    @Test
    void aRunThatIsTrainingNowIsNeitherResumedNorReplacedByASecondOne() throws Exception {
        Path solver = TinySegmentation.writeNetAndSolver(ws, 40, 0, 1, 0.01);
        Path runDir = ws.resolve("runs/busy");
        TrainOptions o = TrainOptions.of(solver, ws, runDir).withOverrides(null, 10, null);
        TrainingRun first = TrainingRun.prepare(o);
        List<String> refused = new ArrayList<>();
        JsonNode summary = first.runInWorker(new TrainingListener() {
            @Override
            public void onSnapshot(JsonNode e) {
                if (e.path("iteration").asInt() == 20) { // a second `dlp train` while this one trains
                    for (TrainOptions again : List.of(o.withResume("latest"), o)) {
                        try {
                            TrainingRun.prepare(again);
                            refused.add("accepted");
                        } catch (BadInputException x) {
                            refused.add(x.getMessage());
                        }
                    }
                }
            }
        });
        assertThat(refused).hasSize(2).allSatisfy(m -> assertThat(m).contains("is in use: its run is training now (process "
                + ProcessHandle.current().pid() + ")").contains("--resume latest"));
        assertThat(summary.path("outcome").asText()).isEqualTo("completed");
        assertThat(MetricsLog.read(first.layout().metrics())).filteredOn(n -> n.has("loss"))
                .extracting(n -> n.path("iteration").asInt()).containsExactly(1, 10, 20, 30, 40); // none cut
        assertThat(TrainingRun.prepare(o.withResume("latest")).resumeState().getFileName().toString())
                .isEqualTo("tiny_iter_40.solverstate"); // once it has ended it continues as before
    }

    @Test
    void sigtermWritesAFinalSnapshotThenStops() throws Exception {
        Path solver = TinySegmentation.writeNetAndSolver(ws, 5000, 0, 1, 0.01);
        TrainingRun run = TrainingRun.prepare(TrainOptions.of(solver, ws, ws.resolve("runs/t")));
        AtomicBoolean sent = new AtomicBoolean();
        JsonNode summary = run.runInWorker(new TrainingListener() {
            @Override
            public void onIteration(JsonNode e) {
                if (e.path("iteration").asInt() >= 10 && sent.compareAndSet(false, true)) {
                    run.terminate();
                }
            }
        });
        assertThat(summary.path("outcome").asText()).isEqualTo("stopped");
        int it = summary.path("iteration").asInt();
        assertThat(it).isBetween(10, 4999);
        assertThat(run.layout().latestSnapshot()).hasValueSatisfying(p ->
                assertThat(p.getFileName().toString()).isEqualTo("tiny_iter_" + it + ".solverstate"));
    }

    @Test
    void nanLossStopsWithAMessageNamingIterationAndSnapshot() throws Exception {
        Path solver = TinySegmentation.writeNetAndSolver(ws, 200, 0, 1, 1e30);
        Files.writeString(solver, Files.readString(solver).replace("type: \"Adam\"", "type: \"SGD\""));
        TrainingRun run = TrainingRun.prepare(TrainOptions.of(solver, ws, ws.resolve("runs/nan")));
        JsonNode summary = run.runHere(new TrainingListener() { });
        assertThat(summary.path("outcome").asText()).isEqualTo("diverged");
        assertThat(summary.path("iteration").asInt()).isLessThan(200);
        assertThat(summary.path("message").asText()).contains("at iteration " + summary.path("iteration").asInt())
                .contains("Last good snapshot: none");
    }

    @Test
    void aNetTooBigForTheMachineIsRefusedWithAClearMessage() throws Exception {
        Path net = ws.resolve("huge.prototxt");
        // two blobs of 1 x 1 x 40000 x 50000 floats: 8 GB of data + 8 GB of diff each (Caffe allocates lazily)
        Files.writeString(net, """
                layer { name: "x" type: "Input" top: "x" input_param { shape { dim: 1 dim: 1 dim: 40000 dim: 50000 } } }
                layer { name: "y" type: "Input" top: "y" input_param { shape { dim: 1 dim: 1 dim: 40000 dim: 50000 } } }
                layer { name: "loss" type: "EuclideanLoss" bottom: "x" bottom: "y" top: "loss" }
                """);
        Path solver = ws.resolve("huge_solver.prototxt");
        Files.writeString(solver, "net: \"huge.prototxt\"\nbase_lr: 0.1\nmax_iter: 1\nlr_policy: \"fixed\"\n");
        TrainingRun run = TrainingRun.prepare(TrainOptions.of(solver, ws, ws.resolve("runs/huge")));
        assertThatThrownBy(() -> run.runHere(new TrainingListener() { })).isInstanceOf(BadInputException.class)
                .hasMessageContaining("GiB").hasMessageContaining("batch_size");
    }

    @Test
    void hdf5SnapshotsAreRenamedListedAndResumed() throws Exception {
        Path solver = TinySegmentation.writeNetAndSolver(ws, 4, 2, 1, 0.01);
        Files.writeString(solver, Files.readString(solver) + "snapshot_format: HDF5\n");
        Path runDir = ws.resolve("runs/h5");
        TrainingRun first = TrainingRun.prepare(TrainOptions.of(solver, ws, runDir).withOverrides(null, 2, null));
        JsonNode summary = first.runHere(new TrainingListener() { });
        assertThat(summary.path("outcome").asText()).isEqualTo("completed");
        Path snaps = first.layout().snapshots();
        for (String f : List.of("tiny_iter_2.caffemodel.h5", "tiny_iter_2.solverstate.h5", "tiny_iter_4.caffemodel.h5",
                "tiny_iter_4.solverstate.h5")) {
            assertThat(snaps.resolve(f)).as(f).isNotEmptyFile();
        }
        assertThat(snaps.resolve(".partial")).doesNotExist(); // removed once empty
        // the state names the weights where they ended up, not the scratch folder Caffe wrote them into
        org.dlp4j.caffe.SolverStateFile st = org.dlp4j.caffe.SolverStateFile.read(snaps.resolve("tiny_iter_4.solverstate.h5"));
        assertThat(st.iter()).isEqualTo(4);
        assertThat(st.learnedNet()).isEqualTo(snaps.resolve("tiny_iter_4.caffemodel.h5").toString());
        assertThat(first.layout().latestSnapshot()).contains(snaps.resolve("tiny_iter_4.solverstate.h5"));
        assertThat(first.layout().latestWeights()).contains(snaps.resolve("tiny_iter_4.caffemodel.h5"));
        assertThat(summary.path("last_snapshot").asText()).isEqualTo(snaps.resolve("tiny_iter_4.caffemodel.h5").toString());

        TrainingRun second = TrainingRun.prepare(TrainOptions.of(solver, ws, runDir).withResume("latest")
                .withOverrides(6, null, null));
        assertThat(second.resumeState()).isEqualTo(snaps.resolve("tiny_iter_4.solverstate.h5"));
        JsonNode resumed = second.runInWorker(new TrainingListener() { });
        assertThat(resumed.path("outcome").asText()).isEqualTo("completed");
        assertThat(resumed.path("iteration").asInt()).isEqualTo(6);
        assertThat(snaps.resolve("tiny_iter_6.caffemodel.h5")).isNotEmptyFile();
        // continued at 4: no second iteration 1
        assertThat(MetricsLog.read(second.layout().metrics())).filteredOn(n -> n.has("loss"))
                .extracting(n -> n.path("iteration").asInt()).containsExactly(1, 4, 6);
    }

    @Test
    void resumingAFinishedRunSummarizesEverySegment() throws Exception {
        Path solver = TinySegmentation.writeNetAndSolver(ws, 4, 2, 1, 0.01);
        Path runDir = ws.resolve("runs/again");
        TrainingRun.prepare(TrainOptions.of(solver, ws, runDir)).runHere(new TrainingListener() { });
        TrainingRun again = TrainingRun.prepare(TrainOptions.of(solver, ws, runDir).withResume("latest"));
        JsonNode summary = again.runHere(new TrainingListener() { }); // nothing left to train: one test pass at 4
        List<JsonNode> lines = MetricsLog.read(again.layout().metrics());
        List<JsonNode> tests = lines.stream().filter(n -> n.path("dice").isNumber()).toList();
        assertThat(tests).extracting(n -> n.path("iteration").asInt()).containsExactly(0, 2, 4);
        JsonNode best = tests.get(0);
        for (JsonNode t : tests) {
            best = t.path("dice").asDouble() > best.path("dice").asDouble() ? t : best;
        }
        assertThat(summary.path("best_dice").asDouble()).isEqualTo(best.path("dice").asDouble());
        assertThat(summary.path("best_dice_iteration").asInt()).isEqualTo(best.path("iteration").asInt());
        JsonNode lastLoss = lines.stream().filter(n -> n.has("loss")).reduce((a, b) -> b).orElseThrow();
        assertThat(lastLoss.path("iteration").asInt()).isEqualTo(4);
        assertThat(summary.get("final_loss").isNumber()).as(summary.toString()).isTrue();
        assertThat(summary.path("final_loss").asDouble()).isEqualTo(lastLoss.path("loss").asDouble(),
                org.assertj.core.api.Assertions.within(1e-6));
        JsonNode runJson = org.dlp4j.Json.MAPPER.readTree(again.layout().runJson().toFile());
        assertThat(runJson.path("summary").path("final_loss").isNumber()).isTrue();
        assertThat(runJson.path("iteration").asInt()).isEqualTo(4);
        assertThat(again.layout().partialSnapshots()).doesNotExist(); // Caffe's scratch folder goes once empty
    }
}
