package org.dlp4j.data.sunnybrook;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Splits cases (never slices) into train, val and test, seeded. With 3 or more cases every split whose fraction
 * is above zero gets at least one case and train keeps at least one; with fewer, every case goes to train.
 */
public final class CaseSplit {
    /** Where a case goes. */
    public enum Split {
        TRAIN, VAL, TEST;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private CaseSplit() {
    }

    /** Refuses (BadInputException) split fractions that are negative, not numbers, or sum to 1 or more. */
    public static void checkFractions(double valFraction, double testFraction) {
        if (!(valFraction >= 0 && testFraction >= 0 && valFraction + testFraction < 1)) { // NaN fails them
            throw new org.dlp4j.BadInputException("split fractions must be >= 0 and sum to less than 1, got val "
                    + valFraction + " and test " + testFraction);
        }
    }

    /** Case id → split. Input order does not matter (ids are sorted before the seeded shuffle). */
    public static Map<String, Split> split(List<String> caseIds, double valFraction, double testFraction, long seed) {
        checkFractions(valFraction, testFraction);
        List<String> ids = new ArrayList<>(caseIds);
        Collections.sort(ids);
        Collections.shuffle(ids, new Random(seed));
        int n = ids.size();
        int nTest = 0;
        int nVal = 0;
        if (n >= 3) {
            nTest = testFraction > 0 ? Math.max(1, (int) Math.round(n * testFraction)) : 0;
            nVal = valFraction > 0 ? Math.max(1, (int) Math.round(n * valFraction)) : 0;
            while (n - nTest - nVal < 1) {
                if (nTest >= nVal && nTest > 1) {
                    nTest--;
                } else {
                    nVal--;
                }
            }
        }
        Map<String, Split> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            out.put(ids.get(i), i < nTest ? Split.TEST : i < nTest + nVal ? Split.VAL : Split.TRAIN);
        }
        return out;
    }
}
