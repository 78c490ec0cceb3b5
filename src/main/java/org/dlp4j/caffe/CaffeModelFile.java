package org.dlp4j.caffe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code .caffemodel} read and written in pure Java: layer names, types and parameter blobs.
 *
 * <p>Used to check weights against a net <em>before</em> Caffe sees them (Caffe aborts on a shape
 * mismatch), for net surgery (convolutionalize) and to inspect files. Understands the current format
 * ({@code NetParameter.layer}, field 100, {@code BlobShape}) and the legacy V1 format ({@code layers},
 * field 2, num/channels/height/width dims). Field numbers are those of Caffe's caffe.proto.
 */
public final class CaffeModelFile {
    /**
     * One parameter blob: shape (legacy 4-D dims when the file had no BlobShape) and values ({@code data} is empty
     * when the file was read with {@link #readShapes}).
     */
    public record Blob(long[] shape, boolean legacyShape, float[] data) {
        public long count() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        /** The shape with leading 1s removed when legacy (Caffe compares legacy dims that way). */
        public String shapeString() {
            return Arrays.toString(shape);
        }
    }

    /** One layer with parameters. {@code type} is the V2 type string, or "V1:<enum>" for legacy files. */
    public record Layer(String name, String type, List<Blob> blobs) {
    }

    private final String name;
    private final Map<String, Layer> layers;
    private final boolean legacy;

    public CaffeModelFile(String name, List<Layer> layers, boolean legacy) {
        this.name = name;
        this.layers = new LinkedHashMap<>();
        for (Layer l : layers) {
            this.layers.put(l.name(), l);
        }
        this.legacy = legacy;
    }

    public String name() {
        return name;
    }

    /** Layers in file order, keyed by name. Layers without blobs are kept too (with an empty list). */
    public Map<String, Layer> layers() {
        return layers;
    }

    /** True when the file uses the V1 {@code layers} field. */
    public boolean legacy() {
        return legacy;
    }

    // ---------------------------------------------------------------- reading

    /** Everything: layers, blob shapes and values. */
    public static CaffeModelFile read(Path file) {
        return read(file, true);
    }

    /**
     * Layers, names and blob shapes without the values: the packed data are skipped in the mapped file, so checking
     * a 230 MB AlexNet-sized model against a net costs milliseconds, not a full decode. Blobs' {@code data} are
     * empty. HDF5 weights (Caffe's {@code .caffemodel.h5}) are read through the HDF5 library.
     */
    public static CaffeModelFile readShapes(Path file) {
        if (java.nio.file.Files.isRegularFile(file) && CaffeHdf5Weights.isHdf5(file)) {
            return CaffeHdf5Weights.readShapes(file); // .caffemodel.h5 (snapshot_format: HDF5)
        }
        return read(file, false);
    }

    private static CaffeModelFile read(Path file, boolean withData) {
        ByteBuffer mapped;
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.READ)) {
            if (ch.size() > Integer.MAX_VALUE) {
                throw new CaffeException(file + ": " + ch.size() + " bytes; Caffe reads models up to 2 GB");
            }
            mapped = ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, ch.size());
        } catch (NoSuchFileException e) {
            throw new CaffeException(file + ": weights file not found");
        } catch (IOException e) {
            throw new CaffeException(file + ": cannot read weights (" + e.getMessage() + ")");
        }
        try {
            return parse(mapped, withData);
        } catch (RuntimeException e) {
            throw new CaffeException(file + ": not a Caffe model (binary NetParameter): " + e.getMessage());
        }
    }

    static CaffeModelFile parse(byte[] bytes) {
        return parse(ByteBuffer.wrap(bytes), true);
    }

    private static CaffeModelFile parse(ByteBuffer bytes, boolean withData) {
        Reader r = new Reader(bytes);
        String name = "";
        List<Layer> layers = new ArrayList<>();
        boolean legacy = false;
        while (r.more()) {
            int tag = r.varint32();
            int field = tag >>> 3;
            int wire = tag & 7;
            if (field == 1 && wire == 2) {
                name = r.string();
            } else if (field == 100 && wire == 2) {
                layers.add(layer(r.sub(), false, withData));
            } else if (field == 2 && wire == 2) {
                layers.add(layer(r.sub(), true, withData));
                legacy = true;
            } else {
                r.skip(wire);
            }
        }
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("no layers found");
        }
        return new CaffeModelFile(name, layers, legacy);
    }

    private static Layer layer(Reader r, boolean v1, boolean withData) {
        String name = "";
        String type = "";
        List<Blob> blobs = new ArrayList<>();
        int nameField = v1 ? 4 : 1;
        int typeField = v1 ? 5 : 2;
        int blobsField = v1 ? 6 : 7;
        while (r.more()) {
            int tag = r.varint32();
            int field = tag >>> 3;
            int wire = tag & 7;
            if (field == nameField && wire == 2) {
                name = r.string();
            } else if (field == typeField && wire == 2 && !v1) {
                type = r.string();
            } else if (field == typeField && wire == 0 && v1) {
                type = "V1:" + r.varint64();
            } else if (field == blobsField && wire == 2) {
                blobs.add(blob(r.sub(), withData));
            } else {
                r.skip(wire);
            }
        }
        return new Layer(name, type, blobs);
    }

    private static Blob blob(Reader r, boolean withData) {
        long[] legacyDims = {0, 0, 0, 0};
        boolean anyLegacy = false;
        long[] shape = null;
        float[] data = new float[0];
        int n = 0;
        double[] dbl = null;
        int nd = 0;
        while (r.more()) {
            int tag = r.varint32();
            int field = tag >>> 3;
            int wire = tag & 7;
            if (field >= 1 && field <= 4 && wire == 0) {
                legacyDims[field - 1] = r.varint64();
                anyLegacy = true;
            } else if (field == 7 && wire == 2) {
                Reader s = r.sub();
                List<Long> dims = new ArrayList<>();
                while (s.more()) {
                    int t = s.varint32();
                    if ((t >>> 3) == 1 && (t & 7) == 2) {
                        Reader p = s.sub();
                        while (p.more()) {
                            dims.add(p.varint64());
                        }
                    } else if ((t >>> 3) == 1 && (t & 7) == 0) {
                        dims.add(s.varint64());
                    } else {
                        s.skip(t & 7);
                    }
                }
                shape = dims.stream().mapToLong(Long::longValue).toArray();
            } else if (field == 5 && wire == 2) {
                Reader p = r.sub();
                int cnt = p.remaining() / 4;
                if (!withData) {
                    n += cnt;
                    continue;
                }
                data = grow(data, n + cnt);
                for (int i = 0; i < cnt; i++) {
                    data[n++] = p.float32();
                }
            } else if (field == 5 && wire == 5) {
                float v = r.float32();
                if (withData) {
                    data = grow(data, n + 1);
                    data[n] = v;
                }
                n++;
            } else if (field == 8 && wire == 2) {
                Reader p = r.sub();
                int cnt = p.remaining() / 8;
                if (!withData) {
                    nd += cnt;
                    continue;
                }
                dbl = dbl == null ? new double[cnt] : Arrays.copyOf(dbl, nd + cnt);
                for (int i = 0; i < cnt; i++) {
                    dbl[nd++] = p.float64();
                }
            } else {
                r.skip(wire);
            }
        }
        if (n == 0 && nd > 0) {
            if (withData) {
                data = new float[nd];
                for (int i = 0; i < nd; i++) {
                    data[i] = (float) dbl[i];
                }
            }
            n = nd;
        }
        boolean legacyShape = shape == null;
        if (legacyShape) {
            shape = anyLegacy ? new long[] {Math.max(legacyDims[0], 1), Math.max(legacyDims[1], 1),
                Math.max(legacyDims[2], 1), Math.max(legacyDims[3], 1)} : new long[] {n};
        }
        if (!withData) {
            return new Blob(shape, legacyShape, new float[0]);
        }
        return new Blob(shape, legacyShape, n == data.length ? data : Arrays.copyOf(data, n));
    }

    private static float[] grow(float[] a, int min) {
        return a.length >= min ? a : Arrays.copyOf(a, Math.max(min, a.length * 2));
    }

    // ---------------------------------------------------------------- writing

    /** Writes the current (V2) format atomically: temp file in the same folder, then rename. */
    public void write(Path file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Writer w = new Writer(out);
        w.string(1, name);
        for (Layer l : layers.values()) {
            Writer lw = new Writer(new ByteArrayOutputStream());
            lw.string(1, l.name());
            lw.string(2, l.type().startsWith("V1:") ? "" : l.type());
            for (Blob b : l.blobs()) {
                Writer bw = new Writer(new ByteArrayOutputStream());
                Writer sw = new Writer(new ByteArrayOutputStream());
                Writer dims = new Writer(new ByteArrayOutputStream());
                for (long d : b.shape()) {
                    dims.varint(d);
                }
                sw.bytes(1, dims.toBytes());
                bw.bytes(7, sw.toBytes());
                ByteBuffer fb = ByteBuffer.allocate(b.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (float f : b.data()) {
                    fb.putFloat(f);
                }
                bw.bytes(5, fb.array());
                lw.bytes(7, bw.toBytes());
            }
            w.bytes(100, lw.toBytes());
        }
        org.dlp4j.AtomicFiles.write(file, out.toByteArray());
    }

    // ---------------------------------------------------------------- protobuf wire helpers

    private static final class Reader {
        private final ByteBuffer b;

        Reader(ByteBuffer b) {
            this.b = b.order(ByteOrder.LITTLE_ENDIAN);
        }

        boolean more() {
            return b.hasRemaining();
        }

        int remaining() {
            return b.remaining();
        }

        long varint64() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte x = b.get();
                result |= (long) (x & 0x7f) << shift;
                if ((x & 0x80) == 0) {
                    return result;
                }
            }
            throw new IllegalArgumentException("malformed varint");
        }

        int varint32() {
            return (int) varint64();
        }

        float float32() {
            return b.getFloat();
        }

        double float64() {
            return b.getDouble();
        }

        Reader sub() {
            int len = varint32();
            if (len < 0 || len > b.remaining()) {
                throw new IllegalArgumentException("truncated message (length " + len + ")");
            }
            ByteBuffer s = b.slice();
            s.limit(len);
            b.position(b.position() + len);
            return new Reader(s);
        }

        String string() {
            Reader s = sub();
            byte[] a = new byte[s.b.remaining()];
            s.b.get(a);
            return new String(a, java.nio.charset.StandardCharsets.UTF_8);
        }

        void skip(int wire) {
            switch (wire) {
                case 0 -> varint64();
                case 1 -> b.position(b.position() + 8);
                case 2 -> sub();
                case 5 -> b.position(b.position() + 4);
                default -> throw new IllegalArgumentException("unsupported wire type " + wire);
            }
        }
    }

    private static final class Writer {
        private final ByteArrayOutputStream out;

        Writer(ByteArrayOutputStream out) {
            this.out = out;
        }

        void varint(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        void bytes(int field, byte[] data) {
            varint(((long) field << 3) | 2);
            varint(data.length);
            out.write(data, 0, data.length);
        }

        void string(int field, String s) {
            bytes(field, s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        byte[] toBytes() {
            return out.toByteArray();
        }
    }
}
