package org.dlp4j.data.lmdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.PutFlags;
import org.lmdbjava.Txn;

/**
 * Writes an LMDB the way Caffe reads it (a directory with {@code data.mdb}, unnamed main database). Entries go
 * to a temporary sibling directory and are renamed into place by {@link #commit()}; closing without commit
 * deletes them, so a crash never leaves a half-written database that looks complete. Puts are batched (at most
 * 512 entries or 8 MiB held, one transaction each, no fsync until the commit's single sync); when
 * the map is full the batch is retried with a doubled map size, so "map full" never fails a write. Not
 * thread-safe: one writer thread.
 */
public final class LmdbWriter implements AutoCloseable {
    static {
        LmdbNatives.init();
    }

    private static final long INITIAL_MAP = 64L << 20;
    private static final int BATCH_ENTRIES = 512;
    private static final long BATCH_BYTES = 8L << 20;

    private final Path target;
    private final Path temp;
    private final Env<ByteBuffer> env;
    private final Dbi<ByteBuffer> db;
    private final List<byte[][]> pending = new ArrayList<>();
    private long pendingBytes;
    private ByteBuffer value = ByteBuffer.allocateDirect(1 << 16);
    private long mapSize;
    private long count;
    /** The greatest key stored so far (empty: none). */
    private byte[] lastKey = new byte[0];
    private boolean done;

    /** Opens a writer for {@code target}, which must not exist yet. */
    public LmdbWriter(Path target) throws IOException {
        this(target, INITIAL_MAP);
    }

    /** As {@link #LmdbWriter(Path)} with a chosen initial map size (tests use a tiny one to force growth). */
    public LmdbWriter(Path target, long initialMapSize) throws IOException {
        this.target = target.toAbsolutePath();
        if (Files.exists(this.target)) {
            throw new FileAlreadyExistsException(this.target.toString(), null, "LMDB output already exists");
        }
        Files.createDirectories(this.target.getParent());
        this.temp = org.dlp4j.AtomicFiles.createTempDirectory(this.target.getParent(), "." + this.target.getFileName() + ".tmp-");
        this.mapSize = Math.max(1 << 16, initialMapSize);
        // no fsync per batch: the database lives in a temporary folder until commit(), which syncs once
        this.env = Env.create().setMapSize(mapSize).setMaxDbs(1).open(temp.toFile(), EnvFlags.MDB_NOSYNC);
        this.db = env.openDbi((byte[]) null, DbiFlags.MDB_CREATE);
    }

    /** The key Caffe's tools use for entry {@code index}: {@code %08d}. */
    public static String key(long index) {
        String d = Long.toString(index);
        return d.length() >= 8 ? d : "00000000".substring(d.length()) + d;
    }

    /** Adds an entry under {@code %08d} of the running count. */
    public void add(byte[] value) {
        put(key(count), value);
    }

    /** Adds an entry under {@code key}. */
    public void put(String key, byte[] value) {
        if (done) {
            throw new IllegalStateException("LMDB writer for " + target + " is already committed or closed");
        }
        pending.add(new byte[][] {key.getBytes(StandardCharsets.US_ASCII), value});
        pendingBytes += value.length;
        count++;
        if (pending.size() >= BATCH_ENTRIES || pendingBytes >= BATCH_BYTES) {
            flush();
        }
    }

    /** Entries added so far. */
    public long count() {
        return count;
    }

    /** The current map size in bytes (grows when the map fills). */
    public long mapSize() {
        return mapSize;
    }

    /** Writes the pending batch in one transaction; on map full, doubles the map and retries. */
    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        byte[] lastBefore = lastKey;
        while (true) {
            byte[] last = lastBefore;
            try (Txn<ByteBuffer> txn = env.txnWrite()) {
                ByteBuffer k = ByteBuffer.allocateDirect(env.getMaxKeySize());
                for (byte[][] e : pending) {
                    k.clear();
                    k.put(e[0]).flip();
                    if (value.capacity() < e[1].length) {
                        value = ByteBuffer.allocateDirect(Math.max(e[1].length, value.capacity() * 2));
                    }
                    value.clear();
                    value.put(e[1]).flip();
                    if (Arrays.compareUnsigned(e[0], last) > 0) {
                        // keys in ascending order (Caffe's %08d) append: no tree search, no page splits
                        db.put(txn, k, value, PutFlags.MDB_APPEND);
                        last = e[0];
                    } else {
                        db.put(txn, k, value);
                    }
                }
                txn.commit();
                lastKey = last;
                break;
            } catch (Env.MapFullException e) {
                mapSize *= 2;
                env.setMapSize(mapSize);
            }
        }
        pending.clear();
        pendingBytes = 0;
    }

    /** Flushes, closes and renames the database into place. */
    public void commit() throws IOException {
        if (done) {
            throw new IllegalStateException("LMDB writer for " + target + " is already committed or closed");
        }
        flush();
        env.sync(true);
        env.close();
        done = true;
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Without a prior {@link #commit()}: discards everything written. Closing twice is harmless. */
    @Override
    public void close() {
        if (done) {
            return;
        }
        done = true;
        env.close();
        deleteTree(temp);
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
