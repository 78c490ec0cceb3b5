package org.dlp4j.data.images;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.dlp4j.BadInputException;
import org.dlp4j.data.lmdb.Datum;
import org.dlp4j.data.lmdb.LmdbReader;
import org.dlp4j.data.lmdb.LmdbSummary;

/**
 * Pixel counts per class index over a label LMDB, whether its Datums hold raw uint8 pixels or encoded images
 * ({@code encoded: true}, as Caffe's {@code convert_imageset --encoded} and DIGITS write them). An encoded record
 * must be a PNG (lossless) of one channel: 8-bit grey through {@link PngDecoder}, other one-channel PNGs (16-bit
 * grey, palette: the index is the class) as {@link ImageLoader#mask} reads mask files. A label LMDB is what
 * {@link LmdbSummary} calls one: every record one uint8 channel, values 0..{@link LmdbSummary#MAX_CLASS} or 255;
 * anything else is refused as an LMDB of images ({@link BadInputException}), as are JPEG and other encodings.
 */
public final class LabelHistogram {
    private LabelHistogram() {
    }

    /** Counts of the values 0..255 over every record of {@code lmdb} (all 0 for an empty LMDB). */
    public static long[] of(Path lmdb) {
        long[] h = new long[256];
        String[] image = new String[1];
        try (LmdbReader r = new LmdbReader(lmdb)) {
            r.forEach((key, value) -> {
                Datum d;
                try {
                    d = Datum.decode(value);
                } catch (IllegalArgumentException e) {
                    throw new BadInputException(lmdb + ": record '" + key + "' is not a caffe.Datum ("
                            + e.getMessage() + ")", e);
                }
                byte[] px = d.encoded() ? (d.channels() > 1 ? null : decode(d.data(), lmdb, key)) : raw(d);
                if (px == null) {
                    image[0] = d.channels() + "x" + d.height() + "x" + d.width() + ", "
                            + (d.encoded() ? "encoded" : d.data().length > 0 ? "uint8" : "float");
                    return false;
                }
                for (byte b : px) {
                    h[b & 0xff]++;
                }
                return true;
            });
        }
        for (int v = LmdbSummary.MAX_CLASS + 1; v < 255 && image[0] == null; v++) {
            if (h[v] > 0) {
                image[0] = "pixel values up to " + highest(h);
            }
        }
        if (image[0] != null) {
            throw new BadInputException(lmdb + " is an LMDB of images (" + image[0] + "), not of class labels: class"
                    + " weights need the label LMDB, one uint8 channel of class indices 0.." + LmdbSummary.MAX_CLASS
                    + " or 255, raw or PNG-encoded ('dlp lmdb inspect' says kind: labels for one), e.g. the"
                    + " workspace's data/train_gt_lmdb beside data/train_lmdb.");
        }
        return h;
    }

    private static int highest(long[] h) {
        int v = 254;
        while (h[v] == 0) {
            v--;
        }
        return v;
    }

    /** A raw record's pixels when it is one uint8 channel, else null. */
    private static byte[] raw(Datum d) {
        return d.channels() == 1 && d.data().length > 0 ? d.data() : null;
    }

    /** The class indices of an encoded record; null when it is a colour image. */
    static byte[] decode(byte[] data, Path lmdb, String key) {
        String what = lmdb + ": record '" + key + "'";
        PngDecoder.Header png = PngDecoder.header(data);
        if (png == null) {
            boolean jpeg = data.length >= 3 && (data[0] & 0xff) == 0xFF && (data[1] & 0xff) == 0xD8
                    && (data[2] & 0xff) == 0xFF;
            throw new BadInputException(what + " holds an encoded " + (jpeg ? "JPEG" : "image that is not a PNG")
                    + "; label masks must be stored losslessly (a JPEG changes class values at every edge): write the"
                    + " label LMDB raw or with PNG encoding (convert_imageset --encode_type=png)");
        }
        try {
            if (png.colourType() == 0 && png.bitDepth() == 8 && !png.interlaced()) {
                PngDecoder.Grey g = PngDecoder.decodeGrey(data);
                byte[] out = new byte[g.pixels().length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = (byte) (int) g.pixels()[i];
                }
                return out;
            }
            if (png.samples() != 1) {
                return null;
            }
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(data));
            if (img == null) {
                throw new BadInputException(what + ": its PNG cannot be decoded");
            }
            return img.getRaster().getNumBands() == 1 ? ImageLoader.classIndices(img, what) : null;
        } catch (IllegalArgumentException | IOException e) {
            throw new BadInputException(what + ": its PNG is broken (" + e.getMessage() + ")", e);
        }
    }
}
