package org.dlp4j.data.sunnybrook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dlp4j.data.dicom.DicomReader;
import org.dlp4j.data.dicom.DicomSlice;
import org.dlp4j.data.images.ImageLoader;
import org.dlp4j.data.lmdb.Datum;
import org.dlp4j.data.lmdb.LmdbReader;
import org.dlp4j.data.synth.SyntheticSunnybrook;
import org.dlp4j.testing.TinyDicom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MONOCHROME1 ("the minimum sample value is intended to be displayed as white after any VOI gray scale
 * transformations", DICOM PS3.3 C.7.6.3.1.2): the values stay modality values, the 8-bit image is inverted after
 * the window, so it looks as a viewer shows it.
 */
class Monochrome1Test {
    private static byte[] tiny(String photometric) {
        return TinyDicom.ramp2x3(photometric, "1\\1");
    }

    @Test
    void normalizationInvertsAfterTheWindow() {
        // window 1..99 of 0..100: 50 -> (50 - 1) * 255 / 98 = 127.5 -> 128, inverted 127
        float[] ramp = new float[101];
        for (int i = 0; i <= 100; i++) {
            ramp[i] = i;
        }
        Normalization.Normalized plain = Normalization.normalize(ramp, null, false);
        Normalization.Normalized inv = Normalization.normalize(ramp, null, true);
        assertThat(inv.window()).isEqualTo(plain.window());
        assertThat(new int[] {plain.uint8()[0] & 0xff, plain.uint8()[50] & 0xff, plain.uint8()[100] & 0xff})
                .containsExactly(0, 128, 255);
        assertThat(new int[] {inv.uint8()[0] & 0xff, inv.uint8()[50] & 0xff, inv.uint8()[100] & 0xff})
                .containsExactly(255, 127, 0);
        // the path without a lookup table (range wider than the image) and the sorting path (non-integral) too
        float[] wide = {0, 100000, 50000};
        assertThat(Normalization.normalize(wide, null, true).uint8()).containsExactly((byte) 255, 0, (byte) 127);
        float[] frac = {0.5f, 100.5f, 50.5f};
        assertThat(Normalization.normalize(frac, null, true).uint8()).containsExactly((byte) 255, 0, (byte) 127);
        Normalization.Window w = plain.window();
        assertThat(Normalization.toFloat(new float[] {1, 99, 50}, w, true))
                .containsExactly(new float[] {255, 0, 255 - 49 * 255f / 98}, within(1e-3f));
    }

    @Test
    void aMonochrome1FileKeepsItsValuesButLoadsInverted(@TempDir Path dir) throws Exception {
        Path m1 = Files.write(dir.resolve("m1.dcm"), tiny("MONOCHROME1"));
        Path m2 = Files.write(dir.resolve("m2.dcm"), tiny("MONOCHROME2"));
        DicomSlice s1 = DicomReader.read(m1);
        assertThat(s1.pixels()).containsExactly(0, 1, 2, 3, 4, 1535);
        assertThat(s1.invertedGrey()).isTrue();
        assertThat(DicomReader.read(m2).invertedGrey()).isFalse();
        // dlp dicom info says which, and keeps the statistics in the file's units
        var info = org.dlp4j.cli.DicomCommand.describe(s1);
        assertThat(info).containsEntry("photometricInterpretation", "MONOCHROME1").containsEntry("min", 0.0)
                .containsEntry("max", 1535.0);
        // window: 1 % at 0.05 -> 0.05; 99 % at 4.95 -> 4 + 0.95 * 1531 = 1458.45; scale 255 / 1458.4:
        // 3 -> 2.95 * 0.17485 = 0.52 -> 1, 4 -> 0.69 -> 1, 1535 -> 255
        assertThat(ImageLoader.image(m2).pixels()).containsExactly(0, 0, 0, 1, 1, (byte) 255);
        assertThat(ImageLoader.image(m1).pixels()).containsExactly((byte) 255, (byte) 255, (byte) 255, (byte) 254,
                (byte) 254, 0);
    }

    @Test
    void anImportedMonochrome1TreeIsTheInverseOfItsMonochrome2Twin(@TempDir Path dir) throws Exception {
        Path src = SyntheticSunnybrook.generate(dir.resolve("m2"), 3, 4).dir();
        Path inv = dir.resolve("m1");
        // the same files with "MONOCHROME2" rewritten as "MONOCHROME1" (same length): only the display differs
        byte[] from = "MONOCHROME2".getBytes(StandardCharsets.US_ASCII);
        int patched = 0;
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.toList()) {
                Path q = inv.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                    continue;
                }
                byte[] b = Files.readAllBytes(p);
                if (p.toString().endsWith(".dcm")) {
                    int at = org.dlp4j.testing.Bytes.indexOf(b, from);
                    b[at + 10] = '1';
                    patched++;
                }
                Files.write(q, b);
            }
        }
        assertThat(patched).isGreaterThan(20);
        SunnybrookImporter imp = SunnybrookImporter.builder().seed(5).build();
        imp.run(src, dir.resolve("ws2"), ProgressListener.NONE);
        imp.run(inv, dir.resolve("ws1"), ProgressListener.NONE);
        List<String> compared = new ArrayList<>();
        for (String split : List.of("train_lmdb", "val_lmdb")) {
            try (LmdbReader a = new LmdbReader(dir.resolve("ws2/data").resolve(split));
                    LmdbReader b = new LmdbReader(dir.resolve("ws1/data").resolve(split))) {
                a.forEach((k, v) -> {
                    byte[] x = Datum.decode(v).data();
                    byte[] y = Datum.decode(b.get(k)).data();
                    assertThat(y).hasSameSizeAs(x);
                    for (int i = 0; i < x.length; i++) {
                        if ((y[i] & 0xff) != 255 - (x[i] & 0xff)) {
                            org.junit.jupiter.api.Assertions.fail(split + " " + k + " pixel " + i);
                        }
                    }
                    return compared.add(split + k);
                });
            }
        }
        try (Stream<Path> pngs = Files.list(dir.resolve("ws2/data/test_images"))) {
            for (Path p : pngs.toList()) {
                java.awt.image.Raster x = javax.imageio.ImageIO.read(p.toFile()).getRaster();
                java.awt.image.Raster y = javax.imageio.ImageIO.read(dir.resolve("ws1/data/test_images")
                        .resolve(p.getFileName().toString()).toFile()).getRaster();
                int[] xs = x.getSamples(0, 0, x.getWidth(), x.getHeight(), 0, (int[]) null);
                int[] ys = y.getSamples(0, 0, y.getWidth(), y.getHeight(), 0, (int[]) null);
                for (int i = 0; i < xs.length; i++) {
                    if (ys[i] != 255 - xs[i]) {
                        org.junit.jupiter.api.Assertions.fail(p.getFileName() + " pixel " + i + ": " + ys[i]
                                + " is not 255 - " + xs[i]);
                    }
                }
                compared.add(p.toString());
            }
        }
        assertThat(compared).hasSize(24);
    }

}
