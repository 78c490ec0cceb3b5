package org.dlp4j.deploy;

/** A single-channel image as floats, row-major; values keep the source range (16-bit PNG: 0..65535). */
public record GreyImage(int width, int height, float[] pixels) {
    public GreyImage {
        if (width <= 0 || height <= 0 || pixels.length != width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " image needs " + (long) width * height
                    + " pixels, got " + pixels.length);
        }
    }

    /**
     * 8-bit grey levels for display: values already within 0..255 are rounded unchanged; any other range is
     * mapped linearly from [min, max] to [0, 255] (a constant image maps to 0).
     */
    public int[] toGrey8() {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : pixels) {
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
        }
        int[] g = new int[pixels.length];
        if (min >= 0 && max <= 255) {
            // x + 0.5 is exact in double for a float x in 0..255, so the cast is Math.round(x)
            for (int i = 0; i < g.length; i++) {
                g[i] = (int) (pixels[i] + 0.5);
            }
        } else if (max > min) {
            double range = max - min;
            for (int i = 0; i < g.length; i++) {
                double v = (pixels[i] - min) * 255.0 / range;
                g[i] = (int) Math.max(0, Math.min(255, Math.round(v)));
            }
        }
        return g;
    }
}
