package org.dlp4j.data.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
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
        }
        // the plain files all take the fast path: the 11 Sunnybrook slices, the MR_small encodings, multi-frame
        assertThat(names).contains("MR_small.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm",
                "MR_small_padded.dcm", "emri_small.dcm", "MR_Explicit_Little_MultiFrame.dcm", "48.dcm");
        assertThat(fast).isGreaterThanOrEqualTo(20);
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
