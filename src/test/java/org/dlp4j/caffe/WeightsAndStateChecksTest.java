package org.dlp4j.caffe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weights and solver states that Caffe would abort on (Net::CopyTrainedLayersFrom's blob count, SGDSolver's history
 * length) are refused in Java, on real Caffe nets and solvers: each case below aborted the JVM before.
 */
class WeightsAndStateChecksTest {
    @TempDir
    Path dir;

    private static final String NET = """
            name: "tiny"
            layer { name: "data" type: "DummyData" top: "data" top: "label"
              dummy_data_param { shape { dim: 2 dim: 3 } shape { dim: 2 } } }
            layer { name: "fc" type: "%s" bottom: "data" top: "fc" %s }
            layer { name: "ip2" type: "InnerProduct" bottom: "fc" top: "ip2" inner_product_param { num_output: 2 } }
            layer { name: "loss" type: "SoftmaxWithLoss" bottom: "ip2" bottom: "label" top: "loss" }
            """;

    private Path net(String name, boolean fcIsInnerProduct) throws Exception {
        Path p = dir.resolve(name + ".prototxt");
        Files.writeString(p, fcIsInnerProduct ? NET.formatted("InnerProduct", "inner_product_param { num_output: 3 }")
                : NET.formatted("ReLU", ""));
        return p;
    }

    private Path solver(Path net, String type) throws Exception {
        Files.createDirectories(dir.resolve("snaps"));
        Path s = dir.resolve(type + "-" + net.getFileName());
        Files.writeString(s, "net: \"" + net + "\"\nbase_lr: 0.01\nlr_policy: \"fixed\"\nmax_iter: 5\ntype: \"" + type
                + "\"\nsnapshot_prefix: \"" + dir.resolve("snaps/" + type) + "\"\n");
        return s;
    }

    @Test
    void compareCountsBlobsOfSameNamedLayersOnBothSides() {
        CaffeModelFile.Blob w = new CaffeModelFile.Blob(new long[] {3, 3}, false, new float[0]);
        CaffeModelFile.Blob b = new CaffeModelFile.Blob(new long[] {3}, false, new float[0]);
        CaffeModelFile withFc = new CaffeModelFile("a", List.of(new CaffeModelFile.Layer("fc", "InnerProduct",
                List.of(w, b)), new CaffeModelFile.Layer("other", "InnerProduct", List.of(w))), false);
        CaffeModelFile emptyFc = new CaffeModelFile("b", List.of(new CaffeModelFile.Layer("fc", "ReLU", List.of())),
                false);
        Map<String, List<int[]>> ipNet = Map.of("fc", List.of(new int[] {3, 3}, new int[] {3}));
        // the file's fc has 2 blobs, the net's fc (a ReLU) none: Caffe "Incompatible number of blobs (0 vs. 2)"
        WeightTransferReport r = WeightTransferReport.compare(Map.of(), List.of("data", "fc"), withFc);
        assertThat(r.mismatched()).singleElement().asString().startsWith("fc: incompatible number of blobs")
                .contains("has 0 parameter blob(s)").contains("layer 2");
        assertThat(r.onlyInFile()).containsExactly("other");
        // the reverse: the file's fc has no blobs (a ReLU there), the net's fc has 2
        WeightTransferReport rev = WeightTransferReport.compare(ipNet, List.of("fc"), emptyFc);
        assertThat(rev.hasMismatches()).isTrue();
        assertThat(rev.mismatched()).singleElement().asString().contains("has 2 parameter blob(s)").contains("layer 0");
        assertThat(WeightTransferReport.compare(ipNet, emptyFc).hasMismatches()).as("two-argument form").isTrue();
        // both without blobs, or the file's layer absent from the net: nothing for Caffe to check
        assertThat(WeightTransferReport.compare(Map.of(), List.of("fc"), emptyFc).hasMismatches()).isFalse();
        WeightTransferReport fits = WeightTransferReport.compare(ipNet, List.of("data", "fc"), withFc);
        assertThat(fits.copied()).containsExactly("fc");
        assertThat(fits.hasMismatches()).isFalse();
    }

    @Test
    void weightsWhoseLayerHasBlobsOnOneSideOnlyAreRefusedByNetLoadAndSolver() throws Exception {
        Path ip = net("ip", true);
        Path relu = net("relu", false);
        Path ipWeights = dir.resolve("ip.caffemodel");
        Path reluWeights = dir.resolve("relu.caffemodel");
        try (CaffeNet n = CaffeNet.load(ip, null, Phase.TEST)) {
            n.save(ipWeights);
        }
        try (CaffeNet n = CaffeNet.load(relu, null, Phase.TEST)) {
            n.save(reluWeights);
        }
        assertThatThrownBy(() -> CaffeNet.load(relu, ipWeights, Phase.TEST)).isInstanceOf(WeightsMismatchException.class)
                .hasMessageContaining(ipWeights + " does not fit " + relu).hasMessageContaining("fc: incompatible number");
        assertThatThrownBy(() -> CaffeNet.load(ip, reluWeights, Phase.TEST)).isInstanceOf(WeightsMismatchException.class)
                .hasMessageContaining("fc: incompatible number");
        try (CaffeSolver s = CaffeSolver.load(solver(relu, "SGD"))) {
            assertThatThrownBy(() -> s.withWeights(ipWeights)).isInstanceOf(WeightsMismatchException.class);
            assertThat(s.withWeights(reluWeights).net().layerNames()).contains("fc");
        }
    }

    @Test
    void restoreRefusesAStateOfAnotherSolverTypeAndACaffemodelInItsPlace() throws Exception {
        Path ip = net("ip", true);
        Snapshot snap;
        try (CaffeSolver s = CaffeSolver.load(solver(ip, "SGD"))) {
            s.step(2);
            snap = s.snapshot();
        }
        SolverStateFile st = SolverStateFile.read(snap.solverstate());
        assertThat(st.iter()).isEqualTo(2);
        assertThat(st.historyBlobs()).as("fc and ip2: weights and bias each").isEqualTo(4);
        assertThat(st.learnedNet()).isEqualTo(snap.caffemodel().toString());
        try (CaffeSolver adam = CaffeSolver.load(solver(ip, "Adam"))) {
            assertThatThrownBy(() -> adam.restore(snap.solverstate())).isInstanceOf(CaffeException.class)
                    .hasMessageContaining("holds 4 history blob(s), but this Adam solver")
                    .hasMessageContaining("keeps 8 for its 4 learnable parameter blob(s)");
            assertThatThrownBy(() -> adam.restore(snap.caffemodel())).isInstanceOf(CaffeException.class)
                    .hasMessageContaining(snap.caffemodel() + " is not a solver state: it is a .caffemodel");
            assertThat(adam.iter()).isZero();
        }
        try (CaffeSolver sgd = CaffeSolver.load(solver(ip, "Nesterov"))) {
            sgd.restore(snap.solverstate());
            assertThat(sgd.iter()).isEqualTo(2);
        }
        assertThatThrownBy(() -> ResumeCheck.check(snap.solverstate(), TextProto.parse("type: \"AdaDelta\""),
                TextProto.read(ip))).hasMessageContaining("the AdaDelta solver keeps 8");
        ResumeCheck.check(snap.solverstate(), TextProto.parse("type: \"RMSProp\""), TextProto.read(ip));
    }

    @Test
    void hdf5StatesReportTheirHistoryCountToo() throws Exception {
        Path ip = net("ip", true);
        Path s = solver(ip, "Adam");
        Files.writeString(s, Files.readString(s) + "snapshot_format: HDF5\n");
        Snapshot snap;
        try (CaffeSolver solver = CaffeSolver.load(s)) {
            solver.step(1);
            snap = solver.snapshot();
        }
        assertThat(snap.solverstate().toString()).endsWith(".solverstate.h5");
        assertThat(SolverStateFile.read(snap.solverstate()).historyBlobs()).isEqualTo(8);
        try (CaffeSolver sgd = CaffeSolver.load(solver(ip, "SGD"))) {
            assertThatThrownBy(() -> sgd.restore(snap.solverstate())).hasMessageContaining("holds 8 history blob(s)")
                    .hasMessageContaining("saved by an AdaDelta or Adam solver");
        }
    }
}
