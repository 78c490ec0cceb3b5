package org.dlp4j.data.dicom;

import java.nio.file.Path;

/**
 * The header fields the importer pairs slices by, read without decoding pixels. Missing fields are null
 * (rows/cols 0 when the file has no image).
 */
public record DicomHeader(Path file, int rows, int cols, Integer seriesNumber, Integer instanceNumber,
        String seriesUid, String seriesDescription, String modality, String transferSyntax, String patientId,
        double rowSpacing, double colSpacing) {

    /** A key that tells series apart: the series UID when present, else the series number. */
    public String seriesKey() {
        if (seriesUid != null && !seriesUid.isBlank()) {
            return seriesUid;
        }
        return seriesNumber == null ? "?" : "#" + seriesNumber;
    }
}
