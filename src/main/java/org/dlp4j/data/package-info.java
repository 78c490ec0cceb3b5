/**
 * Raw data in, Caffe LMDBs and PNGs out: DICOM reading ({@code dicom}), Sunnybrook contours and masks
 * ({@code contour}), caffe.Datum LMDBs ({@code lmdb}), the Sunnybrook importer ({@code sunnybrook}),
 * a Sunnybrook-shaped synthetic dataset ({@code synth}) and generic image/mask import ({@code images}).
 * Pure Java: nothing here loads native Caffe.
 */
package org.dlp4j.data;
