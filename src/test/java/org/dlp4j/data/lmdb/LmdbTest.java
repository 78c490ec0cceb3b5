package org.dlp4j.data.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dlp4j.BadInputException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LmdbTest {
    @TempDir
    Path tmp;

    @Test
    void writesLargeValuesAndCommitsAtomically() throws Exception {
        Path db = tmp.resolve("train_lmdb");
        byte[] value = new byte[50_000];
        try (LmdbWriter w = new LmdbWriter(db)) {
            for (int i = 0; i < 300; i++) {
                value[0] = (byte) i;
                w.add(Datum.ofBytes(1, 200, 250, value, i % 2).encode());
            }
            assertThat(Files.exists(db)).isFalse();
            w.commit();
            assertThat(w.mapSize()).isGreaterThanOrEqualTo(Files.size(db.resolve("data.mdb")))
                    .isGreaterThan(300L * 50_000);
        }
        try (var list = Files.list(tmp)) {
            assertThat(list.map(p -> p.getFileName().toString()).toList()).containsExactly("train_lmdb");
        }
        try (LmdbReader r = new LmdbReader(db)) {
            assertThat(r.count()).isEqualTo(300);
            assertThat(r.keyAt(0)).isEqualTo("00000000");
            assertThat(r.keyAt(299)).isEqualTo("00000299");
            Datum d = Datum.decode(r.get("00000123"));
            assertThat(d.label()).isEqualTo(1);
            assertThat(d.data()[0]).isEqualTo((byte) 123);
            assertThat(d.height()).isEqualTo(200);
            assertThat(r.get("nope")).isNull();
        }
    }

    @Test
    void keysOutOfOrderAndRepeatedAreStoredLikePlainPuts() throws Exception {
        // keys out of order are sorted at commit; a repeated key keeps its last value
        Path db = tmp.resolve("mixed_lmdb");
        String[] keys = {"00000005", "00000007", "00000001", "00000009", "00000007", "0000001", "00000010"};
        try (LmdbWriter w = new LmdbWriter(db)) {
            for (int i = 0; i < keys.length; i++) {
                w.put(keys[i], new byte[] {(byte) i});
            }
            for (int i = 0; i < 600; i++) { // then one more out-of-order key
                w.put("a" + LmdbWriter.key(i), new byte[] {(byte) i});
            }
            w.put("00000002", new byte[] {42});
            w.commit();
        }
        try (LmdbReader r = new LmdbReader(db)) {
            assertThat(r.count()).isEqualTo(6 + 1 + 600);
            List<String> order = new ArrayList<>();
            for (long i = 0; i < 8; i++) {
                order.add(r.keyAt(i));
            }
            // memcmp order, a shorter key before its extensions: "00000009" < "0000001" < "00000010"
            assertThat(order).containsExactly("00000001", "00000002", "00000005", "00000007", "00000009", "0000001",
                    "00000010", "a00000000");
            assertThat(r.get("00000007")).containsExactly(4); // the later put wins
            assertThat(r.get("0000001")).containsExactly(5);
            assertThat(r.get("00000002")).containsExactly(42);
            assertThat(r.get("a00000599")).containsExactly((byte) 599);
        }
    }

    @Test
    void closeWithoutCommitLeavesNothing() throws Exception {
        Path db = tmp.resolve("x_lmdb");
        try (LmdbWriter w = new LmdbWriter(db)) {
            w.add(new byte[] {1});
        }
        try (var list = Files.list(tmp)) {
            assertThat(list.toList()).isEmpty();
        }
    }

    @Test
    void refusesAnExistingTarget() throws Exception {
        Path db = Files.createDirectories(tmp.resolve("exists"));
        assertThatThrownBy(() -> new LmdbWriter(db)).isInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> new LmdbReader(tmp)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("no data.mdb");
    }

    @Test
    void readsTheMiniCaffePythonLmdb() {
        Path db = Path.of("../shared/data/lmdb/miniCaffePython/test_lmdb");
        Assumptions.assumeTrue(Files.isDirectory(db));
        try (LmdbReader r = new LmdbReader(db)) {
            assertThat(r.count()).isEqualTo(380);
            int[] labels = new int[2];
            List<String> keys = new ArrayList<>();
            r.forEach((k, v) -> {
                Datum d = Datum.decode(v);
                assertThat(d.channels()).isEqualTo(3);
                assertThat(d.height()).isEqualTo(32);
                assertThat(d.width()).isEqualTo(32);
                assertThat(d.data()).hasSize(3072);
                assertThat(d.encoded()).isFalse();
                labels[d.label()]++;
                keys.add(k);
                return true;
            });
            assertThat(labels).containsExactly(55, 325);
            assertThat(keys.get(0)).isEqualTo("00000000_N1806522622_1.png");
            assertThat(keys).isSorted();
        }
    }

    @Test
    void aRecordThatIsNoDatumIsBadInputNamingTheLmdbAndKey() throws Exception {
        Path dir = tmp.resolve("other_lmdb");
        try (LmdbWriter w = new LmdbWriter(dir)) {
            w.put("00000000", Datum.ofBytes(1, 1, 2, new byte[] {0, 1}, 0).encode());
            w.put("00000001", new byte[] {0x0F, 1, 2}); // field 1 with wire type 7: no protobuf
            w.commit();
        }
        try (LmdbReader r = new LmdbReader(dir)) {
            assertThatThrownBy(() -> LmdbSummary.of(r)).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("other_lmdb").hasMessageContaining("'00000001'")
                    .hasMessageContaining("not a caffe.Datum");
        }
        java.io.StringWriter err = new java.io.StringWriter();
        int code = org.dlp4j.cli.Main.run(new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(err), "lmdb", "inspect", dir.toString());
        assertThat(code).as(err.toString()).isEqualTo(2);
        assertThat(err.toString()).contains("'00000001'").contains("not a caffe.Datum");
    }
}
