/**
 * A Sunnybrook-shaped synthetic dataset for the demo and tests: {@link org.dlp4j.data.synth.SyntheticSunnybrook}
 * writes the challenge layout (DICOM series per case, expert contour files under padded case names);
 * {@link org.dlp4j.data.synth.SyntheticHeart} draws one short-axis MR-like slice and its LV contours.
 */
package org.dlp4j.data.synth;
