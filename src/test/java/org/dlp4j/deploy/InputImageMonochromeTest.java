package org.dlp4j.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dlp4j.testing.TinyDicom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DICOM given to inference is windowed as the import windows it, MONOCHROME1 (minimum = white) inverted after the
 * window: a net trained on imported slices sees the same grey levels at inference.
 */
class InputImageMonochromeTest {
    private static byte[] tiny(String photometric) {
        return TinyDicom.ramp2x3(photometric, "0.5\\0.75");
    }

    @Test
    void monochrome1IsInvertedAfterTheWindowAsTheImportDoes(@TempDir Path dir) throws Exception {
        InputImage m2 = InputImage.load(Files.write(dir.resolve("m2.dcm"), tiny("MONOCHROME2")));
        InputImage m1 = InputImage.load(Files.write(dir.resolve("m1.dcm"), tiny("MONOCHROME1")));
        // window 1..99 %: 0.05 .. 1458.45 (see Monochrome1Test): 0, 1, 2 -> 0; 3, 4 -> 1; 1535 -> 255
        assertThat(m2.image().pixels()).containsExactly(0, 0, 0, 1, 1, 255);
        assertThat(m1.image().pixels()).containsExactly(255, 255, 255, 254, 254, 0);
        assertThat(m1.image().width()).isEqualTo(3);
        assertThat(m1.rowMm()).isEqualTo(0.5);
        assertThat(m1.colMm()).isEqualTo(0.75);
    }
}
