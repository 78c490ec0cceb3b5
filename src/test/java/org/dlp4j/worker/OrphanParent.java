package org.dlp4j.worker;

/** A parent process for the orphan test: starts a worker, prints its pid, then waits to be killed. */
public final class OrphanParent {
    private OrphanParent() {
    }

    public static void main(String[] args) throws Exception {
        Worker w = Worker.start(SleepJob.class, java.util.Map.of(), null, null, null, e -> {
            System.out.println("worker " + e.path("pid").asLong());
            System.out.flush();
        });
        w.await();
    }
}
