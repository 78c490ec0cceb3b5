package org.dlp4j.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dlp4j.data.lmdb.Datum;
import org.dlp4j.data.lmdb.LmdbReader;
import org.dlp4j.data.lmdb.LmdbSummary;
import org.dlp4j.deploy.Overlay;

/** The Data module's endpoints: imports, the dataset summary and LMDB records as PNG images. */
final class DataApi {
    static final List<String> DATABASES = List.of("train_lmdb", "train_gt_lmdb", "val_lmdb", "val_gt_lmdb");
    private final WorkspacePaths ws;
    private final ImportJobs imports;

    DataApi(WorkspacePaths ws, ImportJobs imports) {
        this.ws = ws;
        this.imports = imports;
    }

    void register(Javalin app) {
        app.post("/api/import", ctx -> ctx.status(202).json(imports.start(WebServer.json(ctx))));
        app.get("/api/jobs", ctx -> ctx.json(Map.of("jobs", imports.list())));
        app.get("/api/jobs/{id}", ctx -> ctx.json(imports.get(ctx.pathParam("id"))));
        // checked before the event stream starts (its 200 and headers go out first)
        app.before("/api/jobs/{id}/events", ctx -> imports.events(ctx.pathParam("id")));
        app.sse("/api/jobs/{id}/events", client -> imports.events(client.ctx().pathParam("id")).subscribe(client));
        app.get("/api/datasets", this::datasets);
        app.get("/api/lmdb/{db}/{index}", this::record);
    }

    private void datasets(Context ctx) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        Path data = ws.inside("data");
        Path dj = data.resolve("dataset.json");
        out.put("dataset", Files.isRegularFile(dj) ? RunManager.readJson(dj) : null);
        Map<String, Object> dbs = new LinkedHashMap<>();
        for (String db : DATABASES) {
            Path dir = data.resolve(db);
            if (!Files.isRegularFile(dir.resolve("data.mdb"))) {
                continue;
            }
            try (LmdbReader r = new LmdbReader(dir)) {
                LmdbSummary s = LmdbSummary.of(r);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("count", s.count());
                m.put("channels", s.channels());
                m.put("height", s.height());
                m.put("width", s.width());
                m.put("encoding", s.encoding());
                m.put("labelDatabase", s.labelDatabase());
                m.put("pixelHistogram", s.pixelHistogram());
                dbs.put(db, m);
            }
        }
        out.put("lmdb", dbs);
        out.put("testImages", count(data.resolve("test_images")));
        out.put("testLabels", count(data.resolve("test_labels")));
        ctx.json(out);
    }

    private static long count(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".png")).count();
        }
    }

    /** One record: a PNG (grey image, or class colours for a label database); {@code ?format=json} for its header. */
    private void record(Context ctx) throws IOException {
        String db = ctx.pathParam("db");
        if (!DATABASES.contains(db)) {
            throw ApiException.badRequest("unknown database '" + db + "' (use one of " + DATABASES + ")");
        }
        long index;
        try {
            index = Long.parseLong(ctx.pathParam("index"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("record index must be a number, got '" + ctx.pathParam("index") + "'");
        }
        Path dir = ws.inside("data", db);
        if (!Files.isRegularFile(dir.resolve("data.mdb"))) {
            throw ApiException.notFound("no database data/" + db + " in the workspace (import data first)");
        }
        Datum d;
        String key;
        long count;
        try (LmdbReader r = new LmdbReader(dir)) {
            count = r.count();
            if (index < 0 || index >= count) {
                throw ApiException.notFound("data/" + db + " has " + count + " records; no record " + index);
            }
            key = r.keyAt(index);
            d = Datum.decode(r.get(key));
        }
        boolean label = db.contains("_gt");
        if ("json".equals(ctx.queryParam("format"))) {
            ctx.json(Map.of("db", db, "index", index, "key", key, "count", count, "channels", d.channels(),
                    "height", d.height(), "width", d.width(), "label", d.label(), "labelDatabase", label));
            return;
        }
        if (d.encoded()) {
            ctx.contentType("image/png").result(d.data());
            return;
        }
        BufferedImage img = label ? labelImage(d) : greyImage(d);
        ctx.header("X-DLP-Key", key).contentType("image/png").result(org.dlp4j.data.images.Png.encode(img));
    }

    /** Class indices as colours: 0 black, 255 (ignore) white, others Overlay's palette. */
    static BufferedImage labelImage(Datum d) {
        BufferedImage img = new BufferedImage(d.width(), d.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < d.height(); y++) {
            for (int x = 0; x < d.width(); x++) {
                int cls = (int) d.value(0, y, x);
                img.setRGB(x, y, cls == 0 ? 0 : cls == 255 ? 0xFFFFFF : Overlay.colour(cls));
            }
        }
        return img;
    }

    /** The first channel (or three as RGB), uint8 as is, floats stretched to 0..255. */
    static BufferedImage greyImage(Datum d) {
        double lo = 0;
        double hi = 255;
        if (d.data().length == 0) {
            lo = Double.MAX_VALUE;
            hi = -Double.MAX_VALUE;
            for (float f : d.floatData()) {
                lo = Math.min(lo, f);
                hi = Math.max(hi, f);
            }
        }
        double scale = hi > lo ? 255.0 / (hi - lo) : 0;
        boolean rgb = d.channels() == 3;
        BufferedImage img = new BufferedImage(d.width(), d.height(),
                rgb ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < d.height(); y++) {
            for (int x = 0; x < d.width(); x++) {
                if (rgb) { // Caffe stores BGR
                    int b = (int) ((d.value(0, y, x) - lo) * scale);
                    int g = (int) ((d.value(1, y, x) - lo) * scale);
                    int r = (int) ((d.value(2, y, x) - lo) * scale);
                    img.setRGB(x, y, (r << 16) | (g << 8) | b);
                } else {
                    img.getRaster().setSample(x, y, 0, (int) Math.round((d.value(0, y, x) - lo) * scale));
                }
            }
        }
        return img;
    }
}
