package org.dlp4j.data.lmdb;

import java.util.Arrays;

/**
 * caffe.Datum, encoded by hand (proto2): {@code channels=1, height=2, width=3, bytes data=4, int32 label=5,
 * repeated float float_data=6, bool encoded=7}. {@code float_data} is not declared packed in caffe.proto, so it
 * is written as one fixed32 entry per value; both packed and unpacked forms are read. Unknown fields are skipped.
 *
 * @param data uint8 pixels in C×H×W order (may be empty when {@code floatData} is used)
 * @param floatData float pixels in C×H×W order (empty for uint8 data)
 */
public record Datum(int channels, int height, int width, byte[] data, int label, float[] floatData,
        boolean encoded) {

    public Datum {
        data = data == null ? new byte[0] : data;
        floatData = floatData == null ? new float[0] : floatData;
    }

    /** A uint8 datum. */
    public static Datum ofBytes(int channels, int height, int width, byte[] data, int label) {
        return new Datum(channels, height, width, data, label, null, false);
    }

    /** A float datum. */
    public static Datum ofFloats(int channels, int height, int width, float[] data, int label) {
        return new Datum(channels, height, width, null, label, data, false);
    }

    /** The pixel at (c, y, x) as a number, from {@code data} (unsigned) or {@code floatData}. */
    public double value(int c, int y, int x) {
        int i = (c * height + y) * width + x;
        return data.length > 0 ? data[i] & 0xff : floatData[i];
    }

    /** Serialises to protobuf wire format (one exactly sized array, no intermediate copies). */
    public byte[] encode() {
        int size = varintSize(1 << 3) + varintSize(channels) + varintSize(2 << 3) + varintSize(height)
                + varintSize(3 << 3) + varintSize(width) + varintSize(5 << 3) + varintSize(label)
                + varintSize(7 << 3) + 1 + floatData.length * 5;
        if (data.length > 0) {
            size += varintSize((4 << 3) | 2) + varintSize(data.length) + data.length;
        }
        byte[] out = new byte[size];
        int p = 0;
        p = varint(out, p, 1 << 3);
        p = varint(out, p, channels);
        p = varint(out, p, 2 << 3);
        p = varint(out, p, height);
        p = varint(out, p, 3 << 3);
        p = varint(out, p, width);
        if (data.length > 0) {
            p = varint(out, p, (4 << 3) | 2);
            p = varint(out, p, data.length);
            System.arraycopy(data, 0, out, p, data.length);
            p += data.length;
        }
        p = varint(out, p, 5 << 3);
        p = varint(out, p, label);
        for (float f : floatData) {
            out[p++] = (6 << 3) | 5;
            int v = Float.floatToRawIntBits(f);
            out[p++] = (byte) v;
            out[p++] = (byte) (v >>> 8);
            out[p++] = (byte) (v >>> 16);
            out[p++] = (byte) (v >>> 24);
        }
        p = varint(out, p, 7 << 3);
        out[p] = (byte) (encoded ? 1 : 0);
        return out;
    }

    /** Bytes of a varint; int32 values are sign-extended to 64 bits, as protobuf does. */
    private static int varintSize(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    private static int varint(byte[] out, int p, long v) {
        while ((v & ~0x7FL) != 0) {
            out[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[p++] = (byte) v;
        return p;
    }

    /** Parses protobuf wire format; throws IllegalArgumentException for malformed input. */
    public static Datum decode(byte[] b) {
        int[] pos = {0};
        int channels = 0;
        int height = 0;
        int width = 0;
        int label = 0;
        boolean encoded = false;
        byte[] data = null;
        float[] floats = new float[0];
        int nFloats = 0;
        while (pos[0] < b.length) {
            long tag = readVarint(b, pos);
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (wire == 0) {
                long v = readVarint(b, pos);
                switch (field) {
                    case 1 -> channels = (int) v;
                    case 2 -> height = (int) v;
                    case 3 -> width = (int) v;
                    case 5 -> label = (int) v;
                    case 7 -> encoded = v != 0;
                    default -> { }
                }
            } else if (wire == 2) {
                long len = readVarint(b, pos);
                if (len < 0 || len > b.length - pos[0]) { // no int overflow: a huge length is caught here
                    throw new IllegalArgumentException("Datum: length-delimited field " + field + " runs past the end");
                }
                if (field == 4) {
                    data = Arrays.copyOfRange(b, pos[0], pos[0] + (int) len);
                } else if (field == 6) {
                    int k = (int) len / 4;
                    if (nFloats + k > floats.length) {
                        floats = Arrays.copyOf(floats, nFloats + k);
                    }
                    for (int i = 0; i < k; i++) {
                        floats[nFloats++] = Float.intBitsToFloat(readFixed32(b, pos[0] + 4 * i));
                    }
                }
                pos[0] += (int) len;
            } else if (wire == 5) {
                if (field == 6) {
                    if (nFloats == floats.length) {
                        floats = Arrays.copyOf(floats, Math.max(16, nFloats * 2));
                    }
                    floats[nFloats++] = Float.intBitsToFloat(readFixed32(b, pos[0]));
                }
                pos[0] += 4;
            } else if (wire == 1) {
                pos[0] += 8;
            } else {
                throw new IllegalArgumentException("Datum: unsupported wire type " + wire + " for field " + field);
            }
        }
        if (pos[0] > b.length) {
            throw new IllegalArgumentException("Datum: truncated message");
        }
        return new Datum(channels, height, width, data, label, Arrays.copyOf(floats, nFloats), encoded);
    }

    private static long readVarint(byte[] b, int[] pos) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= b.length) {
                throw new IllegalArgumentException("Datum: truncated varint");
            }
            byte x = b[pos[0]++];
            result |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("Datum: malformed varint");
    }

    private static int readFixed32(byte[] b, int p) {
        if (p + 4 > b.length) {
            throw new IllegalArgumentException("Datum: truncated fixed32");
        }
        return (b[p] & 0xff) | ((b[p + 1] & 0xff) << 8) | ((b[p + 2] & 0xff) << 16) | ((b[p + 3] & 0xff) << 24);
    }
}
