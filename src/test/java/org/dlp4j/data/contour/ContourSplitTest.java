package org.dlp4j.data.contour;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ContourFile's hand-written field splitter behaves like {@code split("[\\s,]+")}. */
class ContourSplitTest {
    @Test
    void splitsLikeTheRegex() {
        for (String line : List.of("1.5 2.5", "1.5\t2.5", "1.5,2.5", "1.5 , 2.5", ",1 2", "1 2,", "1 2 3", "1",
                "1,,\t 2", "a b", "1\u000B2", "1\f2")) {
            String[] want = line.split("[\\s,]+");
            String[] got = new String[2];
            int n = ContourFile.split(line, got);
            assertThat(n).as(line).isEqualTo(want.length);
            assertThat(Arrays.copyOf(got, Math.min(n, 2))).as(line)
                    .isEqualTo(Arrays.copyOf(want, Math.min(want.length, 2)));
        }
    }
}
