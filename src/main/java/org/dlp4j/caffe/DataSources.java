package org.dlp4j.caffe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files Caffe's data layers open while a net is set up or run, checked before it does (each missing one aborts
 * the process): a Data layer's database; an HDF5Data list and every HDF5 file it names ("Must have at least 1 HDF5
 * filename listed", "Failed opening HDF5 file"); an ImageData list and every image it names, under its
 * {@code root_folder} ("File is empty", "Could not load"). Relative paths resolve against the base folder (the
 * folder Caffe runs in).
 */
final class DataSources {
    /** At most this many missing files are named in one problem. */
    private static final int NAMED = 3;

    private DataSources() {
    }

    static void check(TextProto layer, String type, String file, String name, Path baseDir, List<Problem> problems) {
        int line = layer.line();
        switch (type) {
            case "Data" -> {
                TextProto p = layer.message("data_param");
                String backend = p == null ? "LEVELDB" : p.get("backend", "LEVELDB");
                source(p == null ? null : p.get("source"), true, backend, file, line, name, baseDir, problems);
            }
            case "ImageData" -> {
                TextProto p = layer.messageOrCreate("image_data_param");
                Path list = source(p.get("source"), false, null, file, line, name, baseDir, problems);
                if (list != null && lines(list) != null) {
                    List<String> entries = new ArrayList<>();
                    for (String l : lines(list)) {
                        if (!l.isEmpty()) { // Caffe: "path label", split at the last space
                            entries.add(l.lastIndexOf(' ') > 0 ? l.substring(0, l.lastIndexOf(' ')) : l);
                        }
                    }
                    listed(entries, p.get("root_folder", ""), "image", p.get("source"), file, line, name, baseDir,
                            problems);
                }
            }
            case "HDF5Data" -> {
                TextProto p = layer.messageOrCreate("hdf5_data_param");
                Path list = source(p.get("source"), false, null, file, line, name, baseDir, problems);
                if (list != null && lines(list) != null) {
                    List<String> entries = new ArrayList<>();
                    for (String l : lines(list)) {
                        for (String token : l.trim().split("\\s+")) { // Caffe reads whitespace-separated names
                            if (!token.isEmpty()) {
                                entries.add(token);
                            }
                        }
                    }
                    listed(entries, "", "HDF5 file", p.get("source"), file, line, name, baseDir, problems);
                }
            }
            default -> {
            }
        }
    }

    /** The files a list names: at least one, each present ({@code root} is prefixed as a string, as Caffe does). */
    private static void listed(List<String> entries, String root, String what, String source, String file, int line,
            String name, Path baseDir, List<Problem> problems) {
        if (entries.isEmpty()) {
            problems.add(new Problem(file, line, name, "the list '" + source + "' names no " + what + " (Caffe aborts"
                    + " on an empty list)", "write one " + what + (what.equals("image") ? " path and label" : " path")
                    + " a line into " + source));
            return;
        }
        List<String> missing = new ArrayList<>();
        int count = 0;
        for (String e : entries) {
            Path p = resolve(baseDir, root + e);
            if (!Files.isRegularFile(p)) {
                count++;
                if (missing.size() < NAMED) {
                    missing.add(p.toAbsolutePath().normalize().toString());
                }
            }
        }
        if (count > 0) {
            problems.add(new Problem(file, line, name, count + " of the " + entries.size() + " " + what + "(s) the"
                    + " list '" + source + "' names " + (count == 1 ? "does" : "do") + " not exist (" + String.join(", ",
                    missing) + (count > missing.size() ? ", ..." : "") + "); Caffe aborts when it reaches one",
                    "fix the paths in " + source + (root.isEmpty() ? "" : " or root_folder") + " (relative paths"
                            + " resolve against the folder Caffe runs in)"));
        }
    }

    /** The source's path when it exists; else a problem and null. */
    private static Path source(String source, boolean db, String backend, String file, int line, String name,
            Path baseDir, List<Problem> problems) {
        if (source == null || source.isBlank()) {
            problems.add(new Problem(file, line, name, "data layer has no source", "set the source path"));
            return null;
        }
        Path p = resolve(baseDir, source);
        boolean ok = db ? Files.isDirectory(p) && (!"LMDB".equals(backend) || Files.isRegularFile(p.resolve("data.mdb")))
                : Files.isRegularFile(p);
        if (!ok) {
            String what = db ? backend + " database" : "source list";
            problems.add(new Problem(file, line, name, what + " '" + source + "' not found (looked in "
                    + p.toAbsolutePath().normalize() + ")",
                    db ? "import data first (dlp import ...), or run from/with --ws the workspace that holds it"
                            : "create the file or fix the path"));
            return null;
        }
        return p;
    }

    private static List<String> lines(Path list) {
        try {
            return Files.readAllLines(list, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return null; // unreadable: left to Caffe (not a list without entries)
        }
    }

    private static Path resolve(Path baseDir, String p) {
        return Path.of(p).isAbsolute() ? Path.of(p) : baseDir.resolve(p);
    }
}
