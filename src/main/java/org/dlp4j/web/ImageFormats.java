package org.dlp4j.web;

import java.util.List;
import java.util.Locale;
import org.dlp4j.deploy.InputImage;

/**
 * The image file extensions inference reads, said once for the server and the UI ({@code GET /api/infer/formats}):
 * what {@code deploy.InputImage} reads (DICOM, PNG, JPEG, BMP, GIF, TIFF, PGM), taken from
 * {@link InputImage#readableExtensions()}, so the Deploy tab never offers a file the worker cannot open and never
 * hides one it can.
 */
final class ImageFormats {
    private static final List<String> READABLE = InputImage.readableExtensions();

    private ImageFormats() {
    }

    /** Lower-case extensions without the dot, sorted. */
    static List<String> extensions() {
        return READABLE;
    }

    /** True when the name ends in one of {@link #extensions()} (any case). */
    static boolean readable(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot >= 0 && READABLE.contains(n.substring(dot + 1));
    }

    /** True when the name has an extension that is not one of them (an extension-less file may still be DICOM). */
    static boolean unreadable(String fileName) {
        String n = fileName.substring(fileName.lastIndexOf('/') + 1);
        return n.lastIndexOf('.') > 0 && !readable(n);
    }

    /** ".png, .jpg, …" for messages. */
    static String listed() {
        return String.join(", ", READABLE.stream().map(e -> "." + e).toList());
    }
}
