package org.dlp4j.data.dicom;

import java.nio.file.Path;

/**
 * One decoded DICOM image: modality pixel values, row-major, all frames one after the other
 * ({@code rows * cols * frames} values), plus the header fields the importer pairs slices by. Header fields that the
 * file lacks are {@code null}; spacings default to 1.0. {@code firstFrameHistogram} counts the first frame's values
 * when the decoder counted them while decoding (the plain-file path does), else null.
 * <p>
 * Modality values are the stored values (the BitsStored low bits of each sample, signed when PixelRepresentation
 * is 1) times RescaleSlope (0028,1053) plus RescaleIntercept (0028,1052): what pydicom's {@code apply_modality_lut}
 * gives. A tag that is missing takes its default (slope 1, intercept 0), so a lone slope or intercept still applies
 * (pydicom 2.3 ignores a lone tag; the standard requires both together, and writers that drop the default one still
 * mean it).
 * <p>
 * The values are the same for MONOCHROME1 as for MONOCHROME2: MONOCHROME1 ("the minimum sample value is intended to
 * be displayed as white after any VOI gray scale transformations have been performed", DICOM PS3.3 C.7.6.3.1.2)
 * says how to show the values, not what they are, so they are not inverted here (CT numbers stay Hounsfield units,
 * {@code dlp dicom info} statistics stay in the file's units). {@link #photometric} carries the interpretation, and
 * {@link #invertedGrey()} tells the normalisation to invert after its window, as viewers and pydicom-based
 * converters do, so that an imported MONOCHROME1 slice looks as a viewer shows it.
 */
public record DicomSlice(float[] pixels, int rows, int cols, double rowSpacing, double colSpacing,
        Integer seriesNumber, Integer instanceNumber, Double sliceLocation, int frames, String patientId,
        String studyUid, String seriesUid, String modality, String transferSyntax, Path file,
        String seriesDescription, PixelHistogram firstFrameHistogram, String photometric) {

    /** Whether the minimum value is displayed white (MONOCHROME1): grey levels invert after windowing. */
    public boolean invertedGrey() {
        return "MONOCHROME1".equals(photometric);
    }

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
