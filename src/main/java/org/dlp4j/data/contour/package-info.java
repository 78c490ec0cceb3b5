/**
 * Sunnybrook contours: {@link org.dlp4j.data.contour.Contour} (x = column, y = row, pixel coordinates),
 * the challenge's text format ({@link org.dlp4j.data.contour.ContourFile}), which contour a file holds
 * ({@link org.dlp4j.data.contour.ContourKind}) and polygon → mask ({@link org.dlp4j.data.contour.Rasterizer}).
 */
package org.dlp4j.data.contour;
