package org.dlp4j.train;

import java.nio.file.Path;
import java.util.List;
import org.dlp4j.BadInputException;
import org.dlp4j.caffe.Prototxt;
import org.dlp4j.caffe.TextProto;

/**
 * Writes a run's own {@code solver.prototxt} and {@code train_val.prototxt}: overrides applied,
 * relative paths (net, data sources, mean and infogain files) resolved against the workspace, and
 * snapshots directed into {@code runs/<run>/snapshots}. What ran is recorded next to its results.
 */
final class RunFiles {
    private RunFiles() {
    }

    static void write(TextProto solver, Path solverFile, Path ws, RunLayout layout, TrainOptions o) {
        TextProto s = solver.copy();
        // Caffe takes the training net from exactly one of these; the run's copy keeps the same kind of field (net:
        // is also built as the test net, train_net: is not), inline nets go to the run's net file
        List<String> given = java.util.stream.Stream.of("net", "net_param", "train_net", "train_net_param")
                .filter(s::has).toList();
        if (given.isEmpty()) {
            throw new BadInputException(solverFile + ": solver names no net (add net: \"train_val.prototxt\")");
        }
        if (given.size() > 1) {
            throw new BadInputException(solverFile + ": the solver gives its training net " + given.size() + " times ("
                    + String.join(", ", given) + "); Caffe aborts on a solver with more than one. Keep one of them"
                    + " (net: is also built as the test net, train_net: only as the training net)");
        }
        String field = given.get(0);
        TextProto net = field.endsWith("_param") ? s.message(field).copy()
                : Prototxt.readNet(resolveNet(s.get(field), solverFile, ws));
        for (TextProto layer : net.messages("layer")) {
            absolutize(layer.message("data_param"), "source", ws);
            absolutize(layer.message("image_data_param"), "source", ws);
            absolutize(layer.message("hdf5_data_param"), "source", ws);
            absolutize(layer.message("transform_param"), "mean_file", ws);
            absolutize(layer.message("infogain_loss_param"), "source", ws);
        }
        net.write(layout.net());
        s.remove(field);
        s.setString(field.startsWith("train_") ? "train_net" : "net", layout.net().toString());
        String prefix = s.get("snapshot_prefix", "");
        String base = prefix.isEmpty() || prefix.endsWith("/") ? "snapshot" : Path.of(prefix).getFileName().toString();
        s.setString("snapshot_prefix", layout.snapshots().resolve(base).toString());
        if (o.maxIter() != null) {
            s.setNumber("max_iter", o.maxIter());
        }
        if (o.snapshot() != null) {
            s.setNumber("snapshot", o.snapshot());
        }
        if (o.testInterval() != null) {
            s.setNumber("test_interval", o.testInterval());
        }
        if (o.gpu() != null) {
            s.setIdent("solver_mode", "GPU");
        }
        s.write(layout.solver());
    }

    private static Path resolveNet(String net, Path solverFile, Path ws) {
        Path p = Path.of(net);
        if (p.isAbsolute()) {
            return p;
        }
        Path inWs = ws.resolve(p);
        if (java.nio.file.Files.isRegularFile(inWs)) {
            return inWs;
        }
        Path besideSolver = solverFile.toAbsolutePath().getParent().resolve(p);
        if (java.nio.file.Files.isRegularFile(besideSolver)) {
            return besideSolver;
        }
        throw new BadInputException(solverFile + ": net '" + net + "' not found in the workspace (" + inWs
                + ") nor next to the solver");
    }

    private static void absolutize(TextProto param, String field, Path ws) {
        if (param == null || !param.has(field)) {
            return;
        }
        String v = param.get(field);
        if (!v.isEmpty() && !Path.of(v).isAbsolute()) {
            param.setString(field, ws.resolve(v).normalize().toString());
        }
    }
}
