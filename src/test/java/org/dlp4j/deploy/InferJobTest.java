package org.dlp4j.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.dlp4j.caffe.Device;
import org.junit.jupiter.api.Test;

/** When dlp infer overlaps decoding and writing with the forward pass. */
class InferJobTest {
    @Test
    void overlapsOnlyWhereACoreIsFreeBesideOpenBlas() {
        Device cpu = Device.cpu();
        // OpenBLAS takes every core by default: I/O beside it would take one of its threads' cores
        assertThat(InferJob.overlapIo(cpu, Map.of(), 2)).isFalse();
        assertThat(InferJob.overlapIo(cpu, Map.of(), 16)).isFalse();
        assertThat(InferJob.overlapIo(cpu, Map.of("OPENBLAS_NUM_THREADS", "1"), 2)).isTrue();
        assertThat(InferJob.overlapIo(cpu, Map.of("OPENBLAS_NUM_THREADS", "2"), 2)).isFalse();
        assertThat(InferJob.overlapIo(cpu, Map.of("OMP_NUM_THREADS", "4"), 8)).isTrue();
        // OPENBLAS_NUM_THREADS wins over OMP_NUM_THREADS, as in OpenBLAS; junk values are ignored
        assertThat(InferJob.overlapIo(cpu, Map.of("OPENBLAS_NUM_THREADS", "8", "OMP_NUM_THREADS", "1"), 8)).isFalse();
        assertThat(InferJob.overlapIo(cpu, Map.of("OPENBLAS_NUM_THREADS", "x", "OMP_NUM_THREADS", "1"), 8)).isTrue();
        assertThat(InferJob.overlapIo(cpu, Map.of("OPENBLAS_NUM_THREADS", "0"), 8)).isFalse();
        // on a GPU the CPU is free for I/O
        assertThat(InferJob.overlapIo(new Device(true, 0), Map.of(), 2)).isTrue();
    }

    @Test
    void warmUpWritesNothingAndSwallowsBadInput(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path png = dir.resolve("slice.png");
        byte[] px = new byte[40 * 30];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i % 251);
        }
        org.dlp4j.data.images.Png.writeGray(png, px, 30, 40);
        long before = java.nio.file.Files.getLastModifiedTime(png).toMillis();
        InferJob.warmUp(png, java.util.List.of("background", "left ventricle"));
        InferJob.warmUp(null, java.util.List.of());
        InferJob.warmUp(dir.resolve("missing.png"), java.util.List.of()); // the loop reports it, not the warm-up
        java.nio.file.Files.writeString(dir.resolve("junk.png"), "not a png");
        InferJob.warmUp(dir.resolve("junk.png"), java.util.List.of());
        try (var files = java.nio.file.Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder("slice.png", "junk.png");
        }
        assertThat(java.nio.file.Files.getLastModifiedTime(png).toMillis()).isEqualTo(before);
    }
}
