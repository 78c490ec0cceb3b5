/**
 * Nets as DLP's Net module has them: the {@link org.dlp4j.model.NetLibrary} of ready-made nets,
 * a typed {@link org.dlp4j.model.NetBuilder}, {@link org.dlp4j.model.NetEdits} (data sources, renames,
 * class counts, solver fields), {@link org.dlp4j.model.DeployGenerator}, pure-Java
 * {@link org.dlp4j.caffe.ShapeInference} (via {@link org.dlp4j.model.ShapeChecks}), the {@link org.dlp4j.model.NetGraph} drawing,
 * FCN net surgery ({@link org.dlp4j.model.Convolutionalize}, {@link org.dlp4j.model.Bilinear}) and
 * class balancing ({@link org.dlp4j.model.ClassWeights}).
 *
 * <p>Everything here edits {@link org.dlp4j.caffe.TextProto} trees; only the optional checks load
 * native Caffe through {@code org.dlp4j.caffe}.
 */
package org.dlp4j.model;
