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

    public static SolverStateFile read(Path file) {
        try {
            return parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new CaffeException(file + ": cannot read solver state (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            throw new CaffeException(file + ": not a Caffe solver state (" + e.getMessage() + ")");
        }
    }

    static SolverStateFile parse(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int iter = 0;
        String learned = null;
        int history = 0;
        while (b.hasRemaining()) {
            long tag = varint(b);
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (wire == 0) {
                long v = varint(b);
                if (field == 1) {
                    iter = (int) v;
                }
            } else if (wire == 2) {
                int len = (int) varint(b);
                if (len < 0 || len > b.remaining()) {
                    throw new IllegalArgumentException("truncated");
                }
                byte[] a = new byte[len];
                b.get(a);
                if (field == 2) {
                    learned = new String(a, StandardCharsets.UTF_8);
                } else if (field == 3) {
                    history++;
                }
            } else if (wire == 5) {
                b.position(b.position() + 4);
            } else if (wire == 1) {
                b.position(b.position() + 8);
            } else {
                throw new IllegalArgumentException("bad wire type " + wire);
            }
        }
        return new SolverStateFile(iter, learned, history);
    }

    /** Rewrites the learned_net field of a solverstate file in place (atomically). */
    static void setLearnedNet(Path file, String learnedNet) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 64);
        while (b.hasRemaining()) {
            int start = b.position();
            long tag = varint(b);
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            switch (wire) {
                case 0 -> varint(b);
                case 1 -> b.position(b.position() + 8);
                case 5 -> b.position(b.position() + 4);
                case 2 -> {
                    int len = (int) varint(b);
                    b.position(b.position() + len);
                }
                default -> throw new IOException("bad wire type " + wire + " in " + file);
            }
            if (field == 2 && wire == 2) {
                byte[] s = learnedNet.getBytes(StandardCharsets.UTF_8);
                writeVarint(out, (2 << 3) | 2);
                writeVarint(out, s.length);
                out.write(s);
            } else {
                out.write(bytes, start, b.position() - start);
            }
        }
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.write(tmp, out.toByteArray());
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
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
