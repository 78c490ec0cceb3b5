package org.dlp4j.data.lmdb;

/**
 * The LMDB binding's one-off start-up choice. lmdbjava (used for reading; {@link LmdbWriter} needs no native code)
 * binds liblmdb through jnr-ffi, whose first use generates the binding's bytecode with ASM. {@link #init()} (run by
 * the reader before any lmdbjava class) asks jnr-ffi for its reflective binding instead, unless the user set
 * {@code jnr.ffi.asm.enabled}: measured 330 to 177 ms for the binding, for calls whose count (one per get or
 * cursor step) makes the slower dispatch negligible.
 */
public final class LmdbNatives {
    private static final String ASM = "jnr.ffi.asm.enabled";

    private LmdbNatives() {
    }

    /** Chooses jnr-ffi's reflective binding unless the user chose; call before any lmdbjava class is used. */
    public static void init() {
        if (System.getProperty(ASM) == null) {
            System.setProperty(ASM, "false");
        }
    }
}
