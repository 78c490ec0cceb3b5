package org.dlp4j.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dlp4j.caffe.ParamRanges;
import org.dlp4j.caffe.Prototxt;
import org.dlp4j.caffe.PrototxtException;
import org.dlp4j.caffe.TextProto;

/** The Net module's endpoints: library, nets in the workspace, their files, layers, edits and validation. */
final class NetsApi {
    static final List<String> FILES = List.of("train_val.prototxt", "solver.prototxt", "deploy.prototxt", "labels.txt");
    private final WorkspacePaths ws;

    private final NetDeploy deploys;

    NetsApi(WorkspacePaths ws) {
        this.ws = ws;
        this.deploys = new NetDeploy(ws);
    }

    void register(Javalin app) {
        app.get("/api/nets", this::list);
        app.post("/api/nets/validate", this::validate);
        app.get("/api/nets/{name}/layers", this::layers);
        app.post("/api/nets/{name}/edit", this::edit);
        app.post("/api/nets/{name}/deploy", ctx -> ctx.json(deploys.regenerate(ctx.pathParam("name"))));
        app.get("/api/nets/{name}/{file}", this::read);
        app.put("/api/nets/{name}/{file}", this::write);
    }

    private void list(Context ctx) {
        Path nets = ws.root().resolve("nets");
        List<Map<String, Object>> out = new ArrayList<>();
        if (Files.isDirectory(nets)) {
            try (Stream<Path> s = Files.list(nets)) {
                for (Path d : s.filter(Files::isDirectory).sorted().toList()) {
                    // only nets the API can open: a valid name (which leaves out the dot-folder of a net being
                    // written, LibraryApi.create), inside the workspace; as the run list
                    try {
                        ws.inside("nets", WorkspacePaths.name(d.getFileName().toString(), "net"));
                    } catch (ApiException e) {
                        continue;
                    }
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", d.getFileName().toString());
                    m.put("files", FILES.stream().filter(f -> Files.isRegularFile(d.resolve(f))).toList());
                    out.add(m);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        ctx.json(Map.of("nets", out));
    }

    /** {@code train_val}, {@code solver}, {@code deploy}, {@code labels}, with or without extension. */
    static String fileName(String f) {
        for (String known : FILES) {
            if (known.equals(f) || known.substring(0, known.indexOf('.')).equals(f)) {
                return known;
            }
        }
        throw ApiException.badRequest("unknown net file '" + f + "' (use one of " + FILES + ")");
    }

    /** {@link #fileName}, refusing labels.txt where a prototxt is read or edited (it was a 404, or a parse error). */
    static String prototxtName(String f) {
        String name = fileName(f);
        if (!name.endsWith(".prototxt")) {
            throw ApiException.badRequest(name + " is the list of class names, not a prototxt: give train_val, solver"
                    + " or deploy");
        }
        return name;
    }

    /** An existing prototxt of the net named in the path (400 for labels, 404 when missing). */
    Path existingPrototxt(Context ctx, String file) {
        return existing(ctx, prototxtName(file));
    }

    private Path netFile(Context ctx, String file) {
        return ws.inside("nets", WorkspacePaths.name(ctx.pathParam("name"), "net"), fileName(file));
    }

    Path existing(Context ctx, String file) {
        Path p = netFile(ctx, file);
        if (!Files.isRegularFile(p)) {
            throw ApiException.notFound("net '" + ctx.pathParam("name") + "' has no " + p.getFileName());
        }
        return p;
    }

    private void read(Context ctx) throws IOException {
        ctx.contentType("text/plain; charset=utf-8").result(Files.readString(existing(ctx, ctx.pathParam("file"))));
    }

    private void write(Context ctx) {
        Path p = netFile(ctx, ctx.pathParam("file"));
        String text = ctx.body();
        if (p.getFileName().toString().endsWith(".prototxt")) {
            TextProto t;
            try {
                t = TextProto.parse(text);
            } catch (PrototxtException e) {
                throw ApiException.badRequest(p.getFileName() + ": " + e.getMessage());
            }
            if (!isSolver(p)) { // an empty net (or only comments) would be saved as a net of no layers
                Prototxt.requireLayers(t, p.getFileName().toString());
                // as an edit: values Caffe's parser rejects or its layers abort on are refused, unless the stored
                // file already had that very problem (so a file can be fixed one value at a time)
                refuseNewRangeProblems(t, storedRangeProblems(p), p.getFileName().toString());
            } else {
                SolverEdits.refuseNewProblems(p, text, ws.root());
            }
        }
        boolean imported = p.getFileName().toString().equals("train_val.prototxt")
                && !Files.isRegularFile(p.resolveSibling("solver.prototxt"));
        org.dlp4j.AtomicFiles.writeString(p, text);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("saved", ws.relative(p));
        m.put("bytes", text.getBytes(StandardCharsets.UTF_8).length);
        if (p.getFileName().toString().equals("train_val.prototxt")) {
            List<String> notes = new ArrayList<>();
            // an imported net gets the solver and deploy the Train and Deploy tabs need; an edited one a deploy that fits
            m.put("deploy", deploys.refreshAfterEdit(p, read(p)));
            m.put("created", imported || !Files.isRegularFile(p.resolveSibling("deploy.prototxt"))
                    ? deploys.completeImport(p, ctx.pathParam("name"), notes) : List.of());
            m.put("notes", notes);
        }
        ctx.json(m);
    }

    private void layers(Context ctx) {
        Path p = existingPrototxt(ctx, ctx.queryParamAsClass("file", String.class).getOrDefault("train_val"));
        TextProto t = read(p);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", ws.relative(p));
        if (t.has("layer") || t.has("layers") || !p.getFileName().toString().startsWith("solver")) {
            m.put("name", t.get("name", ctx.pathParam("name")));
            m.put("layers", NetLayers.layers(t));
        }
        Path solver = ws.inside("nets", ctx.pathParam("name"), "solver.prototxt");
        if (Files.isRegularFile(solver)) {
            m.put("solver", NetLayers.fields(read(solver)));
        }
        ctx.json(m);
    }

    private void edit(Context ctx) {
        JsonNode body = WebServer.json(ctx);
        Path p = existingPrototxt(ctx, body.path("file").asText("train_val"));
        TextProto t = read(p);
        List<String> badBefore = isSolver(p) ? List.of() : rangeProblems(t);
        NetLayers.apply(t, body.get("ops"));
        String text = t.toString();
        if (!isSolver(p)) { // (a solver is edited a field at a time: lr_policy "step" before its stepsize)
            refuseNewRangeProblems(t, badBefore, p.getFileName().toString());
        }
        try {
            TextProto.parse(text);
            if (!isSolver(p)) {
                Prototxt.requireLayers(t, p.getFileName().toString());
            }
        } catch (PrototxtException e) {
            throw ApiException.badRequest("these edits would leave " + p.getFileName() + " unreadable or empty ("
                    + e.getMessage() + "); nothing was saved");
        }
        org.dlp4j.AtomicFiles.writeString(p, text);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("saved", ws.relative(p));
        if (p.getFileName().toString().equals("train_val.prototxt")) {
            m.put("deploy", deploys.refreshAfterEdit(p, t));
        }
        m.put(p.getFileName().toString().startsWith("solver") ? "solver" : "layers",
                p.getFileName().toString().startsWith("solver") ? NetLayers.fields(t) : NetLayers.layers(t));
        ctx.json(m);
    }

    /** {@link #rangeProblems} of the file as stored; none when it is missing or unreadable. */
    private static List<String> storedRangeProblems(Path p) {
        if (!Files.isRegularFile(p)) {
            return List.of();
        }
        try {
            return rangeProblems(TextProto.read(p));
        } catch (PrototxtException e) {
            return List.of();
        }
    }

    private static List<String> rangeProblems(TextProto net) {
        return ParamRanges.check(net, "").stream().map(pr -> pr.layer() + "\0" + pr.what()).toList();
    }

    /**
     * A 400 naming the layer and field when the edits set a value Caffe's parser rejects or its layer aborts on (a
     * problem the file did not have before: an unrelated edit of a file that already had one still saves).
     */
    private static void refuseNewRangeProblems(TextProto edited, List<String> before, String file) {
        List<org.dlp4j.caffe.Problem> added = ParamRanges.check(edited, file).stream()
                .filter(pr -> !before.contains(pr.layer() + "\0" + pr.what())).toList();
        if (!added.isEmpty()) {
            org.dlp4j.caffe.Problem first = added.get(0);
            throw ApiException.badRequest("layer '" + first.layer() + "': " + first.what() + " -> " + first.fix()
                    + (added.size() > 1 ? " (and " + (added.size() - 1) + " more)" : "") + "; nothing was saved");
        }
    }

    /** Body: prototxt text, or JSON {@code {name, file}} / {@code {text, kind: "net"|"solver"}}. */
    private void validate(Context ctx) {
        String body = ctx.body();
        JsonNode json = body.stripLeading().startsWith("{") && ctx.contentType() != null
                && ctx.contentType().startsWith("application/json") ? WebServer.json(ctx) : null;
        NetValidation v = new NetValidation(ws);
        if (json != null && json.hasNonNull("name")) {
            Path file = namedFile(json);
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            boolean solver = file.getFileName().toString().startsWith("solver");
            ctx.json(v.validate(text, solver, ws.relative(file), file.getParent()));
        } else {
            String text = json != null ? json.path("text").asText("") : body;
            boolean solver = json != null ? json.path("kind").asText("").equals("solver") : looksLikeSolver(text);
            ctx.json(v.validate(text, solver, solver ? "solver.prototxt" : "train_val.prototxt", null));
        }
    }

    private Path namedFile(JsonNode json) {
        Path p = ws.inside("nets", WorkspacePaths.name(json.get("name").asText(), "net"),
                prototxtName(json.path("file").asText("train_val")));
        if (!Files.isRegularFile(p)) {
            throw ApiException.notFound("net '" + json.get("name").asText() + "' has no " + p.getFileName());
        }
        return p;
    }

    private static boolean isSolver(Path p) {
        return p.getFileName().toString().startsWith("solver");
    }

    static boolean looksLikeSolver(String text) {
        try {
            TextProto t = TextProto.parse(text);
            return !t.has("layer") && !t.has("layers") && (t.has("base_lr") || t.has("net") || t.has("train_net")
                    || t.has("max_iter"));
        } catch (PrototxtException e) {
            return false;
        }
    }

    static TextProto read(Path p) {
        try {
            return TextProto.read(p);
        } catch (PrototxtException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

}
