package org.dlp4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dlp4j.BadInputException;
import org.dlp4j.train.MetricsLog;
import org.dlp4j.train.Plots;
import org.dlp4j.train.RunLayout;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dlp plot RUN}: redraws a run's loss, accuracy and Dice plots from metrics.jsonl. */
@Command(name = "plot", description = "Redraw RUN/plots/{loss,accuracy,dice}.png from RUN/metrics.jsonl.")
public final class PlotCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(paramLabel = "RUN", description = "run directory")
    Path run;

    @Override
    public Integer call() {
        RunLayout layout = new RunLayout(run);
        if (!Files.isRegularFile(layout.metrics())) {
            throw new BadInputException(run + ": no metrics.jsonl (is this a run directory made by dlp train?)");
        }
        MetricsLog.Lines read;
        try {
            read = MetricsLog.readCounted(layout.metrics());
        } catch (java.io.UncheckedIOException e) {
            throw new BadInputException(e.getMessage(), e);
        }
        var lines = read.lines();
        int written = lines.size() + read.unreadable();
        if (lines.isEmpty()) {
            throw new BadInputException(layout.metrics() + (written == 0
                    ? ": no metric lines yet (the run has not finished its first iteration); nothing to plot"
                    : ": none of its " + written + " lines is a JSON metric line; nothing to plot (is it a"
                            + " metrics.jsonl written by dlp train?)"));
        }
        if (read.unreadable() > 0) {
            spec.commandLine().getErr().println("warning: " + layout.metrics() + ": " + read.unreadable() + " of "
                    + written + " lines are not JSON and were left out (a line cut short by a kill, or an edit)");
        }
        Plots.write(lines, layout.plots());
        spec.commandLine().getOut().println("wrote " + layout.plots().resolve("loss.png") + ", accuracy.png, dice.png ("
                + lines.size() + " metric lines)");
        return 0;
    }
}
