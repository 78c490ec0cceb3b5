package org.dlp4j.model;

import java.nio.file.Path;
import org.dlp4j.data.lmdb.Datum;
import org.dlp4j.data.lmdb.LmdbWriter;

/** Writes small caffe.Datum LMDBs for tests with the data module's writer. */
final class LmdbFixture {
    private LmdbFixture() {
    }

    static byte[] datum(int c, int h, int w, byte[] pixels, int label) {
        return Datum.ofBytes(c, h, w, pixels, label).encode();
    }

    /** {@code n} records of c×h×w, pixel value = record index. */
    static void writeDatums(Path dir, int n, int c, int h, int w, int labelMod) throws Exception {
        byte[][] recs = new byte[n][];
        for (int i = 0; i < n; i++) {
            byte[] px = new byte[c * h * w];
            java.util.Arrays.fill(px, (byte) i);
            recs[i] = datum(c, h, w, px, i % labelMod);
        }
        write(dir, recs);
    }

    static void write(Path dir, byte[][] records) throws Exception {
        try (LmdbWriter wr = new LmdbWriter(dir)) {
            for (byte[] r : records) {
                wr.add(r);
            }
            wr.commit();
        }
    }
}
