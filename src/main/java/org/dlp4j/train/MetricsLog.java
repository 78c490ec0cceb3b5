package org.dlp4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dlp4j.Json;

/**
 * {@code metrics.jsonl}: one JSON object a line, each with {@code iteration} and either {@code loss}
 * (training) or {@code dice} (after a test pass). Every line is flushed as written, so a killed run
 * keeps what it measured; resuming from iteration k first drops lines measured after k.
 */
public final class MetricsLog implements AutoCloseable {
    private final BufferedWriter out;

    private MetricsLog(BufferedWriter out) {
        this.out = out;
    }

    public static MetricsLog append(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return new MetricsLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    public synchronized void write(Map<String, ?> line) {
        try {
            out.write(Json.write(line));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics: " + e.getMessage(), e);
        }
    }

    /** All lines of a metrics file (unparseable lines, e.g. one cut by a crash, are skipped). */
    public static List<JsonNode> read(Path file) {
        return readCounted(file).lines();
    }

    /** The JSON lines of a metrics file, and how many of its non-blank lines were not JSON (left out). */
    public record Lines(List<JsonNode> lines, int unreadable) {
    }

    /** As {@link #read}, counting the lines left out. */
    public static Lines readCounted(Path file) {
        List<JsonNode> out = new ArrayList<>();
        int unreadable = 0;
        if (!Files.isRegularFile(file)) {
            return new Lines(out, 0);
        }
        try {
            for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (l.isBlank()) {
                    continue;
                }
                try {
                    out.add(Json.MAPPER.readTree(l));
                } catch (IOException e) {
                    unreadable++; // a line cut short by a kill: drop it
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return new Lines(out, unreadable);
    }

    /**
     * Before resuming from a snapshot at {@code iteration}: keep training lines up to it and test lines
     * before it (the test at {@code iteration} runs again), drop the rest. Atomic rewrite.
     */
    public static void truncateForResume(Path file, int iteration) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode n : read(file)) {
            int it = n.path("iteration").asInt(-1);
            boolean test = n.has("dice");
            if (it < iteration || (it == iteration && !test)) {
                sb.append(n.toString()).append('\n');
            }
        }
        org.dlp4j.AtomicFiles.writeString(file, sb);
    }

    /**
     * What a run's summary reports, from all of its metrics lines (every segment of a resumed run): the loss of the
     * last training line, the best Dice and its iteration. Each is null when no line has a finite value.
     */
    public record Best(Double finalLoss, Double dice, Integer diceIteration) {
    }

    public static Best summarize(List<JsonNode> lines) {
        Double loss = null;
        Double dice = null;
        Integer at = null;
        for (JsonNode n : lines) {
            JsonNode l = n.get("loss");
            if (l != null && l.isNumber()) {
                loss = l.asDouble();
            }
            JsonNode d = n.get("dice");
            if (d != null && d.isNumber() && Double.isFinite(d.asDouble()) && (dice == null || d.asDouble() > dice)) {
                dice = d.asDouble();
                at = n.path("iteration").asInt();
            }
        }
        return new Best(loss, dice, at);
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            // nothing left to save
        }
    }
}
