package org.dlp4j.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionsCsvTest {
    @Test
    void segmentationRowsWithAreaInSquareMillimetres(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("predictions.csv");
        PredictionsCsv.segmentation()
                .addSegmentation("SC-HF-I-1_IM-0001-0048.png", 1000, 1.367, 1.367, 12.34)
                .addSegmentation("a,b.png", 5, Double.NaN, Double.NaN, 3)
                .write(f);
        assertThat(Files.readAllLines(f)).containsExactly("file,foreground_pixels,area_mm2,ms",
                "SC-HF-I-1_IM-0001-0048.png,1000,1868.69,12.3", "\"a,b.png\",5,,3.0");
    }

    @Test
    void classificationTopK() {
        float[] probs = {0.1f, 0.6f, 0.05f, 0.25f};
        assertThat(PredictionsCsv.topK(probs, 2)).containsExactly(1, 3);
        String text = PredictionsCsv.classification(2)
                .addClassification("cat.jpg", probs, List.of("ant", "cat", "dog", "eel"), 4).text();
        assertThat(text).isEqualTo("file,label1,prob1,label2,prob2,ms\ncat.jpg,cat,0.600000,eel,0.250000,4.0\n");
    }
}
