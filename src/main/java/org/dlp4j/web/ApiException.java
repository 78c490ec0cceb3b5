package org.dlp4j.web;

/** An API error with its HTTP status; rendered as {@code {"error": message}}. */
public class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    public static ApiException notImplemented(String message) {
        return new ApiException(501, message);
    }
}
