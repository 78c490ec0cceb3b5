package org.dlp4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dlp4j.caffe.CaffeModelFile;
import org.dlp4j.caffe.TextProto;
import org.dlp4j.caffe.WeightTransferReport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransferReportsTest {
    static final Path MNIST = Path.of("../shared/data/caffe-models/caffe-tensorflow/examples/mnist");
    @TempDir
    Path tmp;

    @Test
    void renamedLayerGetsNoWeightsAndARenameSuggestion() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(MNIST));
        Path model = MNIST.resolve("lenet_iter_10000.caffemodel");
        // library LeNet train/val (data layers, no LMDB here) with ip1 renamed the DLP way
        TextProto net = NetLibrary.trainVal("lenet", 10);
        NetEdits.rename(net, "ip1", "fc1", false, "t");
        Path f = tmp.resolve("nets/lenet/train_val.prototxt");
        net.write(f);
        // the workspace's image LMDB tells the input size (28x28 grey), as in <ws>/nets/<name>/
        LmdbFixture.writeDatums(tmp.resolve("data/train_lmdb"), 2, 1, 28, 28, 10);
        WeightTransferReport r = TransferReports.forNet(f, model);
        assertThat(r.copied()).containsExactly("conv1", "conv2", "ip2");
        assertThat(r.onlyInFile()).containsExactly("ip1");
        assertThat(r.onlyInNet()).containsExactly("fc1");
        assertThat(r.suggestions()).as(r.describe()).singleElement().asString().startsWith("rename fc1->ip1");
        assertThat(r.hasMismatches()).isFalse();

        WeightTransferReport java = TransferReports.forNetJava(net, new int[] {1, 1, 28, 28}, CaffeModelFile.read(model));
        assertThat(java.copied()).isEqualTo(r.copied());
        assertThat(java.suggestions()).isEqualTo(r.suggestions());

        // 3 classes: ip2 no longer fits
        NetEdits.setClasses(net, 3, "t");
        net.write(f);
        assertThat(TransferReports.forNet(f, model, new int[] {1, 1, 28, 28}).mismatched()).singleElement().asString().startsWith("ip2:");
    }
}
