package org.dlp4j.data.sunnybrook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dlp4j.Json;
import org.dlp4j.cli.Main;
import org.dlp4j.data.lmdb.Datum;
import org.dlp4j.data.lmdb.LmdbReader;
import org.dlp4j.data.synth.SyntheticSunnybrook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** synth → import → LmdbReader, and the bad-input cases, on one generated 3-case dataset. */
class SyntheticImportTest {
    @TempDir
    static Path tmp;
    static SyntheticSunnybrook.Result synth;

    @BeforeAll
    static void generate() throws Exception {
        synth = SyntheticSunnybrook.generate(tmp.resolve("synth"), 3, 11);
    }

    /** A private copy of the synthetic dataset to damage. */
    static Path copy(Path to) throws Exception {
        try (Stream<Path> s = Files.walk(synth.dir())) {
            for (Path p : s.toList()) {
                Path q = to.resolve(synth.dir().relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
        return to;
    }

    /** Largest value; also fails on anything but 0 and 1. */
    static int maxOf(byte[] mask) {
        int m = 0;
        for (byte b : mask) {
            if (b != 0 && b != 1) {
                    org.junit.jupiter.api.Assertions.fail("label value " + b);
                }
            m = Math.max(m, b);
        }
        return m;
    }

    private static void countBytes(byte[] b, long[] counts) {
        for (byte x : b) {
            counts[x & 0xff]++;
        }
    }

    static int cli(StringWriter err, String... args) {
        return Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args);
    }

    @Test
    void roundTripWithKnownCountsAndIdenticalKeys() throws Exception {
        ImportReport r = SunnybrookImporter.builder().seed(5).build().run(synth.dir(), tmp.resolve("ws"),
                ProgressListener.NONE);
        assertThat(r.layout()).isEqualTo("challenge");
        assertThat(r.cases()).extracting(ImportReport.CaseReport::paired).containsExactly(8, 8, 8);
        assertThat(r.cases()).allSatisfy(c -> assertThat(c.series()).contains("CINE SAX"));
        assertThat(r.slicesPerSplit()).containsEntry("train", 8).containsEntry("val", 8).containsEntry("test", 8);
        Path data = tmp.resolve("ws/data");
        // class counts of every written label, to compare with dataset.json's classFrequencies
        java.util.Map<String, long[]> labelCounts = new java.util.TreeMap<>();
        for (String split : List.of("train", "val")) {
            try (LmdbReader ir = new LmdbReader(data.resolve(split + "_lmdb"));
                    LmdbReader lr = new LmdbReader(data.resolve(split + "_gt_lmdb"))) {
                List<String> ik = new ArrayList<>();
                List<String> lk = new ArrayList<>();
                ir.forEach((k, v) -> {
                    Datum d = Datum.decode(v);
                    assertThat(d.channels()).isEqualTo(1);
                    assertThat(d.data()).hasSize(256 * 256);
                    return ik.add(k);
                });
                lr.forEach((k, v) -> {
                    byte[] mask = Datum.decode(v).data();
                    assertThat(maxOf(mask)).isEqualTo(1);
                    countBytes(mask, labelCounts.computeIfAbsent(split, s -> new long[256]));
                    return lk.add(k);
                });
                assertThat(ik).hasSize(8).isEqualTo(lk);
                assertThat(ik).containsExactly("00000000", "00000001", "00000002", "00000003", "00000004",
                        "00000005", "00000006", "00000007");
            }
        }
        try (Stream<Path> a = Files.list(data.resolve("test_images"));
                Stream<Path> b = Files.list(data.resolve("test_labels"))) {
            List<String> an = a.map(p -> p.getFileName().toString()).sorted().toList();
            assertThat(an).hasSize(8).isEqualTo(b.map(p -> p.getFileName().toString()).sorted().toList());
            assertThat(an.get(0)).matches("SC-[A-Z-]+-\\d_IM-0001-\\d{4}\\.png");
            for (String png : an) {
                java.awt.image.Raster mask = javax.imageio.ImageIO.read(data.resolve("test_labels").resolve(png)
                        .toFile()).getRaster();
                countBytes((byte[]) mask.getDataElements(0, 0, mask.getWidth(), mask.getHeight(), null),
                        labelCounts.computeIfAbsent("test", s -> new long[256]));
            }
        }
        if (Files.getFileStore(data).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
            // the umask's permissions, as any folder or file made plainly here (not owner-only temp-file modes)
            var dirMode = Files.getPosixFilePermissions(Files.createDirectory(tmp.resolve("plain-dir")));
            var fileMode = Files.getPosixFilePermissions(Files.write(tmp.resolve("plain-file"), new byte[1]));
            for (String d : List.of("", "train_lmdb", "val_gt_lmdb", "test_images")) {
                assertThat(Files.getPosixFilePermissions(data.resolve(d))).as("data/" + d).isEqualTo(dirMode);
            }
            for (String f : List.of("dataset.json", "train_lmdb/data.mdb")) {
                assertThat(Files.getPosixFilePermissions(data.resolve(f))).as("data/" + f).isEqualTo(fileMode);
            }
        }
        JsonNode ds = Json.MAPPER.readTree(data.resolve("dataset.json").toFile());
        assertThat(ds.get("classFrequencies").get("train").get("1").asLong()).isPositive();
        for (var e : labelCounts.entrySet()) {
            java.util.Map<String, Long> want = new java.util.TreeMap<>();
            for (int v = 0; v < 256; v++) {
                if (e.getValue()[v] > 0) {
                    want.put(Integer.toString(v), e.getValue()[v]);
                }
            }
            java.util.Map<String, Long> got = new java.util.TreeMap<>();
            ds.get("classFrequencies").get(e.getKey()).fields()
                    .forEachRemaining(f -> got.put(f.getKey(), f.getValue().asLong()));
            assertThat(got).as(e.getKey()).isEqualTo(want).containsKeys("0", "1");
        }
        // members in the order written, the same on every run (Map.of's order changes from one JVM to the next)
        List<String> labels = new ArrayList<>();
        ds.get("labels").fieldNames().forEachRemaining(labels::add);
        assertThat(labels).containsExactly("0", "1", "255");
        List<String> norm = new ArrayList<>();
        ds.get("normalisation").fieldNames().forEachRemaining(norm::add);
        assertThat(norm).containsExactly("method", "lowPercentile", "highPercentile", "outputRange", "appliesTo");
        List<String> pairing = new ArrayList<>();
        ds.get("pairing").elements().next().fieldNames().forEachRemaining(pairing::add);
        assertThat(pairing).containsExactly("series", "contours", "paired");
        String testCase = r.casesPerSplit().get("test").get(0);
        double spacing = synth.cases().stream().filter(c -> c.name().equals(testCase)).findFirst().orElseThrow()
                .pixelSpacing();
        assertThat(ds.get("pixelSpacing").get(testCase + "_IM-0001-0005.png").get(0).asDouble()).isEqualTo(spacing);
    }

    @Test
    void badInputIsSkippedAndListed() throws Exception {
        Path src = copy(tmp.resolve("damaged"));
        SyntheticSunnybrook.Case c0 = synth.cases().get(0);
        Path dir = src.resolve(c0.name());
        // truncated DICOM (instance 5)
        Path f5 = dir.resolve(String.format("IM-%04d-0005.dcm", c0.shortAxisSeries()));
        byte[] b = Files.readAllBytes(f5);
        Files.write(f5, java.util.Arrays.copyOf(b, b.length - 1000));
        // two slices claiming instance 7
        Path f7 = dir.resolve(String.format("IM-%04d-0007.dcm", c0.shortAxisSeries()));
        Files.copy(f7, dir.resolve("copy-of-7.dcm"));
        // junk in the contour of instance 9
        Path c9 = src.resolve(c0.contourFolder() + "/contours-manual/IRCCI-expert/IM-0001-0009-icontour-manual.txt");
        List<String> lines = new ArrayList<>(Files.readAllLines(c9));
        lines.set(3, "12.5 oops");
        Files.write(c9, lines);
        // a contour with no slice
        Files.copy(c9.resolveSibling("IM-0001-0011-icontour-manual.txt"),
                c9.resolveSibling("IM-0001-0099-icontour-manual.txt"));
        // a CT file and a non-DICOM .dcm
        Path ct = Path.of("../shared/data/dicom/DICOMSamples/CT_Implicit_Little_Headless_Retired.dcm");
        if (Files.exists(ct)) {
            Files.copy(ct, dir.resolve("ct.dcm"));
        }
        Files.writeString(dir.resolve("notes.dcm"), "not a dicom");
        ImportReport r = SunnybrookImporter.builder().build().run(src, tmp.resolve("ws-damaged"),
                ProgressListener.NONE);
        ImportReport.CaseReport c = r.cases().get(0);
        assertThat(c.contoursFound()).isEqualTo(9);
        assertThat(c.written()).isEqualTo(5);
        List<String> reasons = c.skipped().stream().map(ImportReport.SkippedItem::reason).toList();
        assertThat(reasons).hasSize(4);
        assertThat(reasons).anySatisfy(s -> assertThat(s).contains("truncated").contains("IM-"));
        assertThat(reasons).anySatisfy(s -> assertThat(s).contains("2 slices claim InstanceNumber 7"));
        assertThat(reasons).anySatisfy(s -> assertThat(s).contains("IM-0001-0009-icontour-manual.txt:4:")
                .contains("oops"));
        assertThat(reasons).anySatisfy(s -> assertThat(s).contains("no DICOM slice with InstanceNumber 99"));
        List<String> files = r.skippedFiles().stream().map(ImportReport.SkippedItem::reason).toList();
        assertThat(files).anySatisfy(s -> assertThat(s).contains("notes.dcm"));
        if (Files.exists(ct)) {
            assertThat(files).anySatisfy(s -> assertThat(s).contains("ct.dcm").contains("modality CT"));
        }
        assertThat(r.written()).isEqualTo(5 + 16);
    }

    @Test
    void cliExitCodes() throws Exception {
        StringWriter err = new StringWriter();
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThat(cli(err, "import", "sunnybrook", empty.toString(), "--out", tmp.resolve("ws-e").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("no Sunnybrook contour files");
        assertThat(tmp.resolve("ws-e/data")).doesNotExist();

        Path ws = tmp.resolve("ws-cli");
        err = new StringWriter();
        assertThat(cli(err, "import", "sunnybrook", synth.dir().toString(), "--out", ws.toString(),
                "--encoding", "float", "--rasterize", "fillpoly")).as(err.toString()).isZero();
        assertThat(err.toString()).contains("SC-HF-I-1").contains("slices/s");
        try (LmdbReader r = new LmdbReader(ws.resolve("data/train_lmdb"))) {
            assertThat(Datum.decode(r.get("00000000")).floatData()).hasSize(256 * 256);
        }
        err = new StringWriter();
        assertThat(cli(err, "import", "sunnybrook", synth.dir().toString(), "--out", ws.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--force");
        assertThat(cli(new StringWriter(), "import", "sunnybrook", synth.dir().toString(), "--out", ws.toString(),
                "--force")).isZero();
        try (LmdbReader r = new LmdbReader(ws.resolve("data/train_lmdb"))) {
            assertThat(Datum.decode(r.get("00000000")).data()).hasSize(256 * 256);
        }
        try (Stream<Path> s = Files.list(ws)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("data");
        }
    }

    @Test
    void seriesMapOverridesThePairing() throws Exception {
        SyntheticSunnybrook.Case c0 = synth.cases().get(0);
        Path csv = tmp.resolve("map.csv");
        Files.writeString(csv, "case,series\n" + c0.contourFolder() + "," + c0.longAxisSeries() + "\n");
        ImportReport r = SunnybrookImporter.builder().seriesMap(csv).build().run(synth.dir(), tmp.resolve("ws-map"),
                ProgressListener.NONE);
        ImportReport.CaseReport c = r.cases().get(0);
        assertThat(c.series()).startsWith(c0.longAxisSeries() + " 'CINE 4CH LAX'");
        // the long-axis series has instances 1..12: contours 5, 7, 9, 11 pair there (when the image is large enough)
        assertThat(c0.longAxisRows()).isEqualTo(256);
        assertThat(c.paired()).isEqualTo(4);
        assertThat(c.paired()).isLessThan(8);
    }
}
