package org.dlp4j.caffe;

import org.dlp4j.BadInputException;

/** Base of the bridge's typed exceptions: something about a net, solver or weights file is wrong. */
public class CaffeException extends BadInputException {
    public CaffeException(String message) {
        super(message);
    }

    public CaffeException(String message, Throwable cause) {
        super(message, cause);
    }
}
