package org.dlp4j.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dlp4j.AtomicFiles;
import org.dlp4j.BadInputException;
import org.dlp4j.caffe.CaffeModelFile;
import org.dlp4j.caffe.TextProto;
import org.dlp4j.caffe.WeightTransferReport;
import org.dlp4j.model.DeployGenerator;
import org.dlp4j.model.NetGraph;
import org.dlp4j.model.NetLibrary;
import org.dlp4j.model.TransferReports;

/** The Net module's model endpoints: the Net Library, a net's graph and the weight-transfer report. */
final class LibraryApi {
    private final WorkspacePaths ws;
    private final NetsApi nets;

    LibraryApi(WorkspacePaths ws, NetsApi nets) {
        this.ws = ws;
        this.nets = nets;
    }

    void register(Javalin app) {
        app.get("/api/library", this::library);
        app.post("/api/nets", this::create);
        app.get("/api/nets/{name}/graph", this::graph);
        app.post("/api/nets/{name}/transfer", this::transfer);
    }

    private void library(Context ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (NetLibrary.Entry e : NetLibrary.entries()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", e.name());
            m.put("type", e.type().name().toLowerCase(java.util.Locale.ROOT));
            m.put("description", e.description());
            m.put("inputShape", e.inputShape());
            m.put("classes", e.classes());
            out.add(m);
        }
        ctx.json(Map.of("entries", out));
    }

    /** Body {@code {from, name?, classes?}}: writes a library net into WS/nets/NAME (kept when it exists). */
    private void create(Context ctx) throws IOException {
        JsonNode body = WebServer.json(ctx);
        String from = body.path("from").asText("");
        NetLibrary.Entry e = NetLibrary.entry(from);
        String name = WorkspacePaths.name(body.path("name").asText(from), "net");
        Path dir = ws.inside("nets", name);
        boolean exists = Files.isRegularFile(dir.resolve("train_val.prototxt"));
        if (!exists) {
            Integer classes = WebServer.optInt(body, "classes");
            write(e, dir, classes == null ? e.classes() : classes);
        }
        ctx.status(exists ? 200 : 201).json(Map.of("name", name, "created", !exists, "from", e.name()));
    }

    /** Writes a library net into a temp folder beside {@code dir}, then renames it into place (never half a net). */
    private static void write(NetLibrary.Entry e, Path dir, int classes) throws IOException {
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) { // a folder without a net yet: each file is atomic
            NetLibrary.write(e.name(), dir, classes);
            return;
        }
        Files.createDirectories(dir.getParent());
        Path tmp = AtomicFiles.createTempDirectory(dir.getParent(), "." + dir.getFileName() + ".tmp-");
        try {
            NetLibrary.write(e.name(), tmp, classes);
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            AtomicFiles.deleteTree(tmp);
        }
    }

    private void graph(Context ctx) {
        Path p = nets.existingPrototxt(ctx, ctx.queryParamAsClass("file", String.class).getOrDefault("train_val"));
        ctx.json(NetGraph.of(NetsApi.read(p)).toMap());
    }

    /**
     * Body {@code {weights, inputShape?}}: which parameters of a caffemodel the net would take (pure Java shape
     * inference; nothing native runs in the server). Input shape: given, else the deploy net's, else 1,1,256,256.
     */
    private void transfer(Context ctx) {
        JsonNode body = WebServer.json(ctx);
        Path weights = ws.resolve(body.path("weights").asText(""));
        if (!Files.isRegularFile(weights)) {
            throw ApiException.badRequest("weights '" + body.path("weights").asText() + "' not found in the workspace");
        }
        Path net = nets.existing(ctx, "train_val");
        int[] shape = body.hasNonNull("inputShape") ? DeployGenerator.parseShape(body.get("inputShape").asText())
                : deployShape(ws.inside("nets", ctx.pathParam("name"), "deploy.prototxt"));
        WeightTransferReport r = TransferReports.forNetJava(NetsApi.read(net), shape,
                CaffeModelFile.readShapes(weights));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("copied", r.copied());
        m.put("onlyInFile", r.onlyInFile());
        m.put("onlyInNet", r.onlyInNet());
        m.put("mismatched", r.mismatched());
        m.put("suggestions", r.suggestions());
        m.put("mismatches", r.hasMismatches());
        m.put("nothingCopied", r.nothingCopied());
        m.put("text", r.describe());
        ctx.json(m);
    }

    private static int[] deployShape(Path deploy) {
        int[] shape = deployShapeOrNull(deploy);
        return shape != null ? shape : new int[] {1, 1, 256, 256};
    }

    /** The 4-D input shape a deploy net declares (its Input layer), or null when it has none. */
    static int[] deployShapeOrNull(Path deploy) {
        if (Files.isRegularFile(deploy)) {
            for (TextProto l : NetsApi.read(deploy).messages("layer")) {
                TextProto shape = l.message("input_param") == null ? null : l.message("input_param").message("shape");
                if (shape != null && shape.count("dim") == 4) {
                    try {
                        return DeployGenerator.parseShape(String.join(",", shape.strings("dim")));
                    } catch (BadInputException e) {
                        throw ApiException.badRequest(deploy.getFileName() + " input: " + e.getMessage()
                                + " (fix its dims, or send inputShape)");
                    }
                }
            }
        }
        return null;
    }
}
