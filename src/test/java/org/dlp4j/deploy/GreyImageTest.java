package org.dlp4j.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Display grey levels: rounding in range, linear stretch out of it. */
class GreyImageTest {
    /** The definition, written plainly: round(v) in 0..255, else round((v - min) * 255 / (max - min)). */
    private static int[] reference(float[] px) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : px) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        int[] g = new int[px.length];
        for (int i = 0; i < g.length; i++) {
            double v = min >= 0 && max <= 255 ? px[i] : max > min ? (px[i] - min) * 255.0 / (max - min) : 0;
            g[i] = (int) Math.max(0, Math.min(255, Math.round(v)));
        }
        return g;
    }

    @Test
    void matchesTheDefinitionOnHalvesAndRandomValues() {
        Random r = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            float[] px = new float[257];
            boolean wide = trial % 2 == 1;
            for (int i = 0; i < px.length; i++) {
                px[i] = wide ? (float) (r.nextGaussian() * 3000 - 500)
                        : i < 10 ? i * 0.5f + 0.5f : i < 20 ? Math.nextDown(i + 0.5f) : r.nextFloat() * 255;
            }
            if (!wide) {
                px[200] = 0;
                px[201] = 255;
            }
            assertThat(new GreyImage(257, 1, px).toGrey8()).as("trial " + trial).containsExactly(reference(px));
        }
        assertThat(new GreyImage(2, 1, new float[] {0.5f, 254.5f}).toGrey8()).containsExactly(1, 255);
        assertThat(new GreyImage(2, 1, new float[] {700, 700}).toGrey8()).containsExactly(0, 0);
        assertThat(new GreyImage(3, 1, new float[] {-10, 0, 10}).toGrey8()).containsExactly(0, 128, 255);
    }
}
