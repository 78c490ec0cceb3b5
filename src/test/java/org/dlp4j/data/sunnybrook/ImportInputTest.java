package org.dlp4j.data.sunnybrook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.dlp4j.cli.Main;
import org.dlp4j.data.synth.SyntheticSunnybrook;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad --out folders and odd contour files, on one generated 3-case dataset. */
class ImportInputTest {
    @TempDir
    static Path tmp;
    static SyntheticSunnybrook.Result synth;

    @BeforeAll
    static void generate() throws Exception {
        synth = SyntheticSunnybrook.generate(tmp.resolve("synth"), 3, 21);
    }

    private static int cli(StringWriter err, String... args) {
        return Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args);
    }

    @Test
    void anUnwritableOutIsSaidBeforeTheScanWithExit2() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")));
        // /proc takes no new folders, for root too
        StringWriter err = new StringWriter();
        String out = "/proc/dlp4j-no-such/ws";
        assertThat(cli(err, "import", "sunnybrook", synth.dir().toString(), "--out", out)).isEqualTo(2);
        assertThat(err.toString()).contains("cannot write " + out).contains("choose another --out")
                .doesNotContain("headers").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void anExistingOutputIsSaidBeforeTheScan() throws Exception {
        Path ws = tmp.resolve("ws-exists");
        Files.createDirectories(ws.resolve("data"));
        StringWriter err = new StringWriter();
        assertThat(cli(err, "import", "sunnybrook", synth.dir().toString(), "--out", ws.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("output exists").doesNotContain("headers");
    }

    @Test
    void badSplitFractionsAreSaidBeforeTheScan() {
        StringWriter err = new StringWriter();
        assertThat(cli(err, "import", "sunnybrook", synth.dir().toString(), "--out", tmp.resolve("ws-f").toString(),
                "--val-fraction", "0.6", "--test-fraction", "0.6")).isEqualTo(2);
        assertThat(err.toString()).contains("split fractions must be >= 0 and sum to less than 1, got val 0.6 and"
                + " test 0.6").doesNotContain("headers");
        assertThat(tmp.resolve("ws-f")).doesNotExist();
    }

    @Test
    void aFailedImportLeavesNoFolderItMade() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("no-contours"));
        Files.writeString(empty.resolve("readme.txt"), "nothing here");
        Path out = tmp.resolve("new-a/new-b/ws");
        StringWriter err = new StringWriter();
        assertThat(cli(err, "import", "sunnybrook", empty.toString(), "--out", out.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no Sunnybrook contour files");
        assertThat(tmp.resolve("new-a")).doesNotExist();
        // a folder that was there stays, empty
        Path kept = Files.createDirectories(tmp.resolve("kept"));
        assertThat(cli(new StringWriter(), "import", "sunnybrook", empty.toString(), "--out", kept.toString()))
                .isEqualTo(2);
        assertThat(kept).isEmptyDirectory();
    }

    @Test
    void aStoppedImportLeavesNothingBehind() throws Exception {
        // Ctrl-C or a kill runs the JVM's shutdown hooks, not the import's finally blocks: the writer's hook
        // removes its temp folder and the --out folders it made
        Path out = tmp.resolve("stopped/ws");
        WorkspaceWriter w = new WorkspaceWriter(out, false, false);
        byte[] px = new byte[16];
        PreparedSlice s = new PreparedSlice("s0", "c", 1, 4, 4, px, null, px, null, 1, 1, java.util.Map.of());
        w.add(CaseSplit.Split.TRAIN, s);
        w.add(CaseSplit.Split.TEST, s);
        try (Stream<Path> l = Files.list(out)) {
            assertThat(l.map(p -> p.getFileName().toString()).toList()).singleElement().asString()
                    .startsWith(".data.tmp-");
        }
        Thread hook = w.exitHook();
        assertThat(Runtime.getRuntime().removeShutdownHook(hook)).isTrue(); // it was registered
        hook.run();
        assertThat(tmp.resolve("stopped")).doesNotExist();
        w.close();
        // a finished writer leaves no hook behind
        WorkspaceWriter done = new WorkspaceWriter(tmp.resolve("done"), false, false);
        done.add(CaseSplit.Split.TRAIN, s);
        done.finish(java.util.Map.of());
        assertThat(Runtime.getRuntime().removeShutdownHook(done.exitHook())).isFalse();
        assertThat(tmp.resolve("done/data/train_lmdb/data.mdb")).exists();
    }

    @Test
    void oddAndMixedSlicesSizesImportAndAreWarned() throws Exception {
        // three hand-made cases: 64 x 64, 64 x 64 and a non-square 48 x 40 (rows x columns), one contoured slice each
        Path src = tmp.resolve("sizes");
        int[][] shapes = {{64, 64}, {64, 64}, {48, 40}};
        for (int k = 0; k < 3; k++) {
            int rows = shapes[k][0];
            int cols = shapes[k][1];
            short[] px = new short[rows * cols];
            for (int i = 0; i < px.length; i++) {
                px[i] = (short) (i % 97);
            }
            Path dicoms = Files.createDirectories(src.resolve("SC-N-" + (k + 1)));
            Files.write(dicoms.resolve("IM-0100-0001.dcm"), org.dlp4j.data.dicom.DicomWriter.encode(
                    new org.dlp4j.data.dicom.DicomWriter.MrImage(px, rows, cols, true, 1.5, 1.5, 100, 1, 0.0,
                            "P" + k, "1.2.3." + k, "1.2.3." + k + ".1", "1.2.3." + k + ".1.1", "CINE SAX")));
            Path contours = Files.createDirectories(src.resolve("SC-N-0" + (k + 1))
                    .resolve("contours-manual/IRCCI-expert"));
            // pixel centres (integer x = column, y = row) inside: columns 10..20, rows 5..15 = 121
            Files.writeString(contours.resolve("IM-0001-0001-icontour-manual.txt"),
                    "9.70 4.70\n20.30 4.70\n20.30 15.30\n9.70 15.30\n");
        }
        StringWriter err = new StringWriter();
        Path ws = tmp.resolve("ws-sizes");
        assertThat(cli(err, "import", "sunnybrook", src.toString(), "--out", ws.toString())).as(err.toString())
                .isZero();
        assertThat(err.toString()).contains("warning: paired slices have 2 different sizes [48x40, 64x64]");
        com.fasterxml.jackson.databind.JsonNode ds = org.dlp4j.Json.MAPPER.readTree(
                ws.resolve("data/dataset.json").toFile());
        List<String> got = new java.util.ArrayList<>();
        ds.get("slices").forEach(s -> got.add(s.get("case").asText() + " " + s.get("rows").asInt() + "x"
                + s.get("cols").asInt() + " " + s.get("labelPixels").asInt()));
        assertThat(got).containsExactlyInAnyOrder("SC-N-1 64x64 121", "SC-N-2 64x64 121", "SC-N-3 48x40 121");
    }

    @Test
    void degenerateAndOutsideContoursAreSkippedNamingTheirFile() throws Exception {
        Path src = tmp.resolve("odd");
        try (Stream<Path> s = Files.walk(synth.dir())) {
            for (Path p : s.toList()) {
                Path q = src.resolve(synth.dir().relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
        Path folder;
        try (Stream<Path> s = Files.walk(src)) {
            folder = s.filter(p -> p.getFileName().toString().equals("IRCCI-expert")).sorted().findFirst()
                    .orElseThrow();
        }
        List<Path> inner;
        try (Stream<Path> s = Files.list(folder)) {
            inner = s.filter(p -> p.getFileName().toString().contains("icontour")).sorted().toList();
        }
        Path flat = inner.get(0);
        Path outside = inner.get(1);
        Files.writeString(flat, "10 10\n20 20\n30 30.00\n10 10\n"); // on one line: area 0
        Files.writeString(outside, "-50 -50\n300 -50\n300 280\n-50 280\n"); // beyond a 256 x 256 slice
        ImportReport r = SunnybrookImporter.builder().seed(5).build().run(src, tmp.resolve("ws-odd"),
                ProgressListener.NONE);
        List<String> reasons = r.cases().stream().flatMap(c -> c.skipped().stream())
                .map(ImportReport.SkippedItem::reason).toList();
        assertThat(reasons).hasSize(2);
        assertThat(reasons.get(0)).startsWith(flat.toString()).contains("encloses no area (4 points, area 0.00");
        assertThat(reasons.get(1)).startsWith(outside.toString())
                .contains("outside the image: they reach x -50.00..300.00, y -50.00..280.00")
                .contains("is 256x256");
        assertThat(r.slicesPerSplit().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(24 - 2);
    }
}
