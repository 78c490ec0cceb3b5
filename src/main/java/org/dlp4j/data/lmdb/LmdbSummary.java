package org.dlp4j.data.lmdb;

import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code dlp lmdb inspect} reports about a Caffe LMDB: count, shape of the first datum, first and last
 * key, encoding ({@code uint8}, {@code float} or {@code encoded}), the histogram of {@code Datum.label}, and,
 * for label databases (one uint8 channel holding only small class indices or 255), the histogram of pixel values;
 * {@code shapes} counts the records of each C x H x W (more than one: Caffe cannot batch them).
 */
public record LmdbSummary(long count, int channels, int height, int width, String firstKey, String lastKey,
        String encoding, boolean labelDatabase, Map<Integer, Long> datumLabels, Map<Integer, Long> pixelHistogram,
        Map<String, Long> shapes) {

    /** Largest class index (besides 255 = ignore) that still makes a 1-channel uint8 database a label database. */
    public static final int MAX_CLASS = 63;

    /**
     * Scans every entry once (streaming). A value that is not a caffe.Datum is a {@link org.dlp4j.BadInputException}
     * naming the LMDB and the record.
     */
    public static LmdbSummary of(LmdbReader r) {
        Map<Integer, Long> labels = new TreeMap<>();
        Map<String, Long> shapes = new TreeMap<>();
        long[] pixels = new long[256];
        Object[] first = new Object[1];
        String[] keys = new String[2];
        long[] n = {0};
        boolean[] uint8OneChannel = {true};
        r.forEach((k, v) -> {
            Datum d;
            try {
                d = Datum.decode(v);
            } catch (IllegalArgumentException e) {
                throw new org.dlp4j.BadInputException(r.dir() + ": record '" + k + "' is not a caffe.Datum ("
                        + e.getMessage() + "); is this an LMDB of another kind than Caffe's image/label databases?", e);
            }
            if (first[0] == null) {
                first[0] = d;
                keys[0] = k;
            }
            keys[1] = k;
            n[0]++;
            labels.merge(d.label(), 1L, Long::sum);
            shapes.merge(d.channels() + "x" + d.height() + "x" + d.width(), 1L, Long::sum);
            if (d.channels() != 1 || d.encoded() || d.data().length == 0) {
                uint8OneChannel[0] = false;
            } else {
                for (byte b : d.data()) {
                    pixels[b & 0xff]++;
                }
            }
            return true;
        });
        Datum d0 = (Datum) first[0];
        boolean isLabel = n[0] > 0 && uint8OneChannel[0];
        Map<Integer, Long> hist = new TreeMap<>();
        for (int i = 0; i < 256; i++) {
            if (pixels[i] > 0) {
                hist.put(i, pixels[i]);
                if (i > MAX_CLASS && i != 255) {
                    isLabel = false;
                }
            }
        }
        String encoding = d0 == null ? "none" : d0.encoded() ? "encoded" : d0.data().length > 0 ? "uint8" : "float";
        return new LmdbSummary(n[0], d0 == null ? 0 : d0.channels(), d0 == null ? 0 : d0.height(),
                d0 == null ? 0 : d0.width(), keys[0], keys[1], encoding, isLabel, labels, isLabel ? hist : Map.of(), shapes);
    }
}
