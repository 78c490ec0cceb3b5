package org.dlp4j.worker;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.dlp4j.BadInputException;
import org.dlp4j.Json;
import org.dlp4j.caffe.NativeCrashException;

/**
 * A child JVM running one {@link WorkerJob}: the parent side of the worker protocol. A native abort
 * in the child becomes a {@link NativeCrashException} carrying Caffe's fatal line; the parent and
 * other workers carry on. Workers die with their parent (a shutdown hook kills them, and a worker
 * whose stdin closes exits by itself, which covers {@code kill -9} of the parent).
 */
public final class Worker implements AutoCloseable {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Worker::reapAll, "worker-reaper"));
    }

    /** On parent exit: SIGTERM every worker (training snapshots), wait a little, then SIGKILL. */
    private static void reapAll() {
        LIVE.forEach(p -> p.toHandle().destroy());
        long deadline = System.currentTimeMillis() + 60_000;
        for (Process p : LIVE) {
            try {
                p.waitFor(Math.max(1, deadline - System.currentTimeMillis()), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            p.destroyForcibly();
        }
    }

    private static volatile String logLevel = System.getenv().getOrDefault("GLOG_minloglevel", "0");
    private static volatile Path defaultLog;

    /**
     * Caffe's log verbosity in workers (glog's minloglevel: 0 INFO, 1 WARNING, 2 ERROR, 3 FATAL) and a file
     * that receives the log of workers started without one of their own (the CLI's --caffe-log-level and
     * --caffe-log). Training always keeps Caffe's full log in runs/RUN/caffe.log as well.
     */
    public static void configureLogging(Integer minLevel, Path logFile) {
        if (minLevel != null) {
            logLevel = Integer.toString(minLevel);
        }
        if (logFile != null) {
            defaultLog = logFile.toAbsolutePath();
        }
    }

    /** Back to the defaults (the environment's GLOG_minloglevel, no extra log file). */
    public static void resetLogging() {
        logLevel = System.getenv().getOrDefault("GLOG_minloglevel", "0");
        defaultLog = null;
    }

    private final Process process;
    private final OutputStream stdin;
    private final Thread outPump;
    private final Thread errPump;
    private final Deque<String> errTail = new ArrayDeque<>();
    private volatile JsonNode result;
    private volatile JsonNode error;

    private Worker(Process process, Consumer<JsonNode> events, Writer logWriter, PrintStream echo) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.outPump = new Thread(() -> pumpEvents(events), "worker-events-" + process.pid());
        this.errPump = new Thread(() -> pumpLog(logWriter, echo), "worker-log-" + process.pid());
        outPump.setDaemon(true);
        errPump.setDaemon(true);
        outPump.start();
        errPump.start();
    }

    /**
     * JVM flags of every worker. A worker's hot loop is native Caffe; its Java code (events, metrics, image I/O)
     * needs no optimising compiler, and C2's compiler threads and G1's helpers take CPU from Caffe's OpenBLAS
     * threads. Measured on 2 cores (BENCHMARKS.md): {@code dlp infer} of fcn-small 24-26 -> 39-43 images/s, and the
     * Java/native step-time ratio of fcn-small training 1.039 -> 1.015 (median of paired rounds).
     */
    public static final List<String> JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    /**
     * Starts a worker running {@code jobClass} with {@code request}.
     *
     * @param workDir working directory of the child (relative paths in prototxts resolve here), or null
     * @param log     file that receives the child's stderr (Caffe's log), or null
     * @param echo    stream that also receives the child's stderr, or null
     * @param events  called for every event line except the final result/error, on a pump thread
     */
    public static Worker start(Class<? extends WorkerJob> jobClass, Object request, Path workDir, Path log,
            PrintStream echo, Consumer<JsonNode> events) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-opens");
        cmd.add("java.base/java.nio=ALL-UNNAMED");
        cmd.add("--add-opens");
        cmd.add("java.base/sun.nio.ch=ALL-UNNAMED");
        cmd.add("-Djava.awt.headless=true");
        cmd.addAll(JVM_FLAGS);
        String opts = System.getenv("DLP_WORKER_OPTS"); // after ours: a user's -XX flag wins
        if (opts != null && !opts.isBlank()) {
            cmd.addAll(List.of(opts.trim().split("\\s+")));
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(WorkerMain.class.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (workDir != null) {
            if (!Files.isDirectory(workDir)) {
                throw new BadInputException(workDir + (Files.exists(workDir) ? " is not a folder" : ": no such folder")
                        + "; the worker's working directory (--ws) must be an existing folder");
            }
            pb.directory(workDir.toFile());
        }
        Map<String, String> env = pb.environment();
        env.put("GLOG_logtostderr", "1");
        env.put("GLOG_minloglevel", log != null ? "0" : logLevel);
        Writer logWriter = openLog(log != null ? log : defaultLog, log == null);
        try {
            Process p = pb.start();
            LIVE.add(p);
            Worker w = new Worker(p, events == null ? e -> { } : events, logWriter, echo);
            String line = Json.write(Map.of("job", jobClass.getName(), "request", request == null ? Map.of() : request));
            w.stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            w.stdin.flush();
            return w;
        } catch (IOException e) {
            closeLog(logWriter);
            throw new IllegalStateException("cannot start a worker process: " + e.getMessage(), e);
        }
    }

    /** The log file opened for appending (its folder created), or null; a folder or a path under a file is bad input. */
    private static Writer openLog(Path log, boolean fromOption) {
        if (log == null) {
            return null;
        }
        String what = "the Caffe log " + log + (fromOption ? " (--caffe-log)" : "");
        if (Files.isDirectory(log)) {
            throw new BadInputException(what + " is a folder; give a file name");
        }
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            return Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.NotDirectoryException e) {
            throw new BadInputException(what + " cannot be written: " + e.getFile() + " is a file, not a folder", e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + what + ": " + e.getMessage(), e);
        }
    }

    private static void closeLog(Writer w) {
        if (w != null) {
            try {
                w.close();
            } catch (IOException e) {
                // nothing was written to it
            }
        }
    }

    /** Asks the job to stop gracefully (training snapshots, then stops). */
    public void requestStop() {
        try {
            stdin.write("{\"cmd\":\"stop\"}\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            // the worker is already gone
        }
    }

    /** Sends SIGTERM: the worker's shutdown hooks run (training snapshots). */
    public void terminate() {
        process.toHandle().destroy(); // Process.destroy() would also close our ends of its pipes
    }

    /** Kills the worker at once. */
    public void kill() {
        process.destroyForcibly();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits for the worker to end and returns the job's result.
     *
     * @throws NativeCrashException when the worker died without a result (Caffe abort: exit 3 in the CLI);
     *         a {@link WorkerKilledException} when a signal from outside ended it (exit 1 in the CLI)
     * @throws BadInputException    when the job reported bad input
     */
    public JsonNode await() throws InterruptedException {
        int code = process.waitFor();
        outPump.join(5000);
        errPump.join(5000);
        LIVE.remove(process);
        closeQuietly();
        if (result != null) {
            return result;
        }
        if (error != null) {
            String msg = error.path("message").asText();
            if ("bad_input".equals(error.path("kind").asText())) {
                throw new BadInputException(msg);
            }
            throw new WorkerFailedException(msg, code, "io".equals(error.path("kind").asText()));
        }
        if (WorkerKilledException.isKill(code)) {
            throw new WorkerKilledException(code); // from outside (the OOM killer, kill): not Caffe's doing
        }
        throw new NativeCrashException(fatalLine(code), code);
    }

    /** The last lines of the worker's stderr (Caffe's log). */
    public List<String> logTail() {
        synchronized (errTail) {
            return new ArrayList<>(errTail);
        }
    }

    private String fatalLine(int code) {
        List<String> tail = logTail();
        for (int i = tail.size() - 1; i >= 0; i--) {
            String l = tail.get(i);
            if (l.matches("^F\\d{4} .*\\] .*")) {
                return l.substring(l.indexOf("] ") + 2).trim();
            }
        }
        for (int i = tail.size() - 1; i >= 0; i--) {
            String l = tail.get(i).trim();
            if (!l.isEmpty() && !l.startsWith("@") && !l.startsWith("***")) {
                return "worker exited with code " + code + " (last log line: " + l + ")";
            }
        }
        return "worker exited with code " + code + " without a result";
    }

    private void pumpEvents(Consumer<JsonNode> events) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode ev;
                try {
                    ev = Json.MAPPER.readTree(line);
                } catch (IOException e) {
                    continue; // not a protocol line
                }
                String kind = ev.path("event").asText();
                if (kind.equals("result")) {
                    result = ev.path("result");
                } else if (kind.equals("error")) {
                    error = ev;
                } else {
                    try {
                        events.accept(ev);
                    } catch (RuntimeException e) {
                        e.printStackTrace();
                    }
                }
            }
        } catch (IOException e) {
            // process ended
        }
    }

    private void pumpLog(Writer log, PrintStream echo) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (errTail) {
                    errTail.addLast(line);
                    if (errTail.size() > 200) {
                        errTail.removeFirst();
                    }
                }
                if (log != null) {
                    log.write(line);
                    log.write('\n');
                    log.flush();
                }
                if (echo != null) {
                    echo.println(line);
                }
            }
        } catch (IOException e) {
            // process ended
        } finally {
            if (log != null) {
                try {
                    log.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
            }
        }
    }

    private void closeQuietly() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LIVE.remove(process);
        closeQuietly();
    }
}
