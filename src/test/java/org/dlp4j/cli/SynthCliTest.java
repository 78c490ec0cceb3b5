package org.dlp4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dlp4j.cli.CoreCliTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dlp synth sunnybrook}: the case count's bounds, and no temp folder left behind by an interrupted run. */
class SynthCliTest {
    @TempDir
    Path tmp;

    @Test
    void casesOutsideOneToAThousandIsBadInput() throws Exception {
        for (String bad : new String[] {"0", "-3", "1001", "100000"}) {
            Run r = CoreCliTest.dlp("synth", "sunnybrook", "--out", tmp.resolve("s").toString(), "--cases", bad);
            assertThat(r.code()).as(bad + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).contains("--cases must be 1..1000").contains("got " + bad);
        }
        assertThat(listing()).isEmpty();
    }

    /** A SIGTERM (or Ctrl-C) in the middle of writing removes the hidden temp folder; nothing is published. */
    @Test
    void aTerminatedRunLeavesNoTempFolder() throws Exception {
        Path out = tmp.resolve("big");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "synth", "sunnybrook", "--out", out.toString(), "--cases", "400")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Path temp = null;
            while (System.nanoTime() < deadline && p.isAlive()) { // until a case folder is being written
                temp = listing().stream().filter(n -> n.startsWith(".big.tmp-")).findFirst().map(tmp::resolve)
                        .orElse(null);
                if (temp != null && Files.isDirectory(temp) && count(temp) >= 2) {
                    break;
                }
                Thread.sleep(20);
            }
            assertThat(temp).as(Files.readString(tmp.resolve("child.log"))).isNotNull();
            assertThat(p.isAlive()).as("still writing 400 cases").isTrue();
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(143);
            assertThat(temp).doesNotExist();
            assertThat(listing()).containsExactly("child.log");
        } finally {
            p.destroyForcibly();
        }
    }

    private long count(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    private List<String> listing() throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
