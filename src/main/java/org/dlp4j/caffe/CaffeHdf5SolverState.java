package org.dlp4j.caffe;

import static org.bytedeco.hdf5.global.hdf5.H5F_ACC_RDONLY;
import static org.bytedeco.hdf5.global.hdf5.H5F_ACC_RDWR;
import static org.bytedeco.hdf5.global.hdf5.H5Fclose;
import static org.bytedeco.hdf5.global.hdf5.H5Fopen;
import static org.bytedeco.hdf5.global.hdf5.H5LTfind_dataset;
import static org.bytedeco.hdf5.global.hdf5.H5LTget_dataset_info;
import static org.bytedeco.hdf5.global.hdf5.H5LTmake_dataset_string;
import static org.bytedeco.hdf5.global.hdf5.H5LTread_dataset_int;
import static org.bytedeco.hdf5.global.hdf5.H5LTread_dataset_string;
import static org.bytedeco.hdf5.global.hdf5.H5Ldelete;
import static org.bytedeco.hdf5.global.hdf5.H5P_DEFAULT;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A solver state in Caffe's HDF5 format ({@code .solverstate.h5}, written when a solver has {@code snapshot_format:
 * HDF5}): datasets {@code iter} (int), {@code learned_net} (string), {@code current_step} and a {@code history}
 * group. Read and patched through the preset's HDF5 library, as {@link SolverStateFile} does for the binary format:
 * a snapshot written into a scratch folder gets {@code learned_net} pointed at the weights' final path before it is
 * renamed into place, so Caffe's {@code Restore} finds them.
 */
final class CaffeHdf5SolverState {
    private CaffeHdf5SolverState() {
    }

    /** iter, learned_net (null when the file has none) and the history count of a {@code .solverstate.h5}. */
    static synchronized SolverStateFile read(Path file) {
        long f = open(file, false);
        try {
            int[] iter = new int[1];
            if (H5LTread_dataset_int(f, "iter", iter) < 0) {
                throw new CaffeException(file + ": HDF5 file without an 'iter' dataset: not a Caffe solver state");
            }
            String learned = null;
            if (H5LTfind_dataset(f, "learned_net") == 1) {
                long[] dims = new long[1];
                int[] cls = new int[1];
                try (org.bytedeco.javacpp.SizeTPointer size = new org.bytedeco.javacpp.SizeTPointer(1)) {
                    if (H5LTget_dataset_info(f, "learned_net", dims, cls, size) < 0) {
                        throw new CaffeException(file + ": unreadable 'learned_net' dataset");
                    }
                    byte[] buf = new byte[(int) size.get() + 1];
                    if (H5LTread_dataset_string(f, "learned_net", buf) < 0) {
                        throw new CaffeException(file + ": unreadable 'learned_net' dataset");
                    }
                    int n = 0;
                    while (n < buf.length && buf[n] != 0) {
                        n++;
                    }
                    learned = new String(buf, 0, n, StandardCharsets.UTF_8);
                }
            }
            return new SolverStateFile(iter[0], learned, historyCount(f, file));
        } finally {
            H5Fclose(f);
        }
    }

    /** The links in the {@code history} group (Caffe's RestoreSolverStateFromHDF5 compares their number). */
    private static int historyCount(long f, Path file) {
        if (org.bytedeco.hdf5.global.hdf5.H5Lexists(f, "history", H5P_DEFAULT()) <= 0) {
            throw new CaffeException(file + ": HDF5 solver state without a 'history' group (Caffe aborts restoring it)");
        }
        long g = org.bytedeco.hdf5.global.hdf5.H5Gopen2(f, "history", H5P_DEFAULT());
        if (g < 0) {
            throw new CaffeException(file + ": unreadable 'history' group");
        }
        try (org.bytedeco.hdf5.H5G_info_t info = new org.bytedeco.hdf5.H5G_info_t()) {
            if (org.bytedeco.hdf5.global.hdf5.H5Gget_info(g, info) < 0) {
                throw new CaffeException(file + ": unreadable 'history' group");
            }
            return (int) info.nlinks();
        } finally {
            org.bytedeco.hdf5.global.hdf5.H5Gclose(g);
        }
    }

    /** Replaces the learned_net dataset (in place: the file is still in the scratch folder when this runs). */
    static synchronized void setLearnedNet(Path file, String learnedNet) {
        long f = open(file, true);
        try {
            if (H5LTfind_dataset(f, "learned_net") == 1 && H5Ldelete(f, "learned_net", H5P_DEFAULT()) < 0) {
                throw new CaffeException(file + ": cannot replace its 'learned_net' dataset");
            }
            if (H5LTmake_dataset_string(f, "learned_net", learnedNet) < 0) {
                throw new CaffeException(file + ": cannot write its 'learned_net' dataset");
            }
        } finally {
            H5Fclose(f);
        }
    }

    private static long open(Path file, boolean write) {
        Caffe.load(); // the HDF5 natives come with Caffe's
        org.bytedeco.hdf5.Exception.dontPrint();
        long f = H5Fopen(file.toString(), write ? H5F_ACC_RDWR() : H5F_ACC_RDONLY(), H5P_DEFAULT());
        if (f < 0) {
            throw new CaffeException(file + ": cannot open as an HDF5 solver state");
        }
        return f;
    }
}
