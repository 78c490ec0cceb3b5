package org.dlp4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dlp4j.caffe.SolverStateFile;

/** The files of one run: {@code runs/<run>/{metrics.jsonl, caffe.log, run.json, solver.prototxt, snapshots/, plots/}}. */
public record RunLayout(Path dir) {
    private static final Pattern ITER = Pattern.compile("_iter_(\\d+)\\.solverstate(\\.h5)?$");

    public Path metrics() {
        return dir.resolve("metrics.jsonl");
    }

    public Path caffeLog() {
        return dir.resolve("caffe.log");
    }

    public Path runJson() {
        return dir.resolve("run.json");
    }

    public Path solver() {
        return dir.resolve("solver.prototxt");
    }

    public Path net() {
        return dir.resolve("train_val.prototxt");
    }

    public Path snapshots() {
        return dir.resolve("snapshots");
    }

    public Path plots() {
        return dir.resolve("plots");
    }

    /**
     * The newest snapshot whose solverstate and caffemodel are both complete (readable), if any.
     * Files left by a crash in {@code snapshots/.partial} are never considered.
     */
    public Optional<Path> latestSnapshot() {
        if (!Files.isDirectory(snapshots())) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(snapshots())) {
            return s.filter(p -> ITER.matcher(p.getFileName().toString()).find())
                    .sorted(Comparator.comparingInt(RunLayout::iterationOf).reversed())
                    .filter(RunLayout::complete)
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The newest complete caffemodel ({@code .caffemodel} or {@code .caffemodel.h5}), if any. */
    public Optional<Path> latestWeights() {
        return latestSnapshot().map(RunLayout::weightsOf);
    }

    /** Scratch folder Caffe writes snapshots into before they are renamed into {@link #snapshots()}. */
    public Path partialSnapshots() {
        return snapshots().resolve(".partial");
    }

    /** True when {@link #snapshots()} holds any snapshot file, complete or not (scratch files aside). */
    public boolean hasSnapshotFiles() {
        if (!Files.isDirectory(snapshots())) {
            return false;
        }
        try (Stream<Path> s = Files.list(snapshots())) {
            return s.map(p -> p.getFileName().toString())
                    .anyMatch(n -> !n.startsWith(".") && (n.contains(".caffemodel") || n.contains(".solverstate")));
        } catch (IOException e) {
            return true; // unreadable: treat as holding something worth keeping
        }
    }

    /**
     * The weights a snapshot's state belongs to. A binary state names them (learned_net); an HDF5 state is paired by
     * name ({@code X.solverstate.h5} with {@code X.caffemodel.h5}), so listing runs needs no HDF5 natives: both files
     * only appear by rename once complete.
     */
    static Path weightsOf(Path state) {
        String name = state.getFileName().toString();
        if (name.endsWith(".solverstate.h5")) {
            return state.resolveSibling(name.substring(0, name.length() - ".solverstate.h5".length()) + ".caffemodel.h5");
        }
        return Path.of(SolverStateFile.read(state).learnedNet());
    }

    static int iterationOf(Path solverstate) {
        Matcher m = ITER.matcher(solverstate.getFileName().toString());
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /**
     * Snapshot files only appear by an atomic rename once written in full, so a readable state
     * naming an existing, non-empty caffemodel is complete (the weights are not parsed: they can be
     * hundreds of MB).
     */
    private static boolean complete(Path state) {
        try {
            if (!state.getFileName().toString().endsWith(".h5") && SolverStateFile.read(state).learnedNet() == null) {
                return false;
            }
            Path model = weightsOf(state);
            return Files.isRegularFile(model) && Files.size(model) > 0;
        } catch (RuntimeException | IOException e) {
            return false;
        }
    }
}
