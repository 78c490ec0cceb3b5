package org.dlp4j.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Deploy module's images in: {@code POST /api/upload?name=N} (an image inference can read, into
 * {@code WS/uploads/}) and {@code GET /api/infer/formats} (the extensions it reads, {@link ImageFormats}).
 */
final class UploadApi {
    private final WorkspacePaths ws;

    UploadApi(WorkspacePaths ws) {
        this.ws = ws;
    }

    void register(Javalin app) {
        app.post("/api/upload", this::upload);
        app.get("/api/infer/formats", ctx -> ctx.json(Map.of("extensions", ImageFormats.extensions())));
    }

    private void upload(Context ctx) throws IOException {
        if (ctx.queryParam("name") == null || ctx.queryParam("name").isBlank()) {
            throw ApiException.badRequest("give the file name as query parameter 'name' (e.g. /api/upload?name=slice.png)");
        }
        String name = WorkspacePaths.name(ctx.queryParam("name"), "file name");
        if (!ImageFormats.readable(name)) {
            throw ApiException.badRequest("upload an image the server reads (" + ImageFormats.listed() + "), got '"
                    + name + "'");
        }
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            throw ApiException.badRequest("empty upload");
        }
        requireReadable(name, bytes);
        Path p = ws.inside("uploads", name);
        org.dlp4j.AtomicFiles.writeChecked(p, bytes);
        ctx.status(201).json(Map.of("path", ws.relative(p), "bytes", bytes.length));
    }

    /**
     * A 400 when the uploaded bytes are not an image inference can read (read as the worker reads its inputs, from a
     * scratch file in {@code WS/.dlp/tmp} that is removed): such a file was stored and then skipped by every inference.
     */
    private void requireReadable(String name, byte[] bytes) throws IOException {
        Path scratch = Files.createDirectories(ws.inside(".dlp", "tmp"));
        Path tmp = Files.createTempFile(scratch, "upload", "-" + name);
        try {
            Files.write(tmp, bytes);
            org.dlp4j.deploy.InputImage.load(tmp);
        } catch (RuntimeException e) {
            throw ApiException.badRequest("'" + name + "' (" + bytes.length + " bytes) is not an image the server can"
                    + " read; upload a " + ImageFormats.listed() + " file");
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
