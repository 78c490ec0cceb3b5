/**
 * DICOM in and out: {@link org.dlp4j.data.dicom.DicomReader} wraps ImageJ's reader (calibrated pixels,
 * clear errors for truncated and compressed files), {@link org.dlp4j.data.dicom.DicomWriter} writes minimal
 * Explicit VR Little Endian MR files (used by the synthetic dataset).
 */
package org.dlp4j.data.dicom;
