package org.dlp4j.data.dicom;

import java.nio.file.Path;

/**
 * One decoded DICOM image: calibrated pixel values (rescale and the signed 16-bit offset applied), row-major,
 * all frames one after the other ({@code rows * cols * frames} values), plus the header fields the importer
 * pairs slices by. Header fields that the file lacks are {@code null}; spacings default to 1.0.
 * {@code firstFrameHistogram} counts the first frame's values when the decoder counted them while decoding (the
 * plain-file path does), else null.
 */
public record DicomSlice(float[] pixels, int rows, int cols, double rowSpacing, double colSpacing,
        Integer seriesNumber, Integer instanceNumber, Double sliceLocation, int frames, String patientId,
        String studyUid, String seriesUid, String modality, String transferSyntax, Path file,
        String seriesDescription, PixelHistogram firstFrameHistogram) {

    /** The pixels of one frame (0-based), a copy. */
    public float[] frame(int index) {
        if (index < 0 || index >= frames) {
            throw new IndexOutOfBoundsException("frame " + index + " of " + frames);
        }
        float[] f = new float[rows * cols];
        System.arraycopy(pixels, index * rows * cols, f, 0, f.length);
        return f;
    }

    /** The first frame without copying when there is only one. */
    public float[] firstFrame() {
        return frames == 1 ? pixels : frame(0);
    }
}
