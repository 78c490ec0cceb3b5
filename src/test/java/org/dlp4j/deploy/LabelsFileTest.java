package org.dlp4j.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dlp4j.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelsFileTest {
    @Test
    void oneNamePerLineBlankLinesIgnored(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("labels.txt"), "background\n\n  left ventricle \r\n\n");
        assertThat(LabelsFile.read(f)).containsExactly("background", "left ventricle");
    }

    @Test
    void emptyOrMissingIsBadInput(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("labels.txt"), "\n  \n");
        assertThatThrownBy(() -> LabelsFile.read(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("labels.txt").hasMessageContaining("empty");
        assertThatThrownBy(() -> LabelsFile.read(dir.resolve("nope.txt"))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("does not exist");
    }
}
