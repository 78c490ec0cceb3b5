package org.dlp4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dlp4j.testing.TinySegmentation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCliTest {
    @TempDir
    Path ws;

    @Test
    void aCheckFailureInsideCaffeExits3AndAGoodRunCompletes() throws Exception {
        TinySegmentation.writeLmdbs(ws, 16, 8, 4, 3);
        Path solver = TinySegmentation.writeNetAndSolver(ws, 20, 10, 1, 0.01);
        Path net = ws.resolve("nets/tiny/train_val.prototxt");
        String good = Files.readString(net);
        // passes Java validation; Caffe CHECKs that Eltwise bottoms have the same shape (8 vs 2 channels)
        Files.writeString(net, good + """
                layer { name: "bad_sum" type: "Eltwise" bottom: "conv1" bottom: "score" top: "bad_sum" }
                """);
        CoreCliTest.Run r = CoreCliTest.dlp("train", "--solver", "nets/tiny/solver.prototxt", "--ws", ws.toString(),
                "--run", "bad");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("Check failed");
        assertThat(Files.readString(ws.resolve("runs/bad/run.json"))).contains("\"outcome\" : \"crashed\"");

        Files.writeString(net, good);
        CoreCliTest.Run ok = CoreCliTest.dlp("train", "--solver", solver.toString(), "--ws", ws.toString(),
                "--run", "good", "--max-iter", "10", "--json");
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("\"outcome\":\"completed\"").contains("\"iteration\":10");
        assertThat(ok.err()).contains("training completed").contains("test @ 10");
        assertThat(ws.resolve("runs/good/snapshots/tiny_iter_10.caffemodel")).exists();
        assertThat(Files.readString(solver)).contains("max_iter: 20");
    }

    @Test
    void missingSolverAndBothWeightsAndResumeAreBadInput() throws Exception {
        CoreCliTest.Run r = CoreCliTest.dlp("train", "--solver", ws.resolve("nope.prototxt").toString(), "--run",
                ws.resolve("r").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("nope.prototxt").contains("not found");
    }
}
