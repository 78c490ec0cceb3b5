package org.dlp4j.caffe;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.caffe.FloatBlob;
import org.bytedeco.caffe.FloatBlobSharedVector;
import org.bytedeco.caffe.FloatLayer;
import org.bytedeco.caffe.FloatNet;
import org.bytedeco.caffe.NetParameter;
import org.bytedeco.javacpp.FloatPointer;

/**
 * A Caffe net ({@code caffe::Net<float>}) for inference, inspection and surgery.
 *
 * <pre>{@code
 * try (CaffeNet net = CaffeNet.load(deploy, weights, Phase.TEST)) {
 *     Map<String, float[]> out = net.forward(Map.of("data", pixels));
 * }
 * }</pre>
 * Everything is validated in Java before Caffe sees it (Caffe aborts the JVM on a failed CHECK).
 */
public final class CaffeNet extends NativeHandle {
    private final FloatNet net;
    private final Path file;
    private final boolean owned;
    /** Checks {@link #reshape}'s shapes against the net as validated; null for a solver's net. */
    private ReshapeGuard guard;

    private CaffeNet(FloatNet net, Path file, Device device, boolean owned) {
        super("CaffeNet(" + file + ")", device);
        this.net = net;
        this.file = file;
        this.owned = owned;
    }

    /** Loads a net on the CPU. {@code weightsOrNull} is a .caffemodel to copy weights from. */
    public static CaffeNet load(Path prototxt, Path weightsOrNull, Phase phase) {
        return load(prototxt, weightsOrNull, phase, Device.cpu());
    }

    /** Loads a net for a device (mode applied on every calling thread). */
    public static CaffeNet load(Path prototxt, Path weightsOrNull, Phase phase, Device device) {
        TextProto def = Prototxt.validateNet(prototxt, phase).throwIfAny().net();
        List<String> stages = ShapeInference.stages(def);
        checkShapes(def, prototxt, phase, stages);
        Caffe.apply(device);
        NetParameter param = Prototxt.nativeNet(prototxt);
        param.mutable_state().set_phase(phase.nativeValue());
        CaffeNet n = new CaffeNet(new FloatNet(param), prototxt, device, true);
        param.deallocate();
        n.guard = new ReshapeGuard(def, phase, stages, prototxt.toString());
        if (weightsOrNull != null) {
            try {
                n.copyWeightsFrom(weightsOrNull);
            } catch (RuntimeException e) {
                n.close();
                throw e;
            }
        }
        return n;
    }

    /**
     * {@link ShapeInference#check} of a validated net before Caffe sets it up: what would abort Caffe (and the
     * JVM with it) is a {@link ValidationException} naming {@code file}, the layer and the fix.
     */
    static void checkShapes(TextProto def, Path file, Phase phase, List<String> stages) {
        try {
            ShapeInference.check(def, phase.name(), stages);
        } catch (ShapeException e) {
            throw new ValidationException(List.of(e.problem(file.toString())));
        }
    }

    /** Wraps a net owned by a solver (not released by close). */
    static CaffeNet borrowed(FloatNet net, Path file, Device device) {
        return new CaffeNet(net, file, device, false);
    }

    FloatNet raw() {
        enter();
        return net;
    }

    public Path file() {
        return file;
    }

    public List<String> layerNames() {
        enter();
        return strings(net.layer_names());
    }

    public List<String> blobNames() {
        enter();
        return strings(net.blob_names());
    }

    public List<String> inputNames() {
        enter();
        List<String> names = new ArrayList<>();
        List<String> all = strings(net.blob_names());
        org.bytedeco.javacpp.IntPointer idx = net.input_blob_indices();
        for (int i = 0; i < net.num_inputs(); i++) {
            names.add(all.get(idx.get(i)));
        }
        return names;
    }

    public List<String> outputNames() {
        enter();
        List<String> names = new ArrayList<>();
        List<String> all = strings(net.blob_names());
        org.bytedeco.javacpp.IntPointer idx = net.output_blob_indices();
        for (int i = 0; i < net.num_outputs(); i++) {
            names.add(all.get(idx.get(i)));
        }
        return names;
    }

    public boolean hasBlob(String name) {
        enter();
        return net.has_blob(name);
    }

    /** The shape of a blob, e.g. {@code [1, 2, 256, 256]}. */
    public int[] shape(String blob) {
        return shapeOf(blob(blob));
    }

    /**
     * Reshapes an input blob and propagates shapes through the net (fully-convolutional nets). The new shape is
     * checked in Java first (once per shape): every dim positive, and every layer's output at that input
     * non-empty with its window inside its padded input.
     *
     * @throws ValidationException naming the layer that cannot take the shape (the net is left as it was)
     */
    public void reshape(String input, int... shape) {
        FloatBlob b = blob(input);
        checkReshape(input, shape);
        b.Reshape(new org.bytedeco.javacpp.IntPointer(shape));
        net.Reshape();
    }

    private void checkReshape(String input, int[] shape) {
        ReshapeGuard.positive(file.toString(), input, shape);
        List<String> inputs = inputNames();
        if (guard != null && inputs.contains(input)) {
            Map<String, int[]> shapes = new LinkedHashMap<>();
            for (String i : inputs) {
                shapes.put(i, i.equals(input) ? shape : shape(i));
            }
            guard.check(input, shapes);
        }
    }

    /**
     * Copies the inputs into their blobs, runs a forward pass and returns copies of the output blobs.
     * Each array must have exactly the blob's element count.
     */
    public Map<String, float[]> forward(Map<String, float[]> inputs) {
        enter();
        for (Map.Entry<String, float[]> e : inputs.entrySet()) {
            setBlobData(e.getKey(), e.getValue());
        }
        net.Forward();
        Map<String, float[]> out = new LinkedHashMap<>();
        for (String name : outputNames()) {
            out.put(name, blobData(name));
        }
        return out;
    }

    /** Runs a forward pass on whatever the blobs hold (data layers read their next batch); returns the loss. */
    public float forward() {
        enter();
        float[] loss = new float[1];
        net.Forward(loss);
        return loss[0];
    }

    /** A copy of a blob's values. */
    public float[] blobData(String name) {
        FloatBlob b = blob(name);
        float[] a = new float[b.count()];
        b.cpu_data().get(a);
        return a;
    }

    /** Overwrites a blob's values. */
    public void setBlobData(String name, float[] values) {
        FloatBlob b = blob(name);
        if (values.length != b.count()) {
            throw new CaffeException("blob '" + name + "' of " + file + " holds " + b.count() + " values "
                    + java.util.Arrays.toString(shapeOf(b)) + ", got " + values.length);
        }
        b.mutable_cpu_data().put(values);
    }

    /**
     * A zero-copy view of a blob's CPU memory. Valid until the net is reshaped or closed; do not keep it
     * across those.
     */
    public FloatBuffer blobView(String name) {
        FloatBlob b = blob(name);
        FloatPointer p = b.mutable_cpu_data();
        return p.capacity(b.count()).asBuffer();
    }

    /** Layers with learnable parameters → their blob shapes, in net order. */
    public Map<String, List<int[]>> paramShapes() {
        enter();
        Map<String, List<int[]>> out = new LinkedHashMap<>();
        List<String> names = strings(net.layer_names());
        FloatLayer[] layers = net.layers().get();
        for (int i = 0; i < layers.length; i++) {
            FloatBlob[] blobs = layers[i].blobs().get();
            if (blobs.length == 0) {
                continue;
            }
            List<int[]> shapes = new ArrayList<>();
            for (FloatBlob b : blobs) {
                shapes.add(shapeOf(b));
            }
            out.put(names.get(i), shapes);
        }
        return out;
    }

    /** Copies of one layer's parameter blobs (weights, bias). */
    public List<float[]> params(String layer) {
        List<float[]> out = new ArrayList<>();
        for (FloatBlob b : layerBlobs(layer)) {
            float[] a = new float[b.count()];
            b.cpu_data().get(a);
            out.add(a);
        }
        return out;
    }

    /** Overwrites parameter blob {@code index} of a layer. */
    public void setParam(String layer, int index, float[] values) {
        FloatBlob[] blobs = layerBlobs(layer);
        if (index < 0 || index >= blobs.length) {
            throw new CaffeException("layer '" + layer + "' has " + blobs.length + " parameter blob(s), no index " + index);
        }
        if (values.length != blobs[index].count()) {
            throw new CaffeException("layer '" + layer + "' parameter " + index + " holds " + blobs[index].count()
                    + " values " + java.util.Arrays.toString(shapeOf(blobs[index])) + ", got " + values.length);
        }
        blobs[index].mutable_cpu_data().put(values);
    }

    /**
     * Copies weights from a caffemodel after checking in Java that every layer that matches by name
     * has the same parameter shapes (Caffe would abort otherwise).
     *
     * @throws WeightsMismatchException with the full report when shapes differ
     */
    public WeightTransferReport copyWeightsFrom(Path caffemodel) {
        enter();
        if (!Files.isRegularFile(caffemodel)) {
            throw new CaffeException(caffemodel + ": weights file not found");
        }
        WeightTransferReport report = WeightTransferReport.compare(paramShapes(), layerNames(),
                CaffeModelFile.readShapes(caffemodel));
        if (report.hasMismatches()) {
            throw new WeightsMismatchException(caffemodel + " does not fit " + file + ":\n" + report.describe()
                    + "Fix: change num_output/kernel (or the type) of those layers, rename them so they are not copied,"
                    + " or use matching weights.", report);
        }
        if (CaffeHdf5Weights.isHdf5(caffemodel)) {
            net.CopyTrainedLayersFromHDF5(caffemodel.toString());
        } else {
            net.CopyTrainedLayersFrom(caffemodel.toString());
        }
        return report;
    }

    /** Saves the weights as a binary caffemodel (atomic: temp file, then rename). */
    public void save(Path caffemodel) {
        enter();
        NetParameter p = new NetParameter();
        try {
            net.ToProto(p, false);
            replaceAtomically(caffemodel, ".tmp",
                    tmp -> org.bytedeco.caffe.global.caffe.WriteProtoToBinaryFile(p, tmp));
        } finally {
            p.deallocate();
        }
    }

    /**
     * Saves the weights in Caffe's HDF5 format (what {@code snapshot_format: HDF5} writes; {@link #copyWeightsFrom}
     * and Caffe read it back): temp file, then rename.
     */
    public void saveHdf5(Path h5) {
        enter();
        replaceAtomically(h5, ".tmp.h5", tmp -> net.ToHDF5(tmp, false));
    }

    /** Caffe writes {@code target} under a hidden temp name beside it, which then replaces the target. */
    private static void replaceAtomically(Path target, String tmpSuffix, java.util.function.Consumer<String> write) {
        Path abs = target.toAbsolutePath();
        Path tmp = abs.resolveSibling("." + abs.getFileName() + tmpSuffix);
        try {
            Files.createDirectories(abs.getParent());
            write.accept(tmp.toString());
            Files.move(tmp, abs, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot save " + target + ": " + e.getMessage(), e);
        }
    }

    /** Bytes the net's activations need (data + diff of every blob), for memory estimates. */
    public long activationBytes() {
        enter();
        long n = 0;
        for (FloatBlob b : net.blobs().get()) {
            n += (long) b.count();
        }
        return n * 4L * 2L;
    }

    /** Bytes of the learnable parameters (data + diff + one solver history copy). */
    public long paramBytes() {
        enter();
        long n = 0;
        for (FloatBlob b : net.learnable_params().get()) {
            n += (long) b.count();
        }
        return n * 4L * 3L;
    }

    /** Loss weights of the output blobs (non-zero for loss outputs), by blob name. */
    public Map<String, Float> outputLossWeights() {
        enter();
        Map<String, Float> out = new LinkedHashMap<>();
        List<String> all = strings(net.blob_names());
        org.bytedeco.javacpp.IntPointer idx = net.output_blob_indices();
        FloatPointer w = net.blob_loss_weights();
        for (int i = 0; i < net.num_outputs(); i++) {
            int bi = idx.get(i);
            out.put(all.get(bi), w.get(bi));
        }
        return out;
    }

    private FloatBlob blob(String name) {
        enter();
        if (!net.has_blob(name)) {
            throw new CaffeException(file + ": the net has no blob '" + name + "' (blobs: " + strings(net.blob_names()) + ")");
        }
        return net.blob_by_name(name);
    }

    private FloatBlob[] layerBlobs(String layer) {
        enter();
        if (!net.has_layer(layer)) {
            throw new CaffeException(file + ": the net has no layer '" + layer + "'");
        }
        FloatBlobSharedVector v = net.layer_by_name(layer).blobs();
        return v.get();
    }

    static int[] shapeOf(FloatBlob b) {
        int[] s = new int[b.num_axes()];
        for (int i = 0; i < s.length; i++) {
            s[i] = b.shape(i);
        }
        return s;
    }

    static List<String> strings(org.bytedeco.caffe.StringVector v) {
        List<String> out = new ArrayList<>();
        for (long i = 0; i < v.size(); i++) {
            out.add(v.get(i).getString());
        }
        return out;
    }

    @Override
    protected void release() {
        if (owned) {
            net.deallocate();
        }
    }

}
