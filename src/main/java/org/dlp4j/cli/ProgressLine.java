package org.dlp4j.cli;

import java.io.PrintWriter;
import org.dlp4j.data.sunnybrook.ProgressListener;

/**
 * One live status line on stderr: redrawn in place on a terminal (at most 10 times a second),
 * printed every few seconds when stderr is a file or pipe (CI logs stay readable). Serves training
 * ({@link #update}) and imports ({@link ProgressListener}).
 */
final class ProgressLine implements ProgressListener {
    private final PrintWriter err;
    private final String label;
    private final boolean tty;
    private final long start = System.nanoTime();
    private long lastPrint;
    private int lastLength;

    ProgressLine(PrintWriter err) {
        this(err, "");
    }

    ProgressLine(PrintWriter err, String label) {
        this.err = err;
        this.label = label.isEmpty() ? "" : label + " ";
        this.tty = System.console() != null && System.getenv("DLP_NO_TTY") == null;
    }

    /** Shows {@code done/total} with a rate and ETA, plus free text. */
    void update(long done, long total, String unit, String text, boolean force) {
        double secs = (System.nanoTime() - start) / 1e9;
        show(done, total, unit, text, secs, force || done >= total);
    }

    private void show(long done, long total, String unit, String text, double secs, boolean force) {
        long now = System.nanoTime();
        long every = tty ? 100_000_000L : 5_000_000_000L;
        if (!force && now - lastPrint < every) {
            return;
        }
        lastPrint = now;
        double rate = secs > 0 ? done / secs : 0;
        String eta = rate > 0 && total > done ? format((long) ((total - done) / rate)) : "--:--";
        int width = 24;
        int filled = total > 0 ? (int) Math.min(width, width * done / total) : 0;
        String bar = "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
        String line = String.format("%s%s %d/%d %s  %s  %.2f %s/s  ETA %s", label, bar, done, total, unit, text, rate,
                unit, eta);
        if (tty) {
            err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            lastLength = line.length();
        } else {
            err.println(line);
        }
        err.flush();
    }

    @Override
    public void progress(String phase, long done, long total, double seconds) {
        show(done, total, phase.equals("scan") ? "headers" : "slices", phase, seconds, done >= total);
        if (done >= total) {
            done();
        }
    }

    @Override
    public void message(String line) {
        done();
        err.println(label + line);
        err.flush();
    }

    /** Ends the line (on a terminal) so that following output starts on a fresh line. */
    void done() {
        if (tty && lastLength > 0) {
            err.println();
            err.flush();
        }
        lastLength = 0;
    }

    static String format(long s) {
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
                : String.format("%02d:%02d", s / 60, s % 60);
    }
}
