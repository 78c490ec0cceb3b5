package org.dlp4j.model;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.dlp4j.BadInputException;
import org.dlp4j.data.lmdb.Datum;
import org.dlp4j.data.lmdb.LmdbReader;

/**
 * What this package reads from the data module's LMDBs: the first record's shape and pixels (a deploy net's
 * {@code Input}). Encoded records (PNG/JPEG in {@code data}, {@code encoded: true}) are decoded here. Label
 * histograms are {@link org.dlp4j.data.images.LabelHistogram}'s.
 */
final class LmdbRecords {
    /** A record's shape and uint8 pixels (C×H×W). */
    record Pixels(int channels, int height, int width, byte[] pixels) {
    }

    private LmdbRecords() {
    }

    /** The first record of an LMDB. */
    static Pixels first(Path lmdb) {
        Pixels[] out = new Pixels[1];
        try (LmdbReader r = new LmdbReader(lmdb)) {
            r.forEach((key, value) -> {
                Datum d;
                try {
                    d = Datum.decode(value);
                } catch (IllegalArgumentException e) {
                    throw new BadInputException(lmdb + ": record '" + key + "' is not a caffe.Datum (" + e.getMessage() + ")", e);
                }
                out[0] = d.encoded() ? decode(d.data(), lmdb) : new Pixels(d.channels(), d.height(), d.width(), d.data());
                return false;
            });
        }
        if (out[0] == null) {
            throw new BadInputException(lmdb + ": the LMDB has no records");
        }
        return out[0];
    }

    private static Pixels decode(byte[] data, Path where) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(data));
            if (img == null) {
                throw new BadInputException(where + ": an encoded Datum holds no readable image");
            }
            Raster r = img.getRaster();
            int c = r.getNumBands() >= 3 ? 3 : 1;
            int h = img.getHeight();
            int w = img.getWidth();
            byte[] px = new byte[c * h * w];
            for (int k = 0; k < c; k++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        px[(k * h + y) * w + x] = (byte) r.getSample(x, y, k);
                    }
                }
            }
            return new Pixels(c, h, w, px);
        } catch (IOException e) {
            throw new BadInputException(where + ": cannot decode an encoded Datum (" + e.getMessage() + ")", e);
        }
    }
}
