package org.dlp4j.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dlp4j.BadInputException;
import org.dlp4j.caffe.Phase;
import org.dlp4j.caffe.Prototxt;
import org.dlp4j.caffe.TextProto;
import org.dlp4j.model.DeployGenerator;
import org.dlp4j.model.Solvers;
import org.dlp4j.model.TestFeed;

/**
 * A net folder's derived files: {@code deploy.prototxt} from {@code train_val.prototxt} (the generator
 * {@code dlp net deploy} uses; input shape from the workspace's image LMDB as the CLI reads it, else the current
 * deploy's), and a default {@code solver.prototxt} for an imported net ({@link Solvers#defaultFor}, test_iter
 * covering the workspace's validation LMDB once).
 */
final class NetDeploy {
    private final WorkspacePaths ws;
    private final RunInputs inputs;

    NetDeploy(WorkspacePaths ws) {
        this.ws = ws;
        this.inputs = new RunInputs(ws);
    }

    /** Writes {@code nets/NAME/deploy.prototxt}: {@code {file, layers}}; 400 when it cannot be derived. */
    Map<String, Object> regenerate(String name) {
        Path trainVal = ws.inside("nets", WorkspacePaths.name(name, "net"), "train_val.prototxt");
        if (!Files.isRegularFile(trainVal)) {
            throw ApiException.notFound("net '" + name + "' has no train_val.prototxt");
        }
        TextProto deploy = derive(NetsApi.read(trainVal), trainVal);
        Path out = trainVal.resolveSibling("deploy.prototxt");
        deploy.write(out);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", ws.relative(out));
        m.put("layers", deploy.count("layer"));
        return m;
    }

    /**
     * After an edit of train_val: rewrites deploy.prototxt when it exists and no longer fits (its layers' names,
     * types or num_output differ from those derived now). Returns "regenerated", "unchanged", "none" (no deploy) or
     * "not regenerated: why".
     */
    String refreshAfterEdit(Path trainVal, TextProto net) {
        Path deployFile = trainVal.resolveSibling("deploy.prototxt");
        if (!Files.isRegularFile(deployFile)) {
            return "none";
        }
        try {
            TextProto fresh = derive(net, trainVal);
            if (signature(fresh).equals(signature(TextProto.read(deployFile)))) {
                return "unchanged";
            }
            fresh.write(deployFile);
            return "regenerated";
        } catch (ApiException | BadInputException e) {
            return "not regenerated: " + WebWording.of(e.getMessage());
        }
    }

    /**
     * For a train_val saved into a net folder without a solver or deploy (an import): writes the missing ones so
     * the net can be trained and deployed. Returns the files written; {@code notes} gets why one was not.
     */
    List<String> completeImport(Path trainVal, String name, List<String> notes) {
        List<String> written = new ArrayList<>();
        TextProto net = NetsApi.read(trainVal);
        Path solver = trainVal.resolveSibling("solver.prototxt");
        if (!Files.isRegularFile(solver)) {
            defaultSolver(net, name).write(solver);
            written.add(ws.relative(solver));
        }
        Path deploy = trainVal.resolveSibling("deploy.prototxt");
        if (!Files.isRegularFile(deploy)) {
            try {
                derive(net, trainVal).write(deploy);
                written.add(ws.relative(deploy));
            } catch (ApiException | BadInputException e) {
                notes.add("no deploy.prototxt written: " + WebWording.of(e.getMessage()));
            }
        }
        return written;
    }

    /** The deploy net of {@code net}; data sources are checked to lie in the workspace before an LMDB is read. */
    private TextProto derive(TextProto net, Path trainVal) {
        String shown = ws.relative(trainVal);
        var outside = inputs.netProblems(net, shown);
        if (!outside.isEmpty()) {
            throw ApiException.badRequest(outside.get(0).toString());
        }
        try {
            return DeployGenerator.generate(net, null, ws.root(), shown);
        } catch (BadInputException e) {
            int[] shape = LibraryApi.deployShapeOrNull(trainVal.resolveSibling("deploy.prototxt"));
            if (shape == null) {
                throw ApiException.badRequest(WebWording.of(e.getMessage()));
            }
            return DeployGenerator.generate(net, shape, ws.root(), shown);
        }
    }

    /** Name, type and num_output of every layer but the input: what a snapshot's weights must match. */
    private static List<String> signature(TextProto deploy) {
        List<String> out = new ArrayList<>();
        for (TextProto l : deploy.messages("layer")) {
            if (l.get("type", "").equals("Input")) {
                continue;
            }
            TextProto p = l.message("convolution_param") != null ? l.message("convolution_param")
                    : l.message("inner_product_param");
            out.add(l.get("name", "") + "/" + l.get("type", "") + "/" + (p == null ? "" : p.get("num_output", ""))
                    + "/" + l.strings("bottom") + l.strings("top"));
        }
        return out;
    }

    /** {@link Solvers#defaultFor}; test_iter covers the validation LMDB once when the net has TEST data. */
    private TextProto defaultSolver(TextProto net, String name) {
        long iter = 0;
        if (!Prototxt.activeLayers(net, Phase.TEST).isEmpty() && hasTestData(net)) {
            iter = 10;
            try {
                iter = TestFeed.of(net, ws.root()).filter(f -> f.records() > 0).map(TestFeed::coveringTestIter)
                        .orElse(10L);
            } catch (RuntimeException e) {
                // an unreadable LMDB: the default stands (dlp train warns about the mismatch)
            }
        }
        return Solvers.defaultFor("nets/" + name + "/train_val.prototxt", name, iter);
    }

    /** True when a data layer is included in the TEST phase (else a test net would have no input). */
    private static boolean hasTestData(TextProto net) {
        return Prototxt.activeLayers(net, Phase.TEST).stream().anyMatch(DeployGenerator::isDataLayer);
    }
}
