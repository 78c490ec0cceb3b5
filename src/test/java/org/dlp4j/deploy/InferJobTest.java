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
}
