package org.dlp4j.data.sunnybrook;

import java.util.Map;

/**
 * One slice ready to write: normalised image (8-bit always, float when asked), its mask (class indices), the
 * window used (null when the image was already 8-bit and is kept as is), and the metadata for
 * {@code dataset.json}. Images have 1 channel, or 3 (planes in R, G, B order; LMDBs get Caffe's B, G, R).
 *
 * @param name file stem for PNGs and dataset.json, e.g. {@code SC-HF-I-1_IM-0001-0048}
 */
public record PreparedSlice(String name, String caseId, int channels, int rows, int cols, byte[] image8,
        float[] imageFloat, byte[] mask, Normalization.Window window, double rowSpacing, double colSpacing,
        Map<String, Object> source) {
}
