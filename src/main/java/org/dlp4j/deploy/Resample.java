package org.dlp4j.deploy;

/** Bilinear image resizing (inputs to a fixed-size net) and nearest-neighbour mask/score mapping back. */
final class Resample {
    private Resample() {
    }

    static GreyImage bilinear(GreyImage img, int w, int h) {
        if (img.width() == w && img.height() == h) {
            return img;
        }
        float[] src = img.pixels();
        float[] out = new float[w * h];
        double sx = (double) img.width() / w;
        double sy = (double) img.height() / h;
        for (int y = 0; y < h; y++) {
            double fy = Math.max(0, (y + 0.5) * sy - 0.5);
            int y0 = Math.min((int) fy, img.height() - 1);
            int y1 = Math.min(y0 + 1, img.height() - 1);
            double dy = fy - y0;
            for (int x = 0; x < w; x++) {
                double fx = Math.max(0, (x + 0.5) * sx - 0.5);
                int x0 = Math.min((int) fx, img.width() - 1);
                int x1 = Math.min(x0 + 1, img.width() - 1);
                double dx = fx - x0;
                double top = src[y0 * img.width() + x0] * (1 - dx) + src[y0 * img.width() + x1] * dx;
                double bot = src[y1 * img.width() + x0] * (1 - dx) + src[y1 * img.width() + x1] * dx;
                out[y * w + x] = (float) (top * (1 - dy) + bot * dy);
            }
        }
        return new GreyImage(w, h, out);
    }

    /** Nearest-neighbour resampling of a C×h×w score blob to C×H×W. */
    static float[] nearest(float[] scores, int c, int h, int w, int outH, int outW) {
        if (h == outH && w == outW) {
            return scores;
        }
        float[] out = new float[c * outH * outW];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < outH; y++) {
                int sy = Math.min(h - 1, (int) ((y + 0.5) * h / outH));
                for (int x = 0; x < outW; x++) {
                    int sx = Math.min(w - 1, (int) ((x + 0.5) * w / outW));
                    out[(ch * outH + y) * outW + x] = scores[(ch * h + sy) * w + sx];
                }
            }
        }
        return out;
    }
}
