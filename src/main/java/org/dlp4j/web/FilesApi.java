package org.dlp4j.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** {@code GET /api/files?path=}: a file of the workspace (or a folder's listing as JSON); nothing outside it. */
final class FilesApi {
    private final WorkspacePaths ws;

    FilesApi(WorkspacePaths ws) {
        this.ws = ws;
    }

    void serve(Context ctx) throws IOException {
        String given = ctx.queryParam("path");
        Path p = given == null || given.isEmpty() || given.equals(".") ? ws.root() : ws.resolve(given);
        if (Files.isDirectory(p)) {
            List<Map<String, Object>> entries = new ArrayList<>();
            try (Stream<Path> s = Files.list(p)) {
                for (Path e : s.sorted().toList()) {
                    BasicFileAttributes a = e.getFileName().toString().startsWith(".") ? null : attributes(e);
                    if (a == null) {
                        continue;
                    }
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", e.getFileName().toString());
                    m.put("path", ws.relative(e));
                    m.put("dir", a.isDirectory());
                    m.put("size", a.isDirectory() ? 0 : a.size());
                    entries.add(m);
                }
            }
            ctx.json(Map.of("path", ws.relative(p), "entries", entries));
            return;
        }
        if (!Files.isRegularFile(p)) {
            throw ApiException.notFound("no file '" + given + "' in the workspace");
        }
        ctx.contentType(type(p.getFileName().toString()));
        if (ctx.queryParam("download") != null) {
            ctx.header("Content-Disposition", "attachment; filename=\"" + p.getFileName() + "\"");
        }
        ctx.header("Cache-Control", "no-store");
        InputStream in = Files.newInputStream(p);
        ctx.result(in);
    }

    /** The entry's attributes, or null for one the API would refuse (a link out of the workspace, a dangling one). */
    private BasicFileAttributes attributes(Path e) {
        try {
            ws.resolve(ws.relative(e));
            return Files.readAttributes(e, BasicFileAttributes.class);
        } catch (ApiException | IOException x) {
            return null;
        }
    }

    static String type(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".png")) {
            return "image/png";
        }
        if (n.endsWith(".jpg") || n.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        if (n.endsWith(".svg")) {
            return "image/svg+xml";
        }
        if (n.endsWith(".json") || n.endsWith(".jsonl")) {
            return "application/json";
        }
        if (n.endsWith(".csv")) {
            return "text/csv; charset=utf-8";
        }
        if (n.endsWith(".txt") || n.endsWith(".prototxt") || n.endsWith(".log")) {
            return "text/plain; charset=utf-8";
        }
        return "application/octet-stream";
    }
}
