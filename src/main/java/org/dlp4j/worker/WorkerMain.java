package org.dlp4j.worker;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dlp4j.BadInputException;
import org.dlp4j.Json;

/**
 * Entry point of a worker process. Protocol (JSON lines): the parent writes one request
 * {@code {"job": "<class>", "request": {...}}} then optionally {@code {"cmd": "stop"}}; the worker
 * writes events and finally {@code {"event": "result", "result": ...}} or
 * {@code {"event": "error", "kind": "bad_input"|"io"|"failure", "message": ...}}. Caffe's log goes to
 * stderr. When the parent's end of stdin closes (the parent died), the worker exits.
 */
public final class WorkerMain {
    /** The process that started us (captured at start: an orphan's current parent would be init). */
    private static final java.util.Optional<ProcessHandle> PARENT = ProcessHandle.current().parent();

    private WorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream protocol = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        System.setOut(System.err); // stray prints must not corrupt the protocol
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String first = in.readLine();
        if (first == null) {
            System.exit(1);
        }
        WorkerContext ctx = new WorkerContext(protocol);
        Thread reader = new Thread(() -> readCommands(in, ctx), "worker-stdin");
        reader.setDaemon(true);
        reader.start();
        int code = run(first, ctx);
        protocol.flush();
        ctx.markFinished();
        System.exit(code);
    }

    static int run(String requestLine, WorkerContext ctx) {
        try {
            JsonNode req = Json.MAPPER.readTree(requestLine);
            String jobClass = req.path("job").asText();
            if (!jobClass.startsWith("org.dlp4j.")) {
                throw new BadInputException("worker: unknown job '" + jobClass + "'");
            }
            Class<?> c = Class.forName(jobClass);
            if (!WorkerJob.class.isAssignableFrom(c)) {
                throw new BadInputException("worker: " + jobClass + " is not a WorkerJob");
            }
            WorkerJob job = (WorkerJob) c.getDeclaredConstructor().newInstance();
            Object result = job.run(req.path("request"), ctx);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("result", result);
            ctx.emit("result", m);
            return 0;
        } catch (BadInputException e) {
            ctx.emit("error", Map.of("kind", "bad_input", "message", String.valueOf(e.getMessage())));
            return 2;
        } catch (Throwable e) {
            e.printStackTrace(System.err);
            Throwable root = e;
            while ((root instanceof java.util.concurrent.ExecutionException
                    || root instanceof java.util.concurrent.CompletionException) && root.getCause() != null) {
                root = root.getCause(); // a job's own thread pool wraps what failed
            }
            // a failed read or write (disk full, no permission) is the system's answer: its own message says it
            boolean io = false;
            for (Throwable t = root; t != null; t = t.getCause()) {
                io |= t instanceof java.io.IOException || t instanceof java.io.UncheckedIOException;
            }
            String message = io && root.getMessage() != null ? root.getMessage()
                    : root.getClass().getSimpleName() + ": " + root.getMessage();
            ctx.emit("error", Map.of("kind", io ? "io" : "failure", "message", message));
            return 1;
        }
    }

    private static void readCommands(BufferedReader in, WorkerContext ctx) {
        try {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode cmd = Json.MAPPER.readTree(line);
                if ("stop".equals(cmd.path("cmd").asText())) {
                    ctx.requestStop();
                }
            }
        } catch (Exception e) {
            // fall through: treat as the parent gone
        }
        // Our stdin closed: normally because the parent died. Do not outlive it (shutdown hooks still
        // run, so a training job writes its final snapshot first). A live parent keeps us running.
        while (PARENT.isPresent() && PARENT.get().isAlive()) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
        System.exit(143);
    }
}
