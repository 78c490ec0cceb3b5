package org.dlp4j.data.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader's binding choice: jnr-ffi's reflective binding unless the user chose. */
class LmdbNativesTest {
    @TempDir
    Path dir;

    @Test
    void readerChoosesTheReflectiveBindingAndReadsBack() throws Exception {
        String before = System.getProperty("jnr.ffi.asm.enabled");
        try (LmdbWriter w = new LmdbWriter(dir.resolve("db"))) {
            for (int i = 0; i < 300; i++) {
                w.add(new byte[] {(byte) i, (byte) (i >> 8), 7});
            }
            w.commit();
        }
        try (LmdbReader r = new LmdbReader(dir.resolve("db"))) {
            assertThat(System.getProperty("jnr.ffi.asm.enabled")).isEqualTo(before == null ? "false" : before);
            assertThat(r.count()).isEqualTo(300);
            assertThat(r.get("00000258")).containsExactly((byte) 258, (byte) (258 >> 8), 7);
        }
    }
}
