/**
 * Sunnybrook Cardiac Data → Caffe workspace: {@link org.dlp4j.data.sunnybrook.SunnybrookScanner} finds cases in
 * either public layout, {@link org.dlp4j.data.sunnybrook.SlicePairer} pairs each contour with its DICOM slice by
 * headers, {@link org.dlp4j.data.sunnybrook.SunnybrookImporter} splits by case and writes image/label LMDBs,
 * test PNGs and {@code dataset.json}.
 */
package org.dlp4j.data.sunnybrook;
