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
