package org.dlp4j.data.sunnybrook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NormalizationTest {
    @Test
    void percentilesByHand() {
        float[] v = new float[101];
        for (int i = 0; i <= 100; i++) {
            v[100 - i] = i;
        }
        Normalization.Window w = Normalization.window(v);
        assertThat(w.low()).isEqualTo(1.0);
        assertThat(w.high()).isEqualTo(99.0);
        // 4 values 0, 10, 20, 30: pos(1%) = 0.03 -> 0.3; pos(99%) = 2.97 -> 29.7
        Normalization.Window w2 = Normalization.window(new float[] {30, 0, 20, 10});
        assertThat(w2.low()).isCloseTo(0.3, within(1e-9));
        assertThat(w2.high()).isCloseTo(29.7, within(1e-9));
        byte[] b = Normalization.toUint8(new float[] {0, 1, 50, 99, 200}, w);
        // (50 - 1) * 255 / 98 = 127.5 rounds to 128
        assertThat(b).containsExactly(0, 0, (byte) 128, (byte) 255, (byte) 255);
        assertThat(Normalization.toFloat(new float[] {200}, w)[0]).isCloseTo(199 * 255f / 98, within(1e-3f));
    }

    @Test
    void histogramPathEqualsSorting() {
        Random r = new Random(3);
        for (int trial = 0; trial < 20; trial++) {
            float[] v = new float[5000 + r.nextInt(5000)];
            for (int i = 0; i < v.length; i++) {
                v[i] = r.nextInt(3000) - 700;
            }
            float[] s = v.clone();
            Arrays.sort(s);
            Normalization.Window w = Normalization.window(v);
            assertThat(w.low()).isCloseTo(Normalization.percentile(s, 1), within(1e-9));
            assertThat(w.high()).isCloseTo(Normalization.percentile(s, 99), within(1e-9));
        }
        float[] f = {0.5f, 0.25f, 0.75f, 1.5f};
        assertThat(Normalization.window(f).high()).isCloseTo(1.5 - 0.03 * 0.75, within(1e-6));
    }

    @Test
    void flatImageGivesZeros() {
        Normalization.Window w = Normalization.window(new float[] {7, 7, 7});
        assertThat(Normalization.toUint8(new float[] {7, 7}, w)).containsExactly(0, 0);
    }

    @Test
    void normalizeGivesExactlyWindowThenToUint8() {
        Random r = new Random(8);
        for (int trial = 0; trial < 60; trial++) {
            int n = 1 + r.nextInt(9000);
            float[] v = new float[n];
            int kind = trial % 5;
            for (int i = 0; i < n; i++) {
                v[i] = switch (kind) {
                    case 0 -> r.nextInt(4096); // 12-bit MRI
                    case 1 -> r.nextInt(200) - 1024; // signed, narrow
                    case 2 -> r.nextInt(60000); // range wider than small images: no table
                    case 3 -> r.nextFloat() * 1000; // not integral: sorting path
                    default -> 5; // flat
                };
            }
            Normalization.Window w = Normalization.window(v);
            Normalization.Normalized got = Normalization.normalize(v);
            assertThat(got.window()).as("trial " + trial).isEqualTo(w);
            assertThat(got.uint8()).as("trial " + trial).containsExactly(Normalization.toUint8(v, w));
            if (kind != 3) { // integral: the decoder's counts give the same window and bytes
                int[] counts = new int[1 << 17];
                int lo = Integer.MAX_VALUE;
                int hi = Integer.MIN_VALUE;
                for (float x : v) {
                    int k = (int) x + (1 << 16);
                    counts[k]++;
                    lo = Math.min(lo, k);
                    hi = Math.max(hi, k);
                }
                Normalization.Normalized counted = Normalization.normalize(v,
                        new org.dlp4j.data.dicom.PixelHistogram(-(1 << 16), counts, lo, hi));
                assertThat(counted.window()).as("trial " + trial).isEqualTo(w);
                assertThat(counted.uint8()).as("trial " + trial).containsExactly(got.uint8());
            }
        }
        assertThat(Normalization.normalize(new float[0]).uint8()).isEmpty();
    }
}
