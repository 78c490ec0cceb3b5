package org.dlp4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dlp4j.worker.TimeJob;
import org.dlp4j.worker.Worker;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dlp time}: Caffe's per-layer forward/backward timing, run in a worker process. */
@Command(name = "time", description = {"Time a net: per-layer forward and backward ms and the total per iteration"
        + " (like 'caffe time').",
    "Runs in a worker process; relative data sources resolve against --ws."})
public final class TimeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--model", required = true, description = "net prototxt (TRAIN phase is timed)")
    Path model;

    @CommandLine.Option(names = "--iterations", defaultValue = "10", description = "iterations to average (default ${DEFAULT-VALUE})")
    int iterations;

    @CommandLine.Option(names = "--gpu", description = "GPU device to use (default: CPU)")
    Integer gpu;

    @CommandLine.Option(names = "--phase", defaultValue = "TRAIN", description = "TRAIN or TEST (default ${DEFAULT-VALUE})")
    String phase;

    @CommandLine.Option(names = "--ws", description = "workspace (working directory of the worker)")
    Path ws;

    @CommandLine.Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (iterations < 1) {
            throw new org.dlp4j.BadInputException("--iterations must be >= 1");
        }
        org.dlp4j.caffe.Phase ph = org.dlp4j.caffe.Phase.parse(phase, "--phase");
        precheck(ph);
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("model", model.toAbsolutePath().toString());
        req.put("iterations", iterations);
        req.put("phase", ph.name());
        if (gpu != null) {
            req.put("gpu", gpu);
        }
        spec.commandLine().getErr().println("timing " + model + " (" + iterations + " iterations) ...");
        JsonNode r = Worker.start(TimeJob.class, req, ws == null ? null : ws.toAbsolutePath(), null, null, null).await();
        if (json) {
            spec.commandLine().getOut().println(r.toString());
            return 0;
        }
        var out = spec.commandLine().getOut();
        out.printf("%-24s %-16s %12s %12s%n", "layer", "type", "forward ms", "backward ms");
        for (JsonNode l : r.path("layers")) {
            out.printf("%-24s %-16s %12.3f %12.3f%n", l.path("name").asText(), l.path("type").asText(),
                    l.path("forwardMs").asDouble(), l.path("backwardMs").asDouble());
        }
        out.printf("average forward %.3f ms, backward %.3f ms, forward-backward %.3f ms per iteration%n",
                r.path("forwardMs").asDouble(), r.path("backwardMs").asDouble(), r.path("totalMs").asDouble());
        return 0;
    }

    /**
     * What the worker would refuse or abort on, found here first (exit 2, no worker started): a solver given for
     * the net, Java validation's problems, and shapes Caffe aborts on (a crop past its bottom) at the LMDB's size.
     */
    private void precheck(org.dlp4j.caffe.Phase ph) {
        NetEditCommand.readNet(model);
        Path base = ws == null ? Path.of("") : ws;
        org.dlp4j.caffe.ValidationResult r = org.dlp4j.caffe.Prototxt.validateNet(model, ph, base);
        r.throwIfAny();
        org.dlp4j.caffe.Problem shapes = org.dlp4j.model.ShapeChecks.checkProblem(r, model.toString(), ph, base);
        if (shapes != null) {
            throw new org.dlp4j.caffe.ValidationException(java.util.List.of(shapes));
        }
    }
}
