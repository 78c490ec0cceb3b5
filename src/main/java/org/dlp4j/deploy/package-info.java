/**
 * Pure-Java post-processing of predictions: class-index masks in and out of PNG ({@link org.dlp4j.deploy.MaskIO}),
 * the largest connected component and its outline ({@link org.dlp4j.deploy.MaskBoundary}), overlays with a legend
 * ({@link org.dlp4j.deploy.Overlay}), Sunnybrook-format contour files ({@link org.dlp4j.deploy.ContourExport}),
 * {@code predictions.csv} ({@link org.dlp4j.deploy.PredictionsCsv}) and {@code labels.txt}
 * ({@link org.dlp4j.deploy.LabelsFile}). The native forward pass lives in the Caffe bridge.
 */
package org.dlp4j.deploy;
