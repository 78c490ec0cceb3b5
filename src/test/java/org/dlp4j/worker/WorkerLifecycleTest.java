package org.dlp4j.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Stop requests reach the job; a worker never outlives its parent. */
class WorkerLifecycleTest {
    @Test
    void stopRequestEndsTheJobGracefully() throws Exception {
        Worker w = Worker.start(SleepJob.class, Map.of(), null, null, null, e -> { });
        Thread.sleep(1500);
        w.requestStop();
        assertThat(w.await().path("stopped").asBoolean()).isTrue();
    }

    @Test
    void workerDiesWhenItsParentIsKilled() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process parent = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                OrphanParent.class.getName())).redirectErrorStream(true).start();
        long workerPid;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(parent.getInputStream()))) {
            String line;
            do {
                line = r.readLine();
            } while (line != null && !line.startsWith("worker "));
            assertThat(line).isNotNull();
            workerPid = Long.parseLong(line.substring(7).trim());
        }
        Optional<ProcessHandle> worker = ProcessHandle.of(workerPid);
        assertThat(worker).isPresent();
        assertThat(worker.get().isAlive()).isTrue();
        parent.destroyForcibly().waitFor(); // kill -9: no shutdown hooks in the parent
        long deadline = System.currentTimeMillis() + 15_000;
        while (worker.get().isAlive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(worker.get().isAlive()).as("orphaned worker still alive").isFalse();
    }
}
