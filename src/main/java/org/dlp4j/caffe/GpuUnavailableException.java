package org.dlp4j.caffe;

/** A GPU was asked for but this build has CPU-only natives or no such device exists. */
public class GpuUnavailableException extends CaffeException {
    public GpuUnavailableException(String message) {
        super(message);
    }
}
