package org.dlp4j.model;

/**
 * Bilinear upsampling kernels as FCN's {@code surgery.upsample_filt} makes them: for a k×k kernel,
 * factor f = ⌈k/2⌉, centre c = f−1 when k is odd else f−½, weight(i,j) = (1−|i−c|/f)(1−|j−c|/f).
 */
public final class Bilinear {
    private Bilinear() {
    }

    /** One k×k filter, row-major. */
    public static float[] filter(int k) {
        int f = (k + 1) / 2;
        double c = k % 2 == 1 ? f - 1 : f - 0.5;
        float[] w = new float[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                w[i * k + j] = (float) ((1 - Math.abs(i - c) / f) * (1 - Math.abs(j - c) / f));
            }
        }
        return w;
    }

    /**
     * Weights for a Deconvolution blob of shape {@code [inputs, outputs/group, k, k]}: with one output
     * per group ({@code group = channels}) every filter is bilinear; with as many outputs as inputs
     * (no group) the filter sits on the diagonal (input i → output i) and the rest is 0.
     *
     * @throws IllegalArgumentException for other shapes (FCN's interp refuses them too)
     */
    public static float[] deconvolutionWeights(int[] shape) {
        if (shape.length != 4 || shape[2] != shape[3]) {
            throw new IllegalArgumentException("bilinear init needs square 4-D deconvolution weights, got "
                    + java.util.Arrays.toString(shape));
        }
        int m = shape[0];
        int n = shape[1];
        int k = shape[2];
        if (n != 1 && n != m) {
            throw new IllegalArgumentException("bilinear init needs group = channels or as many outputs as inputs, got "
                    + java.util.Arrays.toString(shape));
        }
        float[] filt = filter(k);
        float[] w = new float[m * n * k * k];
        for (int i = 0; i < m; i++) {
            int o = n == 1 ? 0 : i;
            System.arraycopy(filt, 0, w, ((i * n) + o) * k * k, k * k);
        }
        return w;
    }
}
