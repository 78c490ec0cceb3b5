package org.dlp4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dlp4j.Json;
import org.dlp4j.data.synth.SyntheticSunnybrook;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dlp synth sunnybrook --out DIR [--cases N --seed S]}. */
@Command(name = "synth", description = "Generate synthetic datasets.", subcommands = {SynthCommand.Sunnybrook.class})
public final class SynthCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** {@code dlp synth sunnybrook}. */
    @Command(name = "sunnybrook", description = "Write a Sunnybrook-shaped synthetic dataset (challenge layout:"
            + " DICOM series per case, expert i/o-contour files).")
    public static final class Sunnybrook implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (new).")
        Path out;

        @CommandLine.Option(names = "--cases", defaultValue = "6", description = "Number of cases, 1.."
                + SyntheticSunnybrook.MAX_CASES + " (default 6; each is about 4.7 MB).")
        int cases;

        @CommandLine.Option(names = "--seed", defaultValue = "1", description = "Random seed (default 1).")
        long seed;

        @CommandLine.Option(names = "--force", description = "Replace an existing output folder.")
        boolean force;

        @CommandLine.Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            OutputPaths.folder(out, "--out");
            if (force && Files.exists(out)) {
                org.dlp4j.AtomicFiles.deleteTree(out);
            }
            long t0 = System.nanoTime();
            SyntheticSunnybrook.Result r = SyntheticSunnybrook.generate(out, cases, seed);
            double s = (System.nanoTime() - t0) / 1e9;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("out", r.dir().toString());
            m.put("cases", r.cases().size());
            m.put("images", r.images());
            m.put("contours", r.contours());
            m.put("seconds", Math.round(s * 100) / 100.0);
            if (json) {
                spec.commandLine().getOut().println(Json.write(m));
            } else {
                spec.commandLine().getErr().printf(
                        "synth: %d cases, %d DICOM images, %d contour files in %s (%.1f s)%n",
                        r.cases().size(), r.images(), r.contours(), r.dir(), s);
            }
            return 0;
        }
    }
}
