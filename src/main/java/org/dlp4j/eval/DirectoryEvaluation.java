package org.dlp4j.eval;

import org.dlp4j.data.contour.Contour;
import org.dlp4j.data.contour.ContourFile;
import org.dlp4j.data.contour.Rasterizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.dlp4j.BadInputException;
import org.dlp4j.deploy.ClassMask;
import org.dlp4j.deploy.ContourExport;
import org.dlp4j.deploy.MaskBoundary;
import org.dlp4j.deploy.MaskIO;

/**
 * Scores a folder of predictions against a folder of ground truth (what {@code dlp evaluate} runs).
 * <p>Truth: PNG masks (0/1 or class indices; a PNG holding other values is refused, see {@code MaskValues}) anywhere
 * under the truth folder, or, when there are none, Sunnybrook
 * expert contours {@code *-icontour-manual.txt}. Predictions: PNG masks in {@code masks/} (or the folder itself),
 * or, when there are none, {@code *-auto.txt} contours (in {@code contours/} if present). A contour becomes a mask
 * by filling it (the importer's area rasteriser, {@link Rasterizer#area}); a mask becomes a contour by tracing its largest component
 * ({@link MaskBoundary}) with points 0.5 pixel apart, exactly as {@link ContourExport} writes it. When both sides
 * are contours there is no image frame: pixel accuracy is then undefined and the image stays out of the confusion
 * matrix (its background counts would depend on an arbitrary frame). Pairing, in order: equal file stems; equal case and slice number
 * ({@code IM-0001-NNNN}); equal slice number when that number is unique on both sides.
 */
public final class DirectoryEvaluation {
    private static final String WORKSPACE_LABELS = "test_labels";
    private static final Set<String> GENERIC_DIRS = Set.of("contours-manual", "contours-auto", "ircci-expert",
            "i-contours", "o-contours", "contours", "masks", "labels", "test_labels", "predictions");

    /** The scores, the spacing note and the number of unpaired truth and prediction files. */
    public record Result(Evaluation evaluation, String spacingNote, int unpairedTruth, int unpairedPred) {
    }

    private record Item(Path path, boolean contour, String stem, String caseId, String number, String caseName) {
    }

    private DirectoryEvaluation() {
    }

    /**
     * Pairs and scores. {@code spacingMm} ≤ 0 or NaN means: look up {@code dataset.json} above the truth folder,
     * else 1 mm. BadInputException when a folder is missing or nothing pairs.
     */
    public static Result run(Path predDir, Path truthDir, double spacingMm) {
        return run(predDir, truthDir, spacingMm, null);
    }

    /**
     * As above, with the spacing table to use when {@code spacingMm} is not given ({@code null}: the dataset.json
     * found above the truth folder), e.g. a workspace's when its truth masks were copied elsewhere.
     */
    public static Result run(Path predDir, Path truthDir, double spacingMm, PixelSpacing spacingTable) {
        for (Path d : new Path[] {predDir, truthDir}) {
            if (!Files.isDirectory(d)) {
                throw new BadInputException("folder " + d + " does not exist: --pred needs the predictions folder"
                        + " (with masks/ or contours/) and --truth the ground-truth masks or contour files.");
            }
        }
        Path truthRoot = truthDir;
        for (Path labels : new Path[] {truthDir.resolve(WORKSPACE_LABELS), truthDir.resolve("data").resolve(
                WORKSPACE_LABELS)}) {
            if (Files.isDirectory(labels)) {
                truthRoot = labels; // a workspace (or its data/): its truth masks, not the test images beside them
                break;
            }
        }
        List<Item> truth = items(truthRoot, true, ".png");
        if (truth.isEmpty()) {
            truth = items(truthRoot, true, "-icontour-manual.txt");
        }
        Path predMasks = Files.isDirectory(predDir.resolve("masks")) ? predDir.resolve("masks") : predDir;
        List<Item> pred = items(predMasks, predMasks != predDir, ".png");
        Set<String> inferred = InferredNames.stems(predDir);
        int stale = 0;
        if (inferred != null && !pred.isEmpty()) { // only this infer run's masks, not an earlier run's leftovers
            List<Item> listed = pred.stream().filter(it -> inferred.contains(it.stem())).toList();
            stale = pred.size() - listed.size();
            pred = listed;
        }
        if (pred.isEmpty() && stale == 0) {
            Path c = Files.isDirectory(predDir.resolve("contours")) ? predDir.resolve("contours") : predDir;
            pred = items(c, true, "-auto.txt");
        }
        List<Item[]> pairs = pair(truth, pred);
        if (pairs.isEmpty()) {
            throw new BadInputException("nothing to evaluate: found " + truth.size() + " ground-truth files in "
                    + truthDir + " and " + pred.size() + " predictions in " + predDir + ", and none pair up by file"
                    + " name or slice number (IM-0001-NNNN). Masks are PNG files; contours end in"
                    + " -icontour-manual.txt (truth) or -auto.txt (predictions)." + (stale == 0 ? "" : " (" + stale
                    + " mask(s) in " + predMasks + " are not listed in its predictions.csv: left by an earlier dlp"
                    + " infer into the same folder, not scored.)"));
        }
        boolean fixed = spacingMm > 0;
        PixelSpacing table = fixed ? null : spacingTable != null ? spacingTable : PixelSpacing.find(truthDir);
        Evaluation ev = new Evaluation();
        int defaulted = 0;
        for (Item[] p : pairs) {
            double[] sp = spacing(spacingMm, table, List.of(p[0], p[1]), truthDir, predDir);
            if (sp == null) {
                sp = new double[] {1.0, 1.0};
                defaulted++;
            }
            score(ev, p[0], p[1], sp);
        }
        int missed = 0;
        if (!truth.isEmpty() && truth.get(0).contour() && !pred.isEmpty() && pred.get(0).contour()) {
            missed = scoreMissed(ev, truth, pairs, table, spacingMm, truthDir);
        }
        String note = fixed ? String.format(Locale.ROOT, "pixel spacing %.4g mm (--spacing)", spacingMm)
                : defaulted == 0 ? "pixel spacing from " + table.source()
                : "no pixel spacing for " + defaulted + " of " + pairs.size() + " images"
                        + (table == null ? " (no dataset.json with pixelSpacing above " + truthDir + ")" : " in "
                        + table.source()) + ": using 1.0 mm; give --spacing MM for millimetre distances";
        if (stale > 0) {
            note += "; " + stale + " mask(s) in " + predMasks + " not listed in its predictions.csv (left by an earlier"
                    + " dlp infer into the same folder) not scored";
        }
        if (missed > 0) {
            note += "; " + missed + " expert contour(s) with no automatic contour (dlp infer writes none for an"
                    + " empty mask) count as misses: Dice 0, not a good contour";
        }
        return new Result(ev, note, truth.size() - pairs.size() - missed, pred.size() - pairs.size());
    }

    /**
     * Contours against contours: an expert contour of a case that has other contours paired, but none itself, is a
     * slice the automatic method left empty ({@code dlp infer} writes no contour for an empty mask). The challenge
     * counts it as a failure, so it is scored as one: its filled area against an empty prediction (Dice 0), no APD,
     * not good. Cases with no pairing at all are left out (they were not segmented).
     */
    private static int scoreMissed(Evaluation ev, List<Item> truth, List<Item[]> pairs, PixelSpacing table,
            double spacingMm, Path truthDir) {
        Set<Item> paired = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        // truth case (null: the truth folder is the case) -> how the predictions spell it (null when they do not)
        java.util.Map<String, String> cases = new java.util.HashMap<>();
        for (Item[] p : pairs) {
            paired.add(p[0]);
            cases.putIfAbsent(p[0].caseId(), p[1].caseName());
        }
        int missed = 0;
        for (Item t : truth) {
            if (paired.contains(t) || !cases.containsKey(t.caseId())) {
                continue;
            }
            double[] sp = spacing(spacingMm, table, List.of(t), truthDir, null);
            sp = sp == null ? new double[] {1.0, 1.0} : sp;
            double[][] tc = polygon(ContourFile.read(t.path()));
            int[] wh = frame(tc);
            String caseName = cases.get(t.caseId()) != null ? cases.get(t.caseId()) : t.caseName(); // as its hits
            String name = caseName != null && !t.stem().contains(caseName) ? caseName + "/" + t.stem() : t.stem();
            ev.add(name, fill(tc, wh[0], wh[1]).values(), new int[wh[0] * wh[1]], tc, null, sp[0], sp[1], false);
            missed++;
        }
        return missed;
    }

    /**
     * The pixel spacing of a pair (or of a lone truth item): {@code spacingMm} when given, else the table's entry by
     * file name, or by case and slice number (the workspace names slices {@code <case>_IM-0001-NNNN}; contour files
     * carry only NNNN, their case is a folder); null when none is known.
     */
    private static double[] spacing(double spacingMm, PixelSpacing table, List<Item> items, Path truthDir,
            Path predDir) {
        if (spacingMm > 0) {
            return new double[] {spacingMm, spacingMm};
        }
        if (table == null) {
            return null;
        }
        List<String> cases = new ArrayList<>();
        List<String> names = new ArrayList<>();
        String number = null;
        for (Item it : items) {
            cases.add(it.caseName());
            names.add(it.path().getFileName().toString());
            number = number != null ? number : it.number();
        }
        for (Item it : items) {
            names.add(it.stem() + ".png");
        }
        cases.add(folderName(truthDir));
        cases.add(predDir == null ? null : folderName(predDir));
        return table.lookup(cases, number, names.toArray(String[]::new));
    }

    /** Width and height of a frame holding contours (their largest coordinates, plus a pixel each side). */
    private static int[] frame(double[][]... contours) {
        double mx = 0;
        double my = 0;
        for (double[][] c : contours) {
            for (int i = 0; i < c[0].length; i++) {
                mx = Math.max(mx, c[0][i]);
                my = Math.max(my, c[1][i]);
            }
        }
        return new int[] {(int) Math.ceil(mx) + 2, (int) Math.ceil(my) + 2};
    }

    private static String folderName(Path dir) {
        Path n = dir.toAbsolutePath().normalize().getFileName();
        return n == null || GENERIC_DIRS.contains(n.toString().toLowerCase(Locale.ROOT)) ? null : n.toString();
    }

    private static double[][] polygon(Contour c) {
        return new double[][] {c.x(), c.y()};
    }

    /** A contour filled as the importer fills expert contours (pixel centre inside). */
    private static ClassMask fill(double[][] poly, int w, int h) {
        byte[] m = Rasterizer.area(new Contour(poly[0], poly[1]), h, w);
        int[] v = new int[m.length];
        for (int i = 0; i < m.length; i++) {
            v[i] = m[i];
        }
        return new ClassMask(w, h, v);
    }

    private static void score(Evaluation ev, Item t, Item p, double[] sp) {
        ClassMask tm = t.contour() ? null : binaryFix(mask(t.path(), "ground truth"));
        ClassMask pm = p.contour() ? null : binaryFix(mask(p.path(), "prediction"));
        double[][] tc = t.contour() ? polygon(ContourFile.read(t.path())) : null;
        double[][] pc = p.contour() ? polygon(ContourFile.read(p.path())) : null;
        int w;
        int h;
        if (tm != null && pm != null && (tm.width() != pm.width() || tm.height() != pm.height())) {
            throw new BadInputException("prediction " + p.path() + " is " + pm.width() + "x" + pm.height()
                    + " but its ground truth " + t.path() + " is " + tm.width() + "x" + tm.height() + ".");
        }
        if (tm != null || pm != null) {
            ClassMask ref = tm != null ? tm : pm;
            w = ref.width();
            h = ref.height();
        } else {
            int[] wh = frame(tc, pc);
            w = wh[0];
            h = wh[1];
        }
        if (tm == null) {
            tm = fill(tc, w, h);
        } else {
            tc = outline(tm);
        }
        if (pm == null) {
            pm = fill(pc, w, h);
        } else {
            pc = outline(pm);
        }
        Item named = p.contour() && !t.contour() ? t : p;
        String name = named.caseName() != null && !named.stem().contains(named.caseName())
                ? named.caseName() + "/" + named.stem() : named.stem();
        ev.add(name, tm.values(), pm.values(), tc, pc, sp[0], sp[1], !t.contour() || !p.contour());
    }

    private static ClassMask mask(Path png, String role) {
        ClassMask m = MaskIO.readClasses(png);
        MaskValues.check(m, png, role);
        return m;
    }

    private static double[][] outline(ClassMask m) {
        double[][] c = MaskBoundary.largestOutline(m.foreground(), m.width(), m.height());
        return c[0].length == 0 ? null : MaskBoundary.densify(c, 0.5);
    }

    /** A mask holding only 0 and 255 is a 0/255 binary image, not "all ignore": 255 → 1. */
    private static ClassMask binaryFix(ClassMask m) {
        boolean has255 = false;
        for (int v : m.values()) {
            if (v != 0 && v != 255) {
                return m;
            }
            has255 |= v == 255;
        }
        if (!has255) {
            return m;
        }
        int[] v = m.values().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] = v[i] == 255 ? 1 : 0;
        }
        return new ClassMask(m.width(), m.height(), v);
    }

    /** Files under {@code root} whose names end in {@code suffix}: PNG masks or contour text files. */
    private static List<Item> items(Path root, boolean recursive, String suffix) {
        boolean contour = !suffix.equals(".png");
        List<Item> out = new ArrayList<>();
        try (Stream<Path> s = recursive ? Files.walk(root) : Files.list(root)) {
            for (Path f : s.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).toList()) {
                String n = f.getFileName().toString();
                if (!n.startsWith(".") && n.toLowerCase(Locale.ROOT).endsWith(suffix)) {
                    String stem = n.substring(0, n.length() - suffix.length()).replaceAll("-icontour$", "");
                    out.add(item(root, f, contour, stem));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static Item item(Path root, Path f, boolean contour, String stem) {
        String caseId = ContourExport.caseId(f.getFileName().toString());
        Path rel = root.relativize(f).getParent();
        for (int i = rel == null ? -1 : rel.getNameCount() - 1; caseId == null && i >= 0; i--) {
            String d = rel.getName(i).toString();
            if (!GENERIC_DIRS.contains(d.toLowerCase(Locale.ROOT))) {
                caseId = d;
            }
        }
        return new Item(f, contour, stem, caseId == null ? null : normaliseCase(caseId),
                ContourExport.number(f.getFileName().toString().replace("-icontour-manual", "")
                        .replace("-icontour-auto", "")), caseId);
    }

    /** {@code SC-HF-I-04} and {@code sc-hf-i-4} are the same case. */
    static String normaliseCase(String c) {
        return c.toLowerCase(Locale.ROOT).replaceAll("-0+(\\d)", "-$1");
    }

    static List<Item[]> pair(List<Item> truth, List<Item> pred) {
        List<Item[]> out = new ArrayList<>();
        List<Item> t = new ArrayList<>(truth);
        List<Item> p = new ArrayList<>(pred);
        for (int stage = 0; stage < 4; stage++) {
            for (Item a : List.copyOf(t)) {
                Item match = null;
                for (Item b : p) {
                    if (matches(stage, a, b, t, p)) {
                        match = b;
                        break;
                    }
                }
                if (match != null) {
                    out.add(new Item[] {a, match});
                    t.remove(a);
                    p.remove(match);
                }
            }
        }
        return out;
    }

    /** Stage 0: same stem and case; 1: same slice number and case; 2: same stem, unique; 3: same number, unique. */
    private static boolean matches(int stage, Item a, Item b, List<Item> t, List<Item> p) {
        switch (stage) {
            case 0:
                return a.stem().equals(b.stem()) && Objects.equals(a.caseId(), b.caseId());
            case 1:
                return a.number() != null && a.number().equals(b.number()) && a.caseId() != null
                        && a.caseId().equals(b.caseId());
            case 2:
                return a.stem().equals(b.stem()) && unique(t, a, Item::stem) && unique(p, b, Item::stem);
            default:
                return a.number() != null && a.number().equals(b.number()) && unique(t, a, Item::number)
                        && unique(p, b, Item::number);
        }
    }

    private static boolean unique(List<Item> items, Item it, Function<Item, String> key) {
        return items.stream().filter(x -> key.apply(it).equals(key.apply(x))).count() == 1;
    }
}
