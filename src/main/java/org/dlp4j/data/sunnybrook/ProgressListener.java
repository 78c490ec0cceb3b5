package org.dlp4j.data.sunnybrook;

/** Progress of an import, for a progress bar (CLI) or a web page. Called from the importing thread. */
public interface ProgressListener {
    /** Does nothing. */
    ProgressListener NONE = new ProgressListener() {
    };

    /** {@code done} of {@code total} items of {@code phase} ("scan", "write") after {@code seconds}. */
    default void progress(String phase, long done, long total, double seconds) {
    }

    /** A one-line message (a skipped file, a warning). */
    default void message(String line) {
    }
}
