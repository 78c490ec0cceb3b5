package org.dlp4j.caffe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HDF5 weights (Caffe's .caffemodel.h5) written by Caffe itself: shapes read in Java equal the net's, values load
 * back, and a mismatch is a named Java exception where Caffe would abort the process.
 */
class CaffeHdf5WeightsTest {
    @TempDir
    Path dir;

    private Path net(String name, int convOut, int ipOut) throws Exception {
        Path p = dir.resolve(name + ".prototxt");
        Files.writeString(p, """
                layer { name: "data" type: "Input" top: "data" input_param { shape { dim: 1 dim: 1 dim: 6 dim: 6 } } }
                layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
                  convolution_param { num_output: %d kernel_size: 3 } }
                layer { name: "relu1" type: "ReLU" bottom: "conv1" top: "conv1" }
                layer { name: "ip" type: "InnerProduct" bottom: "conv1" top: "ip" inner_product_param { num_output: %d } }
                """.formatted(convOut, ipOut));
        return p;
    }

    @Test
    void shapesValuesAndMismatchesOfCaffesOwnHdf5Weights() throws Exception {
        Path h5 = dir.resolve("w.caffemodel.h5");
        Map<String, List<int[]>> shapes;
        float[] conv;
        try (CaffeNet n = CaffeNet.load(net("a", 2, 3), null, Phase.TEST)) {
            conv = new float[2 * 9];
            for (int i = 0; i < conv.length; i++) {
                conv[i] = i * 0.25f - 1;
            }
            n.setParam("conv1", 0, conv);
            n.saveHdf5(h5);
            shapes = n.paramShapes();
        }
        assertThat(CaffeHdf5Weights.isHdf5(h5)).isTrue();
        CaffeModelFile f = CaffeModelFile.readShapes(h5);
        assertThat(f.layers().keySet()).contains("conv1", "ip");
        assertThat(f.layers().get("conv1").blobs()).extracting(CaffeModelFile.Blob::shape)
                .containsExactly(new long[] {2, 1, 3, 3}, new long[] {2});
        assertThat(f.layers().get("ip").blobs()).extracting(CaffeModelFile.Blob::shape)
                .containsExactly(new long[] {3, 2 * 4 * 4}, new long[] {3});
        assertThat(WeightTransferReport.compare(shapes, f).hasMismatches()).isFalse();

        try (CaffeNet same = CaffeNet.load(net("b", 2, 3), null, Phase.TEST)) {
            WeightTransferReport r = same.copyWeightsFrom(h5);
            assertThat(r.copied()).containsExactlyInAnyOrder("conv1", "ip");
            assertThat(same.params("conv1").get(0)).containsExactly(conv);
        }
        // Caffe would abort here ("Cannot load blob from hdf5; dimensions mismatch"): Java says which layer
        try (CaffeNet other = CaffeNet.load(net("c", 4, 3), null, Phase.TEST)) {
            assertThatThrownBy(() -> other.copyWeightsFrom(h5)).isInstanceOf(WeightsMismatchException.class)
                    .hasMessageContaining("conv1").hasMessageContaining("[2, 1, 3, 3]");
        }
        // the same through the CLI's weight check, without a .h5 suffix (recognised by its signature)
        Path renamed = Files.copy(h5, dir.resolve("snapshot_iter_1.weights"));
        assertThat(CaffeModelFile.readShapes(renamed).layers().keySet()).contains("conv1", "ip");

        Path fake = Files.writeString(dir.resolve("fake.caffemodel.h5"), "not hdf5 at all");
        assertThatThrownBy(() -> CaffeModelFile.readShapes(fake)).isInstanceOf(CaffeException.class)
                .hasMessageContaining("fake.caffemodel.h5");
    }
}
