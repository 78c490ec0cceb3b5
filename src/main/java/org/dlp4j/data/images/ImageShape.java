package org.dlp4j.data.images;

import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import org.dlp4j.BadInputException;
import org.dlp4j.data.dicom.DicomHeader;
import org.dlp4j.data.dicom.DicomReader;

/**
 * The shape {@link ImageLoader} will give an image or mask file, read from the file's header without decoding its
 * pixels: a PNG's IHDR chunk (its first 33 bytes), a DICOM header, or for other formats what a
 * {@code javax.imageio} reader says of the image's size and sample layout. The channel count follows
 * {@link ImageLoader#image}: 1 for one-band grey, 3 for everything else (colour, palette, grey + alpha). Problems a
 * header shows come as the {@link BadInputException} {@link ImageLoader} throws for them; a mask of more than 8 bits
 * a sample, whose values only decoding can check (class indices above 255), is decoded here.
 */
final class ImageShape {
    /** Channels (1 or 3), rows, columns. */
    record Shape(int channels, int rows, int cols) {
    }

    private ImageShape() {
    }

    /** The shape {@link ImageLoader#image} gives {@code file}. */
    static Shape image(Path file) {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".dcm")) {
            DicomHeader h;
            try {
                h = DicomReader.readHeader(file);
            } catch (BadInputException e) {
                // the header reader words some problems its own way: the slice reader's message, as loading says it
                DicomReader.read(file);
                throw e;
            }
            return new Shape(1, h.rows(), h.cols());
        }
        Layout l = layout(file);
        return new Shape(l.bands == 1 && !l.palette ? 1 : 3, l.rows, l.cols);
    }

    /** The shape {@link ImageLoader#mask} gives {@code file} (one channel), or its exception. */
    static Shape mask(Path file) {
        Layout l = layout(file);
        if (l.bands != 1) {
            throw new BadInputException(file + ": a mask must be a single-channel image of class indices, this one"
                    + " has " + l.bands + " channels");
        }
        if (l.bits > 8) {
            ImageLoader.Loaded m = ImageLoader.mask(file);
            return new Shape(1, m.rows(), m.cols());
        }
        return new Shape(1, l.rows, l.cols);
    }

    /** Size, bands of the decoded raster, whether it is a palette image, bits of its first sample. */
    private record Layout(int rows, int cols, int bands, boolean palette, int bits) {
    }

    /**
     * A PNG's layout as {@code javax.imageio} decodes it, from IHDR and the chunk list up to the image data: grey
     * below 8 bits comes with a palette colour model; a tRNS chunk on grey or RGB adds an alpha band. Null for a
     * file that is not a PNG, or whose header is unusual enough to leave to the reader.
     */
    private static Layout pngLayout(Path file) throws IOException {
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 512)) {
            PngDecoder.Header png = PngDecoder.header(in.readNBytes(PngDecoder.HEADER_BYTES));
            if (png == null || png.samples() == 0 || png.width() <= 0 || png.height() <= 0) {
                return null;
            }
            int type = png.colourType();
            int bands = png.samples();
            if (type == 0 || type == 2) {
                in.skipNBytes(4); // IHDR's CRC
                while (true) {
                    byte[] chunk = in.readNBytes(8);
                    if (chunk.length < 8) {
                        return null;
                    }
                    int length = ((chunk[0] & 0xff) << 24) | ((chunk[1] & 0xff) << 16) | ((chunk[2] & 0xff) << 8)
                            | (chunk[3] & 0xff);
                    String name = new String(chunk, 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
                    if (name.equals("IDAT") || name.equals("IEND") || length < 0) {
                        break;
                    }
                    if (name.equals("tRNS")) {
                        bands++;
                        break;
                    }
                    in.skipNBytes(length + 4L);
                }
            }
            boolean palette = type == 3 || (type == 0 && png.bitDepth() < 8);
            return new Layout(png.height(), png.width(), bands, palette, png.bitDepth());
        } catch (java.io.EOFException e) {
            return null;
        }
    }

    private static Layout layout(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such image file");
        }
        try {
            Layout png = pngLayout(file);
            if (png != null) {
                return png;
            }
            try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
                Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
                if (readers == null || !readers.hasNext()) {
                    throw new BadInputException(file + ": not a readable image (supported: PNG, JPEG, BMP, GIF,"
                            + " TIFF, DICOM)");
                }
                ImageReader reader = readers.next();
                try {
                    reader.setInput(in, true, true);
                    ImageTypeSpecifier type = reader.getRawImageType(0);
                    if (type == null) {
                        type = reader.getImageTypes(0).next();
                    }
                    return new Layout(reader.getHeight(0), reader.getWidth(0), type.getSampleModel().getNumBands(),
                            type.getColorModel() instanceof IndexColorModel, type.getSampleModel().getSampleSize(0));
                } finally {
                    reader.dispose();
                }
            }
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read image (" + e.getMessage() + ")", e);
        }
    }
}
