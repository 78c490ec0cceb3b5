/**
 * Plain image files in and out: PNG writing ({@link org.dlp4j.data.images.Png}), image/mask loading
 * ({@link org.dlp4j.data.images.ImageLoader}) and the generic importers for image/mask pairs
 * ({@link org.dlp4j.data.images.ImagesImporter}) and class folders ({@link org.dlp4j.data.images.ClassesImporter}),
 * and the pixel counts of label LMDBs, raw or PNG-encoded ({@link org.dlp4j.data.images.LabelHistogram}).
 */
package org.dlp4j.data.images;
