package org.dlp4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./dlp} launcher (an integration test: it runs after {@code package}, so the launcher finds
 * {@code target/dlp4j.jar} and does not build). picocli's Java 5 class files go on the boot class path, where the
 * JVM loads them without its old verifier; the JVM's class-load log names the source of each class: a bare path
 * for the boot class path, a {@code file:} URL for the application class path.
 */
class LauncherIT {
    @TempDir
    Path tmp;

    @Test
    void picocliLoadsFromTheBootClassPathAndCommandsStillWork() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(Path.of("target/dlp4j.jar")), "needs the packaged jar");
        Path log = tmp.resolve("classes.log");
        ProcessBuilder pb = new ProcessBuilder("./dlp", "version").redirectErrorStream(true);
        pb.environment().put("DLP_JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("dlp4j").contains("caffe");
        List<String> lines = Files.readAllLines(log);
        String picocli = lines.stream().filter(l -> l.contains(" picocli.CommandLine source: ")).findFirst()
                .orElseThrow(() -> new AssertionError("picocli.CommandLine was not loaded"));
        assertThat(picocli).matches(".* source: /\\S*/target/lib/picocli-[0-9.]+\\.jar");
        String main = lines.stream().filter(l -> l.contains(" org.dlp4j.cli.Main source: ")).findFirst()
                .orElseThrow(() -> new AssertionError("org.dlp4j.cli.Main was not loaded"));
        assertThat(main).contains("source: file:"); // our own classes stay on the application class path

        // a usage error still maps to exit code 2 with picocli's message
        Process bad = new ProcessBuilder("./dlp", "no-such-command").redirectErrorStream(true).start();
        String err = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bad.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(bad.exitValue()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err).contains("Unmatched argument").contains("no-such-command");
    }
}
