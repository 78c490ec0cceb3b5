package org.dlp4j.data.lmdb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dlp4j.BadInputException;

/**
 * Checks a {@code data.mdb} before LMDB maps it: LMDB trusts its two meta pages, and a file cut short (a copy
 * that stopped, a full disk) makes the first read past its end a SIGBUS that kills the JVM (exit 134) instead of
 * an error. The meta pages are read here in Java (64-bit LMDB layout: page header 16 bytes; {@code MDB_meta}
 * magic 0xBEEFC0DE, page size in the free DB's {@code md_pad} at byte 40, {@code mm_last_pg} at 136 and
 * {@code mm_txnid} at 144), and the file must hold every page up to the newest meta's last page.
 */
final class LmdbFileCheck {
    private static final int MAGIC = 0xBEEFC0DE;
    private static final int META_BYTES = 152;

    private LmdbFileCheck() {
    }

    /** {@link BadInputException} naming {@code dataMdb} when it is not a whole LMDB file. */
    static void check(Path dataMdb) {
        long size;
        ByteBuffer first;
        ByteBuffer second = null;
        try (InputStream in = Files.newInputStream(dataMdb)) {
            size = Files.size(dataMdb);
            first = ByteBuffer.wrap(in.readNBytes(META_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
            if (first.capacity() == META_BYTES && first.getInt(16) == MAGIC) {
                long psize = first.getInt(40) & 0xffffffffL;
                if (psize >= META_BYTES && psize <= (1 << 16) && size >= psize + META_BYTES) {
                    in.skipNBytes(psize - META_BYTES);
                    second = ByteBuffer.wrap(in.readNBytes(META_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
                }
            }
        } catch (IOException e) {
            throw new BadInputException(dataMdb + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (first.capacity() < META_BYTES || first.getInt(16) != MAGIC) {
            throw new BadInputException(dataMdb + ": not an LMDB file (no LMDB meta page at its start; " + size
                    + " bytes)");
        }
        long psize = first.getInt(40) & 0xffffffffL;
        if (second == null || second.getInt(16) != MAGIC) {
            throw new BadInputException(dataMdb + ": a damaged or truncated LMDB file (" + size + " bytes; its second"
                    + " meta page, at byte " + psize + ", is missing or unreadable)");
        }
        ByteBuffer newest = second.getLong(144) > first.getLong(144) ? second : first;
        long lastPage = newest.getLong(136);
        long need = (lastPage + 1) * psize;
        if (lastPage < 1 || need > size || need < 0) {
            throw new BadInputException(dataMdb + ": a truncated LMDB file: it has " + size + " bytes but its header"
                    + " says its pages reach byte " + need + " (" + (lastPage + 1) + " pages of " + psize + "); the"
                    + " copy or write that made it stopped early: copy or import it again");
        }
    }
}
