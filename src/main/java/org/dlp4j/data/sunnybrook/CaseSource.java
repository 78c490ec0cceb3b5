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
        return name.replaceFirst("-0+(\\d+)$", "-$1");
    }
}
