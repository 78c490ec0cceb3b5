package org.dlp4j.caffe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Solver behaviour on toy problems whose outcome is known. */
class CaffeSolverTest {
    @TempDir
    Path dir;

    /** y = 2 from constant x = 1 (4x3) through one InnerProduct: deterministic (constant data, no RNG per step). */
    private static final String NET = """
            name: "toy"
            layer { name: "x" type: "DummyData" top: "x" top: "y"
              dummy_data_param { shape { dim: 4 dim: 3 } shape { dim: 4 dim: 1 }
                data_filler { type: "constant" value: 1 } data_filler { type: "constant" value: 2 } } }
            layer { name: "ip" type: "InnerProduct" bottom: "x" top: "p"
              inner_product_param { num_output: 1 weight_filler { type: "gaussian" std: 0.1 } } }
            layer { name: "loss" type: "EuclideanLoss" bottom: "p" bottom: "y" top: "loss" }
            """;

    private Path solver(String extra) throws Exception {
        Files.writeString(dir.resolve("net.prototxt"), NET);
        Path s = dir.resolve("solver.prototxt");
        Files.writeString(s, "net: \"" + dir.resolve("net.prototxt") + "\"\nbase_lr: 0.05\nmomentum: 0.9\nlr_policy: \"fixed\"\n"
                + "max_iter: 400\nrandom_seed: 7\nsnapshot_prefix: \"" + dir.resolve("snaps/toy") + "\"\n" + extra);
        Files.createDirectories(dir.resolve("snaps"));
        return s;
    }

    @Test
    void lossFallsTenfoldOnALearnableProblem() throws Exception {
        List<Float> losses = new ArrayList<>();
        try (CaffeSolver s = CaffeSolver.load(solver(""))) {
            s.addListener(new SolverListener() {
                @Override
                public void onIteration(int iteration, float loss, float smoothed, double lr) {
                    losses.add(loss);
                    assertThat(lr).isEqualTo(0.05);
                }
            });
            s.step(200);
            assertThat(s.iter()).isEqualTo(200);
        }
        assertThat(losses).hasSize(200);
        assertThat(losses.get(199)).isLessThan(losses.get(0) / 10);
    }

    @Test
    void snapshotRestoreContinuesExactlyLikeAnUninterruptedRun() throws Exception {
        Path s1 = solver("");
        float[] uninterrupted;
        Snapshot snap;
        try (CaffeSolver s = CaffeSolver.load(s1)) {
            s.step(20);
            snap = s.snapshot();
            s.step(20);
            uninterrupted = s.net().params("ip").get(0);
        }
        assertThat(snap.caffemodel()).exists().hasFileName("toy_iter_20.caffemodel");
        assertThat(snap.solverstate()).exists();
        assertThat(SolverStateFile.read(snap.solverstate()).learnedNet()).isEqualTo(snap.caffemodel().toString());
        assertThat(dir.resolve("snaps/.partial")).doesNotExist(); // Caffe's scratch folder goes once empty
        try (CaffeSolver s = CaffeSolver.load(s1)) {
            s.restore(snap.solverstate());
            assertThat(s.iter()).isEqualTo(20);
            s.step(20);
            float[] resumed = s.net().params("ip").get(0);
            for (int i = 0; i < resumed.length; i++) {
                assertThat(resumed[i]).isCloseTo(uninterrupted[i], org.assertj.core.api.Assertions.within(1e-6f));
            }
        }
    }

    @Test
    void testPassesAndScheduledSnapshotsReachListeners() throws Exception {
        Path s1 = solver("test_iter: 3\ntest_interval: 10\nsnapshot: 15\n");
        List<Integer> tests = new ArrayList<>();
        List<Integer> batches = new ArrayList<>();
        List<Integer> snaps = new ArrayList<>();
        try (CaffeSolver s = CaffeSolver.load(s1)) {
            s.addListener(new SolverListener() {
                @Override
                public void onTestBatch(int iteration, int netIndex, CaffeNet testNet) {
                    batches.add(iteration);
                    assertThat(testNet.shape("p")).containsExactly(4, 1);
                }

                @Override
                public void onTest(int iteration, int netIndex, Map<String, Float> outputs) {
                    tests.add(iteration);
                    assertThat(outputs).containsKey("loss");
                }

                @Override
                public void onSnapshot(int iteration, Snapshot snapshot) {
                    snaps.add(iteration);
                }
            });
            s.step(30);
        }
        assertThat(tests).containsExactly(0, 10, 20);
        assertThat(batches).hasSize(9);
        assertThat(snaps).containsExactly(15, 30);
    }

    @Test
    void requestStopEndsStepEarly() throws Exception {
        try (CaffeSolver s = CaffeSolver.load(solver(""))) {
            s.addListener(new SolverListener() {
                @Override
                public void onIteration(int iteration, float loss, float smoothed, double lr) {
                    if (iteration == 5) {
                        s.requestStop();
                    }
                }
            });
            s.step(100);
            assertThat(s.iter()).isEqualTo(5);
        }
    }

    @Test
    void solverFromAnotherThreadIsRefused() throws Exception {
        try (CaffeSolver s = CaffeSolver.load(solver(""))) {
            Throwable[] err = new Throwable[1];
            Thread t = new Thread(() -> {
                try {
                    s.step(1);
                } catch (Throwable e) {
                    err[0] = e;
                }
            });
            t.start();
            t.join();
            assertThat(err[0]).isInstanceOf(IllegalStateException.class).hasMessageContaining("belongs to thread");
        }
    }

    @Test
    void missingNetIsAValidationError() throws Exception {
        Path s = dir.resolve("bad_solver.prototxt");
        Files.writeString(s, "net: \"nope.prototxt\"\nbase_lr: 0.1\nmax_iter: 10\nlr_policy: \"warp\"\n");
        assertThatThrownBy(() -> CaffeSolver.load(s)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("nope.prototxt").hasMessageContaining("not found")
                .hasMessageContaining("unknown lr_policy 'warp'");
    }

    @Test
    void oldAndNewSolverTypeTogetherAreRefusedBeforeCaffesUpgradeAbortsOnThem() throws Exception {
        Path s = solver("solver_type: NESTEROV\ntype: \"SGD\"\n");
        assertThatThrownBy(() -> CaffeSolver.load(s)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("both the old solver_type").hasMessageContaining("remove solver_type");
        // the old field alone is upgraded as Caffe does it
        try (CaffeSolver ok = CaffeSolver.load(solver("solver_type: NESTEROV\n"))) {
            ok.step(1);
            assertThat(ok.iter()).isEqualTo(1);
        }
    }
}
