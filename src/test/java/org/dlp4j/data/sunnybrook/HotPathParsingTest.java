package org.dlp4j.data.sunnybrook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dlp4j.data.lmdb.LmdbWriter;
import org.junit.jupiter.api.Test;

/** The hand-written per-file string handling gives what the regular expressions it replaced gave. */
class HotPathParsingTest {
    @Test
    void caseNormalisationStripsOnlyTrailingZeroPadding() {
        for (String n : List.of("SC-HF-I-04", "SC-HF-I-4", "SC-HF-I-0", "SC-HF-I-00", "SC-HF-I-000", "SC-HF-I-010",
                "SC-N-40", "SC-HF-NI-0034", "case-0a", "x-01-b", "nodash", "-07", "a-", "a-0", "SC-HF-I-1001")) {
            assertThat(CaseSource.normalize(n)).as(n).isEqualTo(n.replaceFirst("-0+(\\d+)$", "-$1"));
        }
        assertThat(CaseSource.normalize("SC-HF-I-04")).isEqualTo("SC-HF-I-4");
        assertThat(CaseSource.normalize("SC-HF-I-000")).isEqualTo("SC-HF-I-0");
    }

    @Test
    void contourStemCutsAtTheFirstContourMarker() {
        for (String n : List.of("IM-0001-0048-icontour-manual.txt", "IM-0001-0048-ocontour-manual.txt",
                "IM-0001-0048-icontour.txt", "IM-0001-0048-ocontour-x-icontour.txt", "plain.txt")) {
            assertThat(SliceProcessor.stem(n)).as(n).isEqualTo(n.replaceFirst("-(i|o)contour.*$", ""));
        }
        assertThat(SliceProcessor.stem("IM-0001-0048-icontour-manual.txt")).isEqualTo("IM-0001-0048");
    }

    @Test
    void lmdbKeysAreEightDigitsZeroPadded() {
        for (long i : new long[] {0, 7, 12345678, 99999999, 123456789L}) {
            assertThat(LmdbWriter.key(i)).isEqualTo(String.format("%08d", i));
        }
        assertThat(LmdbWriter.key(42)).isEqualTo("00000042");
    }
}
