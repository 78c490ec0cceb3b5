package org.dlp4j.data.sunnybrook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.dlp4j.BadInputException;
import org.dlp4j.data.sunnybrook.CaseSplit.Split;
import org.junit.jupiter.api.Test;

class CaseSplitTest {
    static long count(Map<String, Split> m, Split s) {
        return m.values().stream().filter(v -> v == s).count();
    }

    static List<String> ids(int n) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add("C" + i);
        }
        return l;
    }

    @Test
    void everySplitGetsACaseFromThreeCases() {
        Map<String, Split> m = CaseSplit.split(ids(3), 0.2, 0.2, 1);
        assertThat(count(m, Split.TRAIN)).isEqualTo(1);
        assertThat(count(m, Split.VAL)).isEqualTo(1);
        assertThat(count(m, Split.TEST)).isEqualTo(1);
        Map<String, Split> ten = CaseSplit.split(ids(10), 0.2, 0.1, 1);
        assertThat(count(ten, Split.TRAIN)).isEqualTo(7);
        assertThat(count(ten, Split.VAL)).isEqualTo(2);
        assertThat(count(ten, Split.TEST)).isEqualTo(1);
        assertThat(count(CaseSplit.split(ids(10), 0.2, 0, 1), Split.TEST)).isZero();
    }

    @Test
    void seededAndOrderIndependent() {
        List<String> shuffled = ids(12);
        Collections.reverse(shuffled);
        assertThat(CaseSplit.split(shuffled, 0.25, 0.25, 7)).isEqualTo(CaseSplit.split(ids(12), 0.25, 0.25, 7));
        boolean differs = false;
        for (long seed = 8; seed < 20 && !differs; seed++) {
            differs = !CaseSplit.split(ids(12), 0.25, 0.25, seed).equals(CaseSplit.split(ids(12), 0.25, 0.25, 7));
        }
        assertThat(differs).isTrue();
    }

    @Test
    void fewCasesAllTrainAndBadFractionsRejected() {
        assertThat(CaseSplit.split(ids(2), 0.2, 0.2, 1).values()).containsOnly(Split.TRAIN);
        assertThatThrownBy(() -> CaseSplit.split(ids(5), 0.6, 0.5, 1)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> CaseSplit.split(ids(5), -0.1, 0.5, 1)).isInstanceOf(BadInputException.class);
        // NaN compares false with everything: it once passed as "val 0"
        assertThatThrownBy(() -> CaseSplit.split(ids(5), Double.NaN, 0.2, 1)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> CaseSplit.split(ids(5), 0.2, Double.NaN, 1)).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> CaseSplit.split(ids(5), Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 1))
                .isInstanceOf(BadInputException.class);
    }
}
