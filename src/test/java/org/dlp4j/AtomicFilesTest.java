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
                .isInstanceOf(BadInputException.class).hasMessageContaining("child.txt")
                .hasMessageContaining(blocker + " exists and is not a folder");
        Path target = Files.createDirectories(dir.resolve("target-is-a-folder"));
        Files.writeString(target.resolve("inside"), "x");
        assertThatThrownBy(() -> AtomicFiles.writeString(target, "y")).isInstanceOf(BadInputException.class)
                .hasMessageContaining(target + " is a folder; give a file name").hasMessageNotContaining(".tmp");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void aPlaceThatTakesNoFilesIsBadInputWithTheReasonNotJustATempName() {
        // /proc takes no new files, even for root (the reviewer's 'net draw --out /proc/x.svg' said only the temp name)
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")));
        assertThatThrownBy(() -> AtomicFiles.writeString(Path.of("/proc/x.svg"), "<svg/>"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("cannot write /proc/x.svg: /proc does not take new files (a virtual or special file system)");
        assertThatThrownBy(() -> AtomicFiles.writeString(Path.of("/proc/nested/x.svg"), "<svg/>"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("cannot create the folder /proc/nested");
    }

    @Test
    void aFullDiskStaysAnIoFailure() {
        RuntimeException e = AtomicFiles.failure(dir.resolve("a.bin"),
                new java.io.IOException("No space left on device"));
        assertThat(e).isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot write " + dir.resolve("a.bin") + ": No space left on device");
    }

    @Test
    void replaceDirectorySwapsTheWholeFolderAndLeavesNothingOfTheOld() throws Exception {
        Path target = dir.resolve("nets/n");
        Files.createDirectories(target);
        Files.writeString(target.resolve("old-only.txt"), "old");
        Files.writeString(target.resolve("both.txt"), "old");
        AtomicFiles.replaceDirectory(target, staging -> Files.writeString(staging.resolve("both.txt"), "new"));
        try (Stream<Path> s = Files.list(target)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("both.txt");
        }
        assertThat(Files.readString(target.resolve("both.txt"))).isEqualTo("new");
        try (Stream<Path> s = Files.list(target.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("n"); // no temp or old folder
        }
        // content that fails leaves the old folder as it was
        assertThatThrownBy(() -> AtomicFiles.replaceDirectory(target, staging -> {
            Files.writeString(staging.resolve("half.txt"), "x");
            throw new java.io.IOException("boom");
        })).hasMessage("boom");
        try (Stream<Path> s = Files.list(target.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("n");
        }
        assertThat(Files.readString(target.resolve("both.txt"))).isEqualTo("new");
        assertThat(target.resolve("half.txt")).doesNotExist();
    }
}
