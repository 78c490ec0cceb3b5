package org.dlp4j.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dlp4j.cli.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** README.md cannot rot: its commands parse against the real CLI and its Java example is compiled code. */
class ReadmeTest {
    private static final Path README = Path.of("README.md");

    static List<String> commands() throws Exception {
        List<String> out = new ArrayList<>();
        boolean inBash = false;
        for (String line : Files.readAllLines(README)) {
            if (line.startsWith("```")) {
                inBash = !inBash && line.startsWith("```bash");
                continue;
            }
            String l = line.trim();
            if (inBash && l.startsWith("./dlp ")) {
                int hash = l.indexOf(" #");
                out.add((hash > 0 ? l.substring(0, hash) : l).trim());
            }
        }
        return out;
    }

    @Test
    void everyDlpCommandInTheReadmeParses() throws Exception {
        List<String> cmds = commands();
        assertThat(cmds).hasSizeGreaterThan(20);
        assertThat(cmds).contains("./dlp demo");
        for (String c : cmds) {
            String[] args = c.substring("./dlp ".length()).split("\\s+");
            CommandLine cl = Main.commandLine();
            try {
                cl.parseArgs(args);
            } catch (CommandLine.ParameterException e) {
                throw new AssertionError("README command does not parse: " + c + "\n  " + e.getMessage(), e);
            }
        }
    }

    @Test
    void theJavaExampleIsTheCompiledSnippet() throws Exception {
        List<String> src = Files.readAllLines(Path.of("src/test/java/org/dlp4j/readme/ReadmeSnippet.java"));
        int from = indexOf(src, "// README:BEGIN") + 1;
        int to = indexOf(src, "// README:END");
        String snippet = String.join("\n", src.subList(from, to).stream()
                .map(l -> l.length() >= 8 ? l.substring(8) : l.strip()).toList());
        assertThat(Files.readString(README)).contains(snippet);
        assertThat(snippet).contains("solver.step(20)");
    }

    private static int indexOf(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals(marker)) {
                return i;
            }
        }
        throw new AssertionError("marker " + marker + " missing; lines " + Arrays.toString(lines.toArray()));
    }
}
