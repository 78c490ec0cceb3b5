package org.dlp4j;

/**
 * The user gave us something we cannot use: a missing file, a malformed prototxt, junk in a contour.
 * The message names the file and what is wrong; the CLI maps it to exit code 2.
 */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
