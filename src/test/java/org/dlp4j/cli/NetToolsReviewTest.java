package org.dlp4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The net tools' answers to a reviewer's reproductions: overwrites, solver files, unwritable outputs. */
class NetToolsReviewTest {
    @TempDir
    Path tmp;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void showRefusesToOverwriteAnEditedNetFolderWithoutForce() throws Exception {
        Path dir = tmp.resolve("nets/alexfcn");
        assertThat(run("net", "show", "alexfcn", "--out", dir.toString())).isZero();
        Path tv = dir.resolve("train_val.prototxt");
        String edited = Files.readString(tv).replace("\"conv6\"", "\"fc6\"");
        Files.writeString(tv, edited);
        Files.writeString(dir.resolve("infogain_H.binaryproto"), "H");

        assertThat(run("net", "show", "alexfcn", "--out", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--out " + dir).contains("--force").doesNotContain("internal error");
        assertThat(Files.readString(tv)).isEqualTo(edited);
        assertThat(dir.resolve("infogain_H.binaryproto")).exists();

        assertThat(run("net", "show", "alexfcn", "--out", dir.toString(), "--force")).isZero();
        assertThat(Files.readString(tv)).contains("\"conv6\"").isNotEqualTo(edited);
        try (Stream<Path> s = Files.list(dir)) { // replaced as a whole: nothing of the edited folder is left
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("train_val.prototxt",
                    "solver.prototxt", "deploy.prototxt", "labels.txt");
        }
        try (Stream<Path> s = Files.list(dir.getParent())) { // no temp or old folder beside it
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("alexfcn");
        }
        assertThat(out.toString().lines()).contains(dir.resolve("train_val.prototxt").toString());

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThat(run("net", "show", "lenet", "--out", empty.toString())).isZero();
        assertThat(empty.resolve("solver.prototxt")).exists();
    }

    @Test
    void drawToAPlaceThatTakesNoFilesIsBadInputWithTheReason() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")));
        assertThat(run("net", "draw", "prototxt/alexfcn/train_val.prototxt", "--out", "/proc/x.svg")).isEqualTo(2);
        assertThat(err.toString()).contains("cannot write /proc/x.svg: /proc does not take new files")
                .doesNotContain(".tmp").doesNotContain("internal error");
    }
}
