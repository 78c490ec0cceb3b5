package org.dlp4j.data.contour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dlp4j.BadInputException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContourFileTest {
    @TempDir
    Path tmp;

    /** read (fast path for plain lines) and readGeneral (every line through parseDouble): same points or error. */
    private static void assertSameAsGeneral(Path f) {
        String fast;
        String general;
        try {
            Contour c = ContourFile.read(f);
            fast = java.util.Arrays.toString(c.x()) + java.util.Arrays.toString(c.y());
        } catch (BadInputException e) {
            fast = "error " + e.getMessage();
        }
        try {
            Contour c = ContourFile.readGeneral(f);
            general = java.util.Arrays.toString(c.x()) + java.util.Arrays.toString(c.y());
        } catch (BadInputException e) {
            general = "error " + e.getMessage();
        }
        assertThat(fast).as(f.toString()).isEqualTo(general);
    }

    @Test
    void fastPathGivesParseDoublesValuesAndTheSameErrors() throws Exception {
        java.util.Random r = new java.util.Random(42);
        String[] seps = {" ", "  ", "\t", ",", ", ", " ,\t"};
        String[] odd = {"", " ", "\t\t", "\u001c", ",", "x", "1e3", "1E-2", ".", "-", "+", "1.2.3", "0x1p3", "Infinity",
            "NaN", "1d", "\u00a0", "--1", ".5", "5.", "-0", "-0.00", "1234567890123456", "0.1234567890123456789"};
        for (int t = 0; t < 400; t++) {
            StringBuilder text = new StringBuilder();
            int lines = 3 + r.nextInt(6);
            for (int l = 0; l < lines; l++) {
                if (r.nextInt(8) == 0) {
                    text.append(odd[r.nextInt(odd.length)]);
                }
                for (int k = 0; k < 2; k++) {
                    if (k == 1) {
                        text.append(seps[r.nextInt(seps.length)]);
                    }
                    double v = switch (r.nextInt(4)) {
                        case 0 -> r.nextInt(512) / 4.0; // the challenge's .00/.25/.50/.75
                        case 1 -> r.nextDouble() * 300;
                        case 2 -> -r.nextDouble() * 1e-3;
                        default -> r.nextInt(100000) / 100.0;
                    };
                    String num = switch (r.nextInt(3)) {
                        case 0 -> String.format(java.util.Locale.ROOT, "%.2f", v);
                        case 1 -> Double.toString(v);
                        default -> String.format(java.util.Locale.ROOT, "%." + r.nextInt(12) + "f", v);
                    };
                    text.append(r.nextInt(30) == 0 ? odd[r.nextInt(odd.length)] : num);
                }
                if (r.nextInt(6) == 0) {
                    text.append(r.nextBoolean() ? seps[r.nextInt(seps.length)] : odd[r.nextInt(odd.length)]);
                }
                text.append(r.nextInt(5) == 0 ? "\r\n" : "\n");
            }
            Path f = tmp.resolve("fuzz-" + t + ".txt");
            Files.writeString(f, text.toString(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertSameAsGeneral(f);
        }
        Path shared = Path.of("../shared/data");
        if (Files.isDirectory(shared)) {
            try (var s = Files.walk(shared)) {
                for (Path f : s.filter(p -> p.getFileName().toString().matches(".*contour.*\\.txt")).toList()) {
                    assertSameAsGeneral(f);
                }
            }
        }
    }

    @Test
    void plainLinesTakeTheFastPath() {
        double[] xy = new double[2];
        String a = "152.50 124.75";
        assertThat(ContourFile.plainLine(a, 0, a.length(), xy)).isTrue();
        assertThat(xy).containsExactly(152.5, 124.75);
        String b = "\t-0.1,+3.\r";
        assertThat(ContourFile.plainLine(b, 0, b.length(), xy)).isTrue();
        assertThat(xy).containsExactly(-0.1, 3.0);
        for (String general : new String[] {"", "1e3 2", ",1 2", "1 2 3", "1", ". 2", "1234567890123456 1"}) {
            assertThat(ContourFile.plainLine(general, 0, general.length(), xy)).as(general).isFalse();
        }
    }

    @Test
    void readsCrlfAndBlankLines() throws Exception {
        Path f = tmp.resolve("IM-0001-0007-icontour-manual.txt");
        Files.writeString(f, "\r\n10.50 20.00\r\n\r\n11.00 20.50\r\n  12.25\t21.75  \r\n\r\n");
        Contour c = ContourFile.read(f);
        assertThat(c.x()).containsExactly(10.5, 11.0, 12.25);
        assertThat(c.y()).containsExactly(20.0, 20.5, 21.75);
    }

    @Test
    void junkIsReportedWithFileAndLine() throws Exception {
        Path f = tmp.resolve("bad.txt");
        Files.writeString(f, "1 2\n3 4\n5 x6\n7 8\n");
        assertThatThrownBy(() -> ContourFile.read(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("bad.txt:3:").hasMessageContaining("5 x6");
        Files.writeString(f, "1 2 3\n");
        assertThatThrownBy(() -> ContourFile.read(f)).hasMessageContaining("bad.txt:1:");
    }

    @Test
    void fewerThanThreePointsIsAnError() throws Exception {
        Path f = tmp.resolve("two.txt");
        Files.writeString(f, "1 2\n3 4\n");
        assertThatThrownBy(() -> ContourFile.read(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("at least 3 points, found 2");
    }

    @Test
    void writeUsesTwoDecimalsAndRoundTrips() throws Exception {
        Path f = tmp.resolve("out/c.txt");
        ContourFile.write(f, new Contour(new double[] {1, 2.345, 3.5}, new double[] {4.125, 5, 6}));
        assertThat(Files.readString(f)).isEqualTo("1.00 4.13\n2.35 5.00\n3.50 6.00\n");
        Contour c = ContourFile.read(f);
        assertThat(c.x()).containsExactly(1.0, 2.35, 3.5);
    }

    @Test
    void realFileRoundTripsExactly() throws Exception {
        Path real = Path.of("../shared/data/sunnybrook/final_data/contourfiles/SC-HF-I-1/i-contours/"
                + "IM-0001-0048-icontour-manual.txt");
        Assumptions.assumeTrue(Files.isRegularFile(real));
        Path f = tmp.resolve("copy.txt");
        ContourFile.write(f, ContourFile.read(real));
        assertThat(Files.readString(f)).isEqualTo(Files.readString(real));
    }

    @Test
    void kindsFromFileNames() {
        assertThat(ContourKind.of(Path.of("IM-0001-0048-icontour-manual.txt"))).isEqualTo(ContourKind.INNER);
        assertThat(ContourKind.of(Path.of("IM-0001-0048-ocontour-manual.txt"))).isEqualTo(ContourKind.OUTER);
        assertThat(ContourKind.of(Path.of("IM-0001-0060-p1contour-manual.txt"))).isEqualTo(ContourKind.PAPILLARY_1);
        assertThat(ContourKind.of(Path.of("IM-0001-0060-p2contour-manual.txt"))).isEqualTo(ContourKind.PAPILLARY_2);
        assertThat(ContourKind.of(Path.of("notes.txt"))).isNull();
        assertThat(ContourKind.imageNumber(Path.of("IM-0001-0048-icontour-manual.txt"))).isEqualTo(48);
        Path p1 = Path.of("../shared/data/sunnybrook/SCD_ManualContours/SC-HF-I-04/contours-manual/IRCCI-expert/"
                + "IM-0001-0060-p1contour-manual.txt");
        assertThat(ContourKind.of(p1)).isNotEqualTo(ContourKind.INNER);
    }
}
