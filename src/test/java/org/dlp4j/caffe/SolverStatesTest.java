package org.dlp4j.caffe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dlp4j.Json;
import org.dlp4j.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A solver's train_state and test_state join its nets' include/exclude rules as Caffe's Solver merges them (a net
 * that needs the stage was refused before, one that loses a blob without it was passed and aborted Caffe); test
 * settings that never test are warnings. Each accepted solver is built and stepped by Caffe here.
 */
class SolverStatesTest {
    /** loss reads b only with stage "withb"; loss2 reads a blob that no layer makes, so it must be left out. */
    private static final String STAGED = """
            layer { name: "data" type: "DummyData" top: "data" dummy_data_param { shape { dim: 2 dim: 3 } data_filler { type: "gaussian" } } }
            layer { name: "b" type: "DummyData" top: "b" include { stage: "withb" } dummy_data_param { shape { dim: 2 dim: 2 } } }
            layer { name: "ip" type: "InnerProduct" bottom: "data" top: "ip" inner_product_param { num_output: 2 weight_filler { type: "xavier" } } }
            layer { name: "loss" type: "EuclideanLoss" bottom: "ip" bottom: "b" top: "loss" include { stage: "withb" } }
            layer { name: "loss2" type: "EuclideanLoss" bottom: "ip" bottom: "ip2" top: "loss2" exclude { stage: "withb" } }
            """;

    @TempDir
    Path dir;

    private Path solver(String fields) throws Exception {
        Path net = dir.resolve("staged.prototxt");
        Files.writeString(net, STAGED);
        Path s = dir.resolve("solver" + System.nanoTime() + ".prototxt");
        Files.writeString(s, "net: \"" + net + "\"\nbase_lr: 0.01\nlr_policy: \"fixed\"\nmax_iter: 2\n"
                + "snapshot_after_train: false\n" + fields);
        return s;
    }

    @Test
    void trainStateStagesSelectTheTrainingNetsLayers() throws Exception {
        Path staged = solver("train_state { stage: \"withb\" }\n");
        assertThat(Prototxt.validateSolver(staged, dir).problems()).isEmpty();
        try (CaffeSolver s = CaffeSolver.load(staged)) {
            assertThat(s.net().layerNames()).contains("b", "loss").doesNotContain("loss2");
            s.step(2);
            assertThat(s.iter()).isEqualTo(2);
        }
        Path plain = solver("");
        assertThat(Prototxt.validateSolver(plain, dir).problems()).singleElement().asString()
                .contains("layer 'loss2'").contains("bottom 'ip2'").contains("phase TRAIN");
        assertThatThrownBy(() -> CaffeSolver.load(plain)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("ip2");
    }

    @Test
    void eachTestNetGetsItsTestState() throws Exception {
        String tests = "train_state { stage: \"withb\" }\ntest_iter: 1\ntest_interval: 1\n";
        Path withState = solver(tests + "test_state { stage: \"withb\" }\n");
        assertThat(Prototxt.validateSolver(withState, dir).problems()).isEmpty();
        try (CaffeSolver s = CaffeSolver.load(withState)) {
            assertThat(s.testNets()).singleElement().satisfies(n -> assertThat(n.layerNames()).contains("loss"));
            s.step(1);
        }
        // without the test_state the TEST net keeps loss2, whose bottom no layer makes: Caffe aborts on it
        assertThat(Prototxt.validateSolver(solver(tests), dir).problems()).singleElement().asString()
                .contains("layer 'loss2'").contains("phase TEST");
    }

    @Test
    void testSettingsThatNeverTestAreWarnings() throws Exception {
        Path noInterval = solver("train_state { stage: \"withb\" }\ntest_state { stage: \"withb\" }\ntest_iter: 1\n");
        assertThat(Prototxt.validateSolver(noInterval, dir).problems()).isEmpty();
        assertThat(Prototxt.solverWarnings(noInterval)).singleElement().asString()
                .contains("1 test net(s) (test_iter) but no test_interval").contains("test_interval > 0");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(Main.run(new PrintWriter(out), new PrintWriter(err), "net", "validate", noInterval.toString(),
                "--json")).isEqualTo(0);
        JsonNode j = Json.MAPPER.readTree(out.toString());
        assertThat(j.get("valid").asBoolean()).isTrue();
        assertThat(j.get("warnings")).hasSize(1);
        assertThat(err.toString()).startsWith("warning: ").contains("never runs them");
        Path noTests = solver("train_state { stage: \"withb\" }\ntest_interval: 10\n");
        assertThat(Prototxt.solverWarnings(noTests)).singleElement().asString()
                .contains("test_interval 10 but no test net (no test_iter)");
        assertThat(Prototxt.solverWarnings(solver("train_state { stage: \"withb\" }\ntest_state { stage: \"withb\" }\n"
                + "test_iter: 1\ntest_interval: 5\n"))).isEmpty();
    }
}
