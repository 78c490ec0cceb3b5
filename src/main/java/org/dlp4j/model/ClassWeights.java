package org.dlp4j.model;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import org.dlp4j.BadInputException;
import org.dlp4j.caffe.TextProto;
import org.dlp4j.data.images.LabelHistogram;

/**
 * Class balancing for segmentation, where the background outnumbers the left ventricle ~50:1:
 * a label histogram from the label LMDB, median-frequency weights (Eigen &amp; Fergus 2015:
 * w_c = median(freq)/freq_c over the classes present, freq_c = pixels of c / labelled pixels), and
 * Caffe's {@code InfogainLoss} with H = diag(w) written as a binaryproto {@code BlobProto}
 * (num=1, channels=1, height=K, width=K). Caffe 1.0's InfogainLoss applies the softmax itself
 * (it has {@code infogain_loss_param.axis}), so it replaces SoftmaxWithLoss on the same bottoms.
 */
public final class ClassWeights {
    /** Label 255 marks pixels to ignore (DLP's label convention). */
    public static final int IGNORE = 255;

    private ClassWeights() {
    }

    /**
     * Pixel counts per label value 0..255 over every record of a label LMDB, raw or PNG-encoded
     * ({@link LabelHistogram}); an LMDB of images, or of JPEG-encoded records, is refused.
     */
    public static long[] histogram(Path labelLmdb) {
        return LabelHistogram.of(labelLmdb);
    }

    /**
     * Median-frequency weights for classes 0..K-1 (ignored label 255 excluded). A class with no
     * pixels gets weight 1.
     */
    public static double[] medianFrequency(long[] counts, int classes) {
        long total = 0;
        for (int c = 0; c < classes; c++) {
            total += counts[c];
        }
        if (total == 0) {
            throw new BadInputException("the labels hold no pixel of classes 0.." + (classes - 1));
        }
        double[] freq = new double[classes];
        int present = 0;
        for (int c = 0; c < classes; c++) {
            freq[c] = (double) counts[c] / total;
            if (counts[c] > 0) {
                present++;
            }
        }
        double[] sorted = Arrays.stream(freq).filter(f -> f > 0).sorted().toArray();
        double median = present % 2 == 1 ? sorted[present / 2] : (sorted[present / 2 - 1] + sorted[present / 2]) / 2;
        double[] w = new double[classes];
        for (int c = 0; c < classes; c++) {
            w[c] = freq[c] > 0 ? median / freq[c] : 1;
        }
        return w;
    }

    /** The number of classes the labels use: highest label below 255, plus one. */
    public static int classCount(long[] counts) {
        for (int c = IGNORE - 1; c >= 0; c--) {
            if (counts[c] > 0) {
                return c + 1;
            }
        }
        return 0;
    }

    /** Writes H = diag(weights) as a binaryproto BlobProto, 1×1×K×K (atomic). */
    public static void writeInfogainMatrix(Path file, double[] weights) {
        int k = weights.length;
        ByteBuffer data = ByteBuffer.allocate(4 * k * k).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                data.putFloat(i == j ? (float) weights[i] : 0f);
            }
        }
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int[][] dims = {{1, 1}, {2, 1}, {3, k}, {4, k}};
        for (int[] d : dims) {
            varint(o, d[0] << 3);
            varint(o, d[1]);
        }
        varint(o, (5 << 3) | 2);
        varint(o, data.capacity());
        o.write(data.array(), 0, data.capacity());
        org.dlp4j.AtomicFiles.write(file, o.toByteArray());
    }

    /**
     * Turns every SoftmaxWithLoss into an InfogainLoss on the same bottoms with
     * {@code infogain_loss_param { source }} (loss_param such as ignore_label kept); returns how many.
     */
    public static int useInfogain(TextProto net, String hSource, String what) {
        int n = 0;
        for (TextProto l : net.messages("layer")) {
            if (l.get("type", "").equals("SoftmaxWithLoss") || l.get("type", "").equals("InfogainLoss")) {
                l.setString("type", "InfogainLoss");
                l.remove("infogain_loss_param");
                l.addMessage("infogain_loss_param").addString("source", hSource);
                n++;
            }
        }
        if (n == 0) {
            throw new BadInputException(what + ": no SoftmaxWithLoss layer to weight");
        }
        return n;
    }

    private static void varint(ByteArrayOutputStream o, long v) {
        while ((v & ~0x7FL) != 0) {
            o.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        o.write((int) v);
    }
}
