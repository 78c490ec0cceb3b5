package org.dlp4j.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContourExportTest {
    @Test
    void namesFollowTheSunnybrookConvention() {
        assertThat(ContourExport.relativePath("SC-HF-I-1_IM-0001-0048.png"))
                .isEqualTo("SC-HF-I-1/IM-0001-0048-icontour-auto.txt");
        assertThat(ContourExport.relativePath("IM-0004-0120.dcm")).isEqualTo("IM-0001-0120-icontour-auto.txt");
        assertThat(ContourExport.relativePath("/data/dicoms/SCD0000101/48.dcm")).isEqualTo("IM-0001-0048-icontour-auto.txt");
        assertThat(ContourExport.relativePath("SCD0000101_7.png")).isEqualTo("SCD0000101/IM-0001-0007-icontour-auto.txt");
        assertThat(ContourExport.caseId("SCD0000101_7.png")).isEqualTo("SCD0000101");
        assertThat(ContourExport.caseId("48.dcm")).isNull();
        assertThat(ContourExport.caseId("_7.png")).isNull();
        assertThat(ContourExport.relativePath("heart slice.png")).isEqualTo("heart slice-icontour-auto.txt");
        assertThat(ContourExport.number("SC-HF-I-1.png")).isNull();
    }

    @Test
    void namesThatCollideInOneJobKeepTheirStems() {
        assertThat(ContourExport.relativePaths(List.of("IM-0804-0005.dcm", "IM-0805-0005.dcm", "IM-0804-0007.dcm",
                "SC-N-1_IM-0001-0005.png", "SC-N-2_IM-0001-0005.png", "x_IM-0001-0009.png", "x_IM-0002-0009.png")))
                .containsExactly(
                        Map.entry("IM-0804-0005.dcm", "IM-0804-0005-icontour-auto.txt"),
                        Map.entry("IM-0805-0005.dcm", "IM-0805-0005-icontour-auto.txt"),
                        Map.entry("IM-0804-0007.dcm", "IM-0001-0007-icontour-auto.txt"),
                        Map.entry("SC-N-1_IM-0001-0005.png", "SC-N-1/IM-0001-0005-icontour-auto.txt"),
                        Map.entry("SC-N-2_IM-0001-0005.png", "SC-N-2/IM-0001-0005-icontour-auto.txt"),
                        Map.entry("x_IM-0001-0009.png", "x/x_IM-0001-0009-icontour-auto.txt"),
                        Map.entry("x_IM-0002-0009.png", "x/x_IM-0002-0009-icontour-auto.txt"));
    }

    @Test
    void writesTwoDecimalPointsHalfAPixelApart(@TempDir Path dir) throws Exception {
        // a 2x1 pixel block at row 3, cols 4..5: edge polygon (3.5,2.5)-(5.5,2.5)-(5.5,3.5)-(3.5,3.5), perimeter 6
        boolean[] m = new boolean[10 * 6];
        m[3 * 10 + 4] = true;
        m[3 * 10 + 5] = true;
        Path f = ContourExport.write(dir, 48, MaskBoundary.largestOutline(m, 10, 6));
        assertThat(f.getFileName().toString()).isEqualTo("IM-0001-0048-icontour-auto.txt");
        assertThat(Files.readString(f)).isEqualTo("3.50 2.50\n4.00 2.50\n4.50 2.50\n5.00 2.50\n5.50 2.50\n"
                + "5.50 3.00\n5.50 3.50\n5.00 3.50\n4.50 3.50\n4.00 3.50\n3.50 3.50\n3.50 3.00\n");
    }

    @Test
    void fixedTwoDecimalsAreWhatTheFormatterWrites() {
        // Java's %.2f rounds the shortest decimal of the double half up: 1.005 -> 1.01 (C would print 1.00)
        java.util.List<Double> values = new java.util.ArrayList<>(java.util.List.of(1.005, 0.125, -0.005, -0.004,
                2.675, 0.0, -0.0, 255.995, 1e-9, -1e-9, 99.995, 0.015, 1234567.891, -3.5e-3, 12.5, 0.5));
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < 20_000; i++) {
            values.add((r.nextDouble() - 0.3) * 300);
            values.add(Math.round(r.nextDouble() * 100_000) / 1000.0);
            values.add(r.nextInt(1024) / 8.0 - 3);
        }
        for (double v : values) {
            assertThat(ContourExport.appendFixed2(new StringBuilder(), v).toString()).as("%s", v)
                    .isEqualTo(String.format(java.util.Locale.ROOT, "%.2f", v));
        }
    }
}
