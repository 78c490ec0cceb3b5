package org.dlp4j.data.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.PutFlags;
import org.lmdbjava.Stat;
import org.lmdbjava.Txn;

/**
 * {@link LmdbWriter} writes LMDB files in Java; liblmdb itself (through lmdbjava) is the reference: the same puts
 * made by liblmdb in append mode give the same tree (depth and page counts), liblmdb reads every entry back, and
 * liblmdb can open the file for writing and add to it.
 */
class LmdbFormatTest {
    @TempDir
    Path tmp;

    static {
        LmdbNatives.init();
    }

    private record Put(String key, byte[] value) {
    }

    private static List<Put> puts(int n, int minSize, int maxSize, long seed) {
        Random r = new Random(seed);
        List<Put> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] v = new byte[minSize + r.nextInt(maxSize - minSize + 1)];
            r.nextBytes(v);
            list.add(new Put(LmdbWriter.key(i), v));
        }
        return list;
    }

    private void writeOurs(Path dir, List<Put> puts) throws Exception {
        try (LmdbWriter w = new LmdbWriter(dir)) {
            for (Put p : puts) {
                w.put(p.key(), p.value());
            }
            w.commit();
        }
    }

    /** The same puts through liblmdb: one transaction, MDB_APPEND, as Caffe's converters and our old writer did. */
    private static void writeLiblmdb(Path dir, List<Put> puts) throws Exception {
        Files.createDirectories(dir);
        try (Env<ByteBuffer> env = Env.create().setMapSize(1L << 30).setMaxDbs(1).open(dir.toFile())) {
            Dbi<ByteBuffer> db = env.openDbi((byte[]) null, DbiFlags.MDB_CREATE);
            try (Txn<ByteBuffer> txn = env.txnWrite()) {
                for (Put p : puts) {
                    db.put(txn, direct(p.key().getBytes(StandardCharsets.US_ASCII)), direct(p.value()),
                            PutFlags.MDB_APPEND);
                }
                txn.commit();
            }
        }
    }

    private static ByteBuffer direct(byte[] b) {
        ByteBuffer d = ByteBuffer.allocateDirect(Math.max(1, b.length));
        d.put(b).flip();
        return d;
    }

    private static Stat stat(Path dir) {
        try (Env<ByteBuffer> env = Env.create().setMaxDbs(1).open(dir.toFile(), EnvFlags.MDB_RDONLY_ENV,
                EnvFlags.MDB_NOLOCK)) {
            Dbi<ByteBuffer> db = env.openDbi((byte[]) null);
            try (Txn<ByteBuffer> txn = env.txnRead()) {
                return db.stat(txn);
            }
        }
    }

    /** Every entry liblmdb finds, in its cursor order. */
    private static List<Put> readAll(Path dir) {
        List<Put> got = new ArrayList<>();
        try (Env<ByteBuffer> env = Env.create().setMaxDbs(1).open(dir.toFile(), EnvFlags.MDB_RDONLY_ENV,
                EnvFlags.MDB_NOLOCK)) {
            Dbi<ByteBuffer> db = env.openDbi((byte[]) null);
            try (Txn<ByteBuffer> txn = env.txnRead(); CursorIterable<ByteBuffer> it = db.iterate(txn)) {
                for (CursorIterable.KeyVal<ByteBuffer> kv : it) {
                    byte[] k = new byte[kv.key().remaining()];
                    kv.key().get(k);
                    byte[] v = new byte[kv.val().remaining()];
                    kv.val().get(v);
                    got.add(new Put(new String(k, StandardCharsets.US_ASCII), v));
                }
            }
        }
        return got;
    }

    private static void assertSameEntries(List<Put> got, List<Put> want) {
        assertThat(got).hasSize(want.size());
        for (int i = 0; i < want.size(); i++) {
            assertThat(got.get(i).key()).isEqualTo(want.get(i).key());
            assertThat(got.get(i).value()).as(want.get(i).key()).isEqualTo(want.get(i).value());
        }
    }

    private void assertSameTreeAsLiblmdb(List<Put> puts, String name) throws Exception {
        Path ours = tmp.resolve(name + "-ours");
        Path ref = tmp.resolve(name + "-liblmdb");
        writeOurs(ours, puts);
        writeLiblmdb(ref, puts);
        Stat a = stat(ours);
        Stat b = stat(ref);
        assertThat(a.entries).isEqualTo(b.entries).isEqualTo(puts.size());
        assertThat(a.depth).as("depth").isEqualTo(b.depth);
        assertThat(a.leafPages).as("leaf pages").isEqualTo(b.leafPages);
        assertThat(a.branchPages).as("branch pages").isEqualTo(b.branchPages);
        assertThat(a.overflowPages).as("overflow pages").isEqualTo(b.overflowPages);
        assertThat(a.pageSize).isEqualTo(LmdbWriter.PAGE);
        assertSameEntries(readAll(ours), puts);
    }

    @Test
    void slicesOnOverflowPagesMakeLiblmdbsTree() throws Exception {
        // 256 x 256 uint8 Datums and their labels: every value on its own overflow pages, two leaf levels
        List<Put> puts = puts(700, 65_536, 65_560, 1);
        assertSameTreeAsLiblmdb(puts, "slices");
        assertThat(stat(tmp.resolve("slices-ours")).depth).isEqualTo(2);
        // the page just over the inline limit and exact multiples of the page size
        List<Put> edges = new ArrayList<>();
        int[] sizes = {0, 1, LmdbWriter.NODE_MAX - LmdbWriter.NODE - 8, LmdbWriter.NODE_MAX - LmdbWriter.NODE - 7,
            4096 - 16, 4096 - 15, 8192, 3 * 4096 - 16};
        for (int i = 0; i < sizes.length; i++) {
            byte[] v = new byte[sizes[i]];
            new Random(i).nextBytes(v);
            edges.add(new Put(LmdbWriter.key(i), v));
        }
        assertSameTreeAsLiblmdb(edges, "edges");
    }

    @Test
    void smallValuesMakeLiblmdbsThreeLevelTree() throws Exception {
        // 30,000 inline values of 30-60 bytes: about 500 leaves under 3 branch pages and a root
        List<Put> puts = puts(30_000, 30, 60, 2);
        assertSameTreeAsLiblmdb(puts, "small");
        assertThat(stat(tmp.resolve("small-ours")).depth).isEqualTo(3);
    }

    @Test
    void overflowPageCountsAreLiblmdbs() {
        // OVPAGES: a 16-byte page header, then the value over whole 4 KiB pages
        assertThat(LmdbWriter.overflowPages(1)).isEqualTo(1);
        assertThat(LmdbWriter.overflowPages(4096 - 16)).isEqualTo(1);
        assertThat(LmdbWriter.overflowPages(4096 - 15)).isEqualTo(2);
        assertThat(LmdbWriter.overflowPages(65_536 + 14)).isEqualTo(17); // a 256 x 256 uint8 Datum
        assertThat(LmdbWriter.overflowPages(Integer.MAX_VALUE)).isEqualTo(524_289); // 2^31 - 1 + 16 bytes, no wrap
    }

    @Test
    void pyLmdbReadsItToo() throws Exception {
        // a second liblmdb build (Debian's, through py-lmdb), where CI has it: entries, sizes and a checksum
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")));
        List<Put> puts = new ArrayList<>(puts(150, 65_536, 65_600, 5));
        puts.addAll(puts(250, 1, 300, 6).subList(150, 250));
        Path ours = tmp.resolve("py");
        writeOurs(ours, puts);
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", String.join("\n",
                "import sys, zlib",
                "try:",
                "    import lmdb",
                "except ImportError:",
                "    print('no lmdb'); sys.exit(0)",
                "env = lmdb.open(sys.argv[1], readonly=True, lock=False)",
                "n = 0; size = 0; crc = 0",
                "with env.begin() as t:",
                "    for k, v in t.cursor():",
                "        n += 1; size += len(v); crc = zlib.crc32(k + v, crc)",
                "print(n, size, crc, env.stat()['depth'])"), ours.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor()).as(out).isZero();
        org.junit.jupiter.api.Assumptions.assumeFalse(out.equals("no lmdb"), "python3-lmdb is not installed");
        long size = 0;
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        for (Put x : puts) {
            size += x.value().length;
            crc.update(x.key().getBytes(StandardCharsets.US_ASCII));
            crc.update(x.value());
        }
        assertThat(out).isEqualTo(puts.size() + " " + size + " " + crc.getValue() + " 2");
    }

    @Test
    void emptyDatabaseOpens() throws Exception {
        Path ours = tmp.resolve("empty");
        writeOurs(ours, List.of());
        assertThat(stat(ours).entries).isZero();
        assertThat(readAll(ours)).isEmpty();
        try (LmdbReader r = new LmdbReader(ours)) {
            assertThat(r.count()).isZero();
        }
    }

    @Test
    void liblmdbCanAddToOurFile() throws Exception {
        Path ours = tmp.resolve("grow");
        List<Put> first = puts(300, 10, 5_000, 3);
        writeOurs(ours, first);
        List<Put> more = puts(600, 10, 5_000, 4).subList(300, 600);
        try (Env<ByteBuffer> env = Env.create().setMapSize(1L << 28).setMaxDbs(1).open(ours.toFile())) {
            Dbi<ByteBuffer> db = env.openDbi((byte[]) null);
            try (Txn<ByteBuffer> txn = env.txnWrite()) {
                db.put(txn, direct("00000007".getBytes(StandardCharsets.US_ASCII)), direct(new byte[] {9}));
                for (Put p : more) {
                    db.put(txn, direct(p.key().getBytes(StandardCharsets.US_ASCII)), direct(p.value()));
                }
                txn.commit();
            }
        }
        List<Put> want = new ArrayList<>(first);
        want.set(7, new Put("00000007", new byte[] {9}));
        want.addAll(more);
        assertSameEntries(readAll(ours), want);
    }
}
