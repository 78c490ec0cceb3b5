package org.dlp4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.dlp4j.BadInputException;
import org.dlp4j.caffe.PrototxtException;
import org.dlp4j.caffe.TextProto;
import org.dlp4j.model.NetEdits;
import org.dlp4j.model.PretrainedWeights;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code dlp net edit FILE ...}: DLP's net edits on a net or solver prototxt, written in place
 * (atomically) unless {@code --out} is given.
 */
@Command(mixinStandardHelpOptions = true, name = "edit", description = "Edit a net or solver prototxt: data sources, layer renames, class count,"
        + " solver fields, pretrained weights. Edits in place (atomic) unless --out is given.")
public final class NetEditCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @CommandLine.Option(names = "--set-source", paramLabel = "LAYER=PATH", description = "Data layer source (repeatable).")
    List<String> sources = new ArrayList<>();

    @CommandLine.Option(names = "--rename", paramLabel = "OLD=NEW", description = "Rename a layer (repeatable); its blob keeps"
            + " the old name unless --rename-blobs.")
    List<String> renames = new ArrayList<>();

    @CommandLine.Option(names = "--rename-blobs", description = "Also rename bottoms/tops equal to the old layer name.")
    boolean renameBlobs;

    @CommandLine.Option(names = "--classes", paramLabel = "K", description = "Class count: score layer(s) num_output and the"
            + " upsampling Deconvolution's num_output and group.")
    Integer classes;

    @CommandLine.Option(names = "--solver-set", paramLabel = "KEY=VALUE", description = "Solver field (repeatable), e.g."
            + " max_iter=10000, solver_mode=GPU, base_lr=1e-4.")
    List<String> solverSets = new ArrayList<>();

    @CommandLine.Option(names = "--weights", paramLabel = "CAFFEMODEL", description = "Pretrained weights training will"
            + " start from; recorded in weights.txt next to FILE.")
    Path weights;

    @CommandLine.Option(names = "--out", paramLabel = "FILE", description = "Write here instead of editing in place.")
    Path out;

    /**
     * {@link #read} where a net is expected: a solver given instead is bad input saying which net it names, and a net
     * without any layer (an empty file, or only comments) is bad input too (exit 2).
     */
    static TextProto readNet(Path f) {
        TextProto t = read(f);
        String solver = org.dlp4j.caffe.Prototxt.solverNotNet(t);
        if (solver != null) {
            throw new BadInputException(f + " " + solver);
        }
        org.dlp4j.caffe.Prototxt.requireLayers(t, f.toString());
        return t;
    }

    static TextProto read(Path f) {
        try {
            return TextProto.read(f);
        } catch (PrototxtException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }


    @Override
    public Integer call() {
        if (out != null) {
            OutputPaths.file(out, "--out");
        }
        TextProto t = read(file);
        String what = file.toString();
        boolean isNet = t.has("layer") || t.has("layers");
        if (!isNet && (!sources.isEmpty() || !renames.isEmpty() || classes != null)) {
            throw new BadInputException(what + ": no layers here (a solver?): --set-source, --rename and --classes edit nets");
        }
        if (isNet && !solverSets.isEmpty()) {
            throw new BadInputException(what + ": this is a net, not a solver: --solver-set edits solver.prototxt");
        }
        var err = spec.commandLine().getErr();
        for (String s : sources) {
            String[] kv = NetEdits.keyValue(s, "--set-source");
            NetEdits.setSource(t, kv[0], kv[1], what);
            err.println("source of " + kv[0] + " = " + kv[1]);
        }
        for (String r : renames) {
            String[] kv = NetEdits.keyValue(r, "--rename");
            NetEdits.rename(t, kv[0], kv[1], renameBlobs, what);
            err.println("renamed layer " + kv[0] + " -> " + kv[1] + (renameBlobs ? " (and its blobs)" : ""));
        }
        if (classes != null) {
            err.println("classes = " + classes + " in " + NetEdits.setClasses(t, classes, what));
        }
        for (String s : solverSets) {
            String[] kv = NetEdits.keyValue(s, "--solver-set");
            NetEdits.setSolverField(t, kv[0], kv[1], what);
            err.println(kv[0] + " = " + kv[1]);
        }
        Path target = out != null ? out : file;
        t.write(target);
        if (weights != null) {
            Path dir = target.toAbsolutePath().getParent();
            PretrainedWeights.write(dir, weights);
            err.println("pretrained weights recorded in " + dir.resolve(PretrainedWeights.FILE));
        }
        spec.commandLine().getOut().println(target);
        return 0;
    }
}
