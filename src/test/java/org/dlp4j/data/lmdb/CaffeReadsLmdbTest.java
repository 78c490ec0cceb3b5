package org.dlp4j.data.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.dlp4j.caffe.CaffeNet;
import org.dlp4j.caffe.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Caffe's own Data layers read our LMDBs: exactly the pixels and labels written, image and label in lockstep. */
class CaffeReadsLmdbTest {
    @TempDir
    Path dir;

    @Test
    void dataLayersYieldWhatWasWrittenInLockstep() throws Exception {
        int n = 5;
        int h = 3;
        int w = 4;
        byte[][] images = new byte[n][h * w];
        float[][] floats = new float[n][h * w];
        byte[][] labels = new byte[n][h * w];
        try (LmdbWriter img = new LmdbWriter(dir.resolve("img")); LmdbWriter lab = new LmdbWriter(dir.resolve("lab"));
                LmdbWriter flt = new LmdbWriter(dir.resolve("flt"))) {
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < h * w; p++) {
                    images[i][p] = (byte) (i * 40 + p * 7);
                    labels[i][p] = (byte) ((i + p) % 2);
                    floats[i][p] = i * 1000.5f - p * 3.25f;
                }
                img.add(Datum.ofBytes(1, h, w, images[i], i).encode());
                lab.add(Datum.ofBytes(1, h, w, labels[i], 0).encode());
                flt.add(Datum.ofFloats(1, h, w, floats[i], 0).encode());
            }
            img.commit();
            lab.commit();
            flt.commit();
        }
        Path net = dir.resolve("read.prototxt");
        Files.writeString(net, """
                layer { name: "d" type: "Data" top: "data" top: "idx" data_param { source: "%1$s/img" backend: LMDB batch_size: 2 } }
                layer { name: "l" type: "Data" top: "label" data_param { source: "%1$s/lab" backend: LMDB batch_size: 2 } }
                layer { name: "f" type: "Data" top: "raw" data_param { source: "%1$s/flt" backend: LMDB batch_size: 2 } }
                """.formatted(dir));
        try (CaffeNet c = CaffeNet.load(net, null, Phase.TEST)) {
            assertThat(c.shape("data")).containsExactly(2, 1, h, w);
            for (int batch = 0; batch < 4; batch++) {
                c.forward(Map.of());
                float[] data = c.blobData("data");
                float[] idx = c.blobData("idx");
                float[] label = c.blobData("label");
                float[] raw = c.blobData("raw");
                for (int b = 0; b < 2; b++) {
                    int rec = (batch * 2 + b) % n; // Caffe wraps around at the end of the DB
                    assertThat(idx[b]).isEqualTo(rec);
                    for (int p = 0; p < h * w; p++) {
                        assertThat(data[b * h * w + p]).isEqualTo(images[rec][p] & 0xff);
                        assertThat(label[b * h * w + p]).isEqualTo(labels[rec][p]);
                        assertThat(raw[b * h * w + p]).isEqualTo(floats[rec][p]);
                    }
                }
            }
        }
    }
}
