package org.dlp4j.cli;

import java.io.PrintWriter;
import org.dlp4j.data.sunnybrook.ProgressListener;

/** A one-line progress bar on stderr ({@code \r}-updated, at most 5 times a second): count, total and rate. */
final class ProgressLine implements ProgressListener {
    private final PrintWriter err;
    private final String label;
    private long lastPrint;
    private boolean open;

    ProgressLine(PrintWriter err, String label) {
        this.err = err;
        this.label = label;
    }

    @Override
    public void progress(String phase, long done, long total, double seconds) {
        long now = System.nanoTime();
        if (done < total && now - lastPrint < 200_000_000L) {
            return;
        }
        lastPrint = now;
        int width = 30;
        int filled = total == 0 ? width : (int) (width * done / total);
        String unit = phase.equals("scan") ? "headers" : "slices";
        err.printf("\r%s %-5s [%s%s] %d/%d %s (%.0f/s)", label, phase, "#".repeat(filled), ".".repeat(width - filled),
                done, total, unit, seconds > 0 ? done / seconds : 0.0);
        open = true;
        if (done >= total) {
            err.println();
            open = false;
        }
        err.flush();
    }

    @Override
    public void message(String line) {
        if (open) {
            err.println();
            open = false;
        }
        err.println(label + " " + line);
        err.flush();
    }
}
