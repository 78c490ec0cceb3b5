package org.dlp4j.caffe;

import java.nio.file.Path;

/** A complete snapshot: the weights and the solver state that resumes from them. */
public record Snapshot(int iteration, Path caffemodel, Path solverstate) {
}
