package org.dlp4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.dlp4j.BadInputException;
import org.dlp4j.caffe.Caffe;
import org.dlp4j.caffe.Device;
import org.dlp4j.caffe.TextProto;
import org.dlp4j.data.sunnybrook.ImportReport;
import org.dlp4j.data.sunnybrook.SunnybrookImporter;
import org.dlp4j.data.synth.SyntheticSunnybrook;
import org.dlp4j.deploy.Inference;
import org.dlp4j.eval.DirectoryEvaluation;
import org.dlp4j.eval.Evaluation;
import org.dlp4j.model.NetLibrary;
import org.dlp4j.train.TrainOptions;
import org.dlp4j.train.TrainingRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code dlp demo}: the whole DLP tutorial on generated Sunnybrook-like data, through the same Java
 * APIs as the other commands (synth → import → Net Library → train in a worker → infer → evaluate).
 */
@Command(name = "demo", header = "Run the whole tutorial on generated data and print its Dice score.",
        description = {
    "Run the whole tutorial on a generated Sunnybrook-like dataset: set up a workspace, generate and import the"
        + " data, take a net from the Net Library, train it, segment the held-out test slices and score them.",
    "The last line printed is 'Dice: 0.xxx' (mean over the held-out test slices)."})
public final class DemoCommand implements Callable<Integer> {
    static final String MARKER = ".dlp4j-demo";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = {"--ws", "--out"}, defaultValue = "demo-ws",
            description = "workspace folder to create (default ${DEFAULT-VALUE}); --out is the same option")
    Path ws;

    @CommandLine.Option(names = "--net", defaultValue = "fcn-small", description = "fcn-small or alexfcn (default ${DEFAULT-VALUE})")
    String net;

    @CommandLine.Option(names = "--cases", defaultValue = "10", description = "synthetic cases (default ${DEFAULT-VALUE})")
    int cases;

    @CommandLine.Option(names = "--iterations", description = "training iterations (default: 700 for fcn-small, 2000 for alexfcn)")
    Integer iterations;

    @CommandLine.Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @CommandLine.Option(names = "--gpu", description = "GPU device (default: CPU)")
    Integer gpu;

    @CommandLine.Option(names = "--force", description = "use --ws even if it holds files that the demo did not make")
    boolean force;

    @CommandLine.Option(names = "--json", description = "print the result as one JSON object instead of the 'Dice:' line")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        if (!net.equals("fcn-small") && !net.equals("alexfcn")) {
            throw new BadInputException("--net must be fcn-small or alexfcn, not '" + net + "'");
        }
        if (cases < 3) {
            throw new BadInputException("--cases must be at least 3 (one case each for train, val and test)");
        }
        if (iterations != null && iterations < 1) {
            throw new BadInputException("--iterations must be at least 1, got " + iterations);
        }
        if (gpu != null) { // before generating and importing anything
            if (gpu < 0) {
                throw new BadInputException("--gpu must be a device number (0 or more), got " + gpu);
            }
            Caffe.apply(Device.of(gpu)); // a clear error without GPU natives or device
            Caffe.useCpu();
        }
        int iters = iterations != null ? iterations : net.equals("alexfcn") ? 2000 : 700;
        long t0 = System.nanoTime();

        err.println("== 1. Set up");
        Map<String, String> v = Caffe.versions();
        err.printf("dlp4j %s, Caffe %s, JavaCPP %s, %s; mode %s%n", v.get("dlp4j"), v.get("caffe"), v.get("javacpp"),
                v.get("openblas"), gpu == null ? "CPU" : "GPU " + gpu);
        prepareWorkspace();
        err.println("workspace: " + ws.toAbsolutePath());

        err.println("== 2. Get the dataset (synthetic Sunnybrook, original challenge layout)");
        Path src = ws.resolve("sunnybrook");
        SyntheticSunnybrook.Result synth = SyntheticSunnybrook.generate(src, cases, seed);
        err.printf("generated %d cases, %d DICOM images, %d contour files in %s%n", synth.cases().size(), synth.images(),
                synth.contours(), src);
        ImportReport rep = SunnybrookImporter.builder().valFraction(0.2).testFraction(0.2).seed(seed).force(true)
                .build().run(src, ws, new ProgressLine(err, "import"));
        for (String split : List.of("train", "val", "test")) {
            long n = rep.cases().stream().filter(c -> c.split().equals(split)).count();
            int slices = rep.cases().stream().filter(c -> c.split().equals(split)).mapToInt(c -> c.written()).sum();
            err.printf("  %-5s %d case(s), %d slices%n", split, n, slices);
        }
        int valSlices = rep.cases().stream().filter(c -> c.split().equals("val")).mapToInt(c -> c.written()).sum();

        err.println("== 3. Model definition (" + net + " from the Net Library)");
        Path netDir = ws.resolve("nets").resolve(net);
        NetLibrary.write(net, netDir, 2);
        Path solver = netDir.resolve("solver.prototxt");
        TextProto s = TextProto.read(solver);
        int batch = 4;
        s.setNumber("max_iter", iters);
        s.setNumber("test_interval", Math.max(50, iters / 4));
        s.setNumber("test_iter", Math.max(1, (valSlices + batch - 1) / batch));
        s.setNumber("snapshot", Math.max(50, iters / 2));
        s.setNumber("display", 20);
        s.write(solver);
        err.println("wrote " + netDir.resolve("train_val.prototxt") + ", solver.prototxt, deploy.prototxt, labels.txt");
        err.println("pretrained weights: none (nothing is downloaded here). To fine-tune AlexFCN from ImageNet weights,"
                + " see weights/README.md (dlp net convolutionalize).");

        err.println("== 4. Training (" + iters + " iterations, in a worker process)");
        TrainingRun run = TrainingRun.prepare(TrainOptions.of(solver, ws, ws.resolve("runs").resolve("demo")).withGpu(gpu));
        JsonNode summary = run.runInWorker(TrainCommand.progress(err));
        String weights = summary.path("last_snapshot").asText(null);
        if (weights == null || !summary.path("outcome").asText().equals("completed")) {
            String why = "training did not complete (" + summary.path("outcome").asText() + ")";
            err.println("demo: " + why);
            if (json) {
                ExitCodes.printJsonError(out, "demo: " + why, ExitCodes.FAILURE);
            }
            return ExitCodes.FAILURE;
        }
        err.printf("trained: final loss %s, best validation Dice %s; weights %s%n", number(summary, "final_loss", "%.4f"),
                number(summary, "best_dice", "%.3f"), weights);

        err.println("== 5. Inference on data/test_images");
        Path pred = ws.resolve("predictions").resolve("demo");
        JsonNode inf = Inference.run(netDir.resolve("deploy.prototxt"), Path.of(weights), netDir.resolve("labels.txt"),
                ws.resolve("data/test_images"), pred, gpu, 0.4, inferProgress(new ProgressLine(err, "infer")));
        err.printf("segmented %d slices (%.1f images/s) -> %s%n", inf.path("images").asInt(),
                inf.path("images_per_s").asDouble(), pred);

        err.println("== 6. Evaluation against data/test_labels");
        DirectoryEvaluation.Result ev = DirectoryEvaluation.run(pred, ws.resolve("data/test_labels"), Double.NaN);
        Evaluation e = ev.evaluation();
        err.print(e.table());
        e.writeCsv(pred.resolve("scores.csv"));
        Evaluation.Stat dice = e.stat(Evaluation.Row::dice);
        Evaluation.Stat apd = e.stat(Evaluation.Row::apdMm);
        // no automatic contour at all (an untrained net): APD is undefined, said so rather than "NaN"
        err.printf("mean Dice %.3f ± %.3f, APD %s, good contours %.0f%%%n", dice.mean(), dice.std(),
                Double.isFinite(apd.mean()) ? String.format("%.2f ± %.2f mm", apd.mean(), apd.std())
                        : "n/a (no slice has both an automatic and an expert contour)", e.goodContourPct());
        err.println("overlays: " + pred.resolve("overlays"));
        err.println("plots:    " + run.layout().plots());
        double seconds = (System.nanoTime() - t0) / 1e9;
        err.printf("demo finished in %.0f s%n", seconds);
        if (json) {
            java.util.Map<String, Object> r = new java.util.LinkedHashMap<>();
            r.put("dice", finite(dice.mean()));
            r.put("dice_std", finite(dice.std()));
            r.put("apd_mm", finite(apd.mean()));
            r.put("good_contours_pct", finite(e.goodContourPct()));
            r.put("slices", e.rows().size());
            r.put("net", net);
            r.put("iterations", summary.path("iteration").asInt());
            r.put("final_loss", summary.path("final_loss").isNumber() ? summary.path("final_loss").asDouble() : null);
            r.put("best_val_dice", summary.path("best_dice").isNumber() ? summary.path("best_dice").asDouble() : null);
            r.put("workspace", ws.toAbsolutePath().toString());
            r.put("weights", weights);
            r.put("predictions", pred.toAbsolutePath().toString());
            r.put("seconds", seconds);
            out.println(org.dlp4j.Json.write(r));
        } else {
            out.printf("Dice: %.3f%n", dice.mean());
        }
        return ExitCodes.OK;
    }

    /** Progress events of the inference step drawn on {@code line}, finished at the last image. */
    private static java.util.function.Consumer<JsonNode> inferProgress(ProgressLine line) {
        return ev -> {
            long done = ev.path("done").asLong();
            long total = ev.path("total").asLong();
            line.update(done, total, "img", ev.path("file").asText(), false);
            if (done >= total) {
                line.done();
            }
        };
    }

    /** JSON has no NaN: an undefined mean (no slice with an expert contour) is null. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** A summary value formatted, or "n/a" when the run had none (null). */
    static String number(JsonNode summary, String field, String format) {
        JsonNode v = summary.path(field);
        return v.isNumber() ? String.format(format, v.asDouble()) : "n/a";
    }

    private void prepareWorkspace() throws IOException {
        if (Files.isDirectory(ws)) {
            boolean ours = Files.exists(ws.resolve(MARKER));
            boolean empty;
            try (Stream<Path> s = Files.list(ws)) {
                empty = s.findAny().isEmpty();
            }
            if (!ours && !empty && !force) {
                throw new BadInputException(ws + " exists and was not made by dlp demo; choose another --ws or add --force");
            }
            for (String sub : List.of("sunnybrook", "data", "nets", "runs", "predictions")) {
                org.dlp4j.AtomicFiles.deleteTree(ws.resolve(sub));
            }
        } else if (Files.exists(ws)) {
            throw new BadInputException(ws + " exists and is not a folder");
        }
        Files.createDirectories(ws);
        Files.writeString(ws.resolve(MARKER), "made by dlp demo; safe to delete\n");
    }
}
