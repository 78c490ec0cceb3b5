package org.dlp4j.data.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dlp4j.testing.TinyDicom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MONOCHROME1 and MONOCHROME2 files of 8 and 16 bits, signed and unsigned, with every combination of rescale tags
 * read to the same modality values (stored x slope + intercept, a missing tag at its default, MONOCHROME1 values not
 * inverted: DicomSlice's contract; the normalised image is, see Monochrome1Test) through both decoders. The stored values and the expected values are written out
 * by hand; pydicom 2.3.1's {@code apply_modality_lut} gave the same numbers for every file that has both tags
 * (it leaves a lone tag unapplied), and its {@code pixel_array} the same stored values.
 */
class PhotometricRescaleTest {
    private static final short[] U16 = {0, 1, 2, 3, 4, 1535};
    private static final short[] S16 = {-700, -1, 0, 1, 2, 835};
    private static final byte[] U8 = {0, 1, 2, 3, 4, (byte) 200};
    private static final byte[] S8 = {-100, -1, 0, 1, 2, 99};

    /** A 2 x 3 image; slope and intercept null when absent. */
    private static byte[] file(String photometric, int bits, boolean signed, String slope, String intercept,
            boolean pixelSpacing) {
        TinyDicom t = new TinyDicom().str(0x0008, 0x0060, "CS", "CR");
        if (!pixelSpacing) {
            t.str(0x0018, 0x1164, "DS", "0.25\\0.5");
        }
        t.us(0x0028, 0x0002, 1).str(0x0028, 0x0004, "CS", photometric)
                .us(0x0028, 0x0010, 2).us(0x0028, 0x0011, 3);
        if (pixelSpacing) {
            t.str(0x0028, 0x0030, "DS", "1.5\\1.5");
        }
        t.us(0x0028, 0x0100, bits).us(0x0028, 0x0101, bits == 16 ? 12 : 8).us(0x0028, 0x0102, bits == 16 ? 11 : 7)
                .us(0x0028, 0x0103, signed ? 1 : 0);
        if (intercept != null) {
            t.str(0x0028, 0x1052, "DS", intercept);
        }
        if (slope != null) {
            t.str(0x0028, 0x1053, "DS", slope);
        }
        if (bits == 16) {
            t.pixels16(signed ? S16 : U16);
        } else {
            t.pixels8(signed ? S8 : U8);
        }
        return t.bytes();
    }

    private static float[] expected(int bits, boolean signed, double slope, double intercept) {
        float[] out = new float[6];
        for (int i = 0; i < 6; i++) {
            double stored = bits == 16 ? (signed ? S16[i] : U16[i] & 0xffff) : (signed ? S8[i] : U8[i] & 0xff);
            out[i] = (float) (stored * slope + intercept);
        }
        return out;
    }

    @Test
    void everyGreyKindReadsToModalityValuesThroughBothDecoders(@TempDir Path dir) throws Exception {
        String[][] rescales = {{null, null}, {"2", null}, {null, "-1024"}, {"2", "100"}, {"1", "0"}, {"0.5", "-3"}};
        List<String> checked = new ArrayList<>();
        for (String photometric : new String[] {"MONOCHROME1", "MONOCHROME2"}) {
            for (int bits : new int[] {8, 16}) {
                for (boolean signed : new boolean[] {false, true}) {
                    for (String[] si : rescales) {
                        String name = photometric + "-" + bits + (signed ? "s" : "u") + "-" + si[0] + "-" + si[1];
                        Path f = dir.resolve(name + ".dcm");
                        byte[] bytes = file(photometric, bits, signed, si[0], si[1], true);
                        Files.write(f, bytes);
                        float[] want = expected(bits, signed, si[0] == null ? 1 : Double.parseDouble(si[0]),
                                si[1] == null ? 0 : Double.parseDouble(si[1]));
                        // the pure-Java decoder takes every one of these
                        assertThat(FastDicom.pixelsSupported(FastDicom.parse(bytes))).as(name).isTrue();
                        assertThat(DicomReader.read(f).pixels()).as(name).containsExactly(want);
                        // ImageJ reads signed 8-bit data as 16-bit (and so finds the file truncated): the fast path
                        // is the only one for those
                        if (!(bits == 8 && signed)) {
                            assertThat(DicomReader.readWithImageJ(f).pixels()).as("ImageJ " + name)
                                    .containsExactly(want);
                        }
                        checked.add(name);
                    }
                }
            }
        }
        assertThat(checked).hasSize(48);
    }

    @Test
    void aLoneSlopeOnMonochrome1IsApplied(@TempDir Path dir) throws Exception {
        // the case that came out as stored values: MONOCHROME1, slope 2, no intercept
        Path f = dir.resolve("m1-slope.dcm");
        Files.write(f, file("MONOCHROME1", 16, false, "2", null, true));
        assertThat(DicomReader.read(f).pixels()).containsExactly(0, 2, 4, 6, 8, 3070);
        Path s = dir.resolve("m1-signed-slope.dcm");
        Files.write(s, file("MONOCHROME1", 16, true, "10", null, true));
        assertThat(DicomReader.read(s).pixels()).containsExactly(-7000, -10, 0, 10, 20, 8350);
        // without rescale a MONOCHROME1 file reads as its stored values, not inverted, with the decoder's counts
        Path plain = dir.resolve("m1-plain.dcm");
        Files.write(plain, file("MONOCHROME1", 16, true, null, null, true));
        DicomSlice p = DicomReader.read(plain);
        assertThat(p.pixels()).containsExactly(-700, -1, 0, 1, 2, 835);
        assertThat(List.of(p.firstFrameHistogram().min(), p.firstFrameHistogram().max())).containsExactly(-700, 835);
    }

    @Test
    void withoutPixelSpacingTheImagerSpacingIsUsedByHeaderAndSliceAlike(@TempDir Path dir) throws Exception {
        // a radiograph's only spacing is (0018,1164); header and slice must agree on it (the header used 1 x 1)
        Path f = dir.resolve("imager.dcm");
        byte[] bytes = file("MONOCHROME1", 16, false, "2", null, false);
        Files.write(f, bytes);
        assertThat(FastDicom.parse(bytes).string(FastDicom.IMAGER_SPACING)).isEqualTo("0.25\\0.5");
        DicomSlice s = DicomReader.read(f);
        DicomHeader h = DicomReader.readHeader(f);
        assertThat(List.of(s.rowSpacing(), s.colSpacing())).containsExactly(0.25, 0.5);
        assertThat(List.of(h.rowSpacing(), h.colSpacing())).containsExactly(0.25, 0.5);
        assertThat(s.pixels()).containsExactly(0, 2, 4, 6, 8, 3070);
        // ImageJ agrees on both
        DicomSlice ij = DicomReader.readWithImageJ(f);
        assertThat(List.of(ij.rowSpacing(), ij.colSpacing())).containsExactly(0.25, 0.5);
        assertThat(ij.pixels()).containsExactly(0, 2, 4, 6, 8, 3070);
        DicomHeader ijh = DicomReader.readHeaderWithImageJ(f);
        assertThat(List.of(ijh.rowSpacing(), ijh.colSpacing())).containsExactly(0.25, 0.5);
    }

    /** 2 x 3, 16 bits allocated, 12 stored (high bit 11), stored words as given. */
    private static byte[] twelveBit(boolean signed, String slope, short[] words) {
        TinyDicom t = new TinyDicom().str(0x0008, 0x0060, "CS", "CT")
                .us(0x0028, 0x0002, 1).str(0x0028, 0x0004, "CS", "MONOCHROME2")
                .us(0x0028, 0x0010, 2).us(0x0028, 0x0011, 3).str(0x0028, 0x0030, "DS", "1\\1")
                .us(0x0028, 0x0100, 16).us(0x0028, 0x0101, 12).us(0x0028, 0x0102, 11)
                .us(0x0028, 0x0103, signed ? 1 : 0);
        if (slope != null) {
            t.str(0x0028, 0x1053, "DS", slope);
        }
        return t.pixels16(words).bytes();
    }

    @Test
    void onlyTheStoredBitsHoldTheValue(@TempDir Path dir) throws Exception {
        // signed 12-bit values whose sign was not extended into bits 12-15 (0x0FFF is -1, 0x0800 is -2048), and
        // unsigned 12-bit values under bits that are no part of them (0xF123 is 0x123): DICOM PS3.5 8.1.1 says
        // readers may not assume those bits are zero or sign extension. Expected values by hand; pydicom 2.3.1, the
        // one installed here, returns the raw words ([4095, 2048, 2047, 0, -1, 5] and [61731, 4095, 32768, 1, 2,
        // 65535]), pydicom 3 masks and sign-extends (pydicom PR #2066), as vtk-dicom and fo-dicom do
        short[] signedWords = {0x0FFF, 0x0800, 0x07FF, 0, (short) 0xFFFF, 5};
        short[] overlaid = {(short) 0xF123, 0x0FFF, (short) 0x8000, 1, 2, (short) 0xFFFF};
        Path s = dir.resolve("s12.dcm");
        Files.write(s, twelveBit(true, null, signedWords));
        Path u = dir.resolve("u12.dcm");
        Files.write(u, twelveBit(false, null, overlaid));
        Path r = dir.resolve("s12-slope.dcm");
        Files.write(r, twelveBit(true, "2", signedWords));
        assertThat(DicomReader.read(s).pixels()).containsExactly(-1, -2048, 2047, 0, -1, 5);
        assertThat(DicomReader.read(u).pixels()).containsExactly(291, 4095, 0, 1, 2, 4095);
        assertThat(DicomReader.read(r).pixels()).containsExactly(-2, -4096, 4094, 0, -2, 10);
        assertThat(DicomReader.read(s).firstFrameHistogram()).as("counts of the raw words are dropped").isNull();
        // the ImageJ path (files without preamble and the like) drops the same bits
        assertThat(DicomReader.readWithImageJ(s).pixels()).containsExactly(-1, -2048, 2047, 0, -1, 5);
        assertThat(DicomReader.readWithImageJ(u).pixels()).containsExactly(291, 4095, 0, 1, 2, 4095);
        assertThat(DicomReader.readWithImageJ(r).pixels()).containsExactly(-2, -4096, 4094, 0, -2, 10);
        // values within 12 bits keep their counts
        Path plain = dir.resolve("plain12.dcm");
        Files.write(plain, twelveBit(true, null, new short[] {-2048, -1, 0, 1, 2047, 7}));
        assertThat(DicomReader.read(plain).firstFrameHistogram().min()).isEqualTo(-2048);
    }
}
