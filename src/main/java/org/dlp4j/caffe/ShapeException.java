package org.dlp4j.caffe;

/**
 * A layer's shapes would make Caffe abort while setting the net up or running it, or (for an input reshaped
 * smaller than the net can take) give a result computed from padding alone; see {@link ShapeInference}.
 */
public class ShapeException extends CaffeException {
    private final String layer;
    private final String what;
    private final String fix;

    public ShapeException(String layer, String type, String what, String fix) {
        this(layer, type, what + "; Caffe would abort", fix, true);
    }

    /** @param whole {@code what} as it stands (no "Caffe would abort" appended) */
    ShapeException(String layer, String type, String what, String fix, boolean whole) {
        super("layer '" + layer + "' (" + type + "): " + what + " -> " + fix);
        this.layer = layer;
        this.what = "(" + type + ") " + what;
        this.fix = fix;
    }

    /** This problem as a validation problem of {@code file}. */
    public Problem problem(String file) {
        return new Problem(file, 0, layer, what, fix);
    }

    public String layer() {
        return layer;
    }

    public String what() {
        return what;
    }

    public String fix() {
        return fix;
    }
}
