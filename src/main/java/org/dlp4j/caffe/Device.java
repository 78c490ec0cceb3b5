package org.dlp4j.caffe;

/** Where a net or solver runs: the CPU, or one CUDA device. Immutable. */
public record Device(boolean isGpu, int id) {
    private static final Device CPU = new Device(false, -1);

    public static Device cpu() {
        return CPU;
    }

    public static Device gpu(int id) {
        return new Device(true, id);
    }

    /** {@code null} or negative means CPU; this is how CLI options ({@code --gpu N}) map. */
    public static Device of(Integer gpu) {
        return gpu == null || gpu < 0 ? CPU : gpu(gpu);
    }

    @Override
    public String toString() {
        return isGpu ? "GPU " + id : "CPU";
    }
}
