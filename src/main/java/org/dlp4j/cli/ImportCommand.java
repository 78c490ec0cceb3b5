package org.dlp4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dlp4j.Json;
import org.dlp4j.data.contour.ContourKind;
import org.dlp4j.data.sunnybrook.ImportOptions;
import org.dlp4j.data.sunnybrook.ImportReport;
import org.dlp4j.data.sunnybrook.SliceProcessor;
import org.dlp4j.data.sunnybrook.SunnybrookImporter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dlp import sunnybrook|images|classes}: raw data → workspace LMDBs. */
@Command(name = "import", description = "Import datasets into a workspace (LMDBs, test PNGs, dataset.json).",
        subcommands = {ImportCommand.Sunnybrook.class, ImportImagesCommand.class, ImportClassesCommand.class})
public final class ImportCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** {@code dlp import sunnybrook SRC --out WS}. */
    @Command(name = "sunnybrook", description = "Sunnybrook Cardiac Data (challenge or Cardiac Atlas layout):"
            + " pair contours with DICOM slices by header, split by case, write image/label LMDBs.")
    public static final class Sunnybrook implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Parameters(paramLabel = "SRC", description = "Sunnybrook folder.")
        Path src;

        @CommandLine.Option(names = "--out", required = true, paramLabel = "WS", description = "Workspace folder.")
        Path out;

        @CommandLine.Option(names = "--val-fraction", defaultValue = "0.2", description = "Cases for validation.")
        double valFraction;

        @CommandLine.Option(names = "--test-fraction", defaultValue = "0.2", description = "Cases for test PNGs.")
        double testFraction;

        @CommandLine.Option(names = "--seed", defaultValue = "1", description = "Split and shuffle seed.")
        long seed;

        @CommandLine.Option(names = "--contour", defaultValue = "i", description = "i (endocardium, default) or o.")
        String contour;

        @CommandLine.Option(names = "--series-map", paramLabel = "CSV", description = "case,seriesNumber overrides.")
        Path seriesMap;

        @CommandLine.Option(names = "--encoding", defaultValue = "uint8", description = "uint8 (default) or float.")
        String encoding;

        @CommandLine.Option(names = "--rasterize", defaultValue = "area", description = "area (default) or fillpoly.")
        String rasterize;

        @CommandLine.Option(names = "--threads", defaultValue = "2", description = "Decode threads, 1 to 4 per"
                + " core (default 2).")
        int threads;

        @CommandLine.Option(names = "--force", description = "Replace an existing WS/data.")
        boolean force;

        @CommandLine.Option(names = "--json", description = "Print the import report as one JSON object.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            int most = 4 * Runtime.getRuntime().availableProcessors(); // decoding is CPU-bound: more only waits
            if (threads < 1 || threads > most) {
                throw new org.dlp4j.BadInputException("--threads must be 1.." + most + " (up to 4 per core of this"
                        + " machine's " + most / 4 + "), got " + threads);
            }
            OutputPaths.folder(out, "--out");
            ImportOptions.Builder b = SunnybrookImporter.builder().valFraction(valFraction).testFraction(testFraction)
                    .seed(seed).force(force).threads(threads)
                    .contour(switch (contour) {
                        case "i" -> ContourKind.INNER;
                        case "o" -> ContourKind.OUTER;
                        default -> throw new org.dlp4j.BadInputException("--contour must be i or o, got " + contour);
                    })
                    .floatImages(switch (encoding) {
                        case "uint8" -> false;
                        case "float" -> true;
                        default -> throw new org.dlp4j.BadInputException("--encoding must be uint8 or float, got "
                                + encoding);
                    })
                    .rasterize(switch (rasterize) {
                        case "area" -> SliceProcessor.Rasterize.AREA;
                        case "fillpoly" -> SliceProcessor.Rasterize.FILLPOLY;
                        default -> throw new org.dlp4j.BadInputException("--rasterize must be area or fillpoly, got "
                                + rasterize);
                    });
            if (seriesMap != null) {
                b.seriesMap(seriesMap);
            }
            PrintWriter err = spec.commandLine().getErr();
            ImportReport r = b.build().run(src, out, new ProgressLine(err, "import"));
            printReport(r, err);
            if (json) {
                spec.commandLine().getOut().println(Json.write(r));
            }
            return 0;
        }
    }

    /** The human report on stderr: one line per case, skips with reasons, totals. */
    static void printReport(ImportReport r, PrintWriter err) {
        err.printf("%-14s %-6s %-28s %6s %6s %7s %7s%n", "case", "split", "series", "found", "paired", "written",
                "skipped");
        for (ImportReport.CaseReport c : r.cases()) {
            err.printf("%-14s %-6s %-28s %6d %6d %7d %7d%n", c.id(), c.split() == null ? "-" : c.split(),
                    c.series() == null ? "-" : c.series(), c.contoursFound(), c.paired(), c.written(),
                    c.skipped().size());
            for (ImportReport.SkippedItem s : c.skipped()) {
                err.println("    skipped: " + s.reason());
            }
            if (!c.ignoredContours().isEmpty()) {
                err.println("    ignored " + c.ignoredContours().size() + " papillary contour file(s)");
            }
        }
        for (ImportReport.SkippedItem s : r.skippedFiles()) {
            err.println("skipped file: " + s.reason());
        }
        for (String w : r.warnings()) {
            err.println("warning: " + w);
        }
        err.printf("wrote %s: %s slices (train/val/test) in %.1f s (%.0f slices/s)%n", r.workspace(),
                r.slicesPerSplit(), r.seconds(), r.slicesPerSecond());
        err.flush();
    }
}
