package org.dlp4j;

/** Versions of dlp4j itself, read from the jar manifest when packaged. */
public final class Version {
    private Version() {
    }

    public static String dlp4j() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }
}
