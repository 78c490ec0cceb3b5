package org.dlp4j.caffe;

/**
 * Common lifecycle of the bridge's native holders: close twice is harmless, use after close throws
 * {@link IllegalStateException} naming the object, and every call re-applies the holder's device on
 * the calling thread (Caffe's mode is thread-local).
 */
abstract class NativeHandle implements AutoCloseable {
    private final String what;
    protected final Device device;
    private boolean closed;

    NativeHandle(String what, Device device) {
        this.what = what;
        this.device = device;
    }

    /** Checks the handle is open and applies its device to this thread. */
    protected final void enter() {
        if (closed) {
            throw new IllegalStateException(what + " already released (closed)");
        }
        Caffe.apply(device);
    }

    public final boolean isClosed() {
        return closed;
    }

    public Device device() {
        return device;
    }

    @Override
    public final void close() {
        if (!closed) {
            closed = true;
            release();
        }
    }

    protected abstract void release();

    @Override
    public String toString() {
        return what + (closed ? " (closed)" : "");
    }
}
