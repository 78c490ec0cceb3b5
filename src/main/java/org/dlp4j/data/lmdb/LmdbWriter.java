package org.dlp4j.data.lmdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Writes an LMDB the way Caffe reads it (a directory with {@code data.mdb}, unnamed main database), in Java: no
 * native library to load, no memory map, no transaction per batch. The file is the B+tree that liblmdb 0.9
 * builds when it appends keys in order ({@code MDB_APPEND}: full pages, each split at its end), so liblmdb, py-lmdb
 * and Caffe read it as one of their own; tests compare it with lmdbjava's output page count for page count.
 *
 * <p>How: a value too large for a leaf node (liblmdb's rule: node header, key and value over 2,038 bytes at a
 * 4 KiB page size) goes to its overflow pages as soon as it is put, so the writer holds only keys and small values.
 * {@link #commit()} sorts the keys when they came out of order (a repeated key keeps its last value), writes the
 * leaf and branch pages, then the two meta pages (the second, transaction 1, describes the tree), syncs once and
 * renames the temporary sibling directory into place. Closing without commit deletes it, so a crash never leaves
 * a half-written database that looks complete. A value replaced by a later put of the same key leaves its
 * overflow pages unreferenced (space only; readers never see them). Not thread-safe: one writer thread.
 *
 * <p>Format facts (liblmdb 0.9, 64-bit little-endian; all fields native-endian): page header = pgno (8), pad (2),
 * flags (2), lower/upper or overflow page count (4); node = data size low/high (2+2), flags (2), key size (2), key,
 * data (or the overflow pgno when flag {@code F_BIGDATA}); a branch node keeps its child's pgno in the first six
 * bytes; meta = magic 0xBEEFC0DE, version 1, address, map size, two database records (free list, main) of pad,
 * flags, depth, branch/leaf/overflow page counts, entries and root, then the last page number and the txnid.
 */
public final class LmdbWriter implements AutoCloseable {
    /** Page size written (liblmdb takes the file's from its meta page). */
    static final int PAGE = 4096;
    /** Page header: pgno, pad, flags, lower/upper. */
    static final int HEADER = 16;
    /** Node header: lo, hi, flags, ksize. */
    static final int NODE = 8;
    /** liblmdb's me_nodemax for 4 KiB pages: larger leaf nodes keep their value on overflow pages. */
    static final int NODE_MAX = (((PAGE - HEADER) / 2) & -2) - 2;
    /** liblmdb's default (and Caffe's) maximum key size. */
    public static final int MAX_KEY = 511;

    private static final short P_BRANCH = 0x01;
    private static final short P_LEAF = 0x02;
    private static final short P_OVERFLOW = 0x04;
    private static final short P_META = 0x08;
    private static final short F_BIGDATA = 0x01;
    private static final short MDB_INTEGERKEY = 0x08;
    private static final int MAGIC = 0xBEEFC0DE;
    private static final long P_INVALID = -1L;
    private static final long INITIAL_MAP = 64L << 20;
    /**
     * Bytes written after which a sync starts on {@link #SYNCER}: the disk then takes them while the caller computes
     * the next values, and the commit's own sync has little left (measured on a 1,152-slice import: the four final
     * syncs 0.10-0.12 s each without, 3-8 ms with; wall 1.62 -> 1.55 s, 5 alternating runs).
     */
    private static final long EARLY_SYNC_BYTES = 4L << 20;
    /** One daemon thread for the early syncs of every writer: they wait on the disk, not on a core. */
    private static final java.util.concurrent.ExecutorService SYNCER =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "dlp-lmdb-sync");
                t.setDaemon(true);
                return t;
            });

    /** One entry: its key and either its inline value or where its overflow pages start. */
    private record Entry(byte[] key, byte[] inline, long overflowPage, int size, long seq) {
        int nodeSize() {
            return even(NODE + key.length + (inline != null ? inline.length : 8));
        }
    }

    private final Path target;
    private final Path temp;
    private final FileChannel file;
    private final List<Entry> entries = new ArrayList<>();
    /** Staging for the tree's pages on their way to the file (made by {@link #commit()}). */
    private ByteBuffer out;
    /** The page number of the first page staged in {@link #out}; -1: none staged. */
    private long stagedFirstPage = -1;
    /** The next free page number (0 and 1 are the metas). */
    private long nextPage = 2;
    private long overflowPages;
    private long count;
    private boolean sorted = true;
    private long mapSize;
    private boolean done;
    /** Bytes written since the last early sync started. */
    private long unsynced;
    private java.util.concurrent.Future<?> earlySync;

    /** Opens a writer for {@code target}, which must not exist yet. */
    public LmdbWriter(Path target) throws IOException {
        this.target = target.toAbsolutePath();
        if (Files.exists(this.target)) {
            throw new FileAlreadyExistsException(this.target.toString(), null, "LMDB output already exists");
        }
        Files.createDirectories(this.target.getParent());
        this.temp = org.dlp4j.AtomicFiles.createTempDirectory(this.target.getParent(),
                "." + this.target.getFileName() + ".tmp-");
        this.file = FileChannel.open(temp.resolve("data.mdb"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
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

    /** Adds an entry under {@code key} (1 to {@value #MAX_KEY} bytes); a key put again keeps its last value. */
    public void put(String key, byte[] value) {
        if (done) {
            throw new IllegalStateException("LMDB writer for " + target + " is already committed or closed");
        }
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        if (k.length == 0 || k.length > MAX_KEY) {
            throw new IllegalArgumentException("LMDB keys are 1 to " + MAX_KEY + " bytes, not " + k.length);
        }
        Entry e;
        if (NODE + k.length + value.length > NODE_MAX) {
            long first = nextPage;
            int pages = overflowPages(value.length);
            try {
                writeOverflow(first, pages, value);
            } catch (IOException ex) {
                throw new UncheckedIOException(
                        "cannot write " + temp.resolve("data.mdb") + " (" + ex.getMessage() + ")", ex);
            }
            nextPage += pages;
            overflowPages += pages;
            unsynced += (long) pages * PAGE;
            if (unsynced >= EARLY_SYNC_BYTES && (earlySync == null || earlySync.isDone())) {
                unsynced = 0;
                earlySync = SYNCER.submit(() -> {
                    file.force(false);
                    return null;
                });
            }
            e = new Entry(k, null, first, value.length, count);
        } else {
            e = new Entry(k, value.clone(), 0, value.length, count);
        }
        if (sorted && !entries.isEmpty() && Arrays.compareUnsigned(entries.get(entries.size() - 1).key, k) >= 0) {
            sorted = false;
        }
        entries.add(e);
        count++;
    }

    /** liblmdb's OVPAGES: a page header, then the value across as many whole pages as it needs. */
    static int overflowPages(int size) {
        return (int) ((HEADER - 1L + size) / PAGE + 1); // in long: a value near 2 GiB must not wrap
    }

    /** Puts so far (a repeated key counts each time). */
    public long count() {
        return count;
    }

    /** The map size recorded in the meta page (known after {@link #commit()}): 64 MiB doubled until the file fits. */
    public long mapSize() {
        return mapSize;
    }

    private void writeOverflow(long pgno, int pages, byte[] value) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        header.putLong(pgno).putShort((short) 0).putShort(P_OVERFLOW).putInt(pages).flip();
        // the tail of the last page stays a hole in the file (reads as zeros), as liblmdb leaves it unwritten
        long at = pgno * PAGE;
        ByteBuffer[] parts = {header, ByteBuffer.wrap(value)};
        long want = HEADER + (long) value.length;
        file.position(at);
        long wrote = 0;
        while (wrote < want) {
            wrote += file.write(parts);
        }
    }

    /** Writes the staged pages, which are consecutive from {@link #stagedFirstPage}. */
    private void flushOut() throws IOException {
        if (out.position() == 0) {
            return;
        }
        out.flip();
        long at = stagedFirstPage * PAGE;
        while (out.hasRemaining()) {
            at += file.write(out, at);
        }
        out.clear();
        stagedFirstPage = -1;
    }

    /** A fresh page at {@link #nextPage}, zeroed, staged after the previous one: returns its offset in the buffer. */
    private int newPage(short flags) throws IOException {
        if (stagedFirstPage < 0 || out.remaining() < PAGE) {
            flushOut();
            stagedFirstPage = nextPage;
        }
        int at = out.position();
        for (int i = 0; i < PAGE; i += 8) {
            out.putLong(at + i, 0L);
        }
        out.position(at + PAGE);
        out.putLong(at, nextPage);
        out.putShort(at + 10, flags);
        nextPage++;
        return at;
    }

    /** A child page of the level above: its pgno and the smallest key under it. */
    private record Child(long pgno, byte[] firstKey) {
    }

    /** Sorts (when needed), writes the tree and the metas, syncs, and renames the database into place. */
    public void commit() throws IOException {
        if (done) {
            throw new IllegalStateException("LMDB writer for " + target + " is already committed or closed");
        }
        List<Entry> list = entries;
        if (!sorted) {
            list = new ArrayList<>(entries);
            list.sort(Comparator.<Entry, byte[]>comparing(Entry::key, Arrays::compareUnsigned)
                    .thenComparingLong(Entry::seq));
            List<Entry> unique = new ArrayList<>(list.size());
            for (Entry e : list) {
                if (!unique.isEmpty() && Arrays.equals(unique.get(unique.size() - 1).key, e.key)) {
                    unique.set(unique.size() - 1, e); // the later put wins
                } else {
                    unique.add(e);
                }
            }
            list = unique;
        }
        out = ByteBuffer.allocateDirect(64 * PAGE).order(ByteOrder.LITTLE_ENDIAN);
        long[] tree = writeTree(list); // root, depth, branch pages, leaf pages
        flushOut();
        long lastPage = nextPage - 1;
        long fileBytes = nextPage * PAGE;
        mapSize = INITIAL_MAP;
        while (mapSize < fileBytes) {
            mapSize *= 2;
        }
        ByteBuffer metas = ByteBuffer.allocate(2 * PAGE).order(ByteOrder.LITTLE_ENDIAN);
        meta(metas, 0, 0, P_INVALID, 0, 0, 0, 0, 1); // liblmdb's initial meta: txnid 0, empty
        meta(metas, 1, 1, tree[0], (int) tree[1], tree[2], tree[3], list.size(), lastPage);
        awaitEarlySync();
        long at = 0; // absolute puts: the buffer's position is still 0 and its limit both pages
        while (metas.hasRemaining()) {
            at += file.write(metas, at);
        }
        file.force(false);
        file.close();
        done = true;
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Waits for the early sync in flight, if any; a failed one leaves the commit's sync to report the problem. */
    private void awaitEarlySync() {
        if (earlySync == null) {
            return;
        }
        try {
            earlySync.get();
        } catch (java.util.concurrent.ExecutionException e) {
            // the commit's force() fails the same way, or succeeds
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        earlySync = null;
    }

    private void meta(ByteBuffer b, int pgno, long txnid, long root, int depth, long branch, long leaf, long entries,
            long lastPage) {
        int p = pgno * PAGE;
        b.putLong(p, pgno);
        b.putShort(p + 10, P_META);
        int m = p + HEADER;
        b.putInt(m, MAGIC);
        b.putInt(m + 4, 1); // MDB_DATA_VERSION
        b.putLong(m + 8, 0); // address (no MDB_FIXEDMAP)
        b.putLong(m + 16, mapSize);
        // free-list database: its pad holds the page size and its flags MDB_INTEGERKEY; empty
        database(b, m + 24, PAGE, MDB_INTEGERKEY, 0, 0, 0, 0, 0, P_INVALID);
        database(b, m + 72, 0, (short) 0, depth, branch, leaf, depth == 0 ? 0 : overflowPages, entries, root);
        b.putLong(m + 120, lastPage);
        b.putLong(m + 128, txnid);
    }

    private static void database(ByteBuffer b, int at, int pad, short flags, int depth, long branch, long leaf,
            long overflow, long entries, long root) {
        b.putInt(at, pad);
        b.putShort(at + 4, flags);
        b.putShort(at + 6, (short) depth);
        b.putLong(at + 8, branch);
        b.putLong(at + 16, leaf);
        b.putLong(at + 24, overflow);
        b.putLong(at + 32, entries);
        b.putLong(at + 40, root);
    }

    /** Leaves filled in key order, then branch levels until one root: {root, depth, branch pages, leaf pages}. */
    private long[] writeTree(List<Entry> list) throws IOException {
        if (list.isEmpty()) {
            return new long[] {P_INVALID, 0, 0, 0};
        }
        List<Child> level = new ArrayList<>();
        PageFill leaf = new PageFill();
        for (Entry e : list) {
            int size = e.nodeSize();
            if (!leaf.fits(size)) {
                level.add(new Child(nextPage, e.key));
                leaf.start(P_LEAF);
            }
            int n = leaf.add(size);
            out.putShort(n, (short) e.size).putShort(n + 2, (short) (e.size >>> 16));
            out.putShort(n + 4, e.inline == null ? F_BIGDATA : 0).putShort(n + 6, (short) e.key.length);
            out.put(n + NODE, e.key);
            if (e.inline != null) {
                out.put(n + NODE + e.key.length, e.inline);
            } else {
                out.putLong(n + NODE + e.key.length, e.overflowPage);
            }
        }
        leaf.end();
        long leaves = level.size();
        long branches = 0;
        int depth = 1;
        while (level.size() > 1) {
            List<Child> above = new ArrayList<>();
            PageFill branch = new PageFill();
            for (Child c : level) {
                if (!branch.fits(even(NODE + c.firstKey.length))) {
                    above.add(new Child(nextPage, c.firstKey));
                    branch.start(P_BRANCH);
                    branches++;
                }
                // a branch page's first key is never compared: liblmdb leaves it empty
                byte[] key = branch.isEmpty() ? new byte[0] : c.firstKey;
                int n = branch.add(even(NODE + key.length));
                out.putShort(n, (short) c.pgno).putShort(n + 2, (short) (c.pgno >>> 16));
                out.putShort(n + 4, (short) (c.pgno >>> 32)).putShort(n + 6, (short) key.length);
                out.put(n + NODE, key);
            }
            branch.end();
            level = above;
            depth++;
        }
        return new long[] {level.get(0).pgno, depth, branches, leaves};
    }

    /**
     * The page being filled in {@link #out}: node pointers grow from {@code lower} up, nodes from {@code upper}
     * down; {@link #end()} records both in the page header.
     */
    private final class PageFill {
        /** The page's offset in {@link #out}; -1: none open. */
        private int page = -1;
        private int lower;
        private int upper;

        /** Whether a node of {@code size} bytes and its 2-byte pointer fit in the open page (false: none open). */
        boolean fits(int size) {
            return page >= 0 && upper - lower >= size + 2;
        }

        /** Whether the open page holds no node yet. */
        boolean isEmpty() {
            return upper == PAGE;
        }

        /** Ends the open page, if any, and opens a fresh one at {@link #nextPage}. */
        void start(short flags) throws IOException {
            end(); // before newPage, which may write the staged pages out
            page = newPage(flags);
            lower = HEADER;
            upper = PAGE;
        }

        /** Room for a node of {@code size} bytes, its pointer recorded: the node's offset in {@link #out}. */
        int add(int size) {
            upper -= size;
            out.putShort(page + lower, (short) upper);
            lower += 2;
            return page + upper;
        }

        void end() {
            if (page >= 0) {
                out.putShort(page + 12, (short) lower).putShort(page + 14, (short) upper);
                page = -1;
            }
        }
    }

    private static int even(int n) {
        return (n + 1) & -2;
    }

    /** Without a prior {@link #commit()}: discards everything written. Closing twice is harmless. */
    @Override
    public void close() {
        if (done) {
            return;
        }
        done = true;
        awaitEarlySync(); // not closed under a sync
        try {
            file.close();
        } catch (IOException e) {
            // the folder goes anyway
        }
        try {
            org.dlp4j.AtomicFiles.deleteTree(temp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + temp, e);
        }
    }
}
