/**
 * Segmentation and contour scores. All pixel scores come from one {@link org.dlp4j.eval.ConfusionMatrix}
 * (fcn.berkeleyvision.org style) or the binary {@link org.dlp4j.eval.MaskMetrics}; contour scores
 * (average perpendicular distance, Hausdorff distance, in millimetres) from {@link org.dlp4j.eval.ContourMetrics};
 * {@link org.dlp4j.eval.Evaluation} collects per-image rows and writes {@code scores.csv} and the JSON summary.
 */
package org.dlp4j.eval;
