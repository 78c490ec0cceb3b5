package org.dlp4j.data.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DicomWriterTest {
    @Test
    void signedRoundTripThroughImageJ(@TempDir Path tmp) throws Exception {
        int rows = 5;
        int cols = 7;
        short[] px = new short[rows * cols];
        for (int i = 0; i < px.length; i++) {
            px[i] = (short) (i * 37 - 300);
        }
        Path f = tmp.resolve("a/IM-0001-0003.dcm");
        DicomWriter.write(f, new DicomWriter.MrImage(px, rows, cols, true, 1.25, 1.5, 7, 3, -12.5, "SYN-1",
                "1.2.3", "1.2.3.4", "1.2.3.4.5", "cine SAX"));
        DicomSlice s = DicomReader.read(f);
        assertThat(s.rows()).isEqualTo(rows);
        assertThat(s.cols()).isEqualTo(cols);
        for (int i = 0; i < px.length; i++) {
            assertThat(s.pixels()[i]).isEqualTo((float) px[i]);
        }
        assertThat(s.rowSpacing()).isEqualTo(1.25);
        assertThat(s.colSpacing()).isEqualTo(1.5);
        assertThat(s.seriesNumber()).isEqualTo(7);
        assertThat(s.instanceNumber()).isEqualTo(3);
        assertThat(s.sliceLocation()).isEqualTo(-12.5);
        assertThat(s.patientId()).isEqualTo("SYN-1");
        assertThat(s.seriesUid()).isEqualTo("1.2.3.4");
        assertThat(s.studyUid()).isEqualTo("1.2.3");
        assertThat(s.modality()).isEqualTo("MR");
        assertThat(s.seriesDescription()).isEqualTo("cine SAX");
        assertThat(s.transferSyntax()).isEqualTo(TransferSyntax.EXPLICIT_LE);
        assertThat(TransferSyntax.read(f)).isEqualTo(TransferSyntax.EXPLICIT_LE);
    }

    @Test
    void unsignedRoundTrip(@TempDir Path tmp) throws Exception {
        short[] px = {0, 1, (short) 40000, (short) 65535};
        Path f = tmp.resolve("u.dcm");
        DicomWriter.write(f, new DicomWriter.MrImage(px, 2, 2, false, 1, 1, 1, 1, 0, "P", "1.1", "1.1.1",
                "1.1.1.1", "odd"));
        DicomSlice s = DicomReader.read(f);
        assertThat(s.pixels()).containsExactly(0f, 1f, 40000f, 65535f);
    }
}
