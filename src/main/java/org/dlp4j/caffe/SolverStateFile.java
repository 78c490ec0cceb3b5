package org.dlp4j.caffe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A binary {@code .solverstate} (caffe.SolverState: iter = 1, learned_net = 2, history = 3,
 * current_step = 4), read and patched in Java. Lets a snapshot be written to a scratch folder and
 * renamed into place, with {@code learned_net} pointing at the caffemodel's final path.
 */
public record SolverStateFile(int iter, String learnedNet, int historyBlobs) {

    /**
     * Reads iter, learned_net and the number of history blobs (the blobs themselves are skipped, not loaded). An HDF5
     * state ({@code .solverstate.h5}, {@code snapshot_format: HDF5}) is read through the HDF5 library.
     *
     * @throws CaffeException when the file is not a solver state, e.g. a {@code .caffemodel} given in its place
     */
    public static SolverStateFile read(Path file) {
        if (file.getFileName().toString().endsWith(".h5")) {
            return CaffeHdf5SolverState.read(file);
        }
        try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return scan(in, file);
        } catch (IOException e) {
            throw new CaffeException(file + ": cannot read solver state (" + e.getMessage() + ")");
        } catch (CaffeException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CaffeException(file + ": not a Caffe solver state (" + e.getMessage() + ")");
        }
    }

    private static final int HEAD = 1 << 16;

    /** Walks the fields of a binary SolverState, skipping over the history blobs. */
    private static SolverStateFile scan(java.io.InputStream in, Path file) throws IOException {
        int iter = 0;
        String learned = null;
        int history = 0;
        long tag;
        while ((tag = streamVarint(in, true)) >= 0) {
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            boolean expected = (field == 1 || field == 4) ? wire == 0 : (field == 2 || field == 3) && wire == 2;
            if (!expected) {
                throw new CaffeException(file + " is not a solver state: " + (field == 1 && wire == 2 || field == 100
                        ? "it is a .caffemodel (weights, a NetParameter). Resume from the .solverstate written next to"
                        + " it (dlp train --resume X_iter_N.solverstate, CaffeSolver.restore), or start from the"
                        + " weights with --weights / CaffeSolver.withWeights"
                        : "field " + field + " (wire type " + wire + ") is not part of caffe.SolverState"));
            }
            if (wire == 0) {
                long v = streamVarint(in, false);
                if (field == 1) {
                    iter = (int) v;
                }
                continue;
            }
            long len = streamVarint(in, false);
            if (field == 2) {
                byte[] a = in.readNBytes((int) len);
                if (a.length < len) {
                    throw new CaffeException(file + ": truncated solver state");
                }
                learned = new String(a, StandardCharsets.UTF_8);
            } else {
                history++;
                try {
                    in.skipNBytes(len);
                } catch (java.io.EOFException e) {
                    throw new CaffeException(file + ": truncated solver state (history blob " + history + ")");
                }
            }
        }
        return new SolverStateFile(iter, learned, history);
    }

    /** A varint from a stream; -1 at a clean end of the stream when {@code eofOk}. */
    private static long streamVarint(java.io.InputStream in, boolean eofOk) throws IOException {
        long r = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int x = in.read();
            if (x < 0) {
                if (eofOk && shift == 0) {
                    return -1;
                }
                throw new IOException("truncated varint");
            }
            r |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return r;
            }
        }
        throw new IllegalArgumentException("malformed varint");
    }

    /**
     * Rewrites the learned_net field of a solverstate file (atomically). Caffe writes iter and
     * learned_net first; the (large) history that follows is copied as it is, not loaded.
     */
    static void setLearnedNet(Path file, String learnedNet) throws IOException {
        byte[] head;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(HEAD);
        }
        ByteBuffer b = ByteBuffer.wrap(head);
        int fieldStart = -1;
        int fieldEnd = -1;
        while (b.hasRemaining() && fieldStart < 0) {
            int start = b.position();
            long tag = varint(b);
            int wire = (int) (tag & 7);
            if (wire == 0) {
                varint(b);
            } else if (wire == 2) {
                int len = (int) varint(b);
                if ((tag >>> 3) == 2) {
                    fieldStart = start;
                    fieldEnd = b.position() + len;
                    break;
                }
                if ((tag >>> 3) == 3) {
                    break;
                }
                b.position(b.position() + len);
            } else {
                throw new IOException("unexpected wire type " + wire + " at the start of " + file);
            }
        }
        ByteArrayOutputStream field = new ByteArrayOutputStream();
        byte[] s = learnedNet.getBytes(StandardCharsets.UTF_8);
        writeVarint(field, (2 << 3) | 2);
        writeVarint(field, s.length);
        field.write(s);
        int prefix = fieldStart >= 0 ? fieldStart : b.position() > 0 && fieldEnd < 0 ? afterIter(head) : 0;
        long skip = fieldStart >= 0 ? fieldEnd : prefix;
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try (java.nio.channels.FileChannel src = java.nio.channels.FileChannel.open(file);
                java.nio.channels.FileChannel dst = java.nio.channels.FileChannel.open(tmp,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                        java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
            dst.write(ByteBuffer.wrap(head, 0, prefix));
            dst.write(ByteBuffer.wrap(field.toByteArray()));
            long pos = skip;
            long size = src.size();
            while (pos < size) {
                pos += src.transferTo(pos, size - pos, dst);
            }
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Offset just after a leading iter field (where learned_net goes when the file has none). */
    private static int afterIter(byte[] head) {
        ByteBuffer b = ByteBuffer.wrap(head);
        long tag = varint(b);
        if ((tag >>> 3) == 1 && (tag & 7) == 0) {
            varint(b);
            return b.position();
        }
        return 0;
    }

    private static long varint(ByteBuffer b) {
        long r = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte x = b.get();
            r |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return r;
            }
        }
        throw new IllegalArgumentException("malformed varint");
    }

    private static void writeVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
