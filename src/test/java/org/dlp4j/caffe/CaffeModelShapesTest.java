package org.dlp4j.caffe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading only the shapes of a caffemodel (mapped, data skipped) gives what a full read gives, minus the values. */
class CaffeModelShapesTest {
    private static final Path MODELS = Path.of("../shared/data/caffe-models");

    private static void sameShapes(CaffeModelFile full, CaffeModelFile shapes) {
        assertThat(shapes.name()).isEqualTo(full.name());
        assertThat(shapes.legacy()).isEqualTo(full.legacy());
        assertThat(shapes.layers().keySet()).containsExactlyElementsOf(full.layers().keySet());
        int blobs = 0;
        for (String name : full.layers().keySet()) {
            List<CaffeModelFile.Blob> a = full.layers().get(name).blobs();
            List<CaffeModelFile.Blob> b = shapes.layers().get(name).blobs();
            assertThat(shapes.layers().get(name).type()).isEqualTo(full.layers().get(name).type());
            assertThat(b).hasSameSizeAs(a);
            for (int i = 0; i < a.size(); i++) {
                assertThat(b.get(i).shape()).as("%s blob %d", name, i).containsExactly(a.get(i).shape());
                assertThat(b.get(i).legacyShape()).isEqualTo(a.get(i).legacyShape());
                assertThat(b.get(i).count()).isEqualTo(a.get(i).data().length);
                assertThat(b.get(i).data()).isEmpty();
                blobs++;
            }
        }
        assertThat(blobs).isPositive();
    }

    @Test
    void realModelsCurrentAndLegacyFormat() {
        Assumptions.assumeTrue(Files.isDirectory(MODELS), "needs ../shared/data");
        for (Path m : List.of(MODELS.resolve("caffe-tensorflow/examples/mnist/lenet_iter_10000.caffemodel"),
                MODELS.resolve("Prediction-Example-With-Caffe/examples/cifar10/cifar10_quick_iter_5000.caffemodel"))) {
            sameShapes(CaffeModelFile.read(m), CaffeModelFile.readShapes(m));
        }
    }

    @Test
    void aModelWrittenHereAndBadFiles(@TempDir Path dir) throws Exception {
        CaffeModelFile written = new CaffeModelFile("t", List.of(new CaffeModelFile.Layer("conv", "Convolution",
                List.of(new CaffeModelFile.Blob(new long[] {2, 1, 3, 3}, false, new float[18]),
                        new CaffeModelFile.Blob(new long[] {2}, false, new float[] {1, 2})))), false);
        Path f = dir.resolve("t.caffemodel");
        written.write(f);
        sameShapes(CaffeModelFile.read(f), CaffeModelFile.readShapes(f));
        assertThatThrownBy(() -> CaffeModelFile.readShapes(dir.resolve("none.caffemodel")))
                .isInstanceOf(CaffeException.class).hasMessageContaining("not found");
        assertThatThrownBy(() -> CaffeModelFile.readShapes(dir)).isInstanceOf(CaffeException.class);
        assertThatThrownBy(() -> CaffeModelFile.read(Files.createFile(dir.resolve("empty.caffemodel"))))
                .isInstanceOf(CaffeException.class).hasMessageContaining("no layers");
        Path junk = Files.write(dir.resolve("junk.caffemodel"), new byte[] {(byte) 0xff, (byte) 0xff, 1});
        assertThatThrownBy(() -> CaffeModelFile.readShapes(junk)).isInstanceOf(CaffeException.class)
                .hasMessageContaining("not a Caffe model");
    }
}
