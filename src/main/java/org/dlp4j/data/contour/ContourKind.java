package org.dlp4j.data.contour;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which boundary a Sunnybrook contour file traces, from its name ({@code IM-0001-0048-icontour-manual.txt}):
 * endocardium ({@code icontour}), epicardium ({@code ocontour}) or a papillary muscle ({@code p1contour},
 * {@code p2contour}). Papillary contours are never taken for i-contours.
 */
public enum ContourKind {
    INNER("icontour"), OUTER("ocontour"), PAPILLARY_1("p1contour"), PAPILLARY_2("p2contour");

    private static final Pattern NAME = Pattern.compile(
            "IM-(\\d+)-(\\d+)-(icontour|ocontour|p1contour|p2contour)(-manual|-auto)?\\.txt", Pattern.CASE_INSENSITIVE);

    private final String token;

    ContourKind(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    /** The kind named by a file, or null when the name is not a Sunnybrook contour file name. */
    public static ContourKind of(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (!m.matches()) {
            return null;
        }
        String t = m.group(3).toLowerCase(Locale.ROOT);
        for (ContourKind k : values()) {
            if (k.token.equals(t)) {
                return k;
            }
        }
        return null;
    }

    /** The image number {@code NNNN} of {@code IM-SSSS-NNNN-...}, or -1 when the name does not match. */
    public static int imageNumber(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(2)) : -1;
    }
}
