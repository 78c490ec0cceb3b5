package org.dlp4j.model;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;

/** Writes small caffe.Datum LMDBs for tests (protobuf wire format by hand). */
final class LmdbFixture {
    private LmdbFixture() {
    }

    static byte[] datum(int c, int h, int w, byte[] pixels, int label) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        varint(o, 1 << 3);
        varint(o, c);
        varint(o, 2 << 3);
        varint(o, h);
        varint(o, 3 << 3);
        varint(o, w);
        varint(o, (4 << 3) | 2);
        varint(o, pixels.length);
        o.write(pixels, 0, pixels.length);
        varint(o, 5 << 3);
        varint(o, label);
        return o.toByteArray();
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
        Files.createDirectories(dir);
        try (Env<ByteBuffer> env = Env.create().setMapSize(64L << 20).setMaxDbs(1).open(dir.toFile())) {
            Dbi<ByteBuffer> db = env.openDbi((byte[]) null, DbiFlags.MDB_CREATE);
            for (int i = 0; i < records.length; i++) {
                byte[] k = String.format("%08d", i).getBytes(StandardCharsets.US_ASCII);
                ByteBuffer kb = ByteBuffer.allocateDirect(k.length).put(k).flip();
                ByteBuffer vb = ByteBuffer.allocateDirect(records[i].length).put(records[i]).flip();
                db.put(kb, vb);
            }
        }
    }

    private static void varint(ByteArrayOutputStream o, long v) {
        while ((v & ~0x7FL) != 0) {
            o.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        o.write((int) v);
    }
}
