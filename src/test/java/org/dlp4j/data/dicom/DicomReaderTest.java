package org.dlp4j.data.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dlp4j.BadInputException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assumptions;

class DicomReaderTest {
    @Test
    void missingFilesAndFoldersAreNamed(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path missing = tmp.resolve("missing.dcm");
        assertThatThrownBy(() -> DicomReader.read(missing)).isInstanceOf(BadInputException.class)
                .hasMessage(missing + ": no such DICOM file");
        Path folder = Files.createDirectory(tmp.resolve("folder.dcm"));
        assertThatThrownBy(() -> DicomReader.read(folder)).isInstanceOf(BadInputException.class)
                .hasMessage(folder + ": no such DICOM file");
        Path empty = Files.write(tmp.resolve("empty.dcm"), new byte[0]);
        assertThatThrownBy(() -> DicomReader.read(empty)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(empty + ": ");
    }

    static final Path DATA = Path.of("../shared/data");
    static final Path PYDICOM = DATA.resolve("dicom/pydicom");
    static final Path SUNNY = DATA.resolve("sunnybrook/final_data/dicoms");

    @BeforeAll
    static void data() {
        Assumptions.assumeTrue(Files.isDirectory(DATA));
    }

    static float min(float[] a) {
        float m = Float.MAX_VALUE;
        for (float v : a) {
            m = Math.min(m, v);
        }
        return m;
    }

    static float max(float[] a) {
        float m = -Float.MAX_VALUE;
        for (float v : a) {
            m = Math.max(m, v);
        }
        return m;
    }

    @Test
    void mrSmallHasPydicomReferenceValues() {
        DicomSlice s = DicomReader.read(PYDICOM.resolve("MR_small.dcm"));
        assertThat(s.rows()).isEqualTo(64);
        assertThat(s.cols()).isEqualTo(64);
        assertThat(s.frames()).isEqualTo(1);
        assertThat(min(s.pixels())).isEqualTo(127f);
        assertThat(max(s.pixels())).isEqualTo(2145f);
        float[] p = s.pixels();
        assertThat(new float[] {p[31], p[32], p[33]}).containsExactly(422f, 319f, 361f);
        assertThat(new float[] {p[31 * 64], p[31 * 64 + 1], p[31 * 64 + 2]}).containsExactly(366f, 363f, 322f);
        assertThat(new float[] {p[4093], p[4094], p[4095]}).containsExactly(1369f, 1129f, 862f);
        float[] col35 = new float[9];
        for (int r = 55; r < 64; r++) {
            col35[r - 55] = p[r * 64 + 35];
        }
        assertThat(col35).containsExactly(170, 193, 191, 373, 1293, 2053, 1879, 1683, 1711);
        assertThat(s.transferSyntax()).isEqualTo(TransferSyntax.EXPLICIT_LE);
        assertThat(s.modality()).isEqualTo("MR");
    }

    @Test
    void allUncompressedEncodingsDecodeIdentically() {
        float[] ref = DicomReader.read(PYDICOM.resolve("MR_small.dcm")).pixels();
        for (String f : List.of("MR_small_implicit.dcm", "MR_small_bigendian.dcm", "MR_small_padded.dcm")) {
            DicomSlice s = DicomReader.read(PYDICOM.resolve(f));
            assertThat(s.pixels()).as(f).isEqualTo(ref);
        }
        assertThat(DicomReader.read(PYDICOM.resolve("MR_small_bigendian.dcm")).transferSyntax())
                .isEqualTo(TransferSyntax.EXPLICIT_BE);
        assertThat(DicomReader.read(PYDICOM.resolve("MR_small_implicit.dcm")).transferSyntax())
                .isEqualTo(TransferSyntax.IMPLICIT_LE);
    }

    @Test
    void truncatedPixelDataIsRejected() {
        assertThatThrownBy(() -> DicomReader.read(PYDICOM.resolve("MR_truncated.dcm")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("MR_truncated.dcm").hasMessageContaining("truncated")
                .hasMessageContaining("62 bytes missing");
    }

    @Test
    void compressedSyntaxesNameTheSyntax() {
        assertThatThrownBy(() -> DicomReader.read(PYDICOM.resolve("MR_small_RLE.dcm")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("RLE Lossless")
                .hasMessageContaining("1.2.840.10008.1.2.5");
        assertThatThrownBy(() -> DicomReader.read(PYDICOM.resolve("MR_small_jpeg_ls_lossless.dcm")))
                .hasMessageContaining("JPEG-LS Lossless").hasMessageContaining("1.2.840.10008.1.2.4.80");
        assertThatThrownBy(() -> DicomReader.read(PYDICOM.resolve("MR_small_jp2klossless.dcm")))
                .hasMessageContaining("JPEG 2000 Lossless").hasMessageContaining("1.2.840.10008.1.2.4.90");
        assertThatThrownBy(() -> DicomReader.read(DATA.resolve("dicom/pydicom-data/JPEG-LL.dcm")))
                .hasMessageContaining("1.2.840.10008.1.2.4.70");
    }

    @Test
    void notADicomIsABadInput(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path junk = tmp.resolve("junk.dcm");
        Files.writeString(junk, "this is not a DICOM file at all");
        assertThatThrownBy(() -> DicomReader.read(junk)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("junk.dcm").hasMessageContaining("not a readable DICOM image");
    }

    @Test
    void multiFrameAndUnsignedFiles() {
        DicomSlice s = DicomReader.read(DATA.resolve("dicom/pydicom-data/emri_small.dcm"));
        assertThat(s.frames()).isEqualTo(10);
        assertThat(s.pixels()).hasSize(10 * 64 * 64);
        assertThat(min(s.pixels())).isEqualTo(0f);
        assertThat(max(s.pixels())).isEqualTo(467f);
        DicomSlice h = DicomReader.read(DATA.resolve("dicom/DICOMSamples/MR_Implicit_Little.dcm"));
        assertThat(min(h.pixels())).isEqualTo(0f);
        assertThat(max(h.pixels())).isEqualTo(575f);
        DicomSlice ct = DicomReader.read(DATA.resolve("dicom/DICOMSamples/CT_Implicit_Little_Headless_Retired.dcm"));
        assertThat(ct.transferSyntax()).isNull();
        assertThat(ct.rows()).isEqualTo(512);
    }

    @Test
    void sunnybrookHeadersMatchTheManifest() {
        DicomSlice s = DicomReader.read(SUNNY.resolve("SCD0000101/48.dcm"));
        assertThat(s.instanceNumber()).isEqualTo(48);
        assertThat(s.seriesNumber()).isEqualTo(300);
        assertThat(s.rowSpacing()).isEqualTo(1.367188);
        assertThat(s.colSpacing()).isEqualTo(1.367188);
        assertThat(s.patientId()).isEqualTo("SCD0000101");
        assertThat(min(s.pixels())).isEqualTo(0f);
        assertThat(max(s.pixels())).isEqualTo(950f);
        DicomSlice t = DicomReader.read(SUNNY.resolve("SCD0000301/60.dcm"));
        assertThat(t.instanceNumber()).isEqualTo(60);
        assertThat(t.seriesNumber()).isEqualTo(5);
        assertThat(t.rowSpacing()).isEqualTo(1.2891);
        assertThat(max(t.pixels())).isEqualTo(700f);
    }

    @Test
    void concurrentReadsGiveTheSamePixels() throws Exception {
        List<Path> files = new ArrayList<>();
        try (var st = Files.list(SUNNY.resolve("SCD0000101"))) {
            st.sorted().forEach(files::add);
        }
        List<float[]> serial = new ArrayList<>();
        for (Path f : files) {
            serial.add(DicomReader.read(f).pixels());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 3; round++) {
                List<Future<float[]>> fs = new ArrayList<>();
                for (Path f : files) {
                    fs.add(pool.submit(() -> DicomReader.read(f).pixels()));
                }
                for (int i = 0; i < files.size(); i++) {
                    assertThat(fs.get(i).get()).isEqualTo(serial.get(i));
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    /** A 2 x 3 grey image with the given rescale tags (null: absent), stored values 0..5 or as given. */
    private static Path rescaled(Path dir, String name, String slope, String intercept, boolean signed, short[] px)
            throws Exception {
        org.dlp4j.testing.TinyDicom t = new org.dlp4j.testing.TinyDicom()
                .str(0x0008, 0x0060, "CS", "MR")
                .us(0x0028, 0x0002, 1).str(0x0028, 0x0004, "CS", "MONOCHROME2")
                .us(0x0028, 0x0010, 2).us(0x0028, 0x0011, 3).str(0x0028, 0x0030, "DS", "1.5\\1.5")
                .us(0x0028, 0x0100, 16).us(0x0028, 0x0101, 16).us(0x0028, 0x0102, 15).us(0x0028, 0x0103, signed ? 1 : 0);
        if (intercept != null) {
            t.str(0x0028, 0x1052, "DS", intercept);
        }
        if (slope != null) {
            t.str(0x0028, 0x1053, "DS", slope);
        }
        Path f = dir.resolve(name);
        java.nio.file.Files.write(f, t.pixels16(px).bytes());
        return f;
    }

    @Test
    void theModalityRescaleIsAppliedWhateverTagsAreGiven(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        short[] px = {0, 1, 2, 3, 4, 1535};
        // value = stored x slope + intercept; either tag may come alone (pydicom's apply_modality_lut)
        assertThat(DicomReader.read(rescaled(dir, "s2.dcm", "2", null, false, px)).pixels())
                .containsExactly(0, 2, 4, 6, 8, 3070);
        assertThat(DicomReader.read(rescaled(dir, "s2i0.dcm", "2", "0", false, px)).pixels())
                .containsExactly(0, 2, 4, 6, 8, 3070);
        assertThat(DicomReader.read(rescaled(dir, "neg.dcm", "-1", null, false, px)).pixels())
                .containsExactly(0, -1, -2, -3, -4, -1535);
        assertThat(DicomReader.read(rescaled(dir, "s2i1.dcm", "2", "1", false, px)).pixels())
                .containsExactly(1, 3, 5, 7, 9, 3071);
        assertThat(DicomReader.read(rescaled(dir, "i-1024.dcm", null, "-1024", false, px)).pixels())
                .containsExactly(-1024, -1023, -1022, -1021, -1020, 511);
        short[] signed = {-700, -1, 0, 1, 2, 835};
        DicomSlice s = DicomReader.read(rescaled(dir, "signed.dcm", "10", null, true, signed));
        assertThat(s.pixels()).containsExactly(-7000, -10, 0, 10, 20, 8350);
        assertThat(s.firstFrameHistogram()).as("counts of stored values do not describe rescaled ones").isNull();
        // no rescale: stored values, with the decoder's counts
        DicomSlice plain = DicomReader.read(rescaled(dir, "plain.dcm", "1", "0", true, signed));
        assertThat(plain.pixels()).containsExactly(-700, -1, 0, 1, 2, 835);
        assertThat(plain.firstFrameHistogram()).isNotNull();
    }

    private static org.dlp4j.testing.TinyDicom eightBit(int samples, boolean signed) {
        return new org.dlp4j.testing.TinyDicom()
                .us(0x0028, 0x0002, samples).str(0x0028, 0x0004, "CS", samples == 1 ? "MONOCHROME2" : "RGB")
                .us(0x0028, 0x0010, 1).us(0x0028, 0x0011, 4).str(0x0028, 0x0030, "DS", "1\\1")
                .us(0x0028, 0x0100, 8).us(0x0028, 0x0101, 8).us(0x0028, 0x0102, 7).us(0x0028, 0x0103, signed ? 1 : 0);
    }

    @Test
    void signedEightBitIsSignedAndColourIsRefused(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path s8 = dir.resolve("s8.dcm");
        java.nio.file.Files.write(s8, eightBit(1, true).pixels8(new byte[] {-100, -1, 0, 99}).bytes());
        DicomSlice s = DicomReader.read(s8);
        assertThat(s.pixels()).containsExactly(-100, -1, 0, 99);
        assertThat(s.firstFrameHistogram().min()).isEqualTo(-100);
        assertThat(s.firstFrameHistogram().max()).isEqualTo(99);
        Path u8 = dir.resolve("u8.dcm");
        java.nio.file.Files.write(u8, eightBit(1, false).pixels8(new byte[] {-100, -1, 0, 99}).bytes());
        assertThat(DicomReader.read(u8).pixels()).containsExactly(156, 255, 0, 99);
        Path rgb = dir.resolve("rgb.dcm");
        java.nio.file.Files.write(rgb, eightBit(3, false).pixels8(new byte[12]).bytes());
        assertThatThrownBy(() -> DicomReader.read(rgb)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("colour DICOM").hasMessageContaining("rgb.dcm");
    }
}
