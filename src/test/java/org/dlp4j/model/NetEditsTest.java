package org.dlp4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.dlp4j.BadInputException;
import org.dlp4j.caffe.TextProto;
import org.junit.jupiter.api.Test;

class NetEditsTest {
    @Test
    void oneClassIsRefusedSinceASoftmaxOverOneChannelLearnsNothing() {
        // softmax over one channel is exp(x)/exp(x) = 1 at every pixel: loss -log(1) = 0, gradient 0
        TextProto net = NetLibrary.trainVal("fcn-small", 2);
        assertThatThrownBy(() -> NetEdits.setClasses(net, 1, "n.prototxt")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("n.prototxt").hasMessageContaining("at least 2").hasMessageContaining("background");
        assertThat(NetEdits.classes(net, "n")).isEqualTo(2); // left as it was
        for (NetLibrary.Entry e : NetLibrary.entries()) {
            assertThatThrownBy(() -> NetLibrary.trainVal(e.name(), 1)).as(e.name())
                    .isInstanceOf(BadInputException.class).hasMessageContaining("from 2 to");
        }
        assertThat(NetEdits.classes(NetLibrary.trainVal("lenet", 2), "n")).isEqualTo(2);
    }

    @Test
    void renameChangesOnlyTheLayerNameUnlessAsked() {
        TextProto net = NetLibrary.trainVal("alexfcn", 2);
        NetEdits.rename(net, "conv6", "fc6", false, "t");
        TextProto fc6 = NetEdits.layer(net, "fc6", "t");
        assertThat(fc6.strings("top")).containsExactly("conv6");
        assertThat(NetEdits.layer(net, "relu6", "t").strings("bottom")).containsExactly("conv6");

        TextProto net2 = NetLibrary.trainVal("alexfcn", 2);
        NetEdits.rename(net2, "conv6", "fc6", true, "t");
        assertThat(NetEdits.layer(net2, "fc6", "t").strings("top")).containsExactly("fc6");
        assertThat(NetEdits.layer(net2, "drop6", "t").strings("bottom")).containsExactly("fc6");
        assertThat(NetEdits.layer(net2, "conv7", "t").strings("bottom")).containsExactly("fc6");
        assertThatThrownBy(() -> NetEdits.rename(net2, "conv7", "fc6", false, "x.prototxt"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("exists already");
        assertThatThrownBy(() -> NetEdits.rename(net2, "nope", "a", false, "x.prototxt"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("x.prototxt").hasMessageContaining("nope");
    }

    @Test
    void classesSetScoreAndDeconvolutionTogether() {
        TextProto net = NetLibrary.trainVal("alexfcn", 21);
        assertThat(NetEdits.setClasses(net, 2, "t")).containsExactly("upscore", "score_fr");
        TextProto up = NetEdits.layer(net, "upscore", "t").message("convolution_param");
        assertThat(up.getInt("num_output", 0)).isEqualTo(2);
        assertThat(up.getInt("group", 0)).isEqualTo(2);
        assertThat(NetEdits.layer(net, "score_fr", "t").message("convolution_param").getInt("num_output", 0)).isEqualTo(2);
        assertThat(NetEdits.layer(net, "conv7", "t").message("convolution_param").getInt("num_output", 0)).isEqualTo(4096);

        TextProto fcn8 = NetLibrary.trainVal("fcn8s", 21);
        assertThat(NetEdits.setClasses(fcn8, 5, "t")).containsExactlyInAnyOrder("upscore8", "upscore_pool4", "score_pool3",
                "upscore2", "score_pool4", "score_fr");
        assertThat(fcn8).isEqualTo(NetLibrary.trainVal("fcn8s", 5));
        TextProto lenet = NetLibrary.trainVal("lenet", 10);
        assertThat(NetEdits.setClasses(lenet, 3, "t")).containsExactly("ip2");
        assertThat(lenet).isEqualTo(NetLibrary.trainVal("lenet", 3));
    }

    @Test
    void classesReadsTheScoreLayerFeedingTheLoss() {
        assertThat(NetEdits.classes(NetLibrary.trainVal("alexfcn", 21), "t")).isEqualTo(21);
        assertThat(NetEdits.classes(NetLibrary.trainVal("fcn8s", 5), "t")).isEqualTo(5);
        assertThat(NetEdits.classes(NetLibrary.trainVal("lenet", 10), "t")).isEqualTo(10);
        assertThatThrownBy(() -> NetEdits.classes(TextProto.parse("layer { name: \"a\" type: \"ReLU\" }"), "x.prototxt"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("x.prototxt").hasMessageContaining("no SoftmaxWithLoss");
    }

    @Test
    void sourcesAndSolverFields() {
        TextProto net = NetLibrary.trainVal("alexfcn", 2);
        NetEdits.setSource(net, "label_val", "/ws/data/val_gt_lmdb", "t");
        assertThat(NetEdits.layer(net, "label_val", "t").message("data_param").get("source")).isEqualTo("/ws/data/val_gt_lmdb");
        assertThatThrownBy(() -> NetEdits.setSource(net, "conv1", "x", "t")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("not a data layer");

        TextProto s = TextProto.parse("net: \"a\"\nmax_iter: 5\n");
        NetEdits.setSolverField(s, "max_iter", "100", "s");
        NetEdits.setSolverField(s, "solver_mode", "GPU", "s");
        NetEdits.setSolverField(s, "snapshot_prefix", "snap/x", "s");
        NetEdits.setSolverField(s, "type", "Adam", "s");
        assertThat(s.toString()).isEqualTo("net: \"a\"\nmax_iter: 100\nsolver_mode: GPU\nsnapshot_prefix: \"snap/x\"\ntype: \"Adam\"\n");
        assertThatThrownBy(() -> NetEdits.setSolverField(s, "max_iter", "lots", "s")).hasMessageContaining("number");
        assertThatThrownBy(() -> NetEdits.setSolverField(s, "solver_mode", "TPU", "s")).hasMessageContaining("CPU or GPU");
        assertThatThrownBy(() -> NetEdits.setSolverField(s, "maxiter", "1", "s")).hasMessageContaining("max_iter");
        assertThat(List.of(NetEdits.keyValue("a=b=c", "--x"))).containsExactly("a", "b=c");
    }
}
