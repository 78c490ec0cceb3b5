package org.dlp4j.data.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.dlp4j.data.dicom.DicomWriter;
import org.dlp4j.data.lmdb.LmdbReader;
import org.dlp4j.data.sunnybrook.ImportReport;
import org.dlp4j.data.sunnybrook.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dlp import images} on a folder of every kind it takes (grey, 16-bit, RGB, palette PNGs, BMP, GIF, DICOM;
 * class, binary, palette and 16-bit masks) and every reason to skip a pair writes the same bytes and reports the same
 * skips and warnings as the importer that decoded every pair twice (the digest and lists below are that importer's
 * output for this fixture, commit 6c4e9b9). The inputs are lossless and generated from a fixed seed, so the digest
 * depends on no codec's rounding.
 */
class ImagesImportOutputTest {
    @TempDir
    Path tmp;

    private static final int ROWS = 16;
    private static final int COLS = 12;

    private static void write(BufferedImage img, String format, Path f) throws Exception {
        Files.createDirectories(f.getParent());
        assertThat(ImageIO.write(img, format, f.toFile())).as(f.toString()).isTrue();
    }

    private static BufferedImage grey(Random r, int rows, int cols, int type, int max) {
        BufferedImage img = new BufferedImage(cols, rows, type);
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                img.getRaster().setSample(x, y, 0, r.nextInt(max));
            }
        }
        return img;
    }

    private static BufferedImage rgb(Random r, int rows, int cols, int type) {
        BufferedImage img = new BufferedImage(cols, rows, type);
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                img.setRGB(x, y, 0xff000000 | r.nextInt(1 << 24));
            }
        }
        return img;
    }

    private static BufferedImage palette(Random r, int rows, int cols, int entries) {
        byte[] red = new byte[256];
        byte[] green = new byte[256];
        byte[] blue = new byte[256];
        r.nextBytes(red);
        r.nextBytes(green);
        r.nextBytes(blue);
        BufferedImage img = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(8, 256, red, green, blue));
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                img.getRaster().setSample(x, y, 0, r.nextInt(entries));
            }
        }
        return img;
    }

    /** A class mask: a block of {@code fg} (or values 0..classes-1 at random when fg < 0). */
    private static BufferedImage mask(Random r, int rows, int cols, int type, int fg, int classes) {
        BufferedImage img = new BufferedImage(cols, rows, type);
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                int v = fg >= 0 ? (y > rows / 3 && x > cols / 4 && x < cols - 2 ? fg : 0) : r.nextInt(classes);
                img.getRaster().setSample(x, y, 0, v);
            }
        }
        return img;
    }

    /** The fixture: image and label folders. */
    static void fixture(Path im, Path lb) throws Exception {
        Random r = new Random(20261127);
        for (int i = 0; i < 10; i++) {
            write(grey(r, ROWS, COLS, BufferedImage.TYPE_BYTE_GRAY, 256), "png", im.resolve("g" + i + ".png"));
            write(mask(r, ROWS, COLS, BufferedImage.TYPE_BYTE_GRAY, i % 3 == 0 ? 255 : -1, 3), "png",
                    lb.resolve("g" + i + ".png"));
        }
        write(grey(r, ROWS, COLS, BufferedImage.TYPE_USHORT_GRAY, 4096), "png", im.resolve("h16.png"));
        write(mask(r, ROWS, COLS, BufferedImage.TYPE_USHORT_GRAY, 2, 0), "png", lb.resolve("h16.png"));
        write(rgb(r, ROWS, COLS, BufferedImage.TYPE_INT_RGB), "png", im.resolve("rgb.png"));
        write(palette(r, ROWS, COLS, 4), "png", lb.resolve("rgb.png")); // palette mask: the index is the class
        write(rgb(r, ROWS, COLS, BufferedImage.TYPE_INT_ARGB), "png", im.resolve("rgba.png"));
        write(mask(r, ROWS, COLS, BufferedImage.TYPE_BYTE_GRAY, 1, 0), "bmp", lb.resolve("rgba.bmp"));
        write(palette(r, ROWS, COLS, 200), "png", im.resolve("pal.png"));
        write(mask(r, ROWS, COLS, BufferedImage.TYPE_BYTE_GRAY, 1, 0), "png", lb.resolve("pal.png"));
        write(rgb(r, ROWS, COLS, BufferedImage.TYPE_3BYTE_BGR), "bmp", im.resolve("bmp.bmp"));
        write(mask(r, ROWS, COLS, BufferedImage.TYPE_BYTE_GRAY, -1, 2), "png", lb.resolve("bmp.png"));
        write(palette(r, ROWS, COLS, 64), "gif", im.resolve("gif.gif"));
        write(mask(r, ROWS, COLS, BufferedImage.TYPE_BYTE_GRAY, 2, 0), "png", lb.resolve("gif.png"));
        short[] px = new short[ROWS * COLS];
        for (int i = 0; i < px.length; i++) {
            px[i] = (short) (r.nextInt(3000) - 500);
        }
        DicomWriter.write(im.resolve("mr.dcm"), new DicomWriter.MrImage(px, ROWS, COLS, true, 1.25, 1.5, 4, 7, 0, "P",
                "1.2", "1.2.3", "1.2.3.4", "fixture"));
        write(mask(r, ROWS, COLS, BufferedImage.TYPE_BYTE_GRAY, 1, 0), "png", lb.resolve("mr.png"));
        // a second size: warned of
        write(grey(r, 8, 6, BufferedImage.TYPE_BYTE_GRAY, 256), "png", im.resolve("small.png"));
        write(mask(r, 8, 6, BufferedImage.TYPE_BYTE_GRAY, 1, 0), "png", lb.resolve("small.png"));
        // skipped: JPEG mask, sizes differ, colour mask, 16-bit mask above 255, broken image, unpaired files
        write(grey(r, ROWS, COLS, BufferedImage.TYPE_BYTE_GRAY, 256), "png", im.resolve("x-jpegmask.png"));
        write(mask(r, ROWS, COLS, BufferedImage.TYPE_BYTE_GRAY, 1, 0), "jpeg", lb.resolve("x-jpegmask.jpg"));
        write(grey(r, ROWS, COLS, BufferedImage.TYPE_BYTE_GRAY, 256), "png", im.resolve("x-size.png"));
        write(mask(r, ROWS - 1, COLS, BufferedImage.TYPE_BYTE_GRAY, 1, 0), "png", lb.resolve("x-size.png"));
        write(grey(r, ROWS, COLS, BufferedImage.TYPE_BYTE_GRAY, 256), "png", im.resolve("x-rgbmask.png"));
        write(rgb(r, ROWS, COLS, BufferedImage.TYPE_INT_RGB), "png", lb.resolve("x-rgbmask.png"));
        write(grey(r, ROWS, COLS, BufferedImage.TYPE_BYTE_GRAY, 256), "png", im.resolve("x-mask300.png"));
        write(mask(r, ROWS, COLS, BufferedImage.TYPE_USHORT_GRAY, 300, 0), "png", lb.resolve("x-mask300.png"));
        Files.write(im.resolve("x-broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        write(mask(r, ROWS, COLS, BufferedImage.TYPE_BYTE_GRAY, 1, 0), "png", lb.resolve("x-broken.png"));
        write(grey(r, ROWS, COLS, BufferedImage.TYPE_BYTE_GRAY, 256), "png", im.resolve("y-nomask.png"));
        write(mask(r, ROWS, COLS, BufferedImage.TYPE_BYTE_GRAY, 1, 0), "png", lb.resolve("z-noimage.png"));
    }

    /** SHA-256 over every LMDB record (key, value) and every test PNG (name, bytes) under {@code data}. */
    static String digest(Path data) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (String db : List.of("train_lmdb", "train_gt_lmdb", "val_lmdb", "val_gt_lmdb")) {
            md.update(db.getBytes(StandardCharsets.UTF_8));
            try (LmdbReader r = new LmdbReader(data.resolve(db))) {
                r.forEach((k, v) -> {
                    md.update(k.getBytes(StandardCharsets.UTF_8));
                    md.update(v);
                    return true;
                });
            }
        }
        for (String dir : List.of("test_images", "test_labels")) {
            try (Stream<Path> s = Files.list(data.resolve(dir))) {
                for (Path p : s.sorted().toList()) {
                    md.update(p.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                    md.update(Files.readAllBytes(p));
                }
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void theOutputIsTheTwoPassImportersByteForByte() throws Exception {
        Path im = tmp.resolve("images");
        Path lb = tmp.resolve("labels");
        fixture(im, lb);
        ImportReport r = new ImagesImporter(0.25, 0.2, 3, false, false).run(im, lb, tmp.resolve("ws"),
                ProgressListener.NONE);
        String root = tmp.toString() + "/";
        assertThat(digest(tmp.resolve("ws/data")))
                .isEqualTo("170a7dd265c8a457f9589f8c8c1abdd919d9ac092c101e46caf07db69f9cccdd");
        assertThat(r.casesPerSplit().toString()).isEqualTo("{train=[bmp, g0, g2, g6, g8, gif, mr, pal, rgb],"
                + " val=[g3, g4, g7, g9, h16], test=[g1, g5, rgba, small]}");
        assertThat(r.skippedFiles()).extracting(s -> s.item().replace(root, "") + " | " + s.reason().replace(root, ""))
                .containsExactly(
                        "images/y-nomask.png | images/y-nomask.png: no mask with the same name in labels",
                        "labels/z-noimage.png | labels/z-noimage.png: no image with the same name in images",
                        "images/x-broken.png | images/x-broken.png: not a readable image (supported: PNG, JPEG, BMP,"
                                + " GIF, TIFF, DICOM)",
                        "images/x-jpegmask.png | labels/x-jpegmask.jpg: a JPEG mask; lossy compression changes class"
                                + " values at every edge (a 0/255 disk comes back as values 0-6 and 249-255): save"
                                + " masks as PNG",
                        "images/x-mask300.png | labels/x-mask300.png: mask value 300 at (6, 4) is not a class index"
                                + " 0..255",
                        "images/x-rgbmask.png | labels/x-rgbmask.png: a mask must be a single-channel image of class"
                                + " indices, this one has 3 channels",
                        "images/x-size.png | images/x-size.png: image is 16x12 but its mask labels/x-size.png is"
                                + " 15x12");
        assertThat(r.warnings()).containsExactly("images have 2 different sizes [16x12, 8x6]; Caffe's Data layer"
                + " batches only one size: resize them, or train with batch_size 1",
                "4 mask(s) held only 0 and 255: taken as binary (255 -> class 1)");
    }
}
