package org.dlp4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dlp4j.BadInputException;
import org.dlp4j.Json;
import org.dlp4j.data.images.Png;
import org.dlp4j.data.lmdb.Datum;
import org.dlp4j.data.lmdb.LmdbReader;
import org.dlp4j.data.lmdb.LmdbSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dlp lmdb inspect DIR [--json] [--dump K --out PNG]}. */
@Command(name = "lmdb", description = "Inspect Caffe LMDBs.", subcommands = {LmdbCommand.Inspect.class})
public final class LmdbCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** {@code dlp lmdb inspect}. */
    @Command(name = "inspect", description = "Count, shape, keys, encoding and label histogram of an LMDB;"
            + " optionally dump one record as PNG (label records as class indices; an encoded record's PNG as"
            + " it is stored, a JPEG converted).")
    public static final class Inspect implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Parameters(paramLabel = "DIR", description = "LMDB directory (holds data.mdb).")
        Path dir;

        @CommandLine.Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @CommandLine.Option(names = "--dump", paramLabel = "K", description = "Record to dump: its key or its index.")
        String dump;

        @CommandLine.Option(names = "--out", paramLabel = "PNG", description = "Where --dump writes the PNG.")
        Path out;

        @Override
        public Integer call() throws IOException {
            if (dump != null && out == null) {
                throw new BadInputException("--dump needs --out PNG");
            }
            if (out != null) {
                OutputPaths.file(out, "--out");
            }
            try (LmdbReader r = new LmdbReader(dir)) {
                LmdbSummary s = LmdbSummary.of(r);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("path", dir.toString());
                m.put("count", s.count());
                m.put("channels", s.channels());
                m.put("height", s.height());
                m.put("width", s.width());
                m.put("firstKey", s.firstKey());
                m.put("lastKey", s.lastKey());
                m.put("encoding", s.encoding());
                Map<Integer, Long> encodedLabels = s.encoding().equals("encoded") ? encodedLabels(dir) : null;
                m.put("kind", s.labelDatabase() || encodedLabels != null ? "labels" : "images");
                m.put("labelHistogram", s.labelDatabase() ? s.pixelHistogram()
                        : encodedLabels != null ? encodedLabels : s.datumLabels());
                m.put("datumLabels", s.datumLabels());
                m.put("shapes", s.shapes());
                if (s.shapes().size() > 1) {
                    spec.commandLine().getErr().println("warning: " + dir + " holds records of " + s.shapes().size()
                            + " shapes " + s.shapes().keySet() + " (channels x height x width); Caffe's Data layer"
                            + " batches only records of one shape");
                }
                if (dump != null) {
                    String key = dumpRecord(r, s);
                    m.put("dumpedKey", key);
                    m.put("dumpedTo", out.toString());
                }
                PrintWriter o = spec.commandLine().getOut();
                if (json) {
                    o.println(Json.write(m));
                } else {
                    m.forEach((k, v) -> o.printf("%-15s %s%n", k, v));
                }
            }
            return 0;
        }

        /**
         * The pixel histogram of an LMDB of PNG-encoded label masks (as {@code net weight-classes} counts it), or null
         * when its records are images (colour, grey values above the class range, JPEG).
         */
        private static Map<Integer, Long> encodedLabels(Path dir) {
            long[] h;
            try {
                h = org.dlp4j.data.images.LabelHistogram.of(dir);
            } catch (BadInputException e) {
                return null;
            }
            Map<Integer, Long> out = new java.util.TreeMap<>();
            for (int v = 0; v < h.length; v++) {
                if (h[v] > 0) {
                    out.put(v, h[v]);
                }
            }
            return out.isEmpty() ? null : out;
        }

        /**
         * An encoded record holds an image file: a PNG is written as it is (a label PNG keeps its class indices),
         * anything else javax.imageio reads (JPEG, BMP) is converted to PNG.
         */
        private void dumpEncoded(byte[] file, String key) throws IOException {
            if (org.dlp4j.data.images.PngDecoder.isPng(file)) {
                Png.writeBytes(out, file);
                return;
            }
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(file));
            if (img == null) {
                throw new BadInputException(dir + ": record " + key + " is marked encoded but its " + file.length
                        + " bytes are not an image javax.imageio reads (PNG or JPEG expected)");
            }
            Png.write(out, img);
        }

        private String dumpRecord(LmdbReader r, LmdbSummary s) throws IOException {
            String key = dump;
            byte[] v = r.get(key);
            if (v == null && dump.matches("\\d+")) {
                key = r.keyAt(Long.parseLong(dump));
                v = key == null ? null : r.get(key);
            }
            if (v == null) {
                throw new BadInputException(dir + ": no record with key or index '" + dump + "' (" + s.count()
                        + " records, keys " + s.firstKey() + " .. " + s.lastKey() + ")");
            }
            Datum d = Datum.decode(v);
            if (d.encoded()) {
                dumpEncoded(d.data(), key);
                return key;
            }
            int n = d.height() * d.width();
            byte[] px = new byte[d.channels() * n];
            if (d.data().length > 0) {
                System.arraycopy(d.data(), 0, px, 0, px.length);
            } else {
                float lo = Float.POSITIVE_INFINITY;
                float hi = Float.NEGATIVE_INFINITY;
                for (float f : d.floatData()) {
                    lo = Math.min(lo, f);
                    hi = Math.max(hi, f);
                }
                float scale = hi > lo ? 255f / (hi - lo) : 0f;
                for (int i = 0; i < px.length; i++) {
                    px[i] = (byte) Math.round((d.floatData()[i] - lo) * scale);
                }
            }
            if (d.channels() == 1) {
                Png.writeGray(out, px, d.height(), d.width());
            } else if (d.channels() == 3) {
                byte[] rgb = new byte[px.length];
                // Caffe stores BGR planes
                System.arraycopy(px, 2 * n, rgb, 0, n);
                System.arraycopy(px, n, rgb, n, n);
                System.arraycopy(px, 0, rgb, 2 * n, n);
                Png.writeRgb(out, rgb, d.height(), d.width());
            } else {
                byte[] first = new byte[n];
                System.arraycopy(px, 0, first, 0, n);
                Png.writeGray(out, first, d.height(), d.width());
            }
            return key;
        }
    }
}
