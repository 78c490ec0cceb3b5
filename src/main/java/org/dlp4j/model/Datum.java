package org.dlp4j.model;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.dlp4j.BadInputException;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.Txn;

/**
 * The few {@code caffe.Datum} fields this package needs, read straight from an LMDB: shape
 * (channels=1, height=2, width=3), the uint8 {@code data} (4), {@code label} (5) and {@code encoded}
 * (7; then {@code data} is a PNG/JPEG, decoded here). Read-only, no lock file written.
 *
 * @param pixels the uint8 values (channel-major), decoded when the record was encoded
 */
public record Datum(int channels, int height, int width, int label, byte[] pixels) {

    /** The first record of an LMDB (the shape a deploy net's {@code Input} needs). */
    public static Datum first(Path lmdb) {
        Datum[] out = new Datum[1];
        scan(lmdb, d -> {
            if (out[0] == null) {
                out[0] = d;
            }
        }, 1);
        if (out[0] == null) {
            throw new BadInputException(lmdb + ": the LMDB has no records");
        }
        return out[0];
    }

    /** Calls {@code each} for up to {@code limit} records in key order. */
    public static void scan(Path lmdb, Consumer<Datum> each, long limit) {
        if (!Files.isRegularFile(lmdb.resolve("data.mdb"))) {
            throw new BadInputException(lmdb + ": not an LMDB folder (no data.mdb)");
        }
        try (Env<ByteBuffer> env = Env.create().setMapSize(Files.size(lmdb.resolve("data.mdb")) + (1 << 20))
                .setMaxDbs(1).open(lmdb.toFile(), EnvFlags.MDB_RDONLY_ENV, EnvFlags.MDB_NOLOCK)) {
            Dbi<ByteBuffer> db = env.openDbi((byte[]) null);
            try (Txn<ByteBuffer> txn = env.txnRead(); Cursor<ByteBuffer> c = db.openCursor(txn)) {
                long n = 0;
                for (boolean ok = c.first(); ok && n < limit; ok = c.next(), n++) {
                    ByteBuffer v = c.val();
                    byte[] bytes = new byte[v.remaining()];
                    v.get(bytes);
                    each.accept(parse(bytes, lmdb));
                }
            }
        } catch (IOException e) {
            throw new BadInputException(lmdb + ": cannot read the LMDB (" + e.getMessage() + ")", e);
        }
    }

    /** Parses one serialized Datum. */
    static Datum parse(byte[] b, Path where) {
        int channels = 0;
        int height = 0;
        int width = 0;
        int label = 0;
        boolean encoded = false;
        byte[] data = new byte[0];
        int[] pos = {0};
        try {
            while (pos[0] < b.length) {
                int tag = (int) varint(b, pos);
                int field = tag >>> 3;
                int wire = tag & 7;
                if (wire == 0) {
                    long v = varint(b, pos);
                    switch (field) {
                        case 1 -> channels = (int) v;
                        case 2 -> height = (int) v;
                        case 3 -> width = (int) v;
                        case 5 -> label = (int) v;
                        case 7 -> encoded = v != 0;
                        default -> { }
                    }
                } else if (wire == 2) {
                    int len = (int) varint(b, pos);
                    if (field == 4) {
                        data = java.util.Arrays.copyOfRange(b, pos[0], pos[0] + len);
                    }
                    pos[0] += len;
                } else if (wire == 5) {
                    pos[0] += 4;
                } else if (wire == 1) {
                    pos[0] += 8;
                } else {
                    throw new IllegalArgumentException("wire type " + wire);
                }
            }
        } catch (RuntimeException e) {
            throw new BadInputException(where + ": a record is not a caffe.Datum (" + e.getMessage() + ")", e);
        }
        if (encoded) {
            return decode(data, label, where);
        }
        return new Datum(channels, height, width, label, data);
    }

    private static Datum decode(byte[] data, int label, Path where) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(data));
            if (img == null) {
                throw new BadInputException(where + ": an encoded Datum holds no readable image");
            }
            Raster r = img.getRaster();
            int c = r.getNumBands() >= 3 ? 3 : 1;
            int h = img.getHeight();
            int w = img.getWidth();
            byte[] px = new byte[c * h * w];
            for (int k = 0; k < c; k++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        px[(k * h + y) * w + x] = (byte) r.getSample(x, y, k);
                    }
                }
            }
            return new Datum(c, h, w, label, px);
        } catch (IOException e) {
            throw new BadInputException(where + ": cannot decode an encoded Datum (" + e.getMessage() + ")", e);
        }
    }

    private static long varint(byte[] b, int[] pos) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte x = b[pos[0]++];
            result |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("malformed varint");
    }
}
