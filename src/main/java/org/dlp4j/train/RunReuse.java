package org.dlp4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.dlp4j.AtomicFiles;
import org.dlp4j.BadInputException;
import org.dlp4j.Json;

/**
 * When a new run may take over the folder of an earlier run of the same name: only when that run ended without
 * anything to continue from — it failed, crashed, diverged or was interrupted before writing any snapshot (e.g.
 * pretrained weights of another net). A run with snapshot files, or one still running, is never replaced.
 */
final class RunReuse {
    private static final Map<String, String> ENDS_WITHOUT_RESULT = Map.of("failed", "failed", "crashed", "crashed",
            "diverged", "diverged", RunStatus.INTERRUPTED, "was interrupted");

    private RunReuse() {
    }

    /** How the earlier run ended ("failed", "was interrupted", ...) when its folder may be replaced, else null. */
    static String replaceable(RunLayout layout) {
        if (!Files.isRegularFile(layout.runJson()) || layout.hasSnapshotFiles()) {
            return null;
        }
        JsonNode rj;
        try {
            rj = Json.MAPPER.readTree(layout.runJson().toFile());
        } catch (IOException e) {
            return null;
        }
        return ENDS_WITHOUT_RESULT.get(RunStatus.of(rj));
    }

    /** Moves the folder aside in one rename (the run name is free at once), then deletes it. */
    static void discard(RunLayout layout) {
        Path dir = layout.dir();
        Path aside = dir.resolveSibling("." + dir.getFileName() + ".replaced-" + System.nanoTime());
        try {
            Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.deleteTree(aside);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * A run still training (run.json "running", its supervising process named and alive) is never resumed or replaced by a second
     * one: both would write one metrics file and one snapshot folder, and the resume would cut the running one's metrics.
     */
    static void refuseIfRunning(RunLayout layout) {
        JsonNode rj;
        try {
            rj = Files.isRegularFile(layout.runJson()) ? Json.MAPPER.readTree(layout.runJson().toFile()) : null;
        } catch (IOException e) {
            return; // unreadable: the checks on its files decide
        }
        if (rj != null && rj.path("owner").has("pid") && "running".equals(RunStatus.of(rj))) {
            String pid = rj.path("owner").path("pid").asText("?");
            throw new BadInputException("run directory " + layout.dir() + " is in use: its run is training now (process "
                    + pid + "). Wait for it to end, or stop it (Ctrl-C where it runs, or kill -TERM " + pid + ": it"
                    + " snapshots first) and then continue it with --resume latest; or choose another --run");
        }
    }
}
