package org.dlp4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dlp4j.caffe.TextProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TutorialTest {
    @TempDir
    Path tmp;

    @Test
    void committedAlexFcnFilesEqualWhatTheGeneratorWrites() throws Exception {
        Tutorial.write(tmp);
        for (String f : new String[] {"train_val.prototxt", "solver.prototxt", "deploy.prototxt", "labels.txt"}) {
            assertThat(Files.readString(Path.of("prototxt/alexfcn", f))).as(f
                    + " (regenerate: java -cp target/classes org.dlp4j.model.Tutorial prototxt/alexfcn)")
                    .isEqualTo(Files.readString(tmp.resolve(f)));
        }
    }

    @Test
    void tutorialEndStateHasTheRenamesAndSolverSettings() {
        TextProto net = Tutorial.trainVal();
        assertThat(NetEdits.layer(net, "fc6", "t").message("convolution_param").getInt("kernel_size", 0)).isEqualTo(6);
        assertThat(NetEdits.layer(net, "fc7", "t").get("type")).isEqualTo("Convolution");
        assertThat(net.messages("layer").stream().map(l -> l.get("name"))).doesNotContain("conv6", "conv7");
        assertThat(NetEdits.layer(net, "upscore", "t").message("convolution_param").getInt("group", 0)).isEqualTo(2);
        TextProto s = Tutorial.solver();
        assertThat(s.getInt("max_iter", 0)).isEqualTo(10000);
        assertThat(s.getInt("snapshot", 0)).isEqualTo(5000);
        assertThat(s.get("snapshot_prefix")).isEqualTo("snapshots/alexfcn");
        assertThat(s.get("solver_mode")).isEqualTo("CPU");
        assertThat(s.getDouble("base_lr", 0)).isEqualTo(1e-4);
    }
}
