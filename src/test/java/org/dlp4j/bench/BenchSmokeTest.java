package org.dlp4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmdbjava.Dbi;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.KeyRange;
import org.lmdbjava.Txn;

/**
 * Checks the pieces of bench/ that produce the reported numbers, offline and in seconds: the
 * report arithmetic (medians, overhead, parity verdict, /usr/bin/time parsing), the
 * hand-written Datum encoder, and the Python Sunnybrook peer on the real files in shared/data.
 * Needs /usr/bin/python3 (stdlib only, except the peer test, which skips without Debian's
 * python3-pydicom, python3-lmdb and python3-opencv). The full harness is `bench/run --quick`.
 */
class BenchSmokeTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir Path tmp;

    private record Result(int code, String out) {}

    private static Result run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    private static void assumePython() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(PYTHON)), "needs " + PYTHON);
    }

    private Path jsonl(String name, String... lines) throws IOException {
        return Files.write(tmp.resolve(name), List.of(lines));
    }

    @Test
    void bridgeReportComputesMediansOverheadAndParity() throws Exception {
        assumePython();
        // warm-up 1: native timed steps 2, 2, 4, 4 -> median 3; java timed 4.5, 4.5 -> median 4.5
        Path n1 = jsonl("n1.jsonl", "{\"iter\":0,\"loss\":2.5,\"ms\":50}",
                "{\"iter\":1,\"loss\":2.0,\"ms\":2}", "{\"iter\":2,\"loss\":1.5,\"ms\":2}");
        Path n2 = jsonl("n2.jsonl", "{\"iter\":0,\"loss\":2.5,\"ms\":60}",
                "{\"iter\":1,\"loss\":2.0,\"ms\":4}", "{\"iter\":2,\"loss\":1.5,\"ms\":4}");
        Path close = jsonl("j1.jsonl", "{\"iter\":0,\"loss\":2.5,\"ms\":90}",
                "{\"iter\":1,\"loss\":2.0000004,\"ms\":4.5}", "{\"iter\":2,\"loss\":1.5,\"ms\":4.5}");
        Path far = jsonl("j2.jsonl", "{\"iter\":0,\"loss\":2.5,\"ms\":90}",
                "{\"iter\":1,\"loss\":2.0,\"ms\":4.5}", "{\"iter\":2,\"loss\":1.5001,\"ms\":4.5}");

        Result pass = run(Path.of("."), PYTHON, "bench/report.py", "bridge", "--warmup", "1",
                "--parity", "3", "--native", n1.toString(), n2.toString(), "--java", close.toString());
        assertThat(pass.code()).isZero();
        assertThat(pass.out()).contains("| caffe-ref (C++) | 2 | 4 | 3.000 |")
                .contains("| BridgeBench (Java) | 1 | 2 | 4.500 |")
                .contains("Bridge overhead per step: +1.500 ms (+50.0 %)")
                .contains("noise floor): native 2.000, 4.000; java 4.500.")
                .contains("Paired rounds (each Java process's median / the native one run just before it): 2.250;"
                        + " median **2.250**.")
                .contains("max |native - java| = 4e-07").contains("**PASS**")
                .contains("Native run-to-run max difference over the same steps: 0.");

        Result fail = run(Path.of("."), PYTHON, "bench/report.py", "bridge", "--warmup", "1",
                "--parity", "3", "--native", n1.toString(), "--java", far.toString());
        assertThat(fail.out()).contains("max |native - java| = 0.0001").contains("**FAIL**");
    }

    @Test
    void interleavedReportPairsEachJavaStepWithTheNativeStepBesideIt() throws Exception {
        assumePython();
        // BridgeBench --interleave order J N N J J N N J; warm-up 2 leaves the pairs (N 2, J 3), (J 4, N 2),
        // (N 4, J 4): ratios 1.5, 2, 1 (median 1.5); java 3, 4, 4 (median 4), native 2, 2, 4 (median 2)
        String[] sides = {"java", "native", "native", "java", "java", "native", "native", "java"};
        double[] ms = {50, 40, 2, 3, 4, 2, 4, 4};
        List<String> lines = new ArrayList<>();
        List<String> reference = new ArrayList<>();
        for (int i = 0; i < sides.length; i++) {
            lines.add("{\"iter\":" + i + ",\"loss\":" + (3 - 0.25 * i) + ",\"ms\":" + ms[i] + ",\"side\":\"" + sides[i] + "\"}");
            reference.add("{\"iter\":" + i + ",\"loss\":" + (3 - 0.25 * i) + ",\"ms\":1}");
        }
        Path il = Files.write(tmp.resolve("il.jsonl"), lines);
        Path ref = Files.write(tmp.resolve("ref.jsonl"), reference.subList(0, 6));
        Result r = run(Path.of("."), PYTHON, "bench/report.py", "interleaved", "--warmup", "2",
                "--reference", ref.toString(), il.toString());
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("| Step(1) in C++ (libcaffe-ref-jni) | 1 | 3 | 2.000 |")
                .contains("| CaffeSolver.step(1) (Java) | 1 | 3 | 4.000 |")
                .contains("Java median / native median = **2.0000** (+2.000 ms a step)")
                .contains("3 pairs): median **1.5000**, quartiles 1.0000-2.0000; per process: 2.0000.")
                .contains("caffe-ref's own run, 6 steps: max |difference| = 0 (tolerance 1e-05): **PASS**");

        reference.set(4, "{\"iter\":4,\"loss\":1.9,\"ms\":1}");
        Files.write(ref, reference);
        assertThat(run(Path.of("."), PYTHON, "bench/report.py", "interleaved", "--warmup", "2",
                "--reference", ref.toString(), il.toString()).out())
                .contains("8 steps: max |difference| = 0.1 (tolerance 1e-05): **FAIL**");

        // two Java steps in one pair: not a run of BridgeBench --interleave
        lines.set(2, lines.get(2).replace("native", "java"));
        Files.write(il, lines);
        Result broken = run(Path.of("."), PYTHON, "bench/report.py", "interleaved", "--warmup", "2",
                "--reference", ref.toString(), il.toString());
        assertThat(broken.code()).isEqualTo(1);
        assertThat(broken.out()).contains("not in J/N pairs at iter 2");
    }

    @Test
    void rusageParsesWallClockAndPeakRss() throws Exception {
        assumePython();
        Path log = Files.writeString(tmp.resolve("t.log"), String.join("\n",
                "\tCommand being timed: \"x\"",
                "\tElapsed (wall clock) time (h:mm:ss or m:ss): 1:02.50",
                "\tMaximum resident set size (kbytes): 204800", ""));
        Result r = run(Path.of("."), PYTHON, "bench/report.py", "rusage", log.toString());
        assertThat(r.out().trim()).isEqualTo("62.50 200.0");
    }

    @Test
    void datumEncoderWritesCaffeFieldNumbersAndVarints() throws Exception {
        assumePython();
        // channels=1 (08 01), height=2 (10 02), width=3 (18 03), data=6 bytes (22 06 ..),
        // label=300 (28 ac 02: 300 = 0b10_0101100 -> 0x2c|0x80, 0x02)
        Result r = run(Path.of("bench"), PYTHON, "-c",
                "from caffe_datum import encode_datum, key;"
                        + "print(encode_datum(1, 2, 3, bytes(range(6)), 300).hex(), key(42).decode())");
        assertThat(r.out().trim()).isEqualTo("0801100218032206000102030405" + "28ac02 00000042");
    }

    @Test
    void pythonPeerPairsRealSunnybrookSlicesByInstanceNumber() throws Exception {
        assumePython();
        Path shared = Path.of("../shared/data/sunnybrook");
        Assumptions.assumeTrue(Files.isDirectory(shared), "needs ../shared/data");
        Assumptions.assumeTrue(run(Path.of("."), PYTHON, "-c", "import pydicom, lmdb, cv2").code() == 0,
                "needs python3-pydicom, python3-lmdb, python3-opencv");
        Path tree = tmp.resolve("tree");
        Result layout = run(Path.of("."), PYTHON, "bench/make_original_layout.py", shared.toString(),
                tree.toString());
        assertThat(layout.code()).as(layout.out()).isZero();
        // contour folders are zero padded (SC-HF-I-01), image folders are not (SC-HF-I-1)
        assertThat(tree.resolve("SC-HF-I-01/contours-manual/IRCCI-expert/IM-0001-0048-icontour-manual.txt"))
                .exists();
        assertThat(tree.resolve("SC-HF-I-1/IM-0001-0048.dcm")).exists();

        Result peer = run(Path.of("."), PYTHON, "bench/sunnybrook_to_lmdb.py", tree.toString(), "--out",
                tmp.resolve("out").toString());
        assertThat(peer.code()).as(peer.out()).isZero();
        // 4 + 3 + 3 i-contours in shared/data, every one with its DICOM: none skipped
        assertThat(peer.out()).contains("slices: 10 (skipped 0) cases: 3 ");

        List<byte[]> images = records(tmp.resolve("out/images_lmdb"));
        List<byte[]> labels = records(tmp.resolve("out/labels_lmdb"));
        assertThat(images).hasSize(10);
        assertThat(labels).hasSize(10);
        // Datum header: channels 1, height 256, width 256, data of 65536 bytes (varint 80 80 04)
        byte[] header = {0x08, 0x01, 0x10, (byte) 0x80, 0x02, 0x18, (byte) 0x80, 0x02, 0x22,
            (byte) 0x80, (byte) 0x80, 0x04};
        for (int i = 0; i < 10; i++) {
            byte[] image = images.get(i);
            byte[] label = labels.get(i);
            assertThat(image).hasSize(header.length + 65536).startsWith(header);
            assertThat(label).hasSize(header.length + 65536).startsWith(header);
            // the filled i-contour is the bright blood pool: brighter than the background, and
            // brighter than the same polygon with x and y swapped (the classic pairing bug)
            long in = 0, swapped = 0, out = 0, nIn = 0;
            for (int k = 0; k < 65536; k++) {
                int v = image[header.length + k] & 0xFF;
                int transposed = (k % 256) * 256 + k / 256;
                if (label[header.length + transposed] == 1) {
                    swapped += v;
                }
                if (label[header.length + k] == 1) {
                    in += v;
                    nIn++;
                } else {
                    assertThat(label[header.length + k]).isZero();
                    out += v;
                }
            }
            assertThat(nIn).isBetween(100L, 5000L);
            assertThat((double) in / nIn).isGreaterThan(1.5 * out / (65536 - nIn));
            assertThat(in).isGreaterThan(swapped);
        }
    }

    private static List<byte[]> records(Path dir) {
        List<byte[]> values = new ArrayList<>();
        try (Env<ByteBuffer> env = Env.create().setMapSize(1L << 30).open(dir.toFile(), EnvFlags.MDB_RDONLY_ENV)) {
            Dbi<ByteBuffer> db = env.openDbi((byte[]) null);
            try (Txn<ByteBuffer> txn = env.txnRead()) {
                int i = 0;
                for (var kv : db.iterate(txn, KeyRange.all())) {
                    byte[] key = new byte[kv.key().remaining()];
                    kv.key().get(key);
                    assertThat(new String(key, StandardCharsets.US_ASCII)).isEqualTo(String.format("%08d", i++));
                    byte[] value = new byte[kv.val().remaining()];
                    kv.val().get(value);
                    values.add(value);
                }
            }
        }
        return values;
    }
}
