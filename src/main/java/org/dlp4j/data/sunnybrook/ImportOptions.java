package org.dlp4j.data.sunnybrook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dlp4j.BadInputException;
import org.dlp4j.data.contour.ContourKind;

/** Settings of a Sunnybrook import; build with {@link SunnybrookImporter#builder()}. */
public record ImportOptions(double valFraction, double testFraction, long seed, ContourKind contour,
        SliceProcessor.Rasterize rasterize, boolean floatImages, Map<String, Integer> seriesMap, boolean force,
        int threads) {

    /** Fluent builder; defaults: val 0.2, test 0.2, seed 1, i-contours, area rasterisation, uint8, 2 threads. */
    public static final class Builder {
        private double valFraction = 0.2;
        private double testFraction = 0.2;
        private long seed = 1;
        private ContourKind contour = ContourKind.INNER;
        private SliceProcessor.Rasterize rasterize = SliceProcessor.Rasterize.AREA;
        private boolean floatImages;
        private Map<String, Integer> seriesMap = Map.of();
        private boolean force;
        private int threads = 2;

        public Builder valFraction(double f) {
            this.valFraction = f;
            return this;
        }

        public Builder testFraction(double f) {
            this.testFraction = f;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** {@link ContourKind#INNER} (default) or {@link ContourKind#OUTER}. */
        public Builder contour(ContourKind k) {
            if (k != ContourKind.INNER && k != ContourKind.OUTER) {
                throw new BadInputException("--contour must be i or o, got " + k);
            }
            this.contour = k;
            return this;
        }

        public Builder rasterize(SliceProcessor.Rasterize r) {
            this.rasterize = r;
            return this;
        }

        /** Float images instead of uint8 in the LMDBs (same window, unclamped). */
        public Builder floatImages(boolean f) {
            this.floatImages = f;
            return this;
        }

        /** Case id → SeriesNumber overrides. */
        public Builder seriesMap(Map<String, Integer> m) {
            Map<String, Integer> n = new HashMap<>();
            m.forEach((k, v) -> n.put(CaseSource.normalize(k), v));
            this.seriesMap = Map.copyOf(n);
            return this;
        }

        /** Reads a {@code case,series} CSV (header line and '#' comments allowed). */
        public Builder seriesMap(Path csv) throws IOException {
            Map<String, Integer> m = new HashMap<>();
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("[,;\\s]+");
                try {
                    if (parts.length != 2) {
                        throw new NumberFormatException();
                    }
                    m.put(parts[0], Integer.parseInt(parts[1]));
                } catch (NumberFormatException e) {
                    if (i == 0) {
                        continue; // header line
                    }
                    throw new BadInputException(csv + ":" + (i + 1) + ": expected 'case,seriesNumber', got '"
                            + line + "'");
                }
            }
            return seriesMap(m);
        }

        public Builder force(boolean f) {
            this.force = f;
            return this;
        }

        public Builder threads(int n) {
            this.threads = Math.max(1, n);
            return this;
        }

        public SunnybrookImporter build() {
            return SunnybrookImporter.of(new ImportOptions(valFraction, testFraction, seed, contour, rasterize,
                    floatImages, seriesMap, force, threads));
        }
    }
}
