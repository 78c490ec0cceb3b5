package org.dlp4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole-file writes: complete or absent, with the permissions any plainly written file gets. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void replacesTheTargetAndLeavesNoTempFile() throws Exception {
        Path f = dir.resolve("a/b/out.txt");
        AtomicFiles.writeString(f, "first");
        AtomicFiles.writeString(f, "second");
        assertThat(Files.readString(f)).isEqualTo("second");
        try (Stream<Path> s = Files.list(f.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("out.txt");
        }
    }

    @Test
    void theFileGetsTheUmasksPermissionsNotOwnerOnly() throws Exception {
        Assumptions.assumeTrue(Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class));
        Path plain = dir.resolve("plain.bin");
        Files.write(plain, new byte[] {1});
        Path atomic = dir.resolve("atomic.bin");
        AtomicFiles.write(atomic, new byte[] {1});
        assertThat(Files.getPosixFilePermissions(atomic)).isEqualTo(Files.getPosixFilePermissions(plain));
    }

    @Test
    void aTempNameLeftByAnotherProcessIsSkipped() throws Exception {
        // a crashed process with this pid left the next five names this process would pick
        long pid = ProcessHandle.current().pid();
        long next = AtomicFiles.counter() + 1;
        for (long k = next; k < next + 5; k++) {
            Files.write(dir.resolve(".x." + pid + "-" + k + ".tmp"), new byte[] {9});
        }
        AtomicFiles.writeString(dir.resolve("x"), "ok");
        assertThat(Files.readString(dir.resolve("x"))).isEqualTo("ok");
        assertThat(Files.readAllBytes(dir.resolve(".x." + pid + "-" + next + ".tmp"))).containsExactly(9);
    }

    @Test
    void aFailedWriteNamesTheFileAndLeavesNothing() throws Exception {
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "not a folder");
        assertThatThrownBy(() -> AtomicFiles.writeString(blocker.resolve("child.txt"), "x"))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("child.txt");
        Path target = Files.createDirectories(dir.resolve("target-is-a-folder"));
        Files.writeString(target.resolve("inside"), "x");
        assertThatThrownBy(() -> AtomicFiles.writeString(target, "y")).isInstanceOf(UncheckedIOException.class);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }
}
