package org.dlp4j.worker;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dlp4j.Json;

/** What a job sees of its worker: an event channel to the parent and the parent's stop request. */
public final class WorkerContext {
    private final PrintStream protocol;
    private final CopyOnWriteArrayList<Runnable> stopHooks = new CopyOnWriteArrayList<>();
    private volatile boolean stopRequested;
    private final java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);

    WorkerContext(PrintStream protocol) {
        this.protocol = protocol;
    }

    /** Sends one event to the parent: {@code {"event": name, ...fields}}. */
    public void emit(String event, Map<String, ?> fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", event);
        m.putAll(fields);
        String line = Json.write(m);
        synchronized (protocol) {
            protocol.println(line);
            protocol.flush();
        }
    }

    /** True once the parent asked the job to stop (e.g. Ctrl-C, the web UI's Stop button). */
    public boolean stopRequested() {
        return stopRequested;
    }

    /** Runs when the parent asks to stop (on the reader thread: only set flags here). */
    public void onStop(Runnable hook) {
        stopHooks.add(hook);
        if (stopRequested) {
            hook.run();
        }
    }

    /**
     * Blocks until the job's final result or error line has been written (at most {@code seconds}).
     * A job's shutdown hook waits here so that SIGTERM cannot end the process before the parent
     * has heard how the job ended.
     */
    public void awaitFinished(long seconds) {
        try {
            finished.await(seconds, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void markFinished() {
        finished.countDown();
    }

    void requestStop() {
        stopRequested = true;
        stopHooks.forEach(Runnable::run);
    }
}
