package org.dlp4j.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dlp4j.BadInputException;
import org.dlp4j.deploy.ClassMask;

/**
 * Tells a mask from an image before it is scored. A mask holds class indices (0 background, 1, 2, ...; 255 ignore)
 * or 0/255 for a binary mask: a few distinct, small values. A grey image (an MRI slice given as a mask, say) holds
 * many values across the range; scored as a mask, its non-zero pixels would all count as foreground and give a
 * plausible-looking but meaningless Dice, so it is refused instead.
 */
final class MaskValues {
    /** The largest class index accepted: more classes than any segmentation net here, far below grey levels. */
    static final int MAX_CLASS_INDEX = 31;
    /** The most distinct class indices (255 aside) one mask may hold; a dark image (all below 32) holds more. */
    static final int MAX_DISTINCT = 16;

    private MaskValues() {
    }

    /** Throws BadInputException naming {@code file} (the {@code role}: truth or prediction) and what it holds. */
    static void check(ClassMask m, Path file, String role) {
        boolean[] seen = new boolean[256];
        int distinct = 0;
        int outOfRange = 0;
        for (int v : m.values()) {
            if (v < 0 || v > 255) {
                outOfRange++;
                continue;
            }
            if (!seen[v]) {
                seen[v] = true;
                distinct++;
            }
        }
        List<Integer> odd = new ArrayList<>();
        int min = -1;
        int max = -1;
        for (int v = 0; v < 256; v++) {
            if (seen[v]) {
                min = min < 0 ? v : min;
                max = v;
                if (v > MAX_CLASS_INDEX && v != 255) {
                    odd.add(v);
                }
            }
        }
        int indices = distinct - (seen[255] ? 1 : 0);
        if (odd.isEmpty() && indices <= MAX_DISTINCT && outOfRange == 0) {
            return;
        }
        String examples = odd.isEmpty() ? "" : ", among them " + odd.subList(0, Math.min(5, odd.size()))
                .toString().replaceAll("[\\[\\]]", "") + (odd.size() > 5 ? ", ..." : "");
        throw new BadInputException(role + " " + file + " is not a mask: it holds " + distinct
                + " distinct values from " + min + " to " + max + examples + ". A mask holds class indices (0"
                + " background, 1, 2, ... up to " + MAX_CLASS_INDEX + "; 255 ignore), at most " + MAX_DISTINCT
                + " different ones, or 0/255; is this an image rather than a mask?");
    }
}
