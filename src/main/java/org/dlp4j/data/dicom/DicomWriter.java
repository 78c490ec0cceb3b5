package org.dlp4j.data.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A minimal DICOM Part 10 writer: one 16-bit MONOCHROME2 MR image, Explicit VR Little Endian, with the header
 * fields the Sunnybrook importer pairs by (series, instance, size, spacing). Written to a temp file, then renamed.
 */
public final class DicomWriter {
    /** MR Image Storage. */
    public static final String MR_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.4";
    private static final String IMPLEMENTATION_UID = "1.2.826.0.1.3680043.9.7777.1";

    /** What to write. {@code pixels} are stored values (signed when {@code signed}), row-major. */
    public record MrImage(short[] pixels, int rows, int cols, boolean signed, double rowSpacing, double colSpacing,
            int seriesNumber, int instanceNumber, double sliceLocation, String patientId, String studyUid,
            String seriesUid, String sopInstanceUid, String seriesDescription) {
        public MrImage {
            if (pixels.length != rows * cols) {
                throw new IllegalArgumentException("pixels has " + pixels.length + " values, expected " + rows * cols);
            }
        }
    }

    private DicomWriter() {
    }

    /** Encodes the image as a Part 10 byte array. */
    public static byte[] encode(MrImage m) {
        Out ds = new Out();
        ds.str(0x0008, 0x0008, "CS", "ORIGINAL\\PRIMARY");
        ds.str(0x0008, 0x0016, "UI", MR_SOP_CLASS);
        ds.str(0x0008, 0x0018, "UI", m.sopInstanceUid());
        ds.str(0x0008, 0x0060, "CS", "MR");
        ds.str(0x0008, 0x103E, "LO", m.seriesDescription());
        ds.str(0x0010, 0x0010, "PN", m.patientId());
        ds.str(0x0010, 0x0020, "LO", m.patientId());
        ds.str(0x0020, 0x000D, "UI", m.studyUid());
        ds.str(0x0020, 0x000E, "UI", m.seriesUid());
        ds.str(0x0020, 0x0011, "IS", Integer.toString(m.seriesNumber()));
        ds.str(0x0020, 0x0013, "IS", Integer.toString(m.instanceNumber()));
        ds.str(0x0020, 0x1041, "DS", ds(m.sliceLocation()));
        ds.us(0x0028, 0x0002, 1);
        ds.str(0x0028, 0x0004, "CS", "MONOCHROME2");
        ds.us(0x0028, 0x0010, m.rows());
        ds.us(0x0028, 0x0011, m.cols());
        ds.str(0x0028, 0x0030, "DS", ds(m.rowSpacing()) + "\\" + ds(m.colSpacing()));
        ds.us(0x0028, 0x0100, 16);
        ds.us(0x0028, 0x0101, 16);
        ds.us(0x0028, 0x0102, 15);
        ds.us(0x0028, 0x0103, m.signed() ? 1 : 0);
        ds.header(0x7FE0, 0x0010, "OW", m.pixels().length * 2);

        Out meta = new Out();
        meta.bytes(0x0002, 0x0001, "OB", new byte[] {0, 1});
        meta.str(0x0002, 0x0002, "UI", MR_SOP_CLASS);
        meta.str(0x0002, 0x0003, "UI", m.sopInstanceUid());
        meta.str(0x0002, 0x0010, "UI", TransferSyntax.EXPLICIT_LE);
        meta.str(0x0002, 0x0012, "UI", IMPLEMENTATION_UID);

        Out head = new Out();
        head.buf.writeBytes(new byte[128]);
        head.buf.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        head.header(0x0002, 0x0000, "UL", 4);
        head.u32(meta.buf.size());
        byte[] h = head.buf.toByteArray();
        byte[] mt = meta.buf.toByteArray();
        byte[] d = ds.buf.toByteArray();
        ByteBuffer out = ByteBuffer.allocate(h.length + mt.length + d.length + m.pixels().length * 2)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put(h).put(mt).put(d);
        out.asShortBuffer().put(m.pixels());
        return out.array();
    }

    /** Writes the image to {@code file} atomically (temp file in the same folder, then rename). */
    public static void write(Path file, MrImage m) throws IOException {
        org.dlp4j.AtomicFiles.writeChecked(file, encode(m));
    }

    private static String ds(double v) {
        String s = String.format(Locale.ROOT, "%.6f", v);
        s = s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        return s.length() > 16 ? s.substring(0, 16) : s;
    }

    /** Little-endian element writer. */
    private static final class Out {
        final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        void header(int group, int element, String vr, int length) {
            u16(group);
            u16(element);
            buf.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
            if (vr.equals("OB") || vr.equals("OW") || vr.equals("SQ") || vr.equals("UN") || vr.equals("UT")) {
                u16(0);
                u32(length);
            } else {
                u16(length);
            }
        }

        void str(int group, int element, String vr, String value) {
            byte[] v = (value == null ? "" : value).getBytes(StandardCharsets.US_ASCII);
            int len = v.length + (v.length % 2);
            header(group, element, vr, len);
            buf.writeBytes(v);
            if (len > v.length) {
                buf.write(vr.equals("UI") ? 0 : ' ');
            }
        }

        void us(int group, int element, int value) {
            header(group, element, "US", 2);
            u16(value);
        }

        void bytes(int group, int element, String vr, byte[] value) {
            header(group, element, vr, value.length + (value.length % 2));
            buf.writeBytes(value);
            if (value.length % 2 == 1) {
                buf.write(0);
            }
        }

        void u16(int v) {
            buf.write(v & 0xff);
            buf.write((v >>> 8) & 0xff);
        }

        void u32(int v) {
            u16(v & 0xffff);
            u16((v >>> 16) & 0xffff);
        }
    }
}
