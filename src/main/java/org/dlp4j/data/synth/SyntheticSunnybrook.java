package org.dlp4j.data.synth;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.dlp4j.BadInputException;
import org.dlp4j.Json;
import org.dlp4j.data.contour.ContourFile;
import org.dlp4j.data.dicom.DicomWriter;

/**
 * Writes a Sunnybrook-shaped synthetic dataset in the original challenge layout:
 * <pre>
 * DIR/SC-HF-I-1/IM-0112-0005.dcm                                       images, case folder unpadded
 * DIR/SC-HF-I-01/contours-manual/IRCCI-expert/IM-0001-0005-icontour-manual.txt   (and -ocontour-)
 * DIR/synthetic.json                                                   what was generated
 * </pre>
 * Each case has a short-axis cine series ({@value #LOCATIONS} slice locations × {@value #PHASES} phases, instance =
 * location × phases + phase + 1) and a long-axis distractor series with a different SeriesNumber whose instance
 * numbers overlap (1..12) but whose image size or description differs. Contours (i and o) exist for locations
 * 1..4 at end-diastole (phase 0) and end-systole (phase 2): 8 contoured slices per case. Deterministic by seed.
 */
public final class SyntheticSunnybrook {
    public static final int LOCATIONS = 6;
    public static final int PHASES = 4;
    public static final int SIZE = 256;
    public static final int LAX_IMAGES = 12;
    /**
     * The most cases one run writes: each takes about 4.7 MB (36 DICOM images of 256 x 256 x 16 bits), so 1,000 make
     * 4.7 GB, twenty times the real challenge's 45 cases; more is a typo rather than a dataset.
     */
    public static final int MAX_CASES = 1000;
    private static final String[] GROUPS = {"SC-HF-I", "SC-HF-NI", "SC-HYP", "SC-N"};
    private static final String UID_ROOT = "1.2.826.0.1.3680043.9.7777.";

    /** One generated case. */
    public record Case(String name, String contourFolder, int shortAxisSeries, int longAxisSeries,
            int longAxisRows, double pixelSpacing, List<Integer> contouredInstances) {
    }

    /** What {@link #generate} wrote. */
    public record Result(@JsonSerialize(using = ToStringSerializer.class) Path dir, List<Case> cases, int images,
            int contours) {
    }

    private SyntheticSunnybrook() {
    }

    /** The unpadded case name for index i (0-based): SC-HF-I-1, SC-HF-NI-1, SC-HYP-1, SC-N-1, SC-HF-I-2, ... */
    public static String caseName(int i) {
        return GROUPS[i % GROUPS.length] + "-" + (i / GROUPS.length + 1);
    }

    /** The zero-padded contour folder name (SC-HF-I-01). */
    public static String paddedName(int i) {
        return GROUPS[i % GROUPS.length] + "-" + String.format("%02d", i / GROUPS.length + 1);
    }

    /** Generates {@code cases} cases into {@code out}, which must not exist or be empty. Atomic (temp dir, rename). */
    public static Result generate(Path out, int cases, long seed) throws IOException {
        if (cases < 1 || cases > MAX_CASES) {
            throw new BadInputException("--cases must be 1.." + MAX_CASES + " (each case is about 4.7 MB of DICOM"
                    + " images; the real Sunnybrook challenge has 45), got " + cases);
        }
        out = out.toAbsolutePath();
        if (Files.exists(out)) {
            try (Stream<Path> s = Files.list(out)) {
                if (s.findAny().isPresent()) {
                    throw new BadInputException(out + ": output folder exists and is not empty; choose another --out"
                            + " or remove it");
                }
            }
            Files.delete(out);
        }
        Path tmp = org.dlp4j.data.OutputFolder.tempIn(out.getParent(), "." + out.getFileName() + ".tmp-", out);
        java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger writing = new java.util.concurrent.atomic.AtomicInteger();
        Thread cleanup = new Thread(() -> removeOnExit(tmp, stopped, writing), "synth-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup); // Ctrl-C or SIGTERM: no finally runs, this hook does
        try {
            // every case runs to its end, failed or not, before the folder is removed: a stream stops waiting at
            // the first failure while other cases still write (their files would outlive the deletion)
            List<Object> outcomes = IntStream.range(0, cases).parallel().mapToObj(i -> {
                writing.incrementAndGet();
                try {
                    return (Object) writeCase(tmp, i, seed, stopped);
                } catch (RuntimeException e) {
                    return e;
                } finally {
                    writing.decrementAndGet();
                }
            }).toList();
            for (Object o : outcomes) {
                if (o instanceof RuntimeException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw new IOException("cannot write the synthetic dataset into " + out.getParent() + " ("
                                + io.getMessage() + ")", io);
                    }
                    throw e;
                }
            }
            List<Case> list = outcomes.stream().map(Case.class::cast).toList();
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("generator", "dlp4j SyntheticSunnybrook");
            manifest.put("seed", seed);
            manifest.put("layout", "Sunnybrook challenge: <case>/IM-SSSS-NNNN.dcm, "
                    + "<CASE-padded>/contours-manual/IRCCI-expert/IM-0001-NNNN-{i,o}contour-manual.txt");
            manifest.put("cases", list);
            Files.writeString(tmp.resolve("synthetic.json"), Json.write(manifest));
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
            int images = cases * (LOCATIONS * PHASES + LAX_IMAGES);
            int contours = list.stream().mapToInt(c -> 2 * c.contouredInstances().size()).sum();
            return new Result(out, list, images, contours);
        } finally {
            org.dlp4j.AtomicFiles.deleteTree(tmp);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook removes the folder
            }
        }
    }

    /**
     * At JVM exit during a run: stops the writers (each finishes at most the file it is writing) and waits for them
     * (at most 10 s), then removes the temp folder. Deleting while a writer was still in its last file let that file
     * re-create the folder after the deletion. A writer that starts a case after the stop writes nothing: it checks
     * the flag before its first file.
     */
    private static void removeOnExit(Path tmp, java.util.concurrent.atomic.AtomicBoolean stopped,
            java.util.concurrent.atomic.AtomicInteger writing) {
        stopped.set(true);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (writing.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                break;
            }
        }
        for (int attempt = 0; attempt < 5 && Files.exists(tmp); attempt++) {
            try {
                Thread.sleep(100L * attempt);
                org.dlp4j.AtomicFiles.deleteTree(tmp);
            } catch (IOException | InterruptedException e) {
                // try again: a writer may still be closing a file in it
            }
        }
    }

    private static Case writeCase(Path dir, int index, long seed, java.util.concurrent.atomic.AtomicBoolean stopped) {
        try {
            SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + index * 7919L + 17);
            String name = caseName(index);
            String padded = paddedName(index);
            int sax = 3 + rnd.nextInt(900);
            int lax = sax + 1 + rnd.nextInt(50);
            double spacing = Math.round(rnd.nextDouble(1.25, 1.45) * 1e4) / 1e4;
            boolean laxSameSize = index % 2 == 0;
            int laxRows = laxSameSize ? SIZE : 192;
            String study = UID_ROOT + "2." + Math.abs(seed % 1_000_000_007L) + "." + (index + 1);
            double cx = 130 + rnd.nextDouble(-12, 12);
            double cy = 118 + rnd.nextDouble(-10, 10);
            double size = rnd.nextDouble(0.8, 1.25);
            double wall = rnd.nextDouble(7, 10);
            double a2 = rnd.nextDouble(0.03, 0.10);
            double p2 = rnd.nextDouble(0, Math.PI);
            double a3 = rnd.nextDouble(0, 0.05);
            double p3 = rnd.nextDouble(0, Math.PI);
            double brightness = rnd.nextDouble(0.7, 1.3);
            double[] phaseScale = {1.0, 0.86, 0.72, 0.86};
            Path imageDir = dir.resolve(name);
            Path contourDir = dir.resolve(padded).resolve("contours-manual").resolve("IRCCI-expert");
            List<Integer> contoured = new ArrayList<>();
            for (int loc = 0; loc < LOCATIONS; loc++) {
                double radius = (23 - 11.0 * loc / (LOCATIONS - 1)) * size;
                double dx = rnd.nextDouble(-2, 2);
                double dy = rnd.nextDouble(-2, 2);
                for (int phase = 0; phase < PHASES; phase++) {
                    int instance = loc * PHASES + phase + 1;
                    double sc = phaseScale[phase];
                    SyntheticHeart.Geometry g = new SyntheticHeart.Geometry(cx + dx, cy + dy, radius * sc,
                            wall * (2 - sc), a2, p2, a3, p3);
                    SyntheticHeart.Slice s = SyntheticHeart.render(g, SIZE, SIZE, brightness, rnd);
                    if (stopped.get()) {
                        throw new java.util.concurrent.CancellationException("stopped");
                    }
                    write(imageDir, sax, instance, s, spacing, name, study, "CINE SAX", loc * 10.0);
                    if (loc >= 1 && loc <= 4 && (phase == 0 || phase == 2)) {
                        contoured.add(instance);
                        String stem = String.format("IM-0001-%04d", instance);
                        ContourFile.write(contourDir.resolve(stem + "-icontour-manual.txt"), s.inner());
                        ContourFile.write(contourDir.resolve(stem + "-ocontour-manual.txt"), s.outer());
                    }
                }
            }
            for (int i = 1; i <= LAX_IMAGES; i++) {
                SyntheticHeart.Geometry g = new SyntheticHeart.Geometry(SIZE * 0.5, laxRows * 0.5, 30, 8, 0.45, 0,
                        0.05, 1);
                SyntheticHeart.Slice s = SyntheticHeart.render(g, laxRows, SIZE, brightness, rnd);
                if (stopped.get()) {
                    throw new java.util.concurrent.CancellationException("stopped");
                }
                write(imageDir, lax, i, s, spacing, name, study, "CINE 4CH LAX", 0);
            }
            return new Case(name, padded, sax, lax, laxRows, spacing, contoured);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path dir, int series, int instance, SyntheticHeart.Slice s, double spacing,
            String patient, String study, String description, double location) throws IOException {
        String seriesUid = study + "." + series;
        DicomWriter.write(dir.resolve(String.format(Locale.ROOT, "IM-%04d-%04d.dcm", series, instance)),
                new DicomWriter.MrImage(s.pixels(), s.rows(), s.cols(), true, spacing, spacing, series, instance,
                        location, patient, study, seriesUid, seriesUid + "." + instance, description));
    }
}
