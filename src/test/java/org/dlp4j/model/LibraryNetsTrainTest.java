package org.dlp4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.dlp4j.caffe.TextProto;
import org.dlp4j.testing.TinySegmentation;
import org.dlp4j.train.TrainOptions;
import org.dlp4j.train.TrainingListener;
import org.dlp4j.train.TrainingRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every Net Library net, and the tutorial's committed AlexFCN files unchanged, run a training iteration. */
class LibraryNetsTrainTest {
    @TempDir
    Path ws;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"fcn-small,1,64,2,true", "alexfcn,1,64,2,true", "fcn8s,3,32,21,true", "lenet,1,28,10,false",
        "alexnet,3,67,1000,false"})
    void oneTrainingIteration(String name, int c, int size, int classes, boolean segmentation) throws Exception {
        Path dir = ws.resolve("nets").resolve(name);
        NetLibrary.write(name, dir, classes);
        TextProto tv = TextProto.read(dir.resolve("train_val.prototxt"));
        for (TextProto l : tv.messages("layer")) {
            if (l.message("data_param") != null) {
                l.message("data_param").setNumber("batch_size", 2);
            }
        }
        tv.write(dir.resolve("train_val.prototxt"));
        TextProto solver = TextProto.read(dir.resolve("solver.prototxt"));
        solver.setNumber("test_iter", 1);
        solver.setBool("snapshot_after_train", false); // (fcn8s weights alone are 0.5 GB)
        solver.write(dir.resolve("solver.prototxt"));
        for (String split : new String[] {"train", "val"}) {
            TinySegmentation.writeImages(ws.resolve("data/" + split + "_lmdb"), 2, c, size, size, classes, 1);
            if (segmentation) {
                TinySegmentation.writeMasks(ws.resolve("data/" + split + "_gt_lmdb"), 2, size, size, classes, 2);
            }
        }
        TrainingRun run = TrainingRun.prepare(TrainOptions.of(dir.resolve("solver.prototxt"), ws, ws.resolve("runs/" + name))
                .withOverrides(1, null, 1));
        JsonNode[] test = new JsonNode[1];
        JsonNode summary = run.runHere(new TrainingListener() {
            @Override
            public void onTest(JsonNode e) {
                test[0] = e;
            }
        });
        assertThat(summary.path("outcome").asText()).isEqualTo("completed");
        assertThat(summary.path("iteration").asInt()).isEqualTo(1);
        assertThat(summary.path("final_loss").asDouble()).isFinite().isPositive();
        assertThat(test[0]).isNotNull();
        assertThat(test[0].path("dice").isNumber()).isTrue();
    }

    @Test
    void tutorialAlexFcnFilesRunUnchanged() throws Exception {
        for (String split : new String[] {"train", "val"}) {
            TinySegmentation.writeImages(ws.resolve("data/" + split + "_lmdb"), 2, 1, 64, 64, 2, 1);
            TinySegmentation.writeMasks(ws.resolve("data/" + split + "_gt_lmdb"), 2, 64, 64, 2, 2);
        }
        Path solver = Path.of("prototxt/alexfcn/solver.prototxt").toAbsolutePath();
        String before = java.nio.file.Files.readString(solver);
        TrainingRun run = TrainingRun.prepare(TrainOptions.of(solver, ws, ws.resolve("runs/tutorial"))
                .withOverrides(1, null, null));
        JsonNode summary = run.runHere(new TrainingListener() { });
        assertThat(summary.path("outcome").asText()).isEqualTo("completed");
        assertThat(summary.path("iteration").asInt()).isEqualTo(1);
        assertThat(java.nio.file.Files.readString(solver)).isEqualTo(before);
        assertThat(run.layout().latestSnapshot()).hasValueSatisfying(p ->
                assertThat(p.getFileName().toString()).isEqualTo("alexfcn_iter_1.solverstate"));
    }
}
