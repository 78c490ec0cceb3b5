package org.dlp4j.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dlp4j.Json;
import org.dlp4j.deploy.ContourExport;

/**
 * Pixel spacing (row mm, column mm) per image from a workspace's {@code dataset.json}: the object under key
 * {@code pixelSpacing} maps image file names to {@code [rowMm, colMm]} (a single number means square pixels);
 * {@code pixelSpacing} may also be one number or pair for every image. Read defensively: anything else is ignored.
 */
public final class PixelSpacing {
    private final Map<String, double[]> byName = new HashMap<>();
    private double[] global;
    private final Path source;

    private PixelSpacing(Path source) {
        this.source = source;
    }

    /** The nearest {@code dataset.json} or {@code data/dataset.json} at or above {@code dir}, or null. */
    public static PixelSpacing find(Path dir) {
        for (Path d = dir.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
            for (Path f : new Path[] {d.resolve("dataset.json"), d.resolve("data").resolve("dataset.json")}) {
                if (Files.isRegularFile(f)) {
                    PixelSpacing s = read(f);
                    if (s != null) {
                        return s;
                    }
                }
            }
        }
        return null;
    }

    private static PixelSpacing read(Path f) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(f.toFile());
        } catch (IOException e) {
            return null;
        }
        JsonNode ps = root == null ? null : root.get("pixelSpacing");
        if (ps == null) {
            return null;
        }
        PixelSpacing s = new PixelSpacing(f);
        s.global = pair(ps);
        if (ps.isObject()) {
            ps.fields().forEachRemaining(e -> {
                double[] p = pair(e.getValue());
                if (p != null) {
                    s.byName.put(e.getKey(), p);
                }
            });
        }
        return s.global == null && s.byName.isEmpty() ? null : s;
    }

    private static double[] pair(JsonNode n) {
        if (n.isNumber() && n.asDouble() > 0) {
            return new double[] {n.asDouble(), n.asDouble()};
        }
        if (n.isArray() && n.size() == 2 && n.get(0).isNumber() && n.get(1).isNumber()
                && n.get(0).asDouble() > 0 && n.get(1).asDouble() > 0) {
            return new double[] {n.get(0).asDouble(), n.get(1).asDouble()};
        }
        return null;
    }

    Path source() {
        return source;
    }

    /** Spacing for the first name that matches a key (exactly or by stem), else the global value, else null. */
    public double[] lookup(String... names) {
        double[] s = named(names);
        return s != null ? s : global;
    }

    /**
     * As {@link #lookup(String...)}, and when no name matches, the slice {@code number} (four digits, as in
     * {@code IM-0001-NNNN}) of one of {@code cases}: a key {@code <case>_IM-xxxx-NNNN[.png]} whose case is the same
     * as one of them, compared as {@link DirectoryEvaluation#normaliseCase} does ({@code SC-HF-I-01} is
     * {@code sc-hf-i-1}). This finds the spacing of expert and automatic contour files, which are named by slice
     * number inside a case folder while the workspace names its slices {@code <case>_IM-0001-NNNN}.
     */
    public double[] lookup(List<String> cases, String number, String... names) {
        double[] s = named(names);
        if (s == null && number != null) {
            for (String c : cases) {
                if (c == null) {
                    continue;
                }
                String want = DirectoryEvaluation.normaliseCase(c);
                for (Map.Entry<String, double[]> e : byName.entrySet()) {
                    String key = Path.of(e.getKey()).getFileName().toString();
                    String keyCase = ContourExport.caseId(key);
                    if (keyCase != null && number.equals(ContourExport.number(key))
                            && want.equals(DirectoryEvaluation.normaliseCase(keyCase))) {
                        return e.getValue();
                    }
                }
            }
        }
        return s != null ? s : global;
    }

    private double[] named(String... names) {
        for (String n : names) {
            if (n != null && byName.containsKey(n)) {
                return byName.get(n);
            }
        }
        for (String n : names) {
            if (n == null) {
                continue;
            }
            String stem = stem(n);
            for (Map.Entry<String, double[]> e : byName.entrySet()) {
                if (stem(Path.of(e.getKey()).getFileName().toString()).equals(stem)) {
                    return e.getValue();
                }
            }
        }
        return null;
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
