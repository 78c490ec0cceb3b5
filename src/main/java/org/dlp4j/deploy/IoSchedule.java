package org.dlp4j.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dlp4j.BadInputException;
import org.dlp4j.caffe.Caffe;
import org.dlp4j.caffe.Device;

/**
 * Whether {@code dlp infer} decodes and writes beside the forward pass, and on how many OpenBLAS threads the forward
 * pass then runs.
 *
 * <p>On a CPU the two compete for cores: work beside a forward pass on all cores slows every GEMM (on 2 cores it cut
 * AlexFCN's throughput by 16-21 %). Overlapping pays only when the forward pass gives a core up: OpenBLAS on one
 * thread fewer, the freed core decoding and writing. Whether that pays depends on the net: a small net
 * (fcn-small: 10 ms forward on 2 threads, 13.5 ms on 1, 10 ms of decoding and writing per image) gains about half
 * its throughput; AlexFCN (130 ms on 2 threads, 240 ms on 1, 11 ms outside) loses a third. So {@link Mode#AUTO}
 * measures it on the job's first images, which it segments meanwhile:
 * <ol>
 *   <li>image 0 is not measured (first-call costs);</li>
 *   <li>images 1-2 run in turn on all threads: forward time F and outside time O (the rest of each image's wall
 *   time, decoding and writing included);</li>
 *   <li>if O is under {@value #WORTH_MEASURING} F, overlapping cannot gain much: it stays in turn, nothing else
 *   measured;</li>
 *   <li>otherwise images 3-4 already run overlapped, on one thread fewer: forward time F' (with the decoding and
 *   writing beside it, as it will be);</li>
 *   <li>it keeps overlapping when the slower lane, max(F', O), beats the serial F + O by at least
 *   {@value #MARGIN}; else it restores the threads and works in turn from the next image.</li>
 * </ol>
 * Each time is the smaller of its two samples (a pause only ever adds time). Two images in turn, instead of six
 * before (three samples each, the second three also in turn), took fcn-small at 32 images from 16-20 % outside the
 * forward pass towards the 6 % of {@code --overlap on}. Jobs under {@value #MIN_IMAGES} images are not measured (in
 * turn). The user keeps control: a thread count set for OpenBLAS in the environment is never changed (overlap
 * exactly when it leaves a core free), and {@link Mode#ON}/{@link Mode#OFF} decide without measuring. On a GPU it
 * always overlaps. OpenBLAS's thread count is process-wide; {@link #close()} restores it.
 */
final class IoSchedule implements AutoCloseable {
    /** How the schedule is chosen. */
    enum Mode {
        AUTO, ON, OFF;

        static Mode parse(String s) {
            if (s == null || s.isBlank()) {
                return AUTO;
            }
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--overlap must be auto, on or off, got '" + s + "'");
            }
        }
    }

    /** What the job does from its next image on. */
    enum Step {
        /** Nothing changes. */
        SAME,
        /** Start decoding and writing beside the forward pass (OpenBLAS already has one thread fewer). */
        OVERLAP,
        /** Stop: back to working in turn (OpenBLAS has all its threads again). */
        IN_TURN
    }

    static final int MIN_IMAGES = 8;
    static final double WORTH_MEASURING = 0.15;
    static final double MARGIN = 0.05;
    private static final int SAMPLES = 2;

    private final int fullThreads;
    private final boolean changesThreads;
    private boolean overlap;
    private int blasThreads;
    private String reason;
    private boolean calibrating;
    private int seen;
    private final List<Double> forwardAll = new ArrayList<>();
    private final List<Double> outsideAll = new ArrayList<>();
    private final List<Double> forwardFewer = new ArrayList<>();

    private IoSchedule(int fullThreads, boolean changesThreads, boolean overlap, String reason, boolean calibrating) {
        this.fullThreads = fullThreads;
        this.changesThreads = changesThreads;
        this.overlap = overlap;
        this.blasThreads = fullThreads;
        this.reason = reason;
        this.calibrating = calibrating;
    }

    /** The schedule a job starts with; it may set OpenBLAS's threads (restored by {@link #close()}). */
    static IoSchedule start(Mode mode, Device device, Map<String, String> env, int cores, int images) {
        int full = Caffe.blasThreads();
        if (device.isGpu()) {
            return new IoSchedule(full, false, mode != Mode.OFF, mode == Mode.OFF ? "off (--overlap off)"
                    : "overlapped: GPU forward pass leaves the cores free", false);
        }
        int envThreads = Caffe.envBlasThreads(env);
        if (mode == Mode.OFF) {
            return new IoSchedule(full, false, false, "in turn (--overlap off)", false);
        }
        if (envThreads > 0) {
            boolean free = envThreads < cores || mode == Mode.ON;
            return new IoSchedule(full, false, free, free
                    ? "overlapped: OpenBLAS limited to " + envThreads + " thread(s) by the environment, " + cores + " cores"
                    : "in turn: the environment gives OpenBLAS all " + cores + " cores", false);
        }
        IoSchedule s = new IoSchedule(full, true, false, null, false);
        if (mode == Mode.ON) {
            s.overlap = true;
            s.setThreads(Math.max(1, full - 1));
            s.reason = "overlapped (--overlap on), OpenBLAS on " + s.blasThreads + " thread(s)";
        } else if (full < 2 || cores < 2) {
            s.reason = "in turn: one core";
        } else if (images < MIN_IMAGES) {
            s.reason = "in turn: under " + MIN_IMAGES + " images, not measured";
        } else {
            s.calibrating = true;
            s.reason = "in turn (measuring)";
        }
        return s;
    }

    /** Decoding and writing run beside the forward pass (from the next image on). */
    boolean overlap() {
        return overlap;
    }

    /**
     * Records one image: its forward time and its whole wall time (the latter is used while working in turn).
     * Returns what changes from the next image on.
     */
    Step record(double forwardMs, double wallMs) {
        if (!calibrating) {
            return Step.SAME;
        }
        int i = seen++;
        if (i == 0) {
            return Step.SAME;
        }
        if (forwardAll.size() < SAMPLES) {
            forwardAll.add(forwardMs);
            outsideAll.add(Math.max(0, wallMs - forwardMs));
            if (forwardAll.size() < SAMPLES) {
                return Step.SAME;
            }
            double f = best(forwardAll);
            double o = best(outsideAll);
            if (!worthMeasuring(f, o)) {
                calibrating = false;
                reason = String.format(Locale.ROOT, "in turn: %.1f ms outside vs %.1f ms forward per image", o, f);
                return Step.SAME;
            }
            setThreads(fullThreads - 1);
            overlap = true; // measured as it would run
            reason = "overlapped on " + blasThreads + " thread(s) (measuring)";
            return Step.OVERLAP;
        }
        forwardFewer.add(forwardMs);
        if (forwardFewer.size() < SAMPLES) {
            return Step.SAME;
        }
        calibrating = false;
        double f = best(forwardAll);
        double o = best(outsideAll);
        double f1 = best(forwardFewer);
        if (overlapPays(f, f1, o)) {
            reason = String.format(Locale.ROOT,
                    "overlapped: forward %.1f ms on %d thread(s), %.1f ms outside; in turn: %.1f + %.1f ms", f1,
                    blasThreads, o, f, o);
            return Step.SAME;
        }
        setThreads(fullThreads);
        overlap = false;
        reason = String.format(Locale.ROOT,
                "in turn: forward %.1f ms on %d thread(s) + %.1f ms outside; overlapped: max(%.1f on %d, %.1f) ms", f,
                fullThreads, o, f1, fullThreads - 1, o);
        return Step.IN_TURN;
    }

    /** Whether measuring the forward pass on fewer threads can pay: the outside work is a sizeable share. */
    static boolean worthMeasuring(double forwardMs, double outsideMs) {
        return outsideMs >= WORTH_MEASURING * forwardMs;
    }

    /**
     * Overlapped, an image takes the slower of its two lanes (forward on fewer threads; decoding and writing on the
     * freed core); in turn it takes forward on all threads plus the outside work.
     */
    static boolean overlapPays(double forwardAllMs, double forwardFewerMs, double outsideMs) {
        return Math.max(forwardFewerMs, outsideMs) * (1 + MARGIN) < forwardAllMs + outsideMs;
    }

    /** For the job's result: the decision, why, and what was measured. */
    Map<String, Object> report() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("overlapped_io", overlap);
        r.put("blas_threads", blasThreads);
        r.put("schedule", reason + (calibrating ? " (too few images to finish measuring)" : ""));
        if (!forwardAll.isEmpty()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("forward_ms_all_threads", best(forwardAll));
            c.put("outside_ms", best(outsideAll));
            if (!forwardFewer.isEmpty()) {
                c.put("forward_ms_fewer_threads", best(forwardFewer));
            }
            r.put("calibration", c);
        }
        return r;
    }

    private void setThreads(int n) {
        if (changesThreads && n >= 1 && n != blasThreads) {
            Caffe.setBlasThreads(n);
            blasThreads = n;
        }
    }

    /** Gives OpenBLAS back the thread count it had when the job started. */
    @Override
    public void close() {
        if (changesThreads && blasThreads != fullThreads) {
            Caffe.setBlasThreads(fullThreads); // the field keeps what the job ran with, for report()
        }
    }

    /** The smallest sample: pauses (collection, preemption) only ever add time. */
    static double best(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }
}
