package org.dlp4j.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dlp4j.train.RunLayout;

/**
 * New run folders under {@code WS/runs/}, each created atomically ({@link Files#createDirectory}) for exactly one
 * start, so two starts (two clicks, two tabs, a {@code dlp train} beside the server) never share or reuse a folder.
 */
final class RunFolders {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private final WorkspacePaths ws;

    RunFolders(WorkspacePaths ws) {
        this.ws = ws;
    }

    /**
     * Creates a new run folder {@code BASE-yyyyMMdd-HHmmss}, or with {@code -2}, {@code -3}, ... when that exists:
     * starts in the same second (a double click, two tabs) each get their own folder, claimed atomically.
     */
    Path claimNew(String base) {
        String stamp = "-" + LocalDateTime.now().format(STAMP);
        // a valid name of at most 100 characters, whatever the net or solver folder was called
        String b = base.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[^A-Za-z0-9]+", "").replace("..", "_");
        b = b.isEmpty() ? "run" : b.substring(0, Math.min(b.length(), 100 - stamp.length() - 4)); // room for -999
        for (int n = 1; n < 1000; n++) {
            Path dir = tryClaim(WorkspacePaths.name(b + stamp + (n == 1 ? "" : "-" + n), "run"));
            if (dir != null) {
                return dir;
            }
        }
        throw new ApiException(409, "cannot find a free run folder name for " + b + stamp + " in runs/");
    }

    /** Creates the run folder {@code id}: 409 when it exists (a run by that name was started before). */
    Path claim(String id) {
        Path dir = tryClaim(id);
        if (dir == null) {
            throw new ApiException(409, "run '" + id + "' already exists in runs/: resume it, or choose another name");
        }
        return dir;
    }

    /**
     * The folder for a run started under the name {@code id}: a new one ({@code reused} false), or the folder of an
     * earlier run by that name that failed, crashed, diverged or was interrupted before writing any snapshot (as
     * {@code dlp train --run} does, {@link org.dlp4j.train.TrainingRun#prepare} replaces it and notes so). A run with
     * snapshots, one still running, or a folder that holds no run is kept: 409.
     */
    Claim claimOrReplace(String id) {
        Path dir = tryClaim(id);
        if (dir != null) {
            return new Claim(dir, false);
        }
        dir = ws.inside("runs", id);
        RunLayout layout = new RunLayout(dir);
        String status = Files.isRegularFile(layout.runJson())
                ? org.dlp4j.train.RunStatus.of(RunManager.readJson(layout.runJson())) : null;
        if (layout.hasSnapshotFiles()) {
            throw new ApiException(409, "run '" + id + "' already exists in runs/ and has snapshots: continue it with"
                    + " Resume, or choose another name");
        }
        if (status != null && REPLACEABLE.contains(status)) {
            return new Claim(dir, true);
        }
        throw new ApiException(409, "run '" + id + "' already exists in runs/" + ("running".equals(status)
                ? " and is still running" : "") + ": choose another name");
    }

    /** A claimed run folder; {@code replaces} when it holds an earlier run that failed before its first snapshot. */
    record Claim(Path dir, boolean replaces) {
    }

    private static final java.util.Set<String> REPLACEABLE = java.util.Set.of("failed", "crashed", "diverged",
            org.dlp4j.train.RunStatus.INTERRUPTED);

    /**
     * The run's complete snapshots, oldest first: {@code [{iteration, weights, solverstate}]} (workspace-relative
     * paths; a state whose caffemodel is missing or empty is left out, as files Caffe is still writing).
     */
    List<Map<String, Object>> snapshots(RunLayout layout) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!Files.isDirectory(layout.snapshots())) {
            return out;
        }
        try (Stream<Path> s = Files.list(layout.snapshots())) {
            for (Path state : s.toList()) {
                Matcher m = STATE.matcher(state.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                Path weights = state.resolveSibling(m.group(1) + ".caffemodel" + (m.group(3) == null ? "" : ".h5"));
                if (!Files.isRegularFile(weights) || Files.size(weights) == 0) {
                    continue;
                }
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("iteration", Integer.parseInt(m.group(2)));
                e.put("weights", ws.relative(weights));
                e.put("solverstate", ws.relative(state));
                out.add(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + layout.snapshots() + ": " + e.getMessage(), e);
        }
        out.sort(java.util.Comparator.comparingInt(e -> (Integer) e.get("iteration")));
        return out;
    }

    private static final Pattern STATE = Pattern.compile("(.*_iter_(\\d{1,9}))\\.solverstate(\\.h5)?");

    /** The new folder runs/ID, or null when something of that name exists already. */
    private Path tryClaim(String id) {
        Path dir = ws.inside("runs", id);
        try {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir);
            return dir;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }
}
