package org.dlp4j.caffe;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.Loader;

/**
 * Caffe's process-wide runtime: natives, versions and the <b>thread-local</b> CPU/GPU mode.
 *
 * <p>Caffe keeps its mode in a thread-local singleton, so a mode set on one thread does not reach
 * another. Nets and solvers created by this bridge remember the {@link Device} they were created
 * for and re-apply it on whatever thread calls them ({@link #apply(Device)}), so callers cannot get
 * this wrong by accident.
 */
public final class Caffe {
    /** Caffe release inside the preset (the preset version is {@code 1.0-1.5.8}). */
    public static final String CAFFE_VERSION = "1.0";

    private static volatile boolean loaded;

    private Caffe() {
    }

    /** Loads the native libraries once; cheap afterwards. */
    public static void load() {
        if (loaded) {
            return;
        }
        synchronized (Caffe.class) {
            if (!loaded) {
                if (hasGpuNatives() && System.getProperty("org.bytedeco.javacpp.platform.extension") == null
                        && System.getenv("DLP_CPU_ONLY") == null) {
                    // a -Pgpu build carries both native sets: take the CUDA one
                    System.setProperty("org.bytedeco.javacpp.platform.extension", "-gpu");
                }
                Loader.load(org.bytedeco.caffe.global.caffe.class);
                loaded = true;
            }
        }
    }

    /** Sets CPU mode on the calling thread. */
    public static void useCpu() {
        apply(Device.cpu());
    }

    /**
     * Sets GPU mode with the given device on the calling thread.
     *
     * @throws GpuUnavailableException when the natives are CPU-only or the device does not exist
     */
    public static void useGpu(int device) {
        apply(Device.gpu(device));
    }

    /** Applies a device to the calling thread (Caffe's mode is thread-local). */
    public static void apply(Device device) {
        load();
        if (device.isGpu()) {
            checkGpu(device.id());
            org.bytedeco.caffe.Caffe.SetDevice(device.id());
            org.bytedeco.caffe.Caffe.set_mode(org.bytedeco.caffe.Caffe.GPU);
        } else {
            org.bytedeco.caffe.Caffe.set_mode(org.bytedeco.caffe.Caffe.CPU);
        }
    }

    /** The mode of the calling thread's Caffe context. */
    public static boolean isGpuModeOnThisThread() {
        load();
        return org.bytedeco.caffe.Caffe.mode() == org.bytedeco.caffe.Caffe.GPU;
    }

    /** Seeds Caffe's random generator (fillers, dropout, data shuffling) on the calling thread. */
    public static void seed(int seed) {
        load();
        org.bytedeco.caffe.Caffe.set_random_seed(seed);
    }

    /**
     * OpenBLAS's thread count, which Caffe's CPU math uses. Unlike the mode it is process-wide: one count for every
     * thread. Starts at {@code OPENBLAS_NUM_THREADS} when set, else at the number of cores.
     */
    public static int blasThreads() {
        load();
        // the preset reports only what was set through it (-1 before); OpenBLAS starts from the environment
        int set = org.bytedeco.openblas.global.openblas.blas_get_num_threads();
        return set > 0 ? set : initialBlasThreads(System.getenv(), Runtime.getRuntime().availableProcessors());
    }

    /** OpenBLAS's own start value: the environment's count (capped at the cores), else the cores. */
    static int initialBlasThreads(Map<String, String> env, int cores) {
        int n = envBlasThreads(env);
        return n > 0 ? Math.min(n, cores) : cores;
    }

    /**
     * The thread count the environment gives OpenBLAS, in OpenBLAS's order: {@code OPENBLAS_NUM_THREADS},
     * {@code GOTO_NUM_THREADS}, {@code OMP_NUM_THREADS}; 0 when none is a positive number.
     */
    public static int envBlasThreads(Map<String, String> env) {
        for (String name : new String[] {"OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"}) {
            String v = env.get(name);
            int n = v != null && v.trim().matches("\\d{1,6}") ? Integer.parseInt(v.trim()) : 0;
            if (n > 0) {
                return n;
            }
        }
        return 0;
    }

    /** Sets OpenBLAS's thread count for the whole process (at least 1). */
    public static void setBlasThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("OpenBLAS threads must be >= 1, got " + threads);
        }
        load();
        org.bytedeco.openblas.global.openblas.blas_set_num_threads(threads);
    }

    /** True when the loaded Caffe natives were built with CUDA (the {@code -Pgpu} build). */
    public static boolean hasGpuNatives() {
        String platform = Loader.getPlatform();
        return Caffe.class.getResource("/org/bytedeco/caffe/" + platform + "-gpu/") != null;
    }

    /** Number of CUDA devices usable by Caffe; 0 with CPU-only natives or no device. */
    public static int gpuCount() {
        if (!hasGpuNatives()) {
            return 0;
        }
        try {
            Class<?> cudart = Class.forName("org.bytedeco.cuda.global.cudart");
            int[] count = new int[1];
            Object rc = cudart.getMethod("cudaGetDeviceCount", int[].class).invoke(null, (Object) count);
            return ((Integer) rc) == 0 ? count[0] : 0;
        } catch (ReflectiveOperationException | LinkageError e) {
            return 0;
        }
    }

    private static void checkGpu(int device) {
        if (device < 0) {
            throw new GpuUnavailableException("GPU device must be >= 0, got " + device);
        }
        if (!hasGpuNatives()) {
            throw new GpuUnavailableException("GPU " + device + " requested, but this build has CPU-only Caffe"
                    + " natives. Rebuild with 'mvn -Pgpu package' on a machine with CUDA, or drop --gpu to run on the CPU.");
        }
        int n = gpuCount();
        if (device >= n) {
            throw new GpuUnavailableException("GPU " + device + " requested, but " + n
                    + " CUDA device(s) are visible. Check nvidia-smi / CUDA_VISIBLE_DEVICES, or drop --gpu.");
        }
    }

    /** Versions of everything native, for {@code dlp version} and run records. */
    public static Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("dlp4j", org.dlp4j.Version.dlp4j());
        v.put("caffe", CAFFE_VERSION + " (bytedeco preset " + presetVersion() + ")");
        v.put("javacpp", javacppVersion());
        v.put("openblas", openBlasVersion());
        v.put("platform", Loader.getPlatform());
        v.put("java", System.getProperty("java.version"));
        v.put("gpuNatives", Boolean.toString(hasGpuNatives()));
        v.put("gpus", Integer.toString(gpuCount()));
        v.put("mode", gpuCount() > 0 ? "GPU available (CPU default)" : "CPU");
        return v;
    }

    private static String javacppVersion() {
        try {
            return Loader.getVersion();
        } catch (java.io.IOException e) {
            return "1.5.8";
        }
    }

    private static String presetVersion() {
        String v = org.bytedeco.caffe.global.caffe.class.getPackage().getImplementationVersion();
        return v != null ? v : "1.0-1.5.8";
    }

    private static String openBlasVersion() {
        try {
            
            String config = org.bytedeco.openblas.global.openblas.OPENBLAS_VERSION;
            return config.trim();
        } catch (Throwable t) {
            return "0.3.21 (bytedeco preset)";
        }
    }
}
