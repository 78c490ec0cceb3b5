package org.dlp4j.data.images;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.dlp4j.BadInputException;
import org.dlp4j.JsonText;
import org.dlp4j.data.lmdb.Datum;
import org.dlp4j.data.lmdb.LmdbWriter;
import org.dlp4j.data.sunnybrook.ProgressListener;
import org.dlp4j.data.sunnybrook.Workspace;

/**
 * Classification import: {@code DIR/<class>/*.png|jpg|dcm}, one subfolder per class (sorted names → labels 0..K-1)
 * → {@code ws/data/train_lmdb}, {@code val_lmdb} (Datum.label = class index), {@code labels.txt} and
 * {@code dataset.json}. The split is stratified per class and seeded; train order is shuffled. Images keep their
 * size; the channel count follows the first image (colour → 3 channels in Caffe's B, G, R order).
 */
public final class ClassesImporter {
    /** What was imported. */
    public record Result(@JsonSerialize(using = ToStringSerializer.class) Path data, List<String> classes,
            Map<String, Integer> perSplit, Map<String, Integer> perClass, List<String> skipped, List<String> warnings) {
    }

    private record Item(Path file, int label) {
    }

    private ClassesImporter() {
    }

    public static Result run(Path dir, Path ws, double valFraction, long seed, boolean force,
            ProgressListener listener) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir + ": not a folder");
        }
        if (!(valFraction >= 0 && valFraction < 1)) { // NaN fails both
            throw new BadInputException("--val-fraction must be in [0, 1), got " + valFraction);
        }
        List<Path> classDirs;
        try (Stream<Path> s = Files.list(dir)) {
            classDirs = s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
        List<String> classes = classDirs.stream().map(p -> p.getFileName().toString()).toList();
        Random rnd = new Random(seed);
        List<Item> train = new ArrayList<>();
        List<Item> val = new ArrayList<>();
        Map<String, Integer> perClass = new LinkedHashMap<>();
        for (int k = 0; k < classDirs.size(); k++) {
            List<Path> files;
            try (Stream<Path> s = Files.list(classDirs.get(k))) {
                files = new ArrayList<>(s.filter(Files::isRegularFile).filter(ImageLoader::isImageFile).sorted()
                        .toList());
            }
            Collections.shuffle(files, rnd);
            int nVal = valFraction > 0 && files.size() >= 2 ? Math.max(1, (int) Math.round(files.size() * valFraction))
                    : 0;
            for (int i = 0; i < files.size(); i++) {
                (i < nVal ? val : train).add(new Item(files.get(i), k));
            }
            perClass.put(classes.get(k), 0); // counted as records are written: unreadable files are skipped
        }
        if (train.isEmpty() && val.isEmpty()) {
            throw new BadInputException(dir + ": no class subfolders with images (expected DIR/<class>/*.png)");
        }
        Collections.shuffle(train, rnd);
        Path data = Workspace.data(ws.toAbsolutePath());
        if (Files.exists(data) && !force) {
            throw new BadInputException(data + ": output exists; use --force to replace it");
        }
        Path temp = org.dlp4j.data.OutputFolder.tempIn(data.getParent(), ".data.tmp-", ws);
        List<String> skipped = new ArrayList<>();
        Set<String> sizes = new TreeSet<>();
        int[] channels = {0};
        Map<String, Integer> perSplit = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        try {
            long[] done = {0};
            long total = train.size() + val.size();
            for (String split : List.of("train", "val")) {
                List<Item> items = split.equals("train") ? train : val;
                try (LmdbWriter w = new LmdbWriter(temp.resolve(split + "_lmdb"))) {
                    for (Item it : items) {
                        try {
                            ImageLoader.Loaded img = ImageLoader.image(it.file());
                            if (channels[0] == 0) {
                                channels[0] = img.channels();
                            }
                            byte[] px = toChannels(img, channels[0]);
                            sizes.add(img.rows() + "x" + img.cols());
                            w.add(Datum.ofBytes(channels[0], img.rows(), img.cols(), px, it.label()).encode());
                            perClass.merge(classes.get(it.label()), 1, Integer::sum);
                        } catch (BadInputException e) {
                            skipped.add(e.getMessage());
                        }
                        listener.progress("write", ++done[0], total, (System.nanoTime() - t0) / 1e9);
                    }
                    perSplit.put(split, (int) w.count());
                    w.commit();
                }
            }
            List<String> warnings = new ArrayList<>();
            if (sizes.size() > 1) {
                warnings.add("images have " + sizes.size() + " different sizes " + sizes + "; Caffe needs one size per"
                        + " batch: add a crop or resize them first");
            }
            perClass.forEach((c, count) -> {
                if (count == 0) {
                    warnings.add("class folder '" + c + "' has no readable images: its label "
                            + classes.indexOf(c) + " never occurs in the data");
                }
            });
            Files.writeString(temp.resolve("labels.txt"), String.join("\n", classes) + "\n");
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("format", "dlp4j classification dataset v1");
            json.put("source", dir.toAbsolutePath().toString());
            json.put("classes", classes);
            json.put("perClass", perClass);
            json.put("slicesPerSplit", perSplit);
            json.put("channels", channels[0]);
            json.put("sizes", sizes);
            json.put("seed", seed);
            json.put("valFraction", valFraction);
            json.put("skipped", skipped);
            json.put("warnings", warnings);
            Files.writeString(temp.resolve(Workspace.DATASET_JSON), JsonText.pretty(json));
            if (Files.exists(data)) {
                org.dlp4j.AtomicFiles.deleteTree(data);
            }
            Files.move(temp, data, StandardCopyOption.ATOMIC_MOVE);
            return new Result(data, classes, perSplit, perClass, skipped, warnings);
        } finally {
            org.dlp4j.AtomicFiles.deleteTree(temp);
        }
    }

    /** Converts to the dataset's channel count (gray → replicated RGB, colour → luma), planes in B, G, R order. */
    static byte[] toChannels(ImageLoader.Loaded img, int channels) {
        int n = img.rows() * img.cols();
        byte[] p = img.pixels();
        if (channels == 1) {
            if (img.channels() == 1) {
                return p;
            }
            byte[] g = new byte[n];
            for (int i = 0; i < n; i++) {
                g[i] = (byte) Math.round(0.299 * (p[i] & 0xff) + 0.587 * (p[n + i] & 0xff)
                        + 0.114 * (p[2 * n + i] & 0xff));
            }
            return g;
        }
        byte[] out = new byte[3 * n];
        if (img.channels() == 1) {
            for (int c = 0; c < 3; c++) {
                System.arraycopy(p, 0, out, c * n, n);
            }
            return out;
        }
        System.arraycopy(p, 2 * n, out, 0, n);
        System.arraycopy(p, n, out, n, n);
        System.arraycopy(p, 0, out, 2 * n, n);
        return out;
    }
}
