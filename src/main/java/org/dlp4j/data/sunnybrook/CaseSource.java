package org.dlp4j.data.sunnybrook;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.dlp4j.data.contour.ContourKind;

/**
 * One Sunnybrook case as found on disk: its id (unpadded, e.g. SC-HF-I-4), its contour files by image number
 * and kind, the DICOM files that may hold its slices, and contour files that are not used (papillary).
 */
public record CaseSource(String id, String layout, SortedMap<Integer, Map<ContourKind, Path>> contours,
        List<Path> dicoms, List<Path> ignoredContours) {

    /** Normalises a case folder name: strips zero padding of the trailing number (SC-HF-I-04 → SC-HF-I-4). */
    public static String normalize(String name) {
        int dash = name.lastIndexOf('-');
        int len = name.length();
        if (dash < 0 || len - dash < 3 || name.charAt(dash + 1) != '0') {
            return name;
        }
        for (int i = dash + 1; i < len; i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return name;
            }
        }
        int j = dash + 1;
        while (j < len - 1 && name.charAt(j) == '0') {
            j++;
        }
        return name.substring(0, dash + 1) + name.substring(j);
    }
}
