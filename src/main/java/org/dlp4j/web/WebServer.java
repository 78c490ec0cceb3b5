package org.dlp4j.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dlp4j.BadInputException;
import org.dlp4j.Json;
import org.dlp4j.caffe.Caffe;
import org.dlp4j.caffe.NativeCrashException;
import org.dlp4j.caffe.ValidationException;
import org.dlp4j.worker.WorkerFailedException;

/**
 * The web UI's server: static front-end at {@code /}, Chart.js from its WebJar at {@code /webjars/},
 * JSON API under {@code /api} (docs/API.md). Binds 127.0.0.1 unless told otherwise. Every {@code /api}
 * call except {@code /api/health} needs the token ({@code X-DLP-Token} header or {@code token} query):
 * 401 without it, 403 with a wrong one. Errors are always {@code {"error": ...}}.
 */
public final class WebServer implements AutoCloseable {
    /** Largest JSON or prototxt body. */
    public static final long MAX_BODY = 2L << 20;
    /** Largest uploaded image. */
    public static final long MAX_UPLOAD = 32L << 20;

    static {
        // Jetty and Javalin log every start at INFO; keep the terminal for the URL and warnings.
        System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.io.javalin", "warn");
    }

    private final WorkspacePaths ws;
    private final String token;
    private final RunManager runs;
    private final ImportJobs imports;
    private final Javalin app;

    public WebServer(Path workspace, String token) {
        this.ws = new WorkspacePaths(workspace);
        this.token = token == null ? newToken() : token;
        this.runs = new RunManager(ws);
        this.imports = new ImportJobs(ws);
        this.app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.http.maxRequestSize = MAX_UPLOAD;
            cfg.http.prefer405over404 = true; // DELETE /api/runs: the path exists, the method does not
            cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            cfg.staticFiles.add(sf -> {
                sf.hostedPath = "/";
                sf.directory = "/web";
                sf.location = Location.CLASSPATH;
            });
            cfg.staticFiles.enableWebjars();
        });
        app.before("/api/*", this::guard);
        app.get("/api/health", ctx -> ctx.json(Map.of("status", "ok")));
        app.get("/api/version", this::version);
        SettingsApi settings = new SettingsApi(ws);
        app.get("/api/settings", settings::get);
        app.put("/api/settings", settings::save);
        app.get("/api/files", new FilesApi(ws)::serve);
        registerRuns();
        NetsApi nets = new NetsApi(ws);
        new LibraryApi(ws, nets).register(app);
        nets.register(app);
        new DataApi(ws, imports).register(app);
        new InferApi(ws, runs).register(app);
        new UploadApi(ws).register(app);
        errors();
    }

    public static String newToken() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public String token() {
        return token;
    }

    public Path workspace() {
        return ws.root();
    }

    /** Starts listening; port 0 picks a free one. Returns the port. */
    public int start(String host, int port) {
        app.start(host, port);
        return app.port();
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        runs.shutdown();
        app.stop();
    }

    private void registerRuns() {
        app.post("/api/runs", ctx -> ctx.status(201).json(runs.start(json(ctx))));
        app.get("/api/runs", ctx -> ctx.json(Map.of("runs", runs.list())));
        app.get("/api/runs/{id}", ctx -> ctx.json(runs.get(ctx.pathParam("id"))));
        app.get("/api/runs/{id}/log", ctx -> ctx.json(runs.logTail(ctx.pathParam("id"),
                ctx.queryParamAsClass("lines", Integer.class).getOrDefault(100))));
        app.post("/api/runs/{id}/stop", ctx -> ctx.status(202).json(runs.stop(ctx.pathParam("id"))));
        app.post("/api/runs/{id}/resume", ctx -> ctx.status(201).json(runs.resume(ctx.pathParam("id"))));
        // checked before the event stream starts (its 200 and headers go out first)
        app.before("/api/runs/{id}/events", ctx -> runs.require(ctx.pathParam("id")));
        app.sse("/api/runs/{id}/events", client -> runs.events(client.ctx().pathParam("id")).subscribe(client));
    }

    private void guard(Context ctx) {
        if (ctx.path().equals("/api/health")) {
            return;
        }
        String given = ctx.header("X-DLP-Token");
        if (given == null) {
            given = ctx.queryParam("token");
        }
        if (given == null || given.isEmpty()) {
            throw new ApiException(401, "missing token: send the token printed by 'dlp serve' as header X-DLP-Token"
                    + " or query parameter token");
        }
        if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(403, "wrong token");
        }
        long limit = ctx.path().equals("/api/upload") ? MAX_UPLOAD : MAX_BODY;
        long length = ctx.req().getContentLengthLong();
        if (length > limit) {
            throw new ApiException(413, "request body of " + length + " bytes is larger than the limit of " + limit
                    + " bytes for " + ctx.path());
        }
        String method = ctx.method().name();
        if ((method.equals("POST") || method.equals("PUT")) && length < 0 && ctx.header("Transfer-Encoding") != null) {
            throw new ApiException(411, "send a Content-Length (chunked request bodies are not accepted)");
        }
    }

    private void version(Context ctx) {
        Map<String, Object> m = new LinkedHashMap<>(Caffe.versions());
        m.put("workspace", ws.root().toString());
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        ctx.json(m);
    }

    /** The request body as JSON (400 when it is not). */
    static JsonNode json(Context ctx) {
        String body = ctx.body();
        if (body.isBlank()) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.badRequest("request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** An optional whole-number field of a request body (a JSON number or a numeric string): null when absent. */
    static Integer optInt(JsonNode body, String field) {
        Long v = whole(body, field, true);
        if (v != null && v != v.intValue()) {
            throw notInt(field, body.get(field));
        }
        return v == null ? null : v.intValue();
    }

    /** An optional whole-number field that fits a long (seeds), as {@link #optInt} reads ints; null when absent. */
    static Long optLong(JsonNode body, String field) {
        return whole(body, field, false);
    }

    /**
     * A whole number given as a JSON integer, a numeric string, or (with {@code fractionZero}) a JSON number such as
     * 3.0; null when absent; a 400 naming the field otherwise.
     */
    private static Long whole(JsonNode body, String field, boolean fractionZero) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull() || n.isTextual() && n.asText().isBlank()) {
            return null;
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.longValue();
        }
        if (fractionZero && n.isNumber() && n.canConvertToLong() && n.doubleValue() == n.longValue()) {
            return n.longValue();
        }
        if (n.isTextual() && n.asText().trim().matches("[-+]?\\d{1,19}")) {
            try {
                return Long.valueOf(n.asText().trim());
            } catch (NumberFormatException e) {
                // out of range: refused below
            }
        }
        throw fractionZero ? notInt(field, n) : ApiException.badRequest("'" + field + "' must be a whole number, got "
                + n);
    }

    private static ApiException notInt(String field, JsonNode n) {
        return ApiException.badRequest("'" + field + "' must be an integer from " + Integer.MIN_VALUE + " to "
                + Integer.MAX_VALUE + ", got " + n);
    }

    /** An optional finite number field (a JSON number or a numeric string); null when absent. */
    static Double optDouble(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull() || n.isTextual() && n.asText().isBlank()) {
            return null;
        }
        double v = Double.NaN;
        if (n.isNumber()) {
            v = n.doubleValue();
        } else if (n.isTextual()) {
            try {
                v = Double.parseDouble(n.asText().trim());
            } catch (NumberFormatException e) {
                // refused below
            }
        }
        if (!Double.isFinite(v)) {
            throw ApiException.badRequest("'" + field + "' must be a finite number, got " + n);
        }
        return v;
    }

    private void errors() {
        app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage(), null));
        app.exception(ValidationException.class, (e, ctx) -> error(ctx, 400, WebWording.of(e.getMessage()),
                Map.of("problems", e.problems())));
        // library messages name CLI flags (--max-iter, --force): the UI's controls instead
        app.exception(BadInputException.class, (e, ctx) -> error(ctx, 400, WebWording.of(e.getMessage()), null));
        app.exception(org.dlp4j.caffe.GpuUnavailableException.class, (e, ctx) -> error(ctx, 400,
                WebWording.of(e.getMessage()), null));
        // the message says it all: "Caffe aborted (exit N): <check>" or "the worker was killed (signal 9, ...)"
        app.exception(NativeCrashException.class, (e, ctx) -> error(ctx, 500, e.getMessage(),
                Map.of("check", String.valueOf(e.fatalLine()))));
        app.exception(WorkerFailedException.class, (e, ctx) -> error(ctx, 500, WebWording.of(e.getMessage()), null));
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage(), null));
        app.exception(io.javalin.validation.ValidationException.class, (e, ctx) -> error(ctx, 400,
                badParameters(e), null));
        app.exception(Exception.class, (e, ctx) -> error(ctx, 500, e.getClass().getSimpleName() + ": "
                + e.getMessage(), null));
        app.error(404, ctx -> {
            if (ctx.path().startsWith("/api") && !"application/json".equals(ctx.res().getContentType())) {
                error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path(), null);
            }
        });
        app.error(405, ctx -> error(ctx, 405, "method " + ctx.method() + " not allowed on " + ctx.path(), null));
    }

    /** Javalin's failed parameter conversions as one sentence ({@code parameter 'lines' = 'abc' is not accepted}). */
    private static String badParameters(io.javalin.validation.ValidationException e) {
        StringBuilder sb = new StringBuilder();
        e.getErrors().forEach((name, errors) -> errors.forEach(err -> sb.append(sb.length() == 0 ? "" : "; ")
                .append("parameter '").append(name).append("' = '").append(err.getValue()).append("' is not accepted (")
                .append(err.getMessage().equals("TYPE_CONVERSION_FAILED") ? "not of the expected type, e.g. a number"
                        : err.getMessage()).append(')')));
        return sb.length() == 0 ? "bad request parameters" : sb.toString();
    }

    private static void error(Context ctx, int status, String message, Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message == null ? "error" : message);
        if (extra != null) {
            m.putAll(extra);
        }
        ctx.status(status).json(m);
    }
}
