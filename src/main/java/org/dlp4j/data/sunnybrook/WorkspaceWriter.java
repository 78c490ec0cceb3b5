package org.dlp4j.data.sunnybrook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dlp4j.BadInputException;
import org.dlp4j.JsonText;
import org.dlp4j.data.images.Png;
import org.dlp4j.data.lmdb.Datum;
import org.dlp4j.data.lmdb.LmdbWriter;
import org.dlp4j.data.sunnybrook.CaseSplit.Split;

/**
 * Writes a segmentation dataset into {@code <ws>/data}: train/val image and label LMDBs with identical
 * {@code %08d} keys, test PNGs (images and masks with the same names) and {@code dataset.json}. Everything goes
 * to a temporary folder first and is renamed into place by {@link #finish}; {@link #close} without finish
 * discards it. One writer thread.
 */
public final class WorkspaceWriter implements AutoCloseable {
    private final Path ws;
    private final Path temp;
    private final boolean force;
    private final boolean floatImages;
    private final Map<Split, LmdbWriter> images = new EnumMap<>(Split.class);
    private final Map<Split, LmdbWriter> labels = new EnumMap<>(Split.class);
    private final Map<Split, long[]> classCounts = new EnumMap<>(Split.class);
    private final Map<Split, Integer> written = new EnumMap<>(Split.class);
    private final List<Map<String, Object>> slices = new ArrayList<>();
    private final Map<String, double[]> spacing = new TreeMap<>();
    private final Path createdWs;
    private final Thread cleanup;
    private boolean done;

    /** Refuses an existing {@code <ws>/data} unless {@code force} (then it is replaced at {@link #finish}). */
    public WorkspaceWriter(Path ws, boolean force, boolean floatImages) throws IOException {
        this.ws = ws.toAbsolutePath();
        this.force = force;
        this.floatImages = floatImages;
        if (Files.exists(Workspace.data(this.ws)) && !force) {
            throw new BadInputException(Workspace.data(this.ws) + ": output exists; use --force to replace it or"
                    + " choose another --out");
        }
        Path created = null; // the topmost folder made here, removed again when nothing is finished
        try {
            for (Path p = this.ws; p != null && !Files.exists(p); p = p.getParent()) {
                created = p;
            }
            Files.createDirectories(this.ws);
            this.temp = org.dlp4j.AtomicFiles.createTempDirectory(this.ws, ".data.tmp-");
        } catch (IOException e) {
            // no permission, a read-only or virtual file system: the user's choice of --out, said before any work
            throw org.dlp4j.data.OutputFolder.cannotWrite(this.ws, e);
        }
        this.createdWs = created;
        // an import stopped by Ctrl-C or a kill leaves no half-written folder behind (a SIGKILL can: it is hidden,
        // never named data/)
        this.cleanup = new Thread(this::discardAtExit, "workspace-writer-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            for (Split s : new Split[] {Split.TRAIN, Split.VAL}) {
                images.put(s, new LmdbWriter(temp.resolve(s == Split.TRAIN ? Workspace.TRAIN_LMDB
                        : Workspace.VAL_LMDB)));
                labels.put(s, new LmdbWriter(temp.resolve(s == Split.TRAIN ? Workspace.TRAIN_GT_LMDB
                        : Workspace.VAL_GT_LMDB)));
            }
            Files.createDirectories(temp.resolve(Workspace.TEST_IMAGES));
            Files.createDirectories(temp.resolve(Workspace.TEST_LABELS));
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        for (Split s : Split.values()) {
            classCounts.put(s, new long[256]);
            written.put(s, 0);
        }
    }

    /**
     * A slice's bytes as they go to disk (the two LMDB values for train/val, the two PNGs for test) and its mask's
     * class histogram. Computing them is thread-safe, so workers do it and the writer thread only stores them.
     */
    public record Encoded(byte[] image, byte[] label, int[] maskHistogram) {
    }

    /**
     * The class counts of a mask. Masks are mostly background: only the other bytes are counted one by one, and the
     * background's count is what is left (half the time of counting every byte, C1 microbenchmark).
     */
    private static int[] histogram(byte[] mask) {
        int[] h = new int[256];
        int other = 0;
        for (byte b : mask) {
            if (b != 0) {
                h[b & 0xff]++;
                other++;
            }
        }
        h[0] = mask.length - other;
        return h;
    }

    /** Encodes a slice for {@code split} (any thread). */
    public Encoded encode(Split split, PreparedSlice s) throws IOException {
        if (split == Split.TEST) {
            byte[] img = s.channels() == 3 ? Png.encodeRgb(s.image8(), s.rows(), s.cols())
                    : Png.encodeGray(s.image8(), s.rows(), s.cols());
            return new Encoded(img, Png.encodeGray(s.mask(), s.rows(), s.cols()), histogram(s.mask()));
        }
        Datum img = floatImages && s.imageFloat() != null
                ? Datum.ofFloats(s.channels(), s.rows(), s.cols(), bgr(s.imageFloat(), s.channels()), 0)
                : Datum.ofBytes(s.channels(), s.rows(), s.cols(), bgr(s.image8(), s.channels()), 0);
        return new Encoded(img.encode(), Datum.ofBytes(1, s.rows(), s.cols(), s.mask(), 0).encode(),
                histogram(s.mask()));
    }

    /** Adds one slice to a split. */
    public void add(Split split, PreparedSlice s) throws IOException {
        add(split, s, encode(split, s));
    }

    /** Adds one slice whose bytes {@link #encode} made. */
    public void add(Split split, PreparedSlice s, Encoded e) throws IOException {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", s.name());
        meta.put("split", split.id());
        if (split == Split.TEST) {
            String png = s.name() + ".png";
            // plain writes: the whole folder is temporary until finish() renames it into place
            Files.write(temp.resolve(Workspace.TEST_IMAGES).resolve(png), e.image());
            Files.write(temp.resolve(Workspace.TEST_LABELS).resolve(png), e.label());
            meta.put("image", Workspace.TEST_IMAGES + "/" + png);
            meta.put("label", Workspace.TEST_LABELS + "/" + png);
            spacing.put(png, new double[] {s.rowSpacing(), s.colSpacing()});
        } else {
            LmdbWriter iw = images.get(split);
            String key = LmdbWriter.key(iw.count());
            iw.put(key, e.image());
            labels.get(split).put(key, e.label());
            meta.put("key", key);
        }
        spacing.put(s.name(), new double[] {s.rowSpacing(), s.colSpacing()});
        long[] counts = classCounts.get(split);
        int[] histogram = e.maskHistogram();
        for (int v = 0; v < 256; v++) {
            counts[v] += histogram[v];
        }
        int lv = s.mask().length - histogram[0];
        meta.put("case", s.caseId());
        meta.put("rows", s.rows());
        meta.put("cols", s.cols());
        meta.put("pixelSpacing", new double[] {s.rowSpacing(), s.colSpacing()});
        meta.put("window", s.window() == null ? null : new double[] {s.window().low(), s.window().high()});
        meta.put("channels", s.channels());
        meta.put("labelPixels", lv);
        meta.putAll(s.source());
        slices.add(meta);
        written.merge(split, 1, Integer::sum);
    }

    /** Caffe stores colour planes as B, G, R. */
    static byte[] bgr(byte[] rgb, int channels) {
        if (channels != 3) {
            return rgb;
        }
        int n = rgb.length / 3;
        byte[] out = new byte[rgb.length];
        System.arraycopy(rgb, 2 * n, out, 0, n);
        System.arraycopy(rgb, n, out, n, n);
        System.arraycopy(rgb, 0, out, 2 * n, n);
        return out;
    }

    static float[] bgr(float[] rgb, int channels) {
        if (channels != 3) {
            return rgb;
        }
        int n = rgb.length / 3;
        float[] out = new float[rgb.length];
        System.arraycopy(rgb, 2 * n, out, 0, n);
        System.arraycopy(rgb, n, out, n, n);
        System.arraycopy(rgb, 0, out, 2 * n, n);
        return out;
    }

    /** Slices written per split so far. */
    public Map<String, Integer> written() {
        Map<String, Integer> m = new LinkedHashMap<>();
        written.forEach((k, v) -> m.put(k.id(), v));
        return m;
    }

    /**
     * Writes {@code dataset.json} ({@code header} first, then encoding, class frequencies, pixel spacing and the
     * per-slice list), commits the LMDBs and renames the folder to {@code <ws>/data}.
     */
    public Path finish(Map<String, Object> header) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>(header);
        json.put("encoding", floatImages ? "float" : "uint8");
        json.putIfAbsent("normalisation", JsonText.object("method", "per-slice percentile window", "lowPercentile",
                Normalization.LOW_PERCENTILE, "highPercentile", Normalization.HIGH_PERCENTILE, "outputRange",
                "0..255 (uint8 clamped and rounded; float unclamped)", "appliesTo", "LMDB images and test PNGs"));
        json.putIfAbsent("labels", JsonText.object("0", "background", "1", "left ventricle", "255", "ignore"));
        json.put("slicesPerSplit", written());
        Map<String, Object> freq = new LinkedHashMap<>();
        for (var e : classCounts.entrySet()) {
            Map<String, Long> m = new TreeMap<>();
            long[] c = e.getValue();
            for (int i = 0; i < c.length; i++) {
                if (c[i] > 0) {
                    m.put(Integer.toString(i), c[i]);
                }
            }
            freq.put(e.getKey().id(), m);
        }
        json.put("classFrequencies", freq);
        json.put("pixelSpacing", spacing);
        json.put("slices", slices);
        // the four LMDBs flush and fsync on their own threads while another renders dataset.json; every task has
        // ended before close() may run
        List<LmdbWriter> dbs = new ArrayList<>(images.values());
        dbs.addAll(labels.values());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(dbs.size() + 1);
        String text;
        try {
            List<java.util.concurrent.Future<?>> tasks = new ArrayList<>();
            for (LmdbWriter w : dbs) {
                tasks.add(pool.submit(() -> {
                    w.commit();
                    return null;
                }));
            }
            java.util.concurrent.Future<String> rendered = pool.submit(
                    () -> JsonText.pretty(json));
            tasks.add(rendered);
            Futures.awaitAll(tasks);
            text = Futures.await(rendered);
        } finally {
            pool.shutdown();
        }
        Files.writeString(temp.resolve(Workspace.DATASET_JSON), text);
        Path data = Workspace.data(ws);
        if (Files.exists(data) && force) {
            Path old = Files.createTempDirectory(ws, ".data.old-");
            Files.delete(old);
            Files.move(data, old, StandardCopyOption.ATOMIC_MOVE);
            Files.move(temp, data, StandardCopyOption.ATOMIC_MOVE);
            org.dlp4j.AtomicFiles.deleteTree(old);
        } else {
            Files.move(temp, data, StandardCopyOption.ATOMIC_MOVE);
        }
        done = true;
        removeHook();
        return data;
    }

    /**
     * Discards everything unless {@link #finish} succeeded, and the {@code --out} folders this writer made when
     * they are still empty.
     */
    @Override
    public void close() throws IOException {
        removeHook();
        if (done) {
            return;
        }
        done = true;
        for (LmdbWriter w : images.values()) {
            w.close();
        }
        for (LmdbWriter w : labels.values()) {
            w.close();
        }
        org.dlp4j.AtomicFiles.deleteTree(temp);
        removeCreatedFolders();
    }

    /** The shutdown hook registered until {@link #finish} or {@link #close} (tests). */
    Thread exitHook() {
        return cleanup;
    }

    /**
     * The shutdown hook's work: the writer threads still run while the JVM goes down and may add a file while
     * the tree is deleted (the delete then fails on a folder no longer empty), so it tries again; once the temp
     * folder is gone, their writes fail and nothing comes back.
     */
    private void discardAtExit() {
        for (int attempt = 0; attempt < 50 && Files.exists(temp); attempt++) {
            try {
                org.dlp4j.AtomicFiles.deleteTree(temp);
            } catch (IOException | RuntimeException retry) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        try {
            removeCreatedFolders();
        } catch (IOException | RuntimeException ignored) {
            // the JVM is going down: nothing more to do
        }
    }

    /** The {@code --out} folders this writer made, while they are empty. */
    private void removeCreatedFolders() throws IOException {
        if (createdWs != null) {
            for (Path p = ws; p != null && p.startsWith(createdWs); p = p.getParent()) {
                if (!isEmptyFolder(p)) {
                    break;
                }
                Files.deleteIfExists(p);
            }
        }
    }

    private void removeHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or has run
        }
    }

    private static boolean isEmptyFolder(Path p) throws IOException {
        if (!Files.isDirectory(p)) {
            return false;
        }
        try (java.util.stream.Stream<Path> s = Files.list(p)) {
            return s.findAny().isEmpty();
        }
    }
}
