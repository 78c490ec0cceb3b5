package org.dlp4j.data.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Stream;
import org.dlp4j.BadInputException;
import org.dlp4j.JsonText;
import org.dlp4j.data.sunnybrook.CaseSplit;
import org.dlp4j.data.sunnybrook.ImportReport;
import org.dlp4j.data.sunnybrook.PreparedSlice;
import org.dlp4j.data.sunnybrook.ProgressListener;
import org.dlp4j.data.sunnybrook.WorkspaceWriter;

/**
 * Generic segmentation import: {@code images/} and {@code labels/} folders whose files match by stem
 * ({@code a.jpg} ↔ {@code a.png}). Masks are class indices; a mask holding only 0 and 255 is taken as binary
 * (255 → 1, reported). Split by image, seeded; output as for Sunnybrook (LMDBs, test PNGs, dataset.json).
 * Pairs are checked from their files' headers ({@link ImageShape}) before the split and decoded once, when written.
 */
public final class ImagesImporter {
    private final double valFraction;
    private final double testFraction;
    private final long seed;
    private final boolean force;
    private final boolean floatImages;

    public ImagesImporter(double valFraction, double testFraction, long seed, boolean force, boolean floatImages) {
        this.valFraction = valFraction;
        this.testFraction = testFraction;
        this.seed = seed;
        this.force = force;
        this.floatImages = floatImages;
    }

    /** Imports matched pairs into {@code ws/data}. */
    public ImportReport run(Path images, Path labels, Path ws, ProgressListener listener) throws IOException {
        long t0 = System.nanoTime();
        Map<String, Path> imgs = byStem(images);
        Map<String, Path> masks = byStem(labels);
        List<ImportReport.SkippedItem> skipped = new ArrayList<>();
        List<String> stems = new ArrayList<>();
        for (var e : imgs.entrySet()) {
            if (masks.containsKey(e.getKey())) {
                stems.add(e.getKey());
            } else {
                skipped.add(new ImportReport.SkippedItem(e.getValue().toString(), e.getValue() + ": no mask with"
                        + " the same name in " + labels));
            }
        }
        for (var e : masks.entrySet()) {
            if (!imgs.containsKey(e.getKey())) {
                skipped.add(new ImportReport.SkippedItem(e.getValue().toString(), e.getValue() + ": no image with"
                        + " the same name in " + images));
            }
        }
        if (stems.isEmpty()) {
            throw new BadInputException(images + " and " + labels + ": no image/mask pairs with matching names ("
                    + imgs.size() + " images, " + masks.size() + " masks)");
        }
        // first pass: which pairs are usable, and their shapes, from the files' headers (no pixels decoded), so
        // the split counts only those
        List<String> usable = new ArrayList<>();
        java.util.Set<String> sizes = new java.util.TreeSet<>();
        int channels = 0;
        ForkJoinPool checkPool = new ForkJoinPool(2);
        try {
            List<Object> checked = checkPool.submit(() -> stems.parallelStream()
                    .map(s -> check(imgs.get(s), masks.get(s))).toList()).get();
            for (int i = 0; i < stems.size(); i++) {
                if (checked.get(i) instanceof int[] shape) {
                    usable.add(stems.get(i));
                    channels = channels == 0 ? shape[0] : channels;
                    sizes.add(shape[1] + "x" + shape[2]);
                } else {
                    skipped.add(new ImportReport.SkippedItem(imgs.get(stems.get(i)).toString(), (String) checked.get(i)));
                }
            }
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IOException("import failed: " + e.getMessage(), e);
        } finally {
            checkPool.shutdown();
        }
        if (usable.isEmpty()) {
            throw new BadInputException(images + ": nothing usable; first problem: " + skipped.get(0).reason());
        }
        Map<String, CaseSplit.Split> split = CaseSplit.split(usable, valFraction, testFraction, seed);
        List<String> warnings = new ArrayList<>();
        if (sizes.size() > 1) {
            warnings.add("images have " + sizes.size() + " different sizes " + sizes + "; Caffe's Data layer batches"
                    + " only one size: resize them, or train with batch_size 1");
        }
        int oneChannelCount = channels; // every record gets the first usable image's channels (Caffe needs one)
        int binary = 0;
        try (WorkspaceWriter w = new WorkspaceWriter(ws, force, floatImages)) {
            ForkJoinPool pool = new ForkJoinPool(2);
            try {
                for (int start = 0; start < usable.size(); start += 16) {
                    List<String> chunk = usable.subList(start, Math.min(usable.size(), start + 16));
                    List<Object> prepared = pool.submit(() -> chunk.parallelStream()
                            .map(s -> prepare(s, imgs.get(s), masks.get(s)))
                            .map(o -> o instanceof PreparedSlice p ? withChannels(p, oneChannelCount) : o).toList()).get();
                    for (int i = 0; i < chunk.size(); i++) {
                        Object o = prepared.get(i);
                        if (o instanceof PreparedSlice p) {
                            w.add(split.get(chunk.get(i)), p);
                            if (Boolean.TRUE.equals(p.source().get("binaryMask"))) {
                                binary++;
                            }
                        } else {
                            skipped.add(new ImportReport.SkippedItem(imgs.get(chunk.get(i)).toString(), (String) o));
                        }
                    }
                    listener.progress("write", Math.min(usable.size(), start + 16), usable.size(),
                            (System.nanoTime() - t0) / 1e9);
                }
            } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
                throw new IOException("import failed: " + e.getMessage(), e);
            } finally {
                pool.shutdown();
            }
            Map<String, Integer> perSplit = w.written();
            int total = perSplit.values().stream().mapToInt(Integer::intValue).sum();
            if (total == 0) {
                throw new BadInputException(images + ": nothing usable; first problem: " + skipped.get(0).reason());
            }
            if (binary > 0) {
                warnings.add(binary + " mask(s) held only 0 and 255: taken as binary (255 -> class 1)");
            }
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("format", "dlp4j segmentation dataset v1");
            header.put("source", JsonText.object("images", images.toAbsolutePath().toString(), "labels",
                    labels.toAbsolutePath().toString(), "layout", "images+labels"));
            header.put("seed", seed);
            header.put("valFraction", valFraction);
            header.put("testFraction", testFraction);
            header.put("normalisation", JsonText.object("method",
                    "8-bit images as they are; 16-bit and DICOM images: per-image 1-99 percentile window to 0..255"));
            header.put("labels", JsonText.object("0", "background", "255", "ignore"));
            header.put("warnings", warnings);
            Path data = w.finish(header);
            double secs = (System.nanoTime() - t0) / 1e9;
            Map<String, List<String>> perCase = new LinkedHashMap<>();
            for (CaseSplit.Split s : CaseSplit.Split.values()) {
                perCase.put(s.id(), split.entrySet().stream().filter(e -> e.getValue() == s)
                        .map(Map.Entry::getKey).sorted().toList());
            }
            return new ImportReport(images, "images+labels", data, List.of(), skipped, perSplit, perCase, warnings,
                    secs, total / secs);
        }
    }

    /** The slice with {@code channels} channels (grey replicated to RGB, RGB to grey luminance), as classes get. */
    private static PreparedSlice withChannels(PreparedSlice p, int channels) {
        if (p.channels() == channels) {
            return p;
        }
        ImageLoader.Loaded img = new ImageLoader.Loaded(p.channels(), p.rows(), p.cols(), p.image8(), null, p.window(),
                p.rowSpacing(), p.colSpacing());
        Map<String, Object> source = new LinkedHashMap<>(p.source());
        source.put("channelsConverted", p.channels() + " -> " + channels);
        return new PreparedSlice(p.name(), p.caseId(), channels, p.rows(), p.cols(),
                ClassesImporter.toChannels(img, channels), null, p.mask(), p.window(), p.rowSpacing(), p.colSpacing(),
                source);
    }

    /**
     * The pair's shape {channels, rows, cols} from the two files' headers ({@link ImageShape}), or the reason
     * (String) it is skipped: the checks of {@link #prepare} that need no pixels, with the same messages. A file
     * whose header reads but whose pixels do not is found by {@link #prepare}, at write time.
     */
    private static Object check(Path image, Path maskFile) {
        String jpeg = jpegMask(maskFile);
        if (jpeg != null) {
            return jpeg;
        }
        try {
            ImageShape.Shape img = ImageShape.image(image);
            ImageShape.Shape m = ImageShape.mask(maskFile);
            String sizes = sizeMismatch(image, img.rows(), img.cols(), maskFile, m.rows(), m.cols());
            return sizes != null ? sizes : new int[] {img.channels(), img.rows(), img.cols()};
        } catch (BadInputException e) {
            return e.getMessage();
        }
    }

    private static String jpegMask(Path maskFile) {
        String maskName = maskFile.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (maskName.endsWith(".jpg") || maskName.endsWith(".jpeg")) {
            return maskFile + ": a JPEG mask; lossy compression changes class values at every edge (a 0/255 disk"
                    + " comes back as values 0-6 and 249-255): save masks as PNG";
        }
        return null;
    }

    private static String sizeMismatch(Path image, int rows, int cols, Path maskFile, int maskRows, int maskCols) {
        if (rows != maskRows || cols != maskCols) {
            return image + ": image is " + rows + "x" + cols + " but its mask " + maskFile + " is " + maskRows + "x"
                    + maskCols;
        }
        return null;
    }

    /** A PreparedSlice, or the reason (String) it was skipped. */
    private static Object prepare(String stem, Path image, Path maskFile) {
        String jpeg = jpegMask(maskFile);
        if (jpeg != null) {
            return jpeg;
        }
        try {
            ImageLoader.Loaded img = ImageLoader.image(image);
            ImageLoader.Loaded m = ImageLoader.mask(maskFile);
            String sizes = sizeMismatch(image, img.rows(), img.cols(), maskFile, m.rows(), m.cols());
            if (sizes != null) {
                return sizes;
            }
            byte[] mask = m.pixels();
            boolean binary = true;
            boolean has255 = false;
            boolean[] seen = new boolean[256];
            for (byte b : mask) {
                int v = b & 0xff;
                binary &= v == 0 || v == 255;
                has255 |= v == 255;
                seen[v] = true;
            }
            String grey = greyMask(maskFile, seen);
            if (grey != null) {
                return grey;
            }
            if (binary && has255) {
                mask = mask.clone();
                for (int i = 0; i < mask.length; i++) {
                    mask[i] = (byte) (mask[i] == 0 ? 0 : 1);
                }
            }
            Map<String, Object> source = new LinkedHashMap<>();
            source.put("imageFile", image.toString());
            source.put("maskFile", maskFile.toString());
            source.put("binaryMask", binary && has255);
            return new PreparedSlice(stem, stem, img.channels(), img.rows(), img.cols(), img.pixels(), img.floats(),
                    mask, img.window(), img.rowSpacing(), img.colSpacing(), source);
        } catch (BadInputException e) {
            return e.getMessage();
        }
    }

    /** More distinct values than any class mask holds: a grey image or a smoothed/resampled mask. */
    static final int MAX_MASK_VALUES = 64;

    /**
     * The reason a mask with more than {@link #MAX_MASK_VALUES} distinct values is skipped, else null: read as class
     * indices, such a mask makes a class of every grey level (and of every anti-aliased edge level of a 0/255
     * mask, whose object, 255, becomes "ignore").
     */
    static String greyMask(Path maskFile, boolean[] seen) {
        int distinct = 0;
        int lo = -1;
        int hi = -1;
        for (int v = 0; v < 256; v++) {
            if (seen[v]) {
                distinct++;
                lo = lo < 0 ? v : lo;
                hi = v;
            }
        }
        if (distinct <= MAX_MASK_VALUES) {
            return null;
        }
        return maskFile + ": " + distinct + " different values (" + lo + ".." + hi + "); a mask holds class indices"
                + " (0 background, 1, 2, ...; 255 ignore), this looks like a grey image or a mask that was smoothed,"
                + " resized or saved as JPEG: save the mask with only its class values (nearest-neighbour resizing)";
    }

    static Map<String, Path> byStem(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir + ": not a folder");
        }
        Map<String, Path> m = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(Files::isRegularFile).filter(ImageLoader::isImageFile).sorted().toList()) {
                String name = p.getFileName().toString();
                String stem = name.substring(0, name.lastIndexOf('.'));
                m.putIfAbsent(stem, p);
            }
        }
        return m;
    }
}
