package org.dlp4j.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dlp4j.BadInputException;
import org.dlp4j.caffe.NativeCrashException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Native aborts are contained in the worker; the parent reports Caffe's Check line and goes on. */
class WorkerTest {
    @TempDir
    Path dir;

    private static final String GOOD = """
            layer { name: "a" type: "DummyData" top: "a" dummy_data_param { shape { dim: 1 dim: 2 dim: 3 dim: 3 }
              data_filler { type: "constant" value: 1.5 } } }
            layer { name: "r" type: "ReLU" bottom: "a" top: "r" }
            """;

    /** Passes Java validation (names, types, counts, shapes) but Caffe's ContrastiveLoss CHECKs that its inputs are N x C x 1 x 1. */
    private static final String CHECK_FAILS = """
            layer { name: "a" type: "DummyData" top: "a" dummy_data_param { shape { dim: 1 dim: 2 dim: 3 dim: 3 } } }
            layer { name: "e" type: "ContrastiveLoss" bottom: "a" bottom: "a" bottom: "a" top: "e" }
            """;

    @Test
    void nativeAbortBecomesNativeCrashWithCheckLineAndTheParentGoesOn() throws Exception {
        Path bad = dir.resolve("bad.prototxt");
        Files.writeString(bad, CHECK_FAILS);
        Path log = dir.resolve("caffe.log");
        Worker w = Worker.start(ForwardJob.class, Map.of("model", bad.toString()), null, log, null, null);
        assertThatThrownBy(w::await).isInstanceOf(NativeCrashException.class)
                .hasMessageContaining("Check failed")
                .satisfies(e -> assertThat(((NativeCrashException) e).exitCode()).isEqualTo(134));
        assertThat(Files.readString(log)).contains("Check failed");

        Path good = dir.resolve("good.prototxt");
        Files.writeString(good, GOOD);
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        Worker ok = Worker.start(ForwardJob.class, Map.of("model", good.toString(), "passes", 2), null, null, null, events::add);
        JsonNode result = ok.await();
        assertThat(result.path("r").path("mean").asDouble()).isEqualTo(1.5);
        assertThat(result.path("r").path("shape").toString()).isEqualTo("[1,2,3,3]");
        assertThat(events).hasSize(2);
    }

    @Test
    void aWorkerKilledFromOutsideIsReportedAsKilledNotAsACaffeAbort() throws Exception {
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        Worker w = Worker.start(SleepJob.class, Map.of(), null, null, null, e -> started.countDown());
        assertThat(started.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        w.kill(); // SIGKILL, as the kernel's out-of-memory killer sends it
        assertThatThrownBy(w::await).isInstanceOf(WorkerKilledException.class)
                .hasMessage("the worker was killed (signal 9, e.g. out of memory)")
                .satisfies(e -> assertThat(((WorkerKilledException) e).exitCode()).isEqualTo(137))
                .satisfies(e -> assertThat(org.dlp4j.cli.ExitCodes.of(e)).isEqualTo(1));
        assertThat(WorkerKilledException.isKill(134)).as("SIGABRT is Caffe's own abort").isFalse();
        assertThat(WorkerKilledException.isKill(143)).isTrue();
        assertThat(WorkerKilledException.isKill(1)).isFalse();
        assertThat(new WorkerKilledException(143).getMessage()).isEqualTo("the worker was killed (signal 15, SIGTERM)");
    }

    @Test
    void badInputInTheWorkerIsReportedAsBadInput() throws Exception {
        Worker w = Worker.start(ForwardJob.class, Map.of("model", dir.resolve("missing.prototxt").toString()),
                null, null, null, null);
        assertThatThrownBy(w::await).isInstanceOf(BadInputException.class).hasMessageContaining("missing.prototxt");
    }

    @Test
    void aFailedWriteIsReportedWithItsReasonAndABugStaysABug() throws Exception {
        Worker disk = Worker.start(FailingJob.class, Map.of("how", "disk"), null, null, null, null);
        assertThatThrownBy(disk::await).isInstanceOf(WorkerFailedException.class)
                .hasMessage("cannot write /out/overlays/a.png: No space left on device")
                .satisfies(e -> assertThat(((WorkerFailedException) e).io()).isTrue());
        Worker bug = Worker.start(FailingJob.class, Map.of("how", "bug"), null, null, null, null);
        assertThatThrownBy(bug::await).isInstanceOf(WorkerFailedException.class)
                .hasMessage("IllegalStateException: a bug")
                .satisfies(e -> assertThat(((WorkerFailedException) e).io()).isFalse());
    }

    @Test
    void timeJobReportsEveryLayer() throws Exception {
        Path good = dir.resolve("good.prototxt");
        Files.writeString(good, GOOD);
        JsonNode r = Worker.start(TimeJob.class, Map.of("model", good.toString(), "iterations", 3), null, null, null, null)
                .await();
        assertThat(r.path("layers")).hasSize(2);
        assertThat(r.path("layers").get(1).path("type").asText()).isEqualTo("ReLU");
        assertThat(r.path("iterations").asInt()).isEqualTo(3);
    }

    @Test
    void workersRunWithTheClientCompilerAndTheSerialCollector() throws Exception {
        JsonNode r = Worker.start(JvmFlagsJob.class, Map.of(), null, null, null, null).await();
        java.util.List<String> args = new java.util.ArrayList<>();
        r.path("args").forEach(a -> args.add(a.asText()));
        assertThat(args).containsAll(Worker.JVM_FLAGS);
        java.util.List<String> collectors = new java.util.ArrayList<>();
        r.path("collectors").forEach(a -> collectors.add(a.asText()));
        assertThat(collectors).as("the serial collector's two generations").containsExactlyInAnyOrder("Copy",
                "MarkSweepCompact");
    }
}
