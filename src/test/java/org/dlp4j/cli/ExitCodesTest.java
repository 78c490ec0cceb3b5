package org.dlp4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import org.dlp4j.BadInputException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What a user reads, and the exit code, for each kind of failure. */
class ExitCodesTest {
    @CommandLine.Command(name = "demo-fail")
    static final class Failing implements Callable<Integer> {
        Exception toThrow;

        @Override
        public Integer call() throws Exception {
            throw toThrow;
        }
    }

    private static String[] run(Exception ex) {
        Failing f = new Failing();
        f.toThrow = ex;
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(f).setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler(new ExitCodes());
        int code = cl.execute();
        return new String[] {Integer.toString(code), err.toString()};
    }

    @Test
    void diskFullIsNamedNotCalledAnInternalError() {
        String[] r = run(new UncheckedIOException("cannot write /ws/.data.tmp/train_lmdb/data.mdb",
                new IOException("No space left on device")));
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[1]).contains("demo-fail: cannot write /ws/.data.tmp/train_lmdb/data.mdb (No space left on device)")
                .doesNotContain("internal error").doesNotContain("\tat ");
        r = run(new org.dlp4j.worker.WorkerFailedException("cannot write /out/a.png: No space left on device", 1, true));
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[1]).contains("cannot write /out/a.png: No space left on device").doesNotContain("internal error");
        r = run(new java.nio.file.AccessDeniedException("/ws/data"));
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[1]).contains("/ws/data").doesNotContain("internal error");
    }

    @Test
    void badInputAndBugsKeepTheirCodes() {
        String[] r = run(new BadInputException("x.dcm: not a DICOM file"));
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1]).contains("x.dcm: not a DICOM file").doesNotContain("internal error");
        r = run(new org.dlp4j.worker.WorkerKilledException(137));
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[1]).contains("demo-fail: the worker was killed (signal 9, e.g. out of memory)")
                .doesNotContain("Caffe aborted").doesNotContain("internal error");
        r = run(new org.dlp4j.caffe.NativeCrashException("Check failed: a == b", 134));
        assertThat(r[0]).isEqualTo("3");
        assertThat(r[1]).contains("Caffe aborted (exit 134): Check failed: a == b");
        r = run(new IllegalStateException("unexpected"));
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[1]).contains("unexpected").contains("internal error java.lang.IllegalStateException")
                .doesNotContain("\tat ");
    }

    @Test
    void aFileWhereAFolderIsNeededOrTheOtherWayRoundIsBadInputNamingTheUsersPath(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path tmp) throws IOException {
        java.nio.file.Path file = java.nio.file.Files.writeString(tmp.resolve("afile"), "x");
        String[] r = run(new java.nio.file.FileAlreadyExistsException(file.toString()));
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1]).contains("demo-fail: " + file + " exists and is not a folder").doesNotContain("internal error");
        java.nio.file.Path folder = java.nio.file.Files.createDirectories(tmp.resolve("afolder/inside"));
        r = run(new java.nio.file.FileAlreadyExistsException(tmp.resolve(".x.tmp").toString(), folder.toString(), null));
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1]).contains("demo-fail: " + folder + " already exists and is a folder").doesNotContain(".tmp");
        r = run(new java.nio.file.FileSystemException(file.resolve("sub").toString(), null, "Not a directory"));
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1]).contains("demo-fail: " + file + " exists and is not a folder");
        r = run(new UncheckedIOException("cannot write /o/emptydir: /o/.emptydir.1-1.tmp -> /o/emptydir: Is a directory",
                new java.nio.file.FileSystemException("/o/.emptydir.1-1.tmp", "/o/emptydir", "Is a directory")));
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1]).contains("demo-fail: /o/emptydir is a folder; give a file name").doesNotContain(".tmp")
                .doesNotContain("internal error");
    }
}
