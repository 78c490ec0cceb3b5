package org.dlp4j.data.sunnybrook;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

/**
 * Waiting for work the import handed to other threads: the task's own exception comes back as it was thrown
 * (a {@link RuntimeException} such as {@link org.dlp4j.BadInputException}, an {@link Error}, an
 * {@link IOException}); anything else is wrapped in an IOException, and so is an interruption.
 */
final class Futures {
    private Futures() {
    }

    static <T> T await(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("import interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw c instanceof IOException io ? io : new IOException(c);
        }
    }

    /** Waits for every task, then throws the first failure: no task is still running when this returns. */
    static void awaitAll(List<? extends Future<?>> tasks) throws IOException {
        Throwable first = null;
        for (Future<?> f : tasks) {
            try {
                await(f);
            } catch (IOException | RuntimeException | Error e) {
                first = first == null ? e : first;
            }
        }
        if (first instanceof IOException io) {
            throw io;
        } else if (first instanceof RuntimeException r) {
            throw r;
        } else if (first instanceof Error err) {
            throw err;
        }
    }

    /** Runs {@code work} (a parallel stream) on a pool of {@code threads} threads: the --threads the user chose. */
    static <T> T inPool(int threads, Callable<T> work) throws IOException {
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            return await(pool.submit(work));
        } finally {
            pool.shutdown();
        }
    }
}
