package org.dlp4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dlp4j.caffe.Prototxt;
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

    @Test
    void committedSolverAndNetValidateInAWorkspaceWithTheLmdbs() throws Exception {
        Path ws = tmp.resolve("ws");
        for (String db : new String[] {"train_lmdb", "train_gt_lmdb", "val_lmdb", "val_gt_lmdb"}) {
            LmdbFixture.writeDatums(ws.resolve("data").resolve(db), 2, 1, 256, 256, 2);
        }
        Path nets = ws.resolve("nets/alexfcn");
        Files.createDirectories(nets);
        for (String f : new String[] {"train_val.prototxt", "solver.prototxt", "deploy.prototxt"}) {
            Files.copy(Path.of("prototxt/alexfcn", f), nets.resolve(f));
        }
        Files.createDirectories(ws.resolve("snapshots")); // dlp train puts snapshots under runs/<run>/ itself
        // as dlp train resolves it: net beside the solver, sources in the workspace
        TextProto solver = TextProto.read(nets.resolve("solver.prototxt"));
        solver.setString("net", "nets/alexfcn/train_val.prototxt");
        solver.write(nets.resolve("solver.prototxt"));
        var r = Prototxt.validateSolver(nets.resolve("solver.prototxt"), ws);
        assertThat(r.problems()).as(r.problems().toString()).isEmpty();
        var d = Prototxt.validateNet(nets.resolve("deploy.prototxt"), org.dlp4j.caffe.Phase.TEST, ws);
        assertThat(d.problems()).isEmpty();
    }

    @Test
    void everyLibraryNetPassesCaffesParserAndValidation() {
        for (NetLibrary.Entry e : NetLibrary.entries()) {
            Path dir = tmp.resolve(e.name());
            NetLibrary.write(e.name(), dir, e.classes());
            for (String f : new String[] {"train_val.prototxt", "deploy.prototxt"}) {
                TextProto t = TextProto.read(dir.resolve(f));
                assertThat(TextProto.parse(t.toString())).as(e.name() + " " + f).isEqualTo(t);
            }
            var v = Prototxt.validateNet(dir.resolve("deploy.prototxt"), org.dlp4j.caffe.Phase.TEST, dir);
            assertThat(v.problems()).as(e.name() + ": " + v.problems()).isEmpty();
        }
    }
}
