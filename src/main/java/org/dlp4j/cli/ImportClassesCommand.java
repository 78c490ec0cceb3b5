package org.dlp4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dlp4j.Json;
import org.dlp4j.data.images.ClassesImporter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dlp import classes DIR --out WS [--val-fraction F]}. */
@Command(name = "classes",
        description = "One subfolder per class → train_lmdb/val_lmdb with Datum.label, labels.txt.")
public final class ImportClassesCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(paramLabel = "DIR", description = "Folder with one subfolder per class.")
    Path dir;

    @CommandLine.Option(names = "--out", required = true, paramLabel = "WS", description = "Workspace folder.")
    Path out;

    @CommandLine.Option(names = "--val-fraction", defaultValue = "0.2", description = "Per-class validation share.")
    double valFraction;

    @CommandLine.Option(names = "--seed", defaultValue = "1", description = "Split and shuffle seed.")
    long seed;

    @CommandLine.Option(names = "--force", description = "Replace an existing WS/data.")
    boolean force;

    @CommandLine.Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        OutputPaths.folder(out, "--out");
        ClassesImporter.Result r = ClassesImporter.run(dir, out, valFraction, seed, force,
                new ProgressLine(spec.commandLine().getErr(), "import"));
        var err = spec.commandLine().getErr();
        err.printf("classes %s, per class %s, written %s -> %s%n", r.classes(), r.perClass(), r.perSplit(), r.data());
        r.skipped().forEach(s -> err.println("skipped: " + s));
        r.warnings().forEach(w -> err.println("warning: " + w));
        if (json) {
            spec.commandLine().getOut().println(Json.write(r));
        }
        return 0;
    }
}
