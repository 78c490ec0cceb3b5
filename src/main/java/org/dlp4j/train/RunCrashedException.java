package org.dlp4j.train;

import org.dlp4j.caffe.NativeCrashException;
import org.dlp4j.worker.WorkerKilledException;

/**
 * A training worker that died without a result (a Caffe abort): Caffe's message followed by what the run kept. Killed
 * workers stay {@link WorkerKilledException}s (the CLI exits 1 for those, 3 for Caffe's own aborts).
 */
final class RunCrashedException extends NativeCrashException {
    private RunCrashedException(String message, NativeCrashException cause) {
        super(message, cause.fatalLine(), cause.exitCode());
        setStackTrace(cause.getStackTrace());
    }

    /** {@code e} with a note on what {@code layout} kept: the latest complete snapshot and how to continue, or none. */
    static NativeCrashException withKept(NativeCrashException e, RunLayout layout) {
        String note = kept(layout);
        return e instanceof WorkerKilledException k ? k.withNote(note) : new RunCrashedException(e.getMessage() + note, e);
    }

    static String kept(RunLayout layout) {
        return layout.latestSnapshot().map(s -> ". Nothing before it is lost: " + layout.metrics().getFileName()
                + " and caffe.log are in " + layout.dir() + ", and its latest complete snapshot is iteration "
                + RunLayout.iterationOf(s) + " (" + RunLayout.weightsOf(s).getFileName() + "): continue with"
                + " --resume latest").orElse(". No snapshot had been written yet: " + layout.metrics().getFileName()
                + " and caffe.log are in " + layout.dir() + "; start the run again under the same name to begin anew");
    }
}
