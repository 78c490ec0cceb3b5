package org.dlp4j.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.dlp4j.BadInputException;
import org.dlp4j.caffe.Caffe;
import org.dlp4j.caffe.Device;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** When dlp infer decodes and writes beside the forward pass, and on how many OpenBLAS threads. */
class IoScheduleTest {
    private static final Device CPU = Device.cpu();

    @Test
    void theDecisionComparesTheSlowerOverlappedLaneWithTheSerialSum() {
        // fcn-small as measured: 10 ms on 2 threads, 13.5 on 1, 10 outside: max(13.5, 10) * 1.05 = 14.2 < 20
        assertThat(IoSchedule.overlapPays(10, 13.5, 10)).isTrue();
        // AlexFCN: 130 ms on 2 threads, 240 on 1, 11 outside: 252 > 141
        assertThat(IoSchedule.overlapPays(130, 240, 11)).isFalse();
        // outside work is the slower lane: max(12, 30) * 1.05 = 31.5 < 40
        assertThat(IoSchedule.overlapPays(10, 12, 30)).isTrue();
        // a gain under the 5 % margin is not taken: max(19.5, 1) * 1.05 = 20.475 > 20
        assertThat(IoSchedule.overlapPays(19, 19.5, 1)).isFalse();
        assertThat(IoSchedule.worthMeasuring(130, 11)).isFalse();
        assertThat(IoSchedule.worthMeasuring(100, 15)).isTrue();
    }

    @Test
    void theEnvironmentsThreadCountIsReadAndValidated() {
        assertThat(Caffe.envBlasThreads(Map.of())).isZero();
        assertThat(Caffe.envBlasThreads(Map.of("OPENBLAS_NUM_THREADS", " 3 "))).isEqualTo(3);
        assertThat(Caffe.envBlasThreads(Map.of("OPENBLAS_NUM_THREADS", "8", "OMP_NUM_THREADS", "1"))).isEqualTo(8);
        assertThat(Caffe.envBlasThreads(Map.of("OPENBLAS_NUM_THREADS", "x", "OMP_NUM_THREADS", "2"))).isEqualTo(2);
        assertThat(Caffe.envBlasThreads(Map.of("OPENBLAS_NUM_THREADS", "0"))).isZero();
        assertThat(Caffe.envBlasThreads(Map.of("GOTO_NUM_THREADS", "5", "OMP_NUM_THREADS", "2"))).isEqualTo(5);
        assertThat(Caffe.envBlasThreads(Map.of("OMP_NUM_THREADS", "99999999999"))).isZero();
    }

    @Test
    void modesParseAndABadOneIsANamedError() {
        assertThat(IoSchedule.Mode.parse(null)).isEqualTo(IoSchedule.Mode.AUTO);
        assertThat(IoSchedule.Mode.parse(" On ")).isEqualTo(IoSchedule.Mode.ON);
        assertThat(IoSchedule.Mode.parse("off")).isEqualTo(IoSchedule.Mode.OFF);
        assertThatThrownBy(() -> IoSchedule.Mode.parse("sometimes")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("auto, on or off");
    }

    @Test
    void fixedDecisionsNeverMeasure() {
        int full = Caffe.blasThreads();
        try (IoSchedule gpu = IoSchedule.start(IoSchedule.Mode.AUTO, Device.gpu(0), Map.of(), 2, 100)) {
            assertThat(gpu.overlap()).isTrue();
        }
        try (IoSchedule env = IoSchedule.start(IoSchedule.Mode.AUTO, CPU, Map.of("OPENBLAS_NUM_THREADS", "1"), 2, 100)) {
            assertThat(env.overlap()).isTrue();
            assertThat(env.record(1, 100)).isEqualTo(IoSchedule.Step.SAME);
            assertThat(Caffe.blasThreads()).isEqualTo(full); // the user's setting is never changed
        }
        try (IoSchedule env = IoSchedule.start(IoSchedule.Mode.AUTO, CPU, Map.of("OMP_NUM_THREADS", "4"), 4, 100)) {
            assertThat(env.overlap()).isFalse();
        }
        try (IoSchedule off = IoSchedule.start(IoSchedule.Mode.OFF, CPU, Map.of(), 2, 100)) {
            for (int i = 0; i < 10; i++) {
                assertThat(off.record(1, 100)).isEqualTo(IoSchedule.Step.SAME);
            }
            assertThat(off.overlap()).isFalse();
            assertThat(off.report()).doesNotContainKey("calibration");
        }
        try (IoSchedule few = IoSchedule.start(IoSchedule.Mode.AUTO, CPU, Map.of(), 2, IoSchedule.MIN_IMAGES - 1)) {
            for (int i = 0; i < 10; i++) {
                assertThat(few.record(1, 100)).isEqualTo(IoSchedule.Step.SAME);
            }
            assertThat(few.report()).containsEntry("overlapped_io", false).doesNotContainKey("calibration");
        }
    }

    @Test
    void calibrationOverlapsASmallNetOnOneThreadFewerAndRestoresTheThreadsAfter() {
        int full = Caffe.blasThreads();
        Assumptions.assumeTrue(full >= 2, "OpenBLAS runs on one thread here");
        Map<String, Object> report;
        try (IoSchedule s = IoSchedule.start(IoSchedule.Mode.AUTO, CPU, Map.of(), 2, 100)) {
            assertThat(s.overlap()).isFalse();
            assertThat(s.record(50, 500)).isEqualTo(IoSchedule.Step.SAME); // image 0: not measured
            assertThat(s.record(11, 21)).isEqualTo(IoSchedule.Step.SAME);
            // the smaller of two samples: a pause only ever adds time
            assertThat(s.record(10, 40)).isEqualTo(IoSchedule.Step.OVERLAP);
            assertThat(Caffe.blasThreads()).isEqualTo(full - 1); // measured overlapped, on one thread fewer
            assertThat(s.overlap()).isTrue();
            assertThat(s.record(14, 14)).isEqualTo(IoSchedule.Step.SAME);
            assertThat(s.record(13.5, 13.5)).isEqualTo(IoSchedule.Step.SAME); // max(13.5, 10) * 1.05 < 10 + 10: kept
            assertThat(s.overlap()).isTrue();
            assertThat(s.record(30, 30)).isEqualTo(IoSchedule.Step.SAME); // decided: later images change nothing
            report = s.report();
            assertThat(Caffe.blasThreads()).isEqualTo(full - 1);
        }
        assertThat(Caffe.blasThreads()).isEqualTo(full);
        assertThat(report).containsEntry("overlapped_io", true).containsEntry("blas_threads", full - 1);
        assertThat(report.get("calibration")).isEqualTo(Map.of("forward_ms_all_threads", 10.0, "outside_ms", 10.0,
                "forward_ms_fewer_threads", 13.5));
    }

    @Test
    void calibrationKeepsABigNetInTurnOnAllThreads() {
        int full = Caffe.blasThreads();
        Assumptions.assumeTrue(full >= 2, "OpenBLAS runs on one thread here");
        // AlexFCN-like: 11 ms outside is under 15 % of 130 ms forward: nothing more is measured
        try (IoSchedule s = IoSchedule.start(IoSchedule.Mode.AUTO, CPU, Map.of(), 2, 100)) {
            for (int i = 0; i < 8; i++) {
                assertThat(s.record(130, 141)).isEqualTo(IoSchedule.Step.SAME);
            }
            assertThat(Caffe.blasThreads()).isEqualTo(full);
            assertThat(s.overlap()).isFalse();
            assertThat(s.report().get("calibration")).isEqualTo(Map.of("forward_ms_all_threads", 130.0, "outside_ms", 11.0));
        }
        // worth measuring, but one thread fewer doubles the forward pass: back in turn on all threads
        try (IoSchedule s = IoSchedule.start(IoSchedule.Mode.AUTO, CPU, Map.of(), 2, 100)) {
            s.record(10, 13);
            s.record(10, 13);
            assertThat(s.record(10, 13)).isEqualTo(IoSchedule.Step.OVERLAP);
            assertThat(Caffe.blasThreads()).isEqualTo(full - 1);
            assertThat(s.record(20, 20)).isEqualTo(IoSchedule.Step.SAME);
            assertThat(s.record(20, 20)).isEqualTo(IoSchedule.Step.IN_TURN); // max(20, 3) * 1.05 > 10 + 3
            assertThat(Caffe.blasThreads()).isEqualTo(full);
            assertThat(s.overlap()).isFalse();
            assertThat(s.report()).containsEntry("blas_threads", full).containsEntry("overlapped_io", false);
            assertThat((String) s.report().get("schedule")).startsWith("in turn: forward 10.0 ms");
        }
        assertThat(Caffe.blasThreads()).isEqualTo(full);
    }

    @Test
    void overlapOnTakesOneThreadFromOpenBlasForTheJob() {
        int full = Caffe.blasThreads();
        Assumptions.assumeTrue(full >= 2, "OpenBLAS runs on one thread here");
        try (IoSchedule s = IoSchedule.start(IoSchedule.Mode.ON, CPU, Map.of(), 2, 3)) {
            assertThat(s.overlap()).isTrue();
            assertThat(Caffe.blasThreads()).isEqualTo(full - 1);
        }
        assertThat(Caffe.blasThreads()).isEqualTo(full);
    }
}
