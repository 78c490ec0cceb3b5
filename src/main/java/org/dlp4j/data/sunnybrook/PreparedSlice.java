package org.dlp4j.data.sunnybrook;

import java.util.Map;

/**
 * One slice ready to write: normalised image (8-bit always, float when asked), its mask (class indices), the
 * window used, and the metadata that goes into {@code dataset.json}.
 *
 * @param name file stem for PNGs and dataset.json, e.g. {@code SC-HF-I-1_IM-0001-0048}
 */
public record PreparedSlice(String name, String caseId, int rows, int cols, byte[] image8, float[] imageFloat,
        byte[] mask, Normalization.Window window, double rowSpacing, double colSpacing, Map<String, Object> source) {
}
