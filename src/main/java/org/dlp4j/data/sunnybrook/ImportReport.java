package org.dlp4j.data.sunnybrook;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What an import did: per case (found, paired, written, skipped and why), files that could not be read, slice
 * counts per split, warnings and speed. Serialisable with {@link org.dlp4j.Json}.
 */
public record ImportReport(@JsonSerialize(using = ToStringSerializer.class) Path source, String layout,
        @JsonSerialize(using = ToStringSerializer.class) Path workspace, List<CaseReport> cases,
        List<SkippedItem> skippedFiles, Map<String, Integer> slicesPerSplit, Map<String, List<String>> casesPerSplit,
        List<String> warnings, double seconds, double slicesPerSecond) {

    /** One case. */
    public record CaseReport(String id, String split, String series, int contoursFound, int paired, int written,
            List<SkippedItem> skipped, List<String> ignoredContours) {
    }

    /** A file or contour left out, and why. */
    public record SkippedItem(String item, String reason) {
    }

    /** Slices written in total (train + val + test). */
    public int written() {
        return slicesPerSplit.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Everything skipped: unreadable files and per-case skips. */
    public int skippedCount() {
        return skippedFiles.size() + cases.stream().mapToInt(c -> c.skipped().size()).sum();
    }
}
