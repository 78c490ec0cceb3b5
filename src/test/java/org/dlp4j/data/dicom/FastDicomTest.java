package org.dlp4j.data.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dlp4j.testing.Bytes;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The pure-Java reader gives exactly what the ImageJ path gives, on every uncompressed file of the shared data. */
class FastDicomTest {
    static final Path DATA = Path.of("../shared/data");

    static List<Path> dicomFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String dir : List.of("dicom", "sunnybrook")) {
            try (Stream<Path> s = Files.walk(DATA.resolve(dir))) {
                s.filter(Files::isRegularFile).sorted().forEach(p -> {
                    String n = p.getFileName().toString();
                    if (n.endsWith(".dcm") || !n.contains(".")) {
                        out.add(p);
                    }
                });
            }
        }
        return out;
    }

    @Test
    void fastPathEqualsImageJOnEveryUncompressedFile() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(DATA));
        int fast = 0;
        List<String> names = new ArrayList<>();
        java.util.Set<String> kinds = new java.util.TreeSet<>();
        for (Path f : dicomFiles()) {
            String syntax = TransferSyntax.read(f);
            if (TransferSyntax.isCompressed(syntax) || f.getFileName().toString().contains("truncated")) {
                continue;
            }
            FastDicom.Parsed r = FastDicom.parse(Files.readAllBytes(f));
            if (r == null || !FastDicom.pixelsSupported(r)) {
                continue;
            }
            fast++;
            names.add(f.getFileName().toString());
            DicomSlice a = DicomReader.read(f);
            DicomSlice b = DicomReader.readWithImageJ(f);
            assertThat(a.pixels()).as(f.toString()).isEqualTo(b.pixels());
            assertThat(List.of(a.rows(), a.cols(), a.frames())).as(f.toString())
                    .isEqualTo(List.of(b.rows(), b.cols(), b.frames()));
            assertThat(a.rowSpacing()).as(f.toString()).isEqualTo(b.rowSpacing());
            assertThat(a.colSpacing()).as(f.toString()).isEqualTo(b.colSpacing());
            assertThat(a.seriesNumber()).as(f.toString()).isEqualTo(b.seriesNumber());
            assertThat(a.instanceNumber()).as(f.toString()).isEqualTo(b.instanceNumber());
            assertThat(a.sliceLocation()).as(f.toString()).isEqualTo(b.sliceLocation());
            assertThat(a.patientId()).as(f.toString()).isEqualTo(b.patientId());
            assertThat(a.studyUid()).as(f.toString()).isEqualTo(b.studyUid());
            assertThat(a.seriesUid()).as(f.toString()).isEqualTo(b.seriesUid());
            assertThat(a.modality()).as(f.toString()).isEqualTo(b.modality());
            assertThat(a.seriesDescription()).as(f.toString()).isEqualTo(b.seriesDescription());
            assertThat(a.transferSyntax()).as(f.toString()).isEqualTo(b.transferSyntax());
            assertThat(DicomReader.readHeader(f)).as(f.toString()).isEqualTo(DicomReader.readHeaderWithImageJ(f));
            // the counts made while decoding equal those of ImageJ's first frame (files without pixel spacing go to
            // ImageJ, which counts nothing)
            PixelHistogram h = a.firstFrameHistogram();
            if (h == null) {
                continue;
            }
            assertCountsOf(h, b.frame(0), f.toString());
            kinds.add(r.us(FastDicom.BITS_ALLOC) + (r.us(FastDicom.PIXEL_REP) == 1 ? " signed" : " unsigned"));
        }
        // 16-bit data of both signs were counted (8-bit: eightBitFramesAreCountedToo)
        assertThat(kinds).contains("16 signed", "16 unsigned");
        // the plain files all take the fast path: the 11 Sunnybrook slices, the MR_small encodings, multi-frame
        assertThat(names).contains("MR_small.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm",
                "MR_small_padded.dcm", "emri_small.dcm", "MR_Explicit_Little_MultiFrame.dcm", "48.dcm");
        assertThat(fast).isGreaterThanOrEqualTo(20);
    }

    /** {@code h} holds the counts, the minimum and the maximum of {@code pixels} (ImageJ's, the reference). */
    private static void assertCountsOf(PixelHistogram h, float[] pixels, String what) {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        int[] want = new int[h.counts().length];
        for (float v : pixels) {
            min = Math.min(min, (int) v);
            max = Math.max(max, (int) v);
            want[(int) v - h.offset()]++;
        }
        assertThat(List.of(h.min(), h.max())).as(what).isEqualTo(List.of(min, max));
        assertThat(h.counts()).as(what).isEqualTo(want);
    }

    @Test
    void eightBitFramesAreCountedToo(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        // a 16-bit file from DicomWriter made 8-bit: BitsAllocated 8, pixel data one byte a pixel
        int rows = 6;
        int cols = 5;
        short[] px = new short[rows * cols];
        byte[] data8 = new byte[rows * cols];
        for (int i = 0; i < px.length; i++) {
            data8[i] = (byte) (i * 37 % 256);
        }
        byte[] b = DicomWriter.encode(new DicomWriter.MrImage(px, rows, cols, false, 1.5, 1.5, 1, 1, 0, "P", "1.2",
                "1.2.3", "1.2.3.4", "8-bit"));
        int bits = Bytes.indexOf(b, new byte[] {0x28, 0, 0, 1, 'U', 'S', 2, 0}) + 8;
        b[bits] = 8;
        int pixelData = Bytes.indexOf(b, new byte[] {(byte) 0xE0, 0x7F, 0x10, 0, 'O', 'W', 0, 0});
        b[pixelData + 4] = 'O';
        b[pixelData + 5] = 'B';
        java.nio.ByteBuffer.wrap(b, pixelData + 8, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(data8.length);
        byte[] file = java.util.Arrays.copyOf(b, pixelData + 12 + data8.length);
        System.arraycopy(data8, 0, file, pixelData + 12, data8.length);
        Path f = tmp.resolve("eight.dcm");
        Files.write(f, file);
        DicomSlice a = DicomReader.read(f);
        assertThat(a.pixels()).isEqualTo(DicomReader.readWithImageJ(f).pixels());
        assertThat(a.pixels()[1]).isEqualTo(37f);
        PixelHistogram h = a.firstFrameHistogram();
        assertThat(h.counts()).hasSize(256);
        assertThat(List.of(h.offset(), h.min(), h.max())).isEqualTo(List.of(0, 0, 231)); // 231: the largest i * 37 mod 256, i < 30
        int[] want = new int[256];
        for (byte v : data8) {
            want[v & 0xff]++;
        }
        assertThat(h.counts()).isEqualTo(want);
    }

    /**
     * The counts' range is searched from the AND and the OR of the counted indices: values of both signs (signed
     * indices straddle 32,768), unsigned values above 32,767, and a single value (AND = OR) give the same counts,
     * minimum and maximum as counting ImageJ's pixels.
     */
    @Test
    void countedRangeIsFoundWhateverTheValues(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        short[][] images = {
            {-300, -2, 0, 5, 1000, -32768, 32767, -1, 1, 2, 3, 4},
            {-7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7, -7},
            {(short) 40000, (short) 65535, 0, 12, (short) 32768, 32767, 1, 2, 3, 4, 5, 6},
            {4095, 2048, 2047, 1, 0, 4095, 0, 0, 0, 0, 9, 9},
        };
        boolean[] signed = {true, true, false, false};
        for (int k = 0; k < images.length; k++) {
            Path f = tmp.resolve(k + ".dcm");
            Files.write(f, DicomWriter.encode(new DicomWriter.MrImage(images[k], 3, 4, signed[k], 1.0, 1.0, 1, 1, 0,
                    "P", "1.2", "1.2.3", "1.2.3." + k, "counts")));
            DicomSlice a = DicomReader.read(f);
            float[] want = DicomReader.readWithImageJ(f).pixels();
            assertThat(a.pixels()).as("image " + k).isEqualTo(want);
            PixelHistogram h = a.firstFrameHistogram();
            assertThat(h.offset()).as("image " + k).isEqualTo(signed[k] ? -32768 : 0);
            assertCountsOf(h, want, "image " + k);
        }
    }

    @Test
    void headerOnlyReadsAPrefixAndNeedsNoPixels(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(DATA));
        Path src = DATA.resolve("sunnybrook/final_data/dicoms/SCD0000101/48.dcm");
        byte[] all = Files.readAllBytes(src);
        FastDicom.Parsed r = FastDicom.parse(all);
        // cut the file right after the pixel data element header: the header still parses, the pixels do not
        Path cut = tmp.resolve("cut.dcm");
        Files.write(cut, java.util.Arrays.copyOf(all, (int) r.pixelOffset));
        DicomHeader h = DicomReader.readHeader(cut);
        assertThat(h).isEqualTo(new DicomHeader(cut, 256, 256, 300, 48, DicomReader.readHeader(src).seriesUid(),
                DicomReader.readHeader(src).seriesDescription(), "MR", TransferSyntax.EXPLICIT_LE, "SCD0000101",
                1.367188, 1.367188));
        assertThat(r.pixelLength).isEqualTo(256L * 256 * 2);
    }
}
