package org.dlp4j.caffe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Solver settings that make Caffe 1.0 abort (solver.cpp, sgd_solvers.hpp, sgd_solver.cpp) are problems in Java;
 * the settings next to them that Caffe accepts stay accepted (some are run through Caffe to show it).
 */
class SolverChecksTest {
    @TempDir
    Path dir;

    static final String NET = """
            name: "tiny"
            layer { name: "data" type: "DummyData" top: "data" top: "label"
              dummy_data_param { shape { dim: 2 dim: 3 } shape { dim: 2 } } }
            layer { name: "ip" type: "InnerProduct" bottom: "data" top: "ip" %s
              inner_product_param { num_output: 2 } }
            layer { name: "loss" type: "SoftmaxWithLoss" bottom: "ip" bottom: "label" top: "loss" }
            """;

    private Path net(String params) throws Exception {
        Path n = dir.resolve("net" + Math.abs(params.hashCode()) + ".prototxt");
        Files.writeString(n, NET.formatted(params));
        return n;
    }

    /** A solver on the tiny net with {@code fields}; lr_policy "fixed" unless {@code fields} sets one or "-policy". */
    private Path solver(String fields) throws Exception {
        return solverOn(net(""), fields);
    }

    private Path solverOn(Path net, String fields) throws Exception {
        Path s = Files.createTempFile(dir, "solver", ".prototxt");
        String netField = fields.contains("net") ? "" : "net: \"" + net + "\"\n";
        String policy = fields.contains("lr_policy") || fields.contains("-policy") ? "" : "lr_policy: \"fixed\"\n";
        Files.writeString(s, netField + "base_lr: 0.01\nmax_iter: 3\n" + policy + fields.replace("-policy", ""));
        return s;
    }

    private List<String> problems(Path solver) {
        return Prototxt.validateSolver(solver, dir).problems().stream().map(Problem::toString).toList();
    }

    @Test
    void noLrPolicyIsRefusedSuggestingFixedBecauseCaffesDefaultIsEmpty() throws Exception {
        Path s = solver("-policy");
        assertThat(problems(s)).singleElement().asString().startsWith(s.toString()).contains("no lr_policy")
                .contains("add lr_policy: \"fixed\"");
        assertThat(problems(solver("lr_policy: \"fixed\"\n"))).isEmpty();
        assertThat(problems(solver("lr_policy: \"step\"\ngamma: 0.1\n"))).singleElement().asString()
                .contains("lr_policy step needs stepsize > 0");
        assertThat(problems(solver("lr_policy: \"step\"\ngamma: 0.1\nstepsize: 2\n"))).isEmpty();
        assertThat(problems(solver("lr_policy: \"Fixed\"\n"))).singleElement().asString()
                .contains("unknown lr_policy 'Fixed'");
    }

    @Test
    void momentumWithAdaGradOrRmsPropIsRefusedAsCaffeChecksItIsZero() throws Exception {
        for (String type : List.of("type: \"AdaGrad\"", "type: \"RMSProp\"", "solver_type: RMSPROP")) {
            assertThat(problems(solver(type + "\nmomentum: 0.9\n"))).as(type).singleElement().asString()
                    .contains(":6: momentum 0.9 cannot be used with " + (type.contains("AdaGrad") ? "AdaGrad" : "RMSProp"));
            assertThat(problems(solver(type + "\n"))).as(type).isEmpty();
            assertThat(problems(solver(type + "\nmomentum: 0\n"))).as(type).isEmpty();
        }
        assertThat(problems(solver("type: \"Adam\"\nmomentum: 0.9\nmomentum2: 0.999\n"))).isEmpty();
        assertThat(problems(solver("type: \"Nesterov\"\nmomentum: 0.9\n"))).isEmpty();
    }

    @Test
    void rmsDecayMustLieInZeroToOneAndAverageLossBeAtLeastOne() throws Exception {
        assertThat(problems(solver("type: \"RMSProp\"\nrms_decay: 1.5\n"))).singleElement().asString()
                .contains("rms_decay 1.5 is outside [0, 1)");
        assertThat(problems(solver("type: \"RMSProp\"\nrms_decay: 1\n"))).hasSize(1);
        assertThat(problems(solver("type: \"RMSProp\"\nrms_decay: -0.1\n"))).hasSize(1);
        assertThat(problems(solver("type: \"RMSProp\"\nrms_decay: 0\n"))).isEmpty();
        assertThat(problems(solver("rms_decay: 1.5\n"))).as("SGD ignores rms_decay").isEmpty();
        assertThat(problems(solver("average_loss: 0\n"))).singleElement().asString().contains("average_loss 0 is below 1");
        assertThat(problems(solver("average_loss: 1\n"))).isEmpty();
    }

    @Test
    void anUnknownRegularizationTypeIsRefusedOnlyWhereWeightDecayReachesAParameter() throws Exception {
        assertThat(problems(solver("weight_decay: 0.0005\nregularization_type: \"L3\"\n"))).singleElement().asString()
                .contains("unknown regularization_type 'L3' with weight_decay 0.0005");
        assertThat(problems(solver("regularization_type: \"L3\"\n"))).as("no weight decay").isEmpty();
        assertThat(problems(solver("weight_decay: 0.0005\nregularization_type: \"L1\"\n"))).isEmpty();
        // every parameter blob of the net has decay_mult 0: Caffe never looks at the type, and trains
        Path noDecay = solverOn(net("param { decay_mult: 0 } param { decay_mult: 0 }"),
                "weight_decay: 0.0005\nregularization_type: \"L3\"\n");
        assertThat(problems(noDecay)).isEmpty();
        try (CaffeSolver s = CaffeSolver.load(noDecay)) {
            s.step(2);
            assertThat(s.iter()).isEqualTo(2);
        }
        // the bias (second blob) keeps decay_mult 1
        assertThat(problems(solverOn(net("param { decay_mult: 0 }"), "weight_decay: 0.0005\nregularization_type: \"L3\"\n")))
                .hasSize(1);
    }

    @Test
    void exactlyOneTrainNetFieldAndInlineNetParamIsAccepted() throws Exception {
        Path net = net("");
        Path both = solver("net: \"" + net + "\"\ntrain_net: \"" + net + "\"\n");
        assertThat(problems(both)).singleElement().asString().contains("gives its training net 2 times (net, train_net)");
        assertThat(problems(solver("net: \"" + net + "\"\nnet_param { name: \"x\" }\n"))).singleElement().asString()
                .contains("(net, net_param)");
        String inline = "net_param { " + Files.readString(net).replace("name: \"tiny\"", "") + " }\n";
        Path s = solver(inline);
        assertThat(problems(s)).isEmpty();
        try (CaffeSolver cs = CaffeSolver.load(s)) {
            cs.step(2);
            assertThat(cs.iter()).isEqualTo(2);
            assertThat(cs.net().layerNames()).contains("ip");
        }
        // the inline net is validated like a file: a bottom no layer makes is found and named with the field
        Path bad = solver(inline.replace("bottom: \"ip\" bottom: \"label\"", "bottom: \"nope\" bottom: \"label\""));
        assertThat(problems(bad)).singleElement().asString().startsWith(bad + " (net_param)").contains("nope");
        Path trainParam = solver(inline.replace("net_param", "train_net_param"));
        assertThat(problems(trainParam)).isEmpty();
    }

    @Test
    void testIterAndTestStateCountAsCaffesInitTestNets() throws Exception {
        Path net = net("");
        String train = "train_net: \"" + net + "\"\n";
        Path noTestNet = solver(train + "test_iter: 2\ntest_interval: 5\n");
        assertThat(problems(noTestNet)).singleElement().asString().contains("1 test_iter but 0 test net(s)")
                .contains("train_net is not built as a test net");
        assertThat(problems(solver(train + "test_net: \"" + net + "\"\ntest_iter: 2\ntest_interval: 5\n"))).isEmpty();
        assertThat(problems(solver(train + "test_net: \"" + net + "\"\ntest_interval: 5\n"))).singleElement().asString()
                .contains("test_iter must be given for each test net (1 test_net/test_net_param, 0 test_iter)");
        // net: is tested once per test_iter beyond the test_nets: 2 test nets here
        String generic = "net: \"" + net + "\"\ntest_net: \"" + net + "\"\ntest_iter: 1\ntest_iter: 1\ntest_interval: 5\n";
        assertThat(problems(solver(generic))).isEmpty();
        assertThat(problems(solver(generic + "test_state { stage: \"a\" }\ntest_state { stage: \"b\" }\n"))).isEmpty();
        assertThat(problems(solver(generic + "test_state { stage: \"a\" }\n"))).singleElement().asString()
                .contains("1 test_state entries for 2 test net(s)");
        Path states = solver("test_iter: 2\ntest_interval: 5\ntest_state { stage: \"a\" }\ntest_state { stage: \"b\" }\n");
        assertThat(problems(states)).singleElement().asString().contains("2 test_state entries for 1 test net(s)");
    }

    @Test
    void referenceAndLibrarySolversPassTheSolverRules() throws Exception {
        List<Problem> found = new ArrayList<>();
        for (org.dlp4j.model.NetLibrary.Entry e : org.dlp4j.model.NetLibrary.entries()) {
            Path d = dir.resolve("lib-" + e.name());
            org.dlp4j.model.NetLibrary.write(e.name(), d, 2);
            SolverRules.check(TextProto.read(d.resolve("solver.prototxt")), e.name(), null, found);
        }
        assertThat(found).isEmpty();
        Path ref = Path.of("../shared/data/prototxt-reference");
        Assumptions.assumeTrue(Files.isDirectory(ref));
        List<Path> solvers;
        try (var w = Files.walk(ref)) {
            solvers = w.filter(p -> p.getFileName().toString().contains("solver")).toList();
        }
        assertThat(solvers).hasSizeGreaterThanOrEqualTo(4);
        for (Path p : solvers) {
            SolverRules.check(TextProto.read(p), p.toString(), null, found);
        }
        assertThat(found).isEmpty();
    }
}
