package org.dlp4j.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dlp4j.caffe.Problem;
import org.dlp4j.caffe.PrototxtException;
import org.dlp4j.caffe.TextProto;

/**
 * The files a training run started from the web would read — the solver's {@code net}, {@code train_net} and
 * {@code test_net}, and its nets' data sources (LMDB folders, image and HDF5 lists and the files they list, mean
 * files, infogain matrices) — must lie inside the workspace; each path is checked before the file is opened. The CLI
 * reads any path; only the web is confined ("the UI never reads or writes outside the workspace").
 */
final class RunInputs {
    /** {@code param.field} of a layer that names a file or folder Caffe opens (or writes, for HDF5Output). */
    private static final List<String> FILE_FIELDS = List.of("data_param.source", "data_param.mean_file",
            "image_data_param.source", "image_data_param.mean_file", "hdf5_data_param.source",
            "window_data_param.source", "window_data_param.mean_file", "transform_param.mean_file",
            "infogain_loss_param.source", "hdf5_output_param.file_name");
    /** The most lines of an image or HDF5 list that are checked one by one. */
    private static final int MAX_LIST_LINES = 1_000_000;

    private final WorkspacePaths ws;

    RunInputs(WorkspacePaths ws) {
        this.ws = ws;
    }

    /** A 400 naming the field and the path of the first input outside the workspace. */
    void requireInside(Path solverFile) {
        List<Problem> out = solverProblems(solverFile);
        if (!out.isEmpty()) {
            throw ApiException.badRequest(message(out.get(0)));
        }
    }

    /**
     * A 400 naming the layer, field and path when a net file (a deploy the web would run) has a data source outside
     * the workspace, or when it cannot be parsed.
     */
    void requireNetInside(Path netFile) {
        String shown = ws.relative(netFile);
        TextProto net;
        try {
            net = TextProto.read(netFile);
        } catch (PrototxtException e) {
            throw ApiException.badRequest(shown + ": " + WebWording.of(e.getMessage()));
        }
        List<Problem> out = netProblems(net, shown);
        if (!out.isEmpty()) {
            throw ApiException.badRequest(message(out.get(0)));
        }
    }

    private static String message(Problem p) {
        return p.file() + (p.line() > 0 ? ":" + p.line() : "") + (p.layer() == null ? "" : ": layer '" + p.layer()
                + "'") + ": " + p.what() + " -> " + p.fix();
    }

    /** Inputs of the solver (a file inside the workspace) and of its nets that lie outside the workspace. */
    List<Problem> solverProblems(Path solverFile) {
        List<Problem> out = new ArrayList<>();
        TextProto s;
        try {
            s = TextProto.read(solverFile);
        } catch (PrototxtException e) {
            return out; // the solver validation reports it
        }
        String shown = ws.contains(solverFile) ? ws.relative(solverFile) : solverFile.getFileName().toString();
        for (String field : List.of("net", "train_net", "test_net")) {
            for (TextProto.Field f : s.all(field)) {
                if (f.isMessage()) {
                    continue;
                }
                Path p = netPath(f.scalar(), solverFile);
                if (p == null || !ws.contains(p)) {
                    out.add(new Problem(shown, f.line(), null, field + " \"" + f.scalar() + "\" lies outside the"
                            + " workspace " + ws.root(), "copy that net into the workspace (nets/NAME/) and name it"
                            + " there; the web UI reads no file outside the workspace"));
                } else if (Files.isRegularFile(p)) {
                    try {
                        out.addAll(netProblems(TextProto.read(p), ws.relative(p)));
                    } catch (PrototxtException e) {
                        // the solver validation reports it
                    }
                }
            }
        }
        for (String field : List.of("net_param", "train_net_param", "test_net_param")) {
            for (TextProto inline : s.messages(field)) {
                out.addAll(netProblems(inline, shown + " (" + field + ")"));
            }
        }
        return out;
    }

    /** Data sources (and files named in image/HDF5 lists) of a net that lie outside the workspace. */
    List<Problem> netProblems(TextProto net, String shown) {
        List<Problem> out = new ArrayList<>();
        for (TextProto layer : net.messages("layer")) {
            for (String path : FILE_FIELDS) {
                String[] part = path.split("\\.");
                TextProto param = layer.message(part[0]);
                TextProto.Field f = param == null ? null : param.first(part[1]);
                if (f == null || f.isMessage() || f.scalar().isEmpty()) {
                    continue;
                }
                Path p = inWorkspace(f.scalar());
                if (p == null) {
                    out.add(outside(shown, f.line(), layer, path + " \"" + f.scalar() + "\""));
                } else if (path.equals("image_data_param.source") || path.equals("hdf5_data_param.source")) {
                    String root = path.startsWith("image") ? param.get("root_folder", "") : "";
                    String listed = firstOutside(p, root, path.startsWith("image"));
                    if (listed != null) {
                        out.add(outside(shown, f.line(), layer, path + " \"" + f.scalar() + "\" lists \"" + listed
                                + "\"" + (root.isEmpty() ? "" : " (under root_folder \"" + root + "\"),") + " which"));
                    }
                }
            }
        }
        return out;
    }

    private Problem outside(String shown, int line, TextProto layer, String what) {
        return new Problem(shown, line, layer.get("name", null), what + " lies outside the workspace " + ws.root(),
                "move the data into the workspace (e.g. data/) and name it there; the web UI reads no file outside"
                        + " the workspace");
    }

    /** The file a relative net path names: in the workspace when it is there, else beside the solver (as RunFiles). */
    private Path netPath(String net, Path solverFile) {
        try {
            Path p = Path.of(net);
            if (p.isAbsolute()) {
                return p.normalize();
            }
            Path inWs = ws.root().resolve(p).normalize();
            Path beside = solverFile.toAbsolutePath().getParent().resolve(p).normalize();
            return Files.isRegularFile(inWs) || !Files.isRegularFile(beside) ? inWs : beside;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** The path (relative ones resolve against the workspace, the worker's folder) when inside it, else null. */
    private Path inWorkspace(String value) {
        try {
            Path p = Path.of(value);
            Path abs = (p.isAbsolute() ? p : ws.root().resolve(p)).normalize();
            return ws.contains(abs) ? abs : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** The first file an image list ({@code root_folder + name label}) or HDF5 list names outside, or null. */
    private String firstOutside(Path list, String rootFolder, boolean imageList) {
        if (!Files.isRegularFile(list)) {
            return null;
        }
        try (Stream<String> lines = Files.lines(list)) {
            return lines.limit(MAX_LIST_LINES).map(String::strip).filter(l -> !l.isEmpty())
                    .map(l -> imageList && l.lastIndexOf(' ') > 0 ? l.substring(0, l.lastIndexOf(' ')) : l)
                    .filter(name -> inWorkspace(rootFolder + name) == null).findFirst().orElse(null);
        } catch (IOException | java.io.UncheckedIOException e) {
            return null; // unreadable: Caffe reports it
        }
    }
}
