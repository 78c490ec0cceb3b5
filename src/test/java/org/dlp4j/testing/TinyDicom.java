package org.dlp4j.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Hand-built DICOM files for tests (Explicit VR Little Endian, Part 10): the elements a test names and nothing
 * else, so a test can write what the project's own writer never does (rescale tags, 8-bit or colour pixels).
 * Elements must be added in ascending tag order, pixel data last.
 */
public final class TinyDicom {
    private final ByteArrayOutputStream ds = new ByteArrayOutputStream();

    /**
     * A 2 x 3 slice, unsigned 16-bit with 12 bits stored, pixels 0, 1, 2, 3, 4, 1535: its 1-99 % window maps them to
     * 0, 0, 0, 1, 1, 255 (MONOCHROME2); {@code spacing} as PixelSpacing (row\\column mm).
     */
    public static byte[] ramp2x3(String photometric, String spacing) {
        return new TinyDicom().str(0x0008, 0x0060, "CS", "CR").us(0x0028, 0x0002, 1)
                .str(0x0028, 0x0004, "CS", photometric).us(0x0028, 0x0010, 2).us(0x0028, 0x0011, 3)
                .str(0x0028, 0x0030, "DS", spacing).us(0x0028, 0x0100, 16).us(0x0028, 0x0101, 12)
                .us(0x0028, 0x0102, 11).us(0x0028, 0x0103, 0).pixels16(new short[] {0, 1, 2, 3, 4, 1535}).bytes();
    }

    /** A string element (padded to even length with a space, as DICOM does). */
    public TinyDicom str(int group, int element, String vr, String value) {
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        int len = v.length + (v.length % 2);
        header(group, element, vr, len);
        ds.writeBytes(v);
        if (v.length % 2 == 1) {
            ds.write(' ');
        }
        return this;
    }

    /** An unsigned short (US) element. */
    public TinyDicom us(int group, int element, int value) {
        header(group, element, "US", 2);
        u16(value);
        return this;
    }

    /** Pixel data (7FE0,0010) as OB bytes (8-bit samples). */
    public TinyDicom pixels8(byte[] px) {
        ds.writeBytes(new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'B', 0, 0});
        u32(px.length + px.length % 2);
        ds.writeBytes(px);
        if (px.length % 2 == 1) {
            ds.write(0);
        }
        return this;
    }

    /** Pixel data (7FE0,0010) as OW words (16-bit samples, stored values). */
    public TinyDicom pixels16(short[] px) {
        ds.writeBytes(new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W', 0, 0});
        u32(px.length * 2);
        for (short s : px) {
            u16(s & 0xffff);
        }
        return this;
    }

    /** The file's bytes: preamble, "DICM", a file meta group naming Explicit VR Little Endian, then the dataset. */
    public byte[] bytes() {
        TinyDicom meta = new TinyDicom();
        meta.str(0x0002, 0x0010, "UI", "1.2.840.10008.1.2.1");
        byte[] m = meta.ds.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[128]);
        out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        TinyDicom group = new TinyDicom();
        group.header(0x0002, 0x0000, "UL", 4);
        group.u32(m.length);
        out.writeBytes(group.ds.toByteArray());
        out.writeBytes(m);
        out.writeBytes(ds.toByteArray());
        return out.toByteArray();
    }

    private void header(int group, int element, String vr, int length) {
        u16(group);
        u16(element);
        ds.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
        u16(length);
    }

    private void u16(int v) {
        ds.write(v & 0xff);
        ds.write((v >> 8) & 0xff);
    }

    private void u32(int v) {
        u16(v & 0xffff);
        u16((v >>> 16) & 0xffff);
    }
}
