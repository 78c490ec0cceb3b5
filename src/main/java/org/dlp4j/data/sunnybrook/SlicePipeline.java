package org.dlp4j.data.sunnybrook;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.dlp4j.BadInputException;

/**
 * Decodes, rasterises and encodes (LMDB values, PNGs) slices on {@code threads} workers while the calling thread
 * only stores them, in task order.
 * At most {@code 4 × threads} prepared slices wait in memory, so the heap stays flat whatever the dataset size.
 */
final class SlicePipeline {
    private final int threads;
    private final SliceProcessor processor;

    SlicePipeline(int threads, SliceProcessor processor) {
        this.threads = threads;
        this.processor = processor;
    }

    /** Outcome of one task: a prepared slice or the reason it was skipped. */
    private record Outcome(SunnybrookImporter.Task task, PreparedSlice slice, WorkspaceWriter.Encoded bytes,
            String error) {
    }

    void run(List<SunnybrookImporter.Task> tasks, WorkspaceWriter writer,
            BiConsumer<SunnybrookImporter.Task, String> onSkip, Consumer<SunnybrookImporter.Task> onWritten,
            ProgressListener listener) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "dlp-import");
            t.setDaemon(true);
            return t;
        });
        long t0 = System.nanoTime();
        long done = 0;
        try {
            ArrayDeque<Future<Outcome>> window = new ArrayDeque<>();
            int next = 0;
            while (next < tasks.size() || !window.isEmpty()) {
                while (next < tasks.size() && window.size() < 4 * threads) {
                    SunnybrookImporter.Task t = tasks.get(next++);
                    window.add(pool.submit(() -> {
                        try {
                            PreparedSlice s = processor.prepare(t.pair());
                            return new Outcome(t, s, writer.encode(t.split(), s), null);
                        } catch (BadInputException e) {
                            return new Outcome(t, null, null, e.getMessage());
                        }
                    }));
                }
                Outcome o = Futures.await(window.poll());
                if (o.slice() != null) {
                    writer.add(o.task().split(), o.slice(), o.bytes());
                    onWritten.accept(o.task());
                } else {
                    onSkip.accept(o.task(), o.error());
                    listener.message("skipped: " + o.error());
                }
                done++;
                listener.progress("write", done, tasks.size(), (System.nanoTime() - t0) / 1e9);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
