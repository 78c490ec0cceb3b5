package org.dlp4j.data.sunnybrook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.dlp4j.BadInputException;
import org.dlp4j.data.contour.ContourKind;

/**
 * Finds Sunnybrook cases under a folder, in either public layout:
 * <ul>
 * <li><b>challenge</b> (MICCAI 2009 release): contours under {@code <CASE-padded>/contours-manual/IRCCI-expert/},
 * images under {@code <case>/} (unpadded), anywhere below the source folder;</li>
 * <li><b>cap</b> (Cardiac Atlas "final_data"): {@code link.csv} (patient_id,original_id),
 * {@code dicoms/<patient_id>/<n>.dcm}, {@code contourfiles/<original_id>/{i,o}-contours/*.txt}.</li>
 * </ul>
 * A DICOM file belongs to the case named by its nearest folder whose normalised name is a contour case.
 */
public final class SunnybrookScanner {
    private static final int MAX_DEPTH = 12;

    private SunnybrookScanner() {
    }

    /** Scans {@code src}; cases sorted by id. Throws {@link BadInputException} when src is not a folder. */
    public static List<CaseSource> scan(Path src) throws IOException {
        if (!Files.isDirectory(src)) {
            throw new BadInputException(src + ": not a folder");
        }
        Path link = findLinkCsv(src);
        return link != null ? scanCap(link.getParent()) : scanChallenge(src);
    }

    /**
     * Contour files under {@code src} that {@link #scan} leaves out because they are in another layout beside the
     * one it reads: when {@code src} holds a Cardiac Atlas folder (with {@code link.csv}) one level down, the scan
     * reads only that folder, and contour files elsewhere under {@code src} (a challenge-layout
     * {@code SCD_ManualContours}, say) are returned here, sorted, for the report. Empty otherwise.
     */
    public static List<Path> contoursLeftOut(Path src) throws IOException {
        Path link = Files.isDirectory(src) ? findLinkCsv(src) : null;
        if (link == null || link.getParent().equals(src)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(src)) {
            for (Path child : s.filter(Files::isDirectory).sorted().toList()) {
                if (!child.equals(link.getParent())) {
                    regularFiles(child).stream().filter(p -> ContourKind.of(p) != null).forEach(out::add);
                }
            }
        }
        return out;
    }

    private static Path findLinkCsv(Path src) throws IOException {
        if (Files.isRegularFile(src.resolve("link.csv"))) {
            return src.resolve("link.csv");
        }
        // one level down: one stat per child (a file's child fails at once), not one per file two levels deep
        try (Stream<Path> s = Files.list(src)) {
            return s.sorted().map(p -> p.resolve("link.csv"))
                    .filter(p -> Files.isRegularFile(p) && Files.isDirectory(p.resolveSibling("contourfiles")))
                    .findFirst().orElse(null);
        }
    }

    private static List<CaseSource> scanCap(Path root) throws IOException {
        Map<String, String> patientByCase = new TreeMap<>();
        List<String> lines = Files.readAllLines(root.resolve("link.csv"), StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || (i == 0 && line.toLowerCase(Locale.ROOT).contains("patient_id"))) {
                continue;
            }
            String[] parts = line.split(",");
            if (parts.length < 2) {
                throw new BadInputException(root.resolve("link.csv") + ":" + (i + 1)
                        + ": expected 'patient_id,original_id', got '" + line + "'");
            }
            patientByCase.put(parts[1].strip(), parts[0].strip());
        }
        List<CaseSource> cases = new ArrayList<>();
        Path contourRoot = root.resolve("contourfiles");
        if (!Files.isDirectory(contourRoot)) {
            return cases;
        }
        try (Stream<Path> s = Files.list(contourRoot)) {
            for (Path caseDir : s.filter(Files::isDirectory).sorted().toList()) {
                String original = caseDir.getFileName().toString();
                TreeMap<Integer, Map<ContourKind, Path>> contours = new TreeMap<>();
                List<Path> ignored = new ArrayList<>();
                collectContours(caseDir, contours, ignored);
                String patient = patientByCase.get(original);
                List<Path> dicoms = new ArrayList<>();
                if (patient != null && Files.isDirectory(root.resolve("dicoms").resolve(patient))) {
                    regularFiles(root.resolve("dicoms").resolve(patient)).stream()
                            .filter(SunnybrookScanner::looksLikeDicom).forEach(dicoms::add);
                }
                cases.add(new CaseSource(CaseSource.normalize(original), "cap", contours, dicoms, ignored));
            }
        }
        return cases;
    }

    private static List<CaseSource> scanChallenge(Path src) throws IOException {
        Map<String, TreeMap<Integer, Map<ContourKind, Path>>> contours = new TreeMap<>();
        Map<String, List<Path>> ignored = new HashMap<>();
        List<Path> dicomFiles = new ArrayList<>();
        for (Path p : regularFiles(src)) {
            ContourKind kind = ContourKind.of(p);
            if (kind != null) {
                String caseId = caseOfContour(p, src);
                Map<Integer, Map<ContourKind, Path>> m = contours.computeIfAbsent(caseId, k -> new TreeMap<>());
                if (kind == ContourKind.INNER || kind == ContourKind.OUTER) {
                    m.computeIfAbsent(ContourKind.imageNumber(p), k -> new HashMap<>()).put(kind, p);
                } else {
                    ignored.computeIfAbsent(caseId, k -> new ArrayList<>()).add(p);
                }
            } else if (looksLikeDicom(p)) {
                dicomFiles.add(p);
            }
        }
        Map<String, List<Path>> dicomsByCase = new HashMap<>();
        for (Path d : dicomFiles) {
            for (Path dir = d.getParent(); dir != null && dir.startsWith(src) && !dir.equals(src);
                    dir = dir.getParent()) {
                String id = CaseSource.normalize(dir.getFileName().toString());
                if (contours.containsKey(id)) {
                    dicomsByCase.computeIfAbsent(id, k -> new ArrayList<>()).add(d);
                    break;
                }
            }
        }
        List<CaseSource> cases = new ArrayList<>();
        for (var e : contours.entrySet()) {
            cases.add(new CaseSource(e.getKey(), "challenge", e.getValue(),
                    dicomsByCase.getOrDefault(e.getKey(), List.of()), ignored.getOrDefault(e.getKey(), List.of())));
        }
        return cases;
    }

    /** The case folder of a contour file: the folder above {@code contours-manual}, else the nearest named one. */
    private static String caseOfContour(Path contour, Path src) {
        for (Path dir = contour.getParent(); dir != null && !dir.equals(src); dir = dir.getParent()) {
            if (dir.getFileName().toString().equalsIgnoreCase("contours-manual") && dir.getParent() != null) {
                return CaseSource.normalize(dir.getParent().getFileName().toString());
            }
        }
        Path parent = contour.getParent();
        String name = parent.getFileName().toString();
        if ((name.equalsIgnoreCase("i-contours")
                || name.equalsIgnoreCase("o-contours") || name.equalsIgnoreCase("IRCCI-expert")) && parent.getParent() != null) {
            name = parent.getParent().getFileName().toString();
        }
        return CaseSource.normalize(name);
    }

    private static void collectContours(Path caseDir, Map<Integer, Map<ContourKind, Path>> contours,
            List<Path> ignored) throws IOException {
        for (Path p : regularFiles(caseDir)) {
            ContourKind kind = ContourKind.of(p);
            if (kind == ContourKind.INNER || kind == ContourKind.OUTER) {
                contours.computeIfAbsent(ContourKind.imageNumber(p), k -> new HashMap<>()).put(kind, p);
            } else if (kind != null) {
                ignored.add(p);
            }
        }
    }

    /**
     * Regular files under {@code dir} (at most {@link #MAX_DEPTH} levels), sorted. One stat per entry: the walk's
     * own attributes decide, and only a symbolic link is followed to see whether it names a regular file.
     */
    static List<Path> regularFiles(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        Files.walkFileTree(dir, java.util.EnumSet.noneOf(java.nio.file.FileVisitOption.class), MAX_DEPTH,
                new java.nio.file.SimpleFileVisitor<>() {
                    @Override
                    public java.nio.file.FileVisitResult visitFile(Path file,
                            java.nio.file.attribute.BasicFileAttributes attrs) {
                        if (attrs.isRegularFile() || (attrs.isSymbolicLink() && Files.isRegularFile(file))) {
                            out.add(file);
                        }
                        return java.nio.file.FileVisitResult.CONTINUE;
                    }

                    @Override
                    public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
                        return java.nio.file.FileVisitResult.CONTINUE; // an unreadable entry does not stop the scan
                    }
                });
        out.sort(null);
        return out;
    }

    /** {@code *.dcm}, or a file with "DICM" at offset 128 (DICOM files often have no extension). */
    static boolean looksLikeDicom(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".dcm") || name.endsWith(".dicom")) {
            return true;
        }
        if (name.contains(".") || name.startsWith(".")) {
            return false;
        }
        try (var in = Files.newInputStream(p)) {
            byte[] b = in.readNBytes(132);
            return b.length == 132 && b[128] == 'D' && b[129] == 'I' && b[130] == 'C' && b[131] == 'M';
        } catch (IOException e) {
            return false;
        }
    }
}
