package org.dlp4j.data.sunnybrook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dlp4j.data.contour.ContourKind;
import org.dlp4j.data.dicom.DicomHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlicePairerTest {
    @TempDir
    Path tmp;

    static DicomHeader h(int series, int instance, int size, String file) {
        return new DicomHeader(Path.of(file), size, size, series, instance, "1.2." + series, null, "MR", null, "P", 1,
                1);
    }

    CaseSource source(int... instances) throws Exception {
        TreeMap<Integer, Map<ContourKind, Path>> m = new TreeMap<>();
        for (int n : instances) {
            Path f = tmp.resolve(String.format("IM-0001-%04d-icontour-manual.txt", n));
            Files.writeString(f, "100 100\n120 100\n120 130\n");
            m.put(n, Map.of(ContourKind.INNER, f));
        }
        return new CaseSource("SC-N-1", "challenge", m, List.of(), List.of());
    }

    @Test
    void choosesTheSeriesWithMostMatchesThatFit() throws Exception {
        List<DicomHeader> hs = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            hs.add(h(3, i, 64, "small-" + i)); // every instance, but too small for the contours
        }
        for (int i = 1; i <= 24; i++) {
            hs.add(h(10, i, 256, "sax-" + i));
        }
        for (int i = 25; i <= 40; i++) {
            hs.add(h(11, i, 256, "other-" + i));
        }
        SlicePairer.Result r = SlicePairer.pair(source(5, 7, 30), hs, ContourKind.INNER, null);
        assertThat(r.series()).startsWith("10 ");
        assertThat(r.pairs()).extracting(p -> p.slice().file().toString()).containsExactly("sax-5", "sax-7",
                "other-30");
        assertThat(r.pairs().get(2).note()).contains("series 11");
        assertThat(r.skips()).isEmpty();
        SlicePairer.Result forced = SlicePairer.pair(source(5, 7, 30), hs, ContourKind.INNER, 11);
        assertThat(forced.pairs()).extracting(p -> p.slice().file().toString()).containsExactly("other-30");
        assertThat(forced.skips()).hasSize(2).allSatisfy(s -> assertThat(s.reason()).contains("no DICOM slice"));
        // a mapped series the case does not have: every contour says so, not "no readable DICOM images"
        SlicePairer.Result missing = SlicePairer.pair(source(5, 7), hs, ContourKind.INNER, 99);
        assertThat(missing.pairs()).isEmpty();
        String why = "the series 99 that --series-map names for SC-N-1 was not found: its DICOM images are in series"
                + " 3, 10, 11";
        assertThat(missing.skips()).extracting(SlicePairer.Skip::reason).containsExactly(why,
                "no DICOM slice with InstanceNumber 5 (" + why + ")", "no DICOM slice with InstanceNumber 7 (" + why + ")");
    }

    @Test
    void duplicateInstancesAndOtherKindsAreNotGuessed() throws Exception {
        List<DicomHeader> hs = List.of(h(10, 5, 256, "a"), h(10, 5, 256, "b"), h(10, 7, 256, "c"));
        SlicePairer.Result r = SlicePairer.pair(source(5, 7), hs, ContourKind.INNER, null);
        assertThat(r.pairs()).extracting(SlicePairer.Pair::instance).containsExactly(7);
        assertThat(r.skips()).singleElement().satisfies(s -> assertThat(s.reason())
                .contains("2 slices claim InstanceNumber 5"));
        SlicePairer.Result outer = SlicePairer.pair(source(5, 7), hs, ContourKind.OUTER, null);
        assertThat(outer.contoursFound()).isZero();
        assertThat(outer.pairs()).isEmpty();
    }
}
