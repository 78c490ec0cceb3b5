package org.dlp4j.caffe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What loading a caffemodel into a net will do, worked out in Java before Caffe sees the file:
 * layers copied, layers only in the file (ignored by Caffe), net layers that get no weights (keep
 * their fillers), and shape or blob-count mismatches (on which Caffe would abort). Suggests renames
 * when a net layer without weights and a file layer with another name have the same shapes, e.g.
 * DLP's {@code conv6} vs the caffemodel's {@code fc6}.
 */
public record WeightTransferReport(List<String> copied, List<String> onlyInFile, List<String> onlyInNet,
        List<String> mismatched, List<String> suggestions) {

    /**
     * @param netParams the net's layers with parameters → their blob shapes, in net order; a layer mapped to an empty
     *                  list is in the net without parameters
     * @param file      the weights
     */
    public static WeightTransferReport compare(Map<String, List<int[]>> netParams, CaffeModelFile file) {
        return compare(netParams, netParams.keySet(), file);
    }

    /**
     * As Caffe's {@code Net::CopyTrainedLayersFrom}: a weights layer whose name no net layer has is ignored; one that
     * a net layer has must bring exactly that layer's number of blobs (0 for a layer without parameters: "Incompatible
     * number of blobs for layer fc (0 vs. 2)" aborts Caffe) of the same shapes. HDF5 weights are held to the same
     * rule, a little stricter than Caffe's CopyTrainedLayersFromHDF5, which lets a layer leave out a blob the net
     * shares from another layer ({@code param { name }}).
     *
     * @param netParams the net's layers with parameters → their blob shapes, in net order
     * @param netLayers the names of all the net's layers, with and without parameters
     * @param file      the weights
     */
    public static WeightTransferReport compare(Map<String, List<int[]>> netParams, java.util.Collection<String> netLayers,
            CaffeModelFile file) {
        List<String> copied = new ArrayList<>();
        List<String> onlyInFile = new ArrayList<>();
        List<String> onlyInNet = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        List<String> suggestions = new ArrayList<>();
        java.util.Set<String> inNet = new java.util.HashSet<>(netLayers);
        inNet.addAll(netParams.keySet());
        for (CaffeModelFile.Layer l : file.layers().values()) {
            if (!inNet.contains(l.name())) {
                if (!l.blobs().isEmpty()) {
                    onlyInFile.add(l.name());
                }
                continue;
            }
            List<int[]> target = netParams.getOrDefault(l.name(), List.of());
            if (target.isEmpty() && l.blobs().isEmpty()) {
                continue; // nothing to copy either way
            }
            String why = mismatch(target, l.blobs());
            if (why == null) {
                copied.add(l.name());
            } else {
                mismatched.add(l.name() + ": " + why);
            }
        }
        for (Map.Entry<String, List<int[]>> e : netParams.entrySet()) {
            if (e.getValue().isEmpty() || file.layers().containsKey(e.getKey())) {
                continue;
            }
            onlyInNet.add(e.getKey());
            for (String other : onlyInFile) {
                CaffeModelFile.Layer o = file.layers().get(other);
                if (sameCounts(e.getValue(), o.blobs())) {
                    suggestions.add("rename " + e.getKey() + "->" + other
                            + " (the weights' '" + other + "' fits the net's '" + e.getKey() + "')");
                }
            }
        }
        return new WeightTransferReport(copied, onlyInFile, onlyInNet, mismatched, suggestions);
    }

    /** True when Caffe would abort on this transfer. */
    public boolean hasMismatches() {
        return !mismatched.isEmpty();
    }

    /** True when pretrained weights reach no layer at all (e.g. every name differs). */
    public boolean nothingCopied() {
        return copied.isEmpty();
    }

    private static String mismatch(List<int[]> target, List<CaffeModelFile.Blob> src) {
        if (target.size() != src.size()) {
            return "incompatible number of blobs: the net's layer has " + target.size() + " parameter blob(s)"
                    + (target.isEmpty() ? " (a layer type without weights)" : "") + ", the weights' layer " + src.size()
                    + " (Caffe aborts: \"Incompatible number of blobs\")";
        }
        for (int i = 0; i < target.size(); i++) {
            CaffeModelFile.Blob b = src.get(i);
            long[] want = toLong(target.get(i));
            boolean ok = b.legacyShape() ? Arrays.equals(legacy4(want), b.shape()) : Arrays.equals(want, b.shape());
            if (!ok) {
                return "blob " + i + " shape " + Arrays.toString(b.shape()) + " in weights vs "
                        + Arrays.toString(want) + " in net";
            }
        }
        return null;
    }

    private static boolean sameCounts(List<int[]> target, List<CaffeModelFile.Blob> src) {
        if (target.size() != src.size()) {
            return false;
        }
        for (int i = 0; i < target.size(); i++) {
            long n = 1;
            for (int d : target.get(i)) {
                n *= d;
            }
            if (n != src.get(i).count()) {
                return false;
            }
        }
        return true;
    }

    private static long[] toLong(int[] a) {
        return Arrays.stream(a).asLongStream().toArray();
    }

    /** Caffe's legacy comparison: the shape padded with leading 1s to 4 axes. */
    private static long[] legacy4(long[] s) {
        if (s.length > 4) {
            return s;
        }
        long[] out = {1, 1, 1, 1};
        System.arraycopy(s, 0, out, 4 - s.length, s.length);
        return out;
    }

    /** A human-readable multi-line report. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("weights: ").append(copied.size()).append(" layer(s) copied");
        if (!copied.isEmpty()) {
            sb.append(" ").append(copied);
        }
        sb.append('\n');
        if (!onlyInFile.isEmpty()) {
            sb.append("  in the weights but not the net (ignored): ").append(onlyInFile).append('\n');
        }
        if (!onlyInNet.isEmpty()) {
            sb.append("  in the net but not the weights (keep their initial values): ").append(onlyInNet).append('\n');
        }
        for (String m : mismatched) {
            sb.append("  MISMATCH ").append(m).append('\n');
        }
        for (String s : suggestions) {
            sb.append("  suggestion: ").append(s).append('\n');
        }
        if (copied.isEmpty()) {
            sb.append("  WARNING: the pretrained weights match no layer of this net\n");
        }
        return sb.toString();
    }
}
