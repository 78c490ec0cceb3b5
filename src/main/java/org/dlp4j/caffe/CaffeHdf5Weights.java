package org.dlp4j.caffe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parameter shapes of a Caffe HDF5 weights file ({@code .caffemodel.h5}, written by Caffe's {@code Net::ToHDF5} when
 * a solver has {@code snapshot_format: HDF5}), read through the HDF5 library of the preset without touching Caffe:
 * group {@code /data}, one group per layer, datasets {@code 0, 1, ...} whose dimensions are the blobs' shapes.
 * Caffe's {@code CopyTrainedLayersFromHDF5} aborts the process on a shape or blob-count mismatch; this lets the
 * same Java check that guards binary caffemodels run first. Values are not read.
 */
final class CaffeHdf5Weights {
    /** The HDF5 signature, at offset 0 of a plain HDF5 file. */
    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private CaffeHdf5Weights() {
    }

    static boolean isHdf5(Path file) {
        if (file.getFileName().toString().endsWith(".h5")) {
            return true;
        }
        try (java.io.InputStream in = Files.newInputStream(file)) {
            return java.util.Arrays.equals(in.readNBytes(SIGNATURE.length), SIGNATURE);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Layers and blob shapes (no values) of an HDF5 weights file. */
    static synchronized CaffeModelFile readShapes(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CaffeException(file + ": weights file not found");
        }
        Caffe.load(); // the HDF5 natives come with Caffe's
        org.bytedeco.hdf5.Exception.dontPrint(); // errors become exceptions here, not stack dumps on stderr
        org.bytedeco.hdf5.H5File h5 = null;
        try {
            h5 = new org.bytedeco.hdf5.H5File(file.toString(), org.bytedeco.hdf5.global.hdf5.H5F_ACC_RDONLY());
            if (!h5.nameExists("data")) {
                throw new CaffeException(file + ": HDF5 file without a /data group: not Caffe weights");
            }
            List<CaffeModelFile.Layer> layers = new ArrayList<>();
            try (org.bytedeco.hdf5.Group data = h5.openGroup("data")) {
                long n = data.getNumObjs();
                for (long i = 0; i < n; i++) {
                    String name = data.getObjnameByIdx(i).getString();
                    try (org.bytedeco.hdf5.Group layer = data.openGroup(name)) {
                        List<CaffeModelFile.Blob> blobs = new ArrayList<>();
                        for (int j = 0; layer.nameExists(String.valueOf(j)); j++) {
                            try (org.bytedeco.hdf5.DataSet ds = layer.openDataSet(String.valueOf(j));
                                    org.bytedeco.hdf5.DataSpace space = ds.getSpace()) {
                                long[] dims = new long[space.getSimpleExtentNdims()];
                                space.getSimpleExtentDims(dims);
                                blobs.add(new CaffeModelFile.Blob(dims, false, new float[0]));
                            }
                        }
                        if (layer.getNumObjs() != blobs.size()) {
                            throw new CaffeException(file + ": layer '" + name + "' holds " + layer.getNumObjs()
                                    + " objects, not datasets 0.." + (blobs.size() - 1) + ": not Caffe weights");
                        }
                        layers.add(new CaffeModelFile.Layer(name, "HDF5", blobs));
                    }
                }
            }
            return new CaffeModelFile(file.getFileName().toString(), layers, false);
        } catch (RuntimeException e) {
            if (e instanceof CaffeException c) {
                throw c;
            }
            throw new CaffeException(file + ": not readable as Caffe HDF5 weights (" + e.getMessage() + ")");
        } finally {
            if (h5 != null) {
                h5.close();
                h5.deallocate();
            }
        }
    }
}
