package org.dlp4j.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The pretrained weights a net's training starts from, kept beside the net as {@code weights.txt}
 * (one line: the caffemodel path, as given — relative paths are relative to the workspace, like the
 * data sources). Prototxt has no place for it, and Caffe takes weights as a separate argument.
 */
public final class PretrainedWeights {
    public static final String FILE = "weights.txt";

    private PretrainedWeights() {
    }

    /** Records {@code caffemodel} for the net in {@code netDir} (atomic write). */
    public static void write(Path netDir, Path caffemodel) {
        NetLibrary.writeText(netDir.resolve(FILE), caffemodel.toString() + "\n");
    }

    /** The recorded weights, or null when none are recorded. */
    public static Path read(Path netDir) {
        Path f = netDir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            String s = Files.readString(f).strip();
            return s.isEmpty() ? null : Path.of(s);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }
}
