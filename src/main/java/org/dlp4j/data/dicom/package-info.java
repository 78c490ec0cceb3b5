/**
 * DICOM in and out: {@link org.dlp4j.data.dicom.DicomReader} reads plain files in pure Java and the rest
 * through ImageJ's reader (modality pixel values, MONOCHROME1 values not inverted, its normalised images are; clear errors for truncated and
 * compressed files), {@link org.dlp4j.data.dicom.DicomWriter} writes minimal
 * Explicit VR Little Endian MR files (used by the synthetic dataset).
 */
package org.dlp4j.data.dicom;
