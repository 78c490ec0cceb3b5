package org.dlp4j.data.sunnybrook;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dlp4j.BadInputException;
import org.dlp4j.JsonText;
import org.dlp4j.data.contour.ContourKind;
import org.dlp4j.data.dicom.DicomHeader;
import org.dlp4j.data.dicom.DicomReader;
import org.dlp4j.data.sunnybrook.CaseSplit.Split;

/**
 * Sunnybrook folder → workspace. Usage:
 * <pre>
 * ImportReport r = SunnybrookImporter.builder().valFraction(0.2).testFraction(0.2).seed(1).build()
 *         .run(src, ws, ProgressListener.NONE);
 * </pre>
 * Scans either layout, reads DICOM headers, pairs contours with slices, splits by case, then decodes,
 * normalises and rasterises slices on worker threads while one thread writes (see {@link WorkspaceWriter}).
 * Throws {@link BadInputException} (CLI exit 2) only when nothing usable was found or the output exists.
 */
public final class SunnybrookImporter {
    private final ImportOptions o;

    private SunnybrookImporter(ImportOptions o) {
        this.o = o;
    }

    public static ImportOptions.Builder builder() {
        return new ImportOptions.Builder();
    }

    static SunnybrookImporter of(ImportOptions o) {
        return new SunnybrookImporter(o);
    }

    public ImportOptions options() {
        return o;
    }

    /** Imports {@code src} into {@code ws/data}. */
    public ImportReport run(Path src, Path ws, ProgressListener listener) throws IOException {
        long t0 = System.nanoTime();
        src = src.toAbsolutePath().normalize();
        if (!java.nio.file.Files.isDirectory(src)) {
            throw new BadInputException(src + ": not a folder");
        }
        CaseSplit.checkFractions(o.valFraction(), o.testFraction());
        // the output first: an existing or unwritable --out is said before minutes of header reading
        try (WorkspaceWriter writer = new WorkspaceWriter(ws, o.force(), o.floatImages())) {
            return run(src, writer, listener, t0);
        }
    }

    private ImportReport run(Path src, WorkspaceWriter writer, ProgressListener listener, long t0)
            throws IOException {
        List<CaseSource> cases = SunnybrookScanner.scan(src);
        int contourFiles = cases.stream().mapToInt(c -> c.contours().size() + c.ignoredContours().size()).sum();
        if (contourFiles == 0) {
            throw new BadInputException(src + ": no Sunnybrook contour files (IM-0001-NNNN-icontour-manual.txt) found;"
                    + " expected the challenge layout (<case>/contours-manual/IRCCI-expert/) or the Cardiac Atlas"
                    + " layout (link.csv, dicoms/, contourfiles/)");
        }
        String layout = cases.isEmpty() ? "?" : cases.get(0).layout();
        List<ImportReport.SkippedItem> skippedFiles = Collections.synchronizedList(new ArrayList<>());
        List<Path> allDicoms = cases.stream().flatMap(c -> c.dicoms().stream()).toList();
        Map<Path, DicomHeader> headers = new HeaderScan(o.threads()).read(allDicoms, skippedFiles, listener);
        // cases pair independently (each reads its own contour files): in parallel, results in case order
        List<SlicePairer.Result> pairings = Futures.inPool(o.threads(), () -> cases.parallelStream()
                .map(c -> SlicePairer.pair(c, c.dicoms().stream().map(headers::get).filter(h -> h != null).toList(),
                        o.contour(), o.seriesMap().get(c.id())))
                .toList());
        List<String> usable = pairings.stream().filter(r -> !r.pairs().isEmpty()).map(SlicePairer.Result::caseId)
                .toList();
        Map<String, Split> split = CaseSplit.split(usable, o.valFraction(), o.testFraction(), o.seed());
        List<String> warnings = new ArrayList<>();
        String leftOut = leftOut(src, SunnybrookScanner.contoursLeftOut(src));
        if (leftOut != null) {
            warnings.add(leftOut);
        }
        java.util.Set<String> sizes = new java.util.TreeSet<>();
        pairings.forEach(r -> r.pairs().forEach(p -> sizes.add(p.slice().rows() + "x" + p.slice().cols())));
        if (sizes.size() > 1) {
            warnings.add("paired slices have " + sizes.size() + " different sizes " + sizes + " (rows x columns);"
                    + " Caffe's Data layer batches only one size: train with batch_size 1, or import the cases of"
                    + " one size together");
        }
        if (!usable.isEmpty() && usable.size() < 3) {
            warnings.add("only " + usable.size() + " usable case(s): all go to train; val and test are empty");
        }
        Map<String, List<ImportReport.SkippedItem>> caseSkips = new LinkedHashMap<>();
        Map<String, Integer> caseWritten = new LinkedHashMap<>();
        List<Task> tasks = tasks(pairings, split);
        Map<String, Integer> perSplit;
        Path data;
        if (!tasks.isEmpty()) {
            new SlicePipeline(o.threads(), new SliceProcessor(o.rasterize(), o.floatImages()))
                    .run(tasks, writer, (t, reason) -> caseSkips.computeIfAbsent(t.pair().caseId(),
                            k -> new ArrayList<>()).add(new ImportReport.SkippedItem(
                                    t.pair().slice().file().toString(), reason)),
                            t -> caseWritten.merge(t.pair().caseId(), 1, Integer::sum), listener);
        }
        perSplit = writer.written();
        int total = perSplit.values().stream().mapToInt(Integer::intValue).sum();
        List<ImportReport.CaseReport> caseReports = caseReports(cases, pairings, split, caseSkips, caseWritten);
        if (total == 0) {
            throw new BadInputException(src + ": nothing usable: " + contourFiles + " contour file(s) in "
                    + cases.size() + " case(s), no slice could be paired and decoded. " + reasons(caseReports,
                            skippedFiles));
        }
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("format", "dlp4j segmentation dataset v1");
        header.put("source", JsonText.object("path", src.toAbsolutePath().toString(), "layout", layout));
        header.put("contour", o.contour() == ContourKind.INNER ? "i (endocardium: LV blood pool)"
                : "o (epicardium: whole LV)");
        header.put("rasterize", o.rasterize().name().toLowerCase(java.util.Locale.ROOT));
        header.put("seed", o.seed());
        header.put("valFraction", o.valFraction());
        header.put("testFraction", o.testFraction());
        header.put("split", casesPerSplit(split));
        Map<String, Object> pairing = new LinkedHashMap<>();
        for (SlicePairer.Result r : pairings) {
            pairing.put(r.caseId(), JsonText.object("series", String.valueOf(r.series()),
                    "contours", r.contoursFound(), "paired", r.pairs().size()));
        }
        header.put("pairing", pairing);
        data = writer.finish(header);
        double secs = (System.nanoTime() - t0) / 1e9;
        return new ImportReport(src, layout, data, caseReports, List.copyOf(skippedFiles), perSplit,
                casesPerSplit(split), warnings, secs, total / secs);
    }

    private List<Task> tasks(List<SlicePairer.Result> pairings, Map<String, Split> split) {
        List<Task> train = new ArrayList<>();
        List<Task> rest = new ArrayList<>();
        for (SlicePairer.Result r : pairings) {
            Split s = split.get(r.caseId());
            for (SlicePairer.Pair p : r.pairs()) {
                (s == Split.TRAIN ? train : rest).add(new Task(p, s));
            }
        }
        // Caffe's Data layer reads in key order: shuffle train once here, seeded
        Collections.shuffle(train, new Random(o.seed() * 31 + 7));
        List<Task> all = new ArrayList<>(train);
        all.addAll(rest);
        return all;
    }

    private static Map<String, List<String>> casesPerSplit(Map<String, Split> split) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (Split s : Split.values()) {
            m.put(s.id(), split.entrySet().stream().filter(e -> e.getValue() == s).map(Map.Entry::getKey)
                    .sorted().toList());
        }
        return m;
    }

    private static List<ImportReport.CaseReport> caseReports(List<CaseSource> cases,
            List<SlicePairer.Result> pairings, Map<String, Split> split,
            Map<String, List<ImportReport.SkippedItem>> caseSkips, Map<String, Integer> written) {
        List<ImportReport.CaseReport> out = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            CaseSource c = cases.get(i);
            SlicePairer.Result r = pairings.get(i);
            List<ImportReport.SkippedItem> skipped = new ArrayList<>();
            r.skips().forEach(s -> skipped.add(new ImportReport.SkippedItem(s.item(), s.reason())));
            skipped.addAll(caseSkips.getOrDefault(c.id(), List.of()));
            Split s = split.get(c.id());
            out.add(new ImportReport.CaseReport(c.id(), s == null ? null : s.id(), r.series(), r.contoursFound(),
                    r.pairs().size(), written.getOrDefault(c.id(), 0), skipped,
                    c.ignoredContours().stream().map(Path::toString).toList()));
        }
        return out;
    }

    /** The warning for contour files of another layout that this import did not read, or null when none. */
    static String leftOut(Path src, List<Path> files) {
        if (files.isEmpty()) {
            return null;
        }
        List<String> folders = files.stream().map(f -> src.relativize(f).getName(0).toString()).distinct().toList();
        return files.size() + " contour file(s) under " + String.join(", ", folders) + " were not imported (e.g. "
                + src.relativize(files.get(0)) + "): " + src + " holds a Cardiac Atlas layout (link.csv) one level"
                + " down, and one import reads one layout, that one. To use them, import "
                + src.resolve(folders.get(0)) + " on its own, with the DICOM images of its cases.";
    }

    private static String reasons(List<ImportReport.CaseReport> cases, List<ImportReport.SkippedItem> files) {
        StringBuilder sb = new StringBuilder();
        int k = 0;
        for (ImportReport.CaseReport c : cases) {
            for (ImportReport.SkippedItem s : c.skipped()) {
                if (k++ < 5) {
                    sb.append(" [").append(c.id()).append("] ").append(s.reason()).append(';');
                }
            }
            if (c.contoursFound() == 0 && !c.ignoredContours().isEmpty() && k++ < 5) {
                sb.append(" [").append(c.id()).append("] only papillary contours (not used);");
            }
        }
        for (ImportReport.SkippedItem s : files) {
            if (k++ < 5) {
                sb.append(' ').append(s.reason()).append(';');
            }
        }
        return sb.length() == 0 ? "" : "First reasons:" + sb;
    }

    /** One slice to process and the split it goes to. */
    record Task(SlicePairer.Pair pair, Split split) {
    }

    /** Header reading of many files on worker threads. */
    static final class HeaderScan {
        private final int threads;

        HeaderScan(int threads) {
            this.threads = threads;
        }

        Map<Path, DicomHeader> read(List<Path> files, List<ImportReport.SkippedItem> skipped,
                ProgressListener listener) throws IOException {
            Map<Path, DicomHeader> out = new java.util.concurrent.ConcurrentHashMap<>();
            long t0 = System.nanoTime();
            java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads);
            try {
                for (int start = 0; start < files.size(); start += 256) {
                    List<Path> chunk = files.subList(start, Math.min(files.size(), start + 256));
                    Futures.await(pool.submit(() -> chunk.parallelStream().forEach(f -> {
                        try {
                            DicomHeader h = DicomReader.readHeader(f);
                            if (h.modality() != null && !h.modality().isBlank() && !h.modality().equals("MR")) {
                                skipped.add(new ImportReport.SkippedItem(f.toString(), f + ": modality "
                                        + h.modality() + ", not MR"));
                            } else {
                                out.put(f, h);
                            }
                        } catch (BadInputException e) {
                            skipped.add(new ImportReport.SkippedItem(f.toString(), e.getMessage()));
                        }
                        done.incrementAndGet();
                    })));
                    if (done.get() < files.size()) {
                        listener.progress("scan", done.get(), files.size(), (System.nanoTime() - t0) / 1e9);
                    }
                }
            } finally {
                pool.shutdown();
            }
            listener.progress("scan", done.get(), files.size(), (System.nanoTime() - t0) / 1e9);
            return out;
        }
    }
}
