package org.dlp4j.data.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.dlp4j.BadInputException;
import org.dlp4j.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data.mdb cut short or filled with junk is refused by name before LMDB maps it (it used to kill the JVM). */
class LmdbFileCheckTest {
    /** 20 records of 10 KB: pages 0..~60 of 4 KiB. */
    private static Path written(Path dir) throws Exception {
        Path db = dir.resolve("db");
        try (LmdbWriter w = new LmdbWriter(db)) {
            for (int i = 0; i < 20; i++) {
                byte[] v = new byte[10_000];
                Arrays.fill(v, (byte) i);
                w.add(Datum.ofBytes(1, 100, 100, v, 0).encode());
            }
            w.commit();
        }
        return db;
    }

    private static Path copyCut(Path db, Path to, int keep) throws Exception {
        Files.createDirectories(to);
        byte[] all = Files.readAllBytes(db.resolve("data.mdb"));
        Files.write(to.resolve("data.mdb"), Arrays.copyOf(all, keep));
        return to;
    }

    @Test
    void aTruncatedFileIsABadInputNamingIt(@TempDir Path dir) throws Exception {
        Path db = written(dir);
        long size = Files.size(db.resolve("data.mdb"));
        assertThat(size).isGreaterThan(200_000);
        LmdbFileCheck.check(db.resolve("data.mdb")); // the whole file passes
        try (LmdbReader r = new LmdbReader(db)) {
            assertThat(r.count()).isEqualTo(20);
        }
        Path cut = copyCut(db, dir.resolve("cut"), 5 * 4096);
        assertThatThrownBy(() -> new LmdbReader(cut)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(cut.resolve("data.mdb").toString()).hasMessageContaining("truncated LMDB file")
                .hasMessageContaining("has 20480 bytes").hasMessageContaining("reach byte " + size);
        // one page short still fails: the newest meta's last page is the file's last
        Path shortByOne = copyCut(db, dir.resolve("short"), (int) size - 4096);
        assertThatThrownBy(() -> new LmdbReader(shortByOne)).hasMessageContaining("truncated");
        // cut inside the second meta page, and junk
        Path meta = copyCut(db, dir.resolve("meta"), 4100);
        assertThatThrownBy(() -> new LmdbReader(meta)).hasMessageContaining("second meta page");
        Path junk = dir.resolve("junk");
        Files.createDirectories(junk);
        Files.write(junk.resolve("data.mdb"), new byte[9000]);
        assertThatThrownBy(() -> new LmdbReader(junk)).hasMessageContaining("not an LMDB file");
    }

    @Test
    void theCliSaysSoWithExit2(@TempDir Path dir) throws Exception {
        Path cut = copyCut(written(dir), dir.resolve("cut"), 5000 + 4096 * 3);
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "lmdb", "inspect",
                cut.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("truncated LMDB file").doesNotContain("Exception");
    }
}
