package org.dlp4j.data.sunnybrook;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dlp4j.BadInputException;
import org.dlp4j.data.contour.Contour;
import org.dlp4j.data.contour.ContourFile;
import org.dlp4j.data.contour.ContourKind;
import org.dlp4j.data.dicom.DicomHeader;

/**
 * Pairs a case's contours with DICOM slices by their headers. Contour {@code IM-0001-NNNN} belongs to the slice
 * whose InstanceNumber is NNNN in the case's short-axis series: the series that holds the most contour instance
 * numbers with an image large enough for the contour (ties: more images, then the lower SeriesNumber). A
 * {@code --series-map} entry overrides the choice. A contour whose instance the chosen series lacks falls back to
 * another series that has it; two slices claiming one instance, a contour with no slice, and junk in a contour
 * are skipped with the reason.
 */
public final class SlicePairer {
    /** A contour paired with its slice. {@code contours} holds every kind present for the instance. */
    public record Pair(String caseId, int instance, DicomHeader slice, Contour contour, Path contourFile,
            Map<ContourKind, Path> contours, String note) {
    }

    /** Something that could not be paired, and why. */
    public record Skip(String caseId, String item, String reason) {
    }

    /** The outcome for one case. */
    public record Result(String caseId, String series, int contoursFound, List<Pair> pairs, List<Skip> skips) {
    }

    /** Contours enclosing less than this (square pixels) are degenerate: skipped. */
    static final double MIN_AREA = 0.5;

    private SlicePairer() {
    }

    /**
     * @param kind which contour becomes the label (INNER: blood pool, OUTER: whole LV)
     * @param forcedSeries SeriesNumber to use for this case, or null to choose by headers
     */
    public static Result pair(CaseSource c, List<DicomHeader> headers, ContourKind kind, Integer forcedSeries) {
        List<Skip> skips = new ArrayList<>();
        Map<Integer, Contour> wanted = new TreeMap<>();
        Map<Integer, Path> files = new TreeMap<>();
        for (var e : c.contours().entrySet()) {
            Path f = e.getValue().get(kind);
            if (f == null) {
                continue;
            }
            try {
                Contour contour = ContourFile.read(f);
                if (contour.area() < MIN_AREA) {
                    // all points on one spot or one line: the mask would be empty, a slice labelled "no ventricle"
                    skips.add(new Skip(c.id(), f.toString(), f + ": the contour encloses no area (" + contour.size()
                            + " points, area " + String.format(java.util.Locale.ROOT, "%.2f", contour.area())
                            + " px²): a degenerate outline, not used"));
                    continue;
                }
                wanted.put(e.getKey(), contour);
                files.put(e.getKey(), f);
            } catch (BadInputException ex) {
                skips.add(new Skip(c.id(), f.toString(), ex.getMessage()));
            }
        }
        Map<String, Map<Integer, List<DicomHeader>>> bySeries = new LinkedHashMap<>();
        for (DicomHeader h : headers) {
            if (h.instanceNumber() != null) {
                bySeries.computeIfAbsent(h.seriesKey(), k -> new TreeMap<>())
                        .computeIfAbsent(h.instanceNumber(), k -> new ArrayList<>()).add(h);
            }
        }
        List<String> ranked = new ArrayList<>(bySeries.keySet());
        Map<String, Integer> score = new LinkedHashMap<>();
        for (String s : ranked) {
            int k = 0;
            for (var e : wanted.entrySet()) {
                List<DicomHeader> hs = bySeries.get(s).get(e.getKey());
                if (hs != null && fits(e.getValue(), hs.get(0))) {
                    k++;
                }
            }
            score.put(s, k);
        }
        ranked.sort(Comparator.<String>comparingInt(s -> -score.get(s))
                .thenComparingInt(s -> -bySeries.get(s).size())
                .thenComparingInt(s -> seriesNumber(bySeries.get(s))));
        String mappedMissing = null; // why nothing pairs when --series-map names a series the case lacks
        if (forcedSeries != null) {
            List<Integer> present = ranked.stream().map(s -> seriesNumber(bySeries.get(s)))
                    .filter(n -> n != Integer.MAX_VALUE).distinct().sorted().toList();
            ranked.removeIf(s -> seriesNumber(bySeries.get(s)) != forcedSeries);
            if (ranked.isEmpty()) {
                mappedMissing = "the series " + forcedSeries + " that --series-map names for " + c.id()
                        + " was not found: " + (present.isEmpty() ? "the case has no readable DICOM images"
                        : "its DICOM images are in series " + present.toString().replaceAll("[\\[\\]]", ""));
                skips.add(new Skip(c.id(), "series-map", mappedMissing));
            }
        }
        String chosen = ranked.isEmpty() ? null : ranked.get(0);
        List<Pair> pairs = new ArrayList<>();
        for (var e : wanted.entrySet()) {
            int n = e.getKey();
            Path file = files.get(n);
            String found = null;
            DicomHeader tooSmall = null; // a slice with this instance that the contour does not fit
            for (String s : ranked) {
                List<DicomHeader> hs = bySeries.get(s).get(n);
                if (hs == null) {
                    continue;
                }
                if (hs.size() > 1) {
                    skips.add(new Skip(c.id(), file.toString(), hs.size() + " slices claim InstanceNumber " + n
                            + " in series " + describe(hs.get(0)) + ": " + hs.stream().map(h -> h.file().toString())
                                    .toList()));
                    found = "ambiguous";
                    break;
                }
                if (!fits(e.getValue(), hs.get(0))) {
                    tooSmall = tooSmall == null ? hs.get(0) : tooSmall;
                    continue;
                }
                String note = s.equals(chosen) ? null : "instance missing from the main series; taken from series "
                        + describe(hs.get(0));
                pairs.add(new Pair(c.id(), n, hs.get(0), e.getValue(), file, c.contours().get(n), note));
                found = s;
                break;
            }
            if (found == null && tooSmall != null && mappedMissing == null) {
                skips.add(new Skip(c.id(), file.toString(), file + ": contour points outside the image: they reach "
                        + extent(e.getValue()) + ", the slice with InstanceNumber " + n + " (" + tooSmall.file()
                        + ") is " + tooSmall.rows() + "x" + tooSmall.cols() + " (rows x columns; x is the column)"));
            } else if (found == null) {
                skips.add(new Skip(c.id(), file.toString(), "no DICOM slice with InstanceNumber " + n
                        + (mappedMissing != null ? " (" + mappedMissing + ")"
                                : chosen == null ? " (the case has no readable DICOM images)"
                                : " and an image large enough for the contour")));
            }
        }
        String seriesText = chosen == null ? null : describe(bySeries.get(chosen).values().iterator().next().get(0));
        int found = (int) c.contours().values().stream().filter(m -> m.containsKey(kind)).count();
        return new Result(c.id(), seriesText, found, pairs, skips);
    }

    /** The x and y ranges of a contour, for messages. */
    private static String extent(Contour c) {
        double[] x = c.x().clone();
        double[] y = c.y().clone();
        java.util.Arrays.sort(x);
        java.util.Arrays.sort(y);
        return String.format(java.util.Locale.ROOT, "x %.2f..%.2f, y %.2f..%.2f", x[0], x[x.length - 1], y[0],
                y[y.length - 1]);
    }

    /** The contour lies inside the image (x = column, y = row). */
    static boolean fits(Contour c, DicomHeader h) {
        for (int i = 0; i < c.size(); i++) {
            if (c.x()[i] < -0.5 || c.y()[i] < -0.5 || c.x()[i] > h.cols() - 0.5 || c.y()[i] > h.rows() - 0.5) {
                return false;
            }
        }
        return true;
    }

    private static int seriesNumber(Map<Integer, List<DicomHeader>> series) {
        Integer n = series.values().iterator().next().get(0).seriesNumber();
        return n == null ? Integer.MAX_VALUE : n;
    }

    private static String describe(DicomHeader h) {
        String d = h.seriesDescription() == null || h.seriesDescription().isBlank() ? ""
                : " '" + h.seriesDescription() + "'";
        return (h.seriesNumber() == null ? "?" : h.seriesNumber().toString()) + d + " (" + h.rows() + "x" + h.cols()
                + ")";
    }
}
