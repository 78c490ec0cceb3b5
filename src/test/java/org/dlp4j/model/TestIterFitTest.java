package org.dlp4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.dlp4j.caffe.TextProto;
import org.dlp4j.testing.TinySegmentation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestIterFitTest {
    @TempDir
    Path tmp;

    @Test
    void aLibrarySolverInAWorkspaceCoversItsValidationLmdbOnce() throws Exception {
        Path ws = tmp.resolve("ws");
        TinySegmentation.writeLmdbs(ws, 8, 4, 16, 1); // 16 val records; alexfcn tests at batch 1
        NetLibrary.write("alexfcn", ws.resolve("nets/alexfcn"), 2);
        assertThat(TextProto.read(ws.resolve("nets/alexfcn/solver.prototxt")).getInt("test_iter", 0)).isEqualTo(16);
        // outside a workspace (no WS/data/val_lmdb beside nets/): the library's own value
        NetLibrary.write("alexfcn", tmp.resolve("elsewhere/alexfcn"), 2);
        assertThat(TextProto.read(tmp.resolve("elsewhere/alexfcn/solver.prototxt")).getInt("test_iter", 0)).isEqualTo(10);
    }
}
