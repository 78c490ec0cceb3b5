package org.dlp4j.caffe;

/**
 * One validation finding.
 *
 * @param file  the prototxt or weights file
 * @param line  1-based line in the file, or 0 when unknown
 * @param layer the layer's name, or null when the problem is not about one layer
 * @param what  what is wrong
 * @param fix   how to fix it
 */
public record Problem(String file, int line, String layer, String what, String fix) {
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(file == null ? "" : file);
        if (line > 0) {
            sb.append(':').append(line);
        }
        if (layer != null) {
            sb.append(": layer '").append(layer).append('\'');
        }
        sb.append(": ").append(what);
        if (fix != null && !fix.isBlank()) {
            sb.append(" -> ").append(fix);
        }
        return sb.toString();
    }
}
