package org.dlp4j.caffe;

/** A prototxt (net or solver) cannot be read or parsed. */
public class PrototxtException extends CaffeException {
    public PrototxtException(String message) {
        super(message);
    }
}
