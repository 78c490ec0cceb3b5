package org.dlp4j.caffe;

/** A caffemodel does not fit the net it is loaded into (shape mismatches). */
public class WeightsMismatchException extends CaffeException {
    private final transient WeightTransferReport report;

    public WeightsMismatchException(String message, WeightTransferReport report) {
        super(message);
        this.report = report;
    }

    public WeightTransferReport report() {
        return report;
    }
}
