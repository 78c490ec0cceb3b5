package org.dlp4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dlp4j.Json;
import org.dlp4j.data.images.ImagesImporter;
import org.dlp4j.data.sunnybrook.ImportReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dlp import images --images DIR --labels DIR --out WS}. */
@Command(name = "images", description = "Image/mask pairs matched by file name (PNG, JPEG, 16-bit PNG, DICOM;"
        + " masks are class indices) → workspace LMDBs and test PNGs.")
public final class ImportImagesCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--images", required = true, paramLabel = "DIR", description = "Images folder.")
    Path images;

    @CommandLine.Option(names = "--labels", required = true, paramLabel = "DIR", description = "Masks folder.")
    Path labels;

    @CommandLine.Option(names = "--out", required = true, paramLabel = "WS", description = "Workspace folder.")
    Path out;

    @CommandLine.Option(names = "--val-fraction", defaultValue = "0.2", description = "Images for validation.")
    double valFraction;

    @CommandLine.Option(names = "--test-fraction", defaultValue = "0.2", description = "Images for test PNGs.")
    double testFraction;

    @CommandLine.Option(names = "--seed", defaultValue = "1", description = "Split seed.")
    long seed;

    @CommandLine.Option(names = "--encoding", defaultValue = "uint8", description = "uint8 (default) or float.")
    String encoding;

    @CommandLine.Option(names = "--force", description = "Replace an existing WS/data.")
    boolean force;

    @CommandLine.Option(names = "--json", description = "Print the report as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        if (!encoding.equals("uint8") && !encoding.equals("float")) {
            throw new org.dlp4j.BadInputException("--encoding must be uint8 or float, got " + encoding);
        }
        OutputPaths.folder(out, "--out");
        ImportReport r = new ImagesImporter(valFraction, testFraction, seed, force, encoding.equals("float"))
                .run(images, labels, out, new ProgressLine(spec.commandLine().getErr(), "import"));
        printReport(r, spec.commandLine().getErr());
        if (json) {
            spec.commandLine().getOut().println(Json.write(r));
        }
        return 0;
    }

    /** The human report on stderr: pairs per split, what was skipped and why, warnings, where it went. */
    static void printReport(ImportReport r, java.io.PrintWriter err) {
        err.printf("imported %d image/mask pair(s): %s%n", r.written(), r.slicesPerSplit().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(java.util.stream.Collectors.joining(", ")));
        for (ImportReport.SkippedItem s : r.skippedFiles()) {
            err.println("skipped: " + s.reason());
        }
        for (String w : r.warnings()) {
            err.println("warning: " + w);
        }
        err.printf("wrote %s in %.1f s (%.0f pairs/s)%n", r.workspace(), r.seconds(), r.slicesPerSecond());
        err.flush();
    }
}
