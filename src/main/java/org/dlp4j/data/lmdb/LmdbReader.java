package org.dlp4j.data.lmdb;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dlp4j.BadInputException;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.KeyRange;
import org.lmdbjava.LmdbException;
import org.lmdbjava.Txn;

/**
 * Read-only access to a Caffe LMDB directory: entry count, lookup by key, iteration in key order. Opens with
 * {@code MDB_RDONLY} and {@code MDB_NOLOCK}, so it works on read-only folders; do not read while another
 * process writes the same database.
 */
public final class LmdbReader implements AutoCloseable {
    static {
        LmdbNatives.init();
    }

    private final Path dir;
    private final Env<ByteBuffer> env;
    private final Dbi<ByteBuffer> db;

    /** What {@link #forEach} hands over: one key and value. */
    @FunctionalInterface
    public interface EntryVisitor {
        /** Return false to stop. */
        boolean visit(String key, byte[] value);
    }

    public LmdbReader(Path dir) {
        this.dir = dir;
        if (!Files.isRegularFile(dir.resolve("data.mdb"))) {
            throw new BadInputException(dir + ": not an LMDB directory (no data.mdb inside)");
        }
        LmdbFileCheck.check(dir.resolve("data.mdb"));
        try {
            this.env = Env.create().setMaxDbs(1).open(dir.toFile(), EnvFlags.MDB_RDONLY_ENV, EnvFlags.MDB_NOLOCK);
            this.db = env.openDbi((byte[]) null);
        } catch (LmdbException e) {
            throw new BadInputException(dir + ": cannot open LMDB (" + e.getMessage() + ")", e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** Number of entries. */
    public long count() {
        try (Txn<ByteBuffer> txn = env.txnRead()) {
            return db.stat(txn).entries;
        }
    }

    /** The value stored under {@code key}, or null. */
    public byte[] get(String key) {
        try (Txn<ByteBuffer> txn = env.txnRead()) {
            ByteBuffer k = ByteBuffer.allocateDirect(env.getMaxKeySize());
            k.put(key.getBytes(StandardCharsets.US_ASCII)).flip();
            ByteBuffer v = db.get(txn, k);
            return v == null ? null : bytes(v);
        }
    }

    /** Visits entries in key order until the visitor returns false. */
    public void forEach(EntryVisitor visitor) {
        try (Txn<ByteBuffer> txn = env.txnRead();
                CursorIterable<ByteBuffer> it = db.iterate(txn, KeyRange.all())) {
            for (CursorIterable.KeyVal<ByteBuffer> kv : it) {
                String key = new String(bytes(kv.key()), StandardCharsets.US_ASCII);
                if (!visitor.visit(key, bytes(kv.val()))) {
                    return;
                }
            }
        }
    }

    /** The key at position {@code index} (0-based) in key order, or null. */
    public String keyAt(long index) {
        String[] found = {null};
        long[] i = {0};
        forEach((k, v) -> {
            if (i[0]++ == index) {
                found[0] = k;
                return false;
            }
            return true;
        });
        return found[0];
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    @Override
    public void close() {
        env.close();
    }
}
