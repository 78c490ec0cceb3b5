package org.dlp4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dlp net validate} and {@code dlp train} on solvers, weights and states that Caffe would abort on (exit 2,
 * nothing trained) and on the solver forms Caffe accepts (inline net_param, train_net with a test_net).
 */
class TrainSolverChecksCliTest {
    @TempDir
    Path ws;

    private static final String NET = """
            name: "tiny"
            layer { name: "data" type: "DummyData" top: "data" top: "label"
              dummy_data_param { shape { dim: 2 dim: 3 } shape { dim: 2 } } }
            layer { name: "fc" type: "%s" bottom: "data" top: "fc" %s }
            layer { name: "loss" type: "SoftmaxWithLoss" bottom: "fc" bottom: "label" top: "loss" }
            """;
    private static final String IP = NET.formatted("InnerProduct", "inner_product_param { num_output: 2 }");

    private Path file(String name, String text) throws Exception {
        Path p = ws.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private Path solver(String name, String fields) throws Exception {
        return file(name, "base_lr: 0.01\nmax_iter: 2\nsnapshot_prefix: \"snap/s\"\n" + fields);
    }

    private CoreCliTest.Run train(String... more) {
        String[] base = {"train", "--ws", ws.toString()};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return CoreCliTest.dlp(all);
    }

    @Test
    void validateListsSolverProblemsAndAcceptsAnInlineNet() throws Exception {
        file("net.prototxt", IP);
        Path noPolicy = solver("nopolicy.prototxt", "net: \"net.prototxt\"\ntype: \"RMSProp\"\nmomentum: 0.9\n");
        CoreCliTest.Run r = CoreCliTest.dlp("net", "validate", noPolicy.toString(), "--ws", ws.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("2 problem(s)").contains("no lr_policy").contains("add lr_policy: \"fixed\"")
                .contains("momentum 0.9 cannot be used with RMSProp");
        Path inline = solver("inline.prototxt", "lr_policy: \"fixed\"\nnet_param { " + IP.replace("name: \"tiny\"", "")
                + " }\n");
        CoreCliTest.Run ok = CoreCliTest.dlp("net", "validate", inline.toString(), "--ws", ws.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("valid solver (3 layers");
        // recognised as a solver by its inline net alone (no base_lr, whose default 0 Caffe accepts)
        Path bare = file("bare.prototxt", "max_iter: 2\nlr_policy: \"fixed\"\nnet_param { "
                + IP.replace("name: \"tiny\"", "") + " }\n");
        CoreCliTest.Run b = CoreCliTest.dlp("net", "validate", bare.toString(), "--ws", ws.toString());
        assertThat(b.code()).as(b.err()).isZero();
        assertThat(b.out()).contains("valid solver (3 layers");
    }

    @Test
    void trainRefusesTwoTrainNetsAndHonoursTrainNetAndInlineNets() throws Exception {
        file("net.prototxt", IP);
        Path both = solver("both.prototxt", "lr_policy: \"fixed\"\nnet: \"net.prototxt\"\ntrain_net: \"net.prototxt\"\n");
        CoreCliTest.Run r = train("--solver", both.toString(), "--run", "both");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(both.toString()).contains("(net, train_net)");
        assertThat(ws.resolve("runs/both")).doesNotExist();
        // train_net with 1 test_iter but no test_net: Caffe aborts (it is not rewritten to net: and tested)
        Path trainNet = solver("tn.prototxt", "lr_policy: \"fixed\"\ntrain_net: \"net.prototxt\"\ntest_iter: 1\n"
                + "test_interval: 1\n");
        CoreCliTest.Run tn = train("--solver", trainNet.toString(), "--run", "tn");
        assertThat(tn.code()).isEqualTo(2);
        assertThat(tn.err()).contains(trainNet + ":6: 1 test_iter but 0 test net(s)");
        Path withTest = solver("tn2.prototxt", "lr_policy: \"fixed\"\ntrain_net: \"net.prototxt\"\n"
                + "test_net: \"net.prototxt\"\ntest_iter: 1\ntest_interval: 1\n");
        CoreCliTest.Run ok = train("--solver", withTest.toString(), "--run", "tn2");
        assertThat(ok.code()).as(ok.err()).isZero();
        String runSolver = Files.readString(ws.resolve("runs/tn2/solver.prototxt"));
        assertThat(runSolver).contains("train_net: \"" + ws.resolve("runs/tn2/train_val.prototxt") + "\"")
                .doesNotContain("\nnet:");
        Path inline = solver("inline.prototxt", "lr_policy: \"fixed\"\nnet_param { " + IP.replace("name: \"tiny\"", "")
                + " }\n");
        CoreCliTest.Run in = train("--solver", inline.toString(), "--run", "inline");
        assertThat(in.code()).as(in.err()).isZero();
        assertThat(Files.readString(ws.resolve("runs/inline/solver.prototxt"))).doesNotContain("net_param")
                .contains("net: \"" + ws.resolve("runs/inline/train_val.prototxt") + "\"");
        assertThat(Files.readString(ws.resolve("runs/inline/train_val.prototxt"))).contains("InnerProduct");
    }

    @Test
    void trainRefusesMismatchedWeightsAndStatesWithExit2LeavingTheRunsMetricsAlone() throws Exception {
        file("net.prototxt", IP);
        file("relu.prototxt", NET.formatted("ReLU", ""));
        Path sgd = solver("sgd.prototxt", "lr_policy: \"fixed\"\nnet: \"net.prototxt\"\n");
        CoreCliTest.Run first = train("--solver", sgd.toString(), "--run", "a");
        assertThat(first.code()).as(first.err()).isZero();
        Path snaps = ws.resolve("runs/a/snapshots");
        Path model = snaps.resolve("s_iter_2.caffemodel");
        Path state = snaps.resolve("s_iter_2.solverstate");
        assertThat(model).exists();
        String metrics = Files.readString(ws.resolve("runs/a/metrics.jsonl"));

        CoreCliTest.Run asState = train("--solver", sgd.toString(), "--run", "a", "--resume", model.toString(),
                "--max-iter", "4");
        assertThat(asState.code()).isEqualTo(2);
        assertThat(asState.err()).contains(model + " is not a solver state: it is a .caffemodel");
        assertThat(Files.readString(ws.resolve("runs/a/metrics.jsonl"))).isEqualTo(metrics);

        Path adam = solver("adam.prototxt", "lr_policy: \"fixed\"\nnet: \"net.prototxt\"\ntype: \"Adam\"\n");
        CoreCliTest.Run other = train("--solver", adam.toString(), "--run", "b", "--resume", state.toString());
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.err()).contains(state + " holds 2 history blob(s), but the Adam solver keeps 4");
        assertThat(ws.resolve("runs/b")).doesNotExist();

        Path relu = solver("relu-solver.prototxt", "lr_policy: \"fixed\"\nnet: \"relu.prototxt\"\n");
        file("relu.prototxt", NET.formatted("ReLU", "").replace("bottom: \"fc\" bottom", "bottom: \"data\" bottom")
                .replace("top: \"fc\" }", "top: \"fc\" }\nlayer { name: \"ip\" type: \"InnerProduct\" bottom: \"fc\""
                        + " top: \"ip\" inner_product_param { num_output: 2 } }"));
        CoreCliTest.Run w = train("--solver", relu.toString(), "--run", "w", "--weights", model.toString());
        assertThat(w.code()).as(w.err()).isEqualTo(2);
        assertThat(w.err()).contains("fc: incompatible number of blobs");
    }
}
