package org.dlp4j.data.dicom;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Transfer syntax UIDs and a tiny reader for (0002,0010) in a Part 10 file meta group (always Explicit VR
 * Little Endian). Files without the 128-byte preamble and "DICM" have no meta group: {@link #read} returns null.
 */
public final class TransferSyntax {
    public static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    public static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    public static final String DEFLATED_LE = "1.2.840.10008.1.2.1.99";
    public static final String EXPLICIT_BE = "1.2.840.10008.1.2.2";
    public static final String RLE = "1.2.840.10008.1.2.5";

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry(IMPLICIT_LE, "Implicit VR Little Endian"),
            Map.entry(EXPLICIT_LE, "Explicit VR Little Endian"),
            Map.entry(DEFLATED_LE, "Deflated Explicit VR Little Endian"),
            Map.entry(EXPLICIT_BE, "Explicit VR Big Endian"),
            Map.entry(RLE, "RLE Lossless"),
            Map.entry("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)"),
            Map.entry("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)"),
            Map.entry("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)"),
            Map.entry("1.2.840.10008.1.2.4.70",
                    "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14, SV1)"),
            Map.entry("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless"),
            Map.entry("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless)"),
            Map.entry("1.2.840.10008.1.2.4.90", "JPEG 2000 Lossless"),
            Map.entry("1.2.840.10008.1.2.4.91", "JPEG 2000"));

    private TransferSyntax() {
    }

    /** A human name for a UID, or the UID itself when unknown. */
    public static String name(String uid) {
        return uid == null ? "none (no file meta; implicit VR little endian assumed)" : NAMES.getOrDefault(uid, uid);
    }

    /** RLE, JPEG, JPEG-LS and JPEG 2000 encapsulated pixel data: not decodable here. */
    public static boolean isCompressed(String uid) {
        return uid != null && (uid.equals(RLE) || uid.startsWith("1.2.840.10008.1.2.4.") || uid.equals(DEFLATED_LE));
    }

    /** Reads (0002,0010) from the file meta group, or returns null when the file has no Part 10 header. */
    public static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(132);
            if (head.length < 132 || !"DICM".equals(new String(head, 128, 4, StandardCharsets.US_ASCII))) {
                return null;
            }
            while (true) {
                byte[] h = in.readNBytes(8);
                if (h.length < 8) {
                    return null;
                }
                int group = u16(h, 0);
                int element = u16(h, 2);
                if (group != 0x0002) {
                    return null;
                }
                String vr = new String(h, 4, 2, StandardCharsets.US_ASCII);
                long length;
                if (vr.equals("OB") || vr.equals("OW") || vr.equals("SQ") || vr.equals("UN") || vr.equals("UT")) {
                    byte[] l = in.readNBytes(4);
                    if (l.length < 4) {
                        return null;
                    }
                    length = (u16(l, 0) | ((long) u16(l, 2) << 16));
                } else {
                    length = u16(h, 6);
                }
                if (length < 0 || length > 1 << 20) {
                    return null;
                }
                byte[] value = in.readNBytes((int) length);
                if (element == 0x0010) {
                    return new String(value, StandardCharsets.US_ASCII).replace("\0", "").trim();
                }
            }
        }
    }

    private static int u16(byte[] b, int off) {
        return (b[off] & 0xff) | ((b[off + 1] & 0xff) << 8);
    }
}
