package org.dlp4j.model;

import org.dlp4j.caffe.TextProto;

/**
 * Assembles a Caffe net from typed components: each method appends one {@code layer} and returns a
 * {@link Layer} handle for the optional settings (stride, pad, group, fillers, phase rules, ...).
 *
 * <pre>
 * NetBuilder b = new NetBuilder("tiny");
 * b.input("data", 1, 1, 28, 28);
 * b.conv("conv1", "data", 20, 5).stride(1).weightFiller("xavier");
 * b.relu("relu1", "conv1");
 * TextProto net = b.build();
 * </pre>
 * Layer parameters go into the layer's own {@code *_param} message in the order they are set.
 */
public final class NetBuilder {
    private final TextProto net = new TextProto();

    public NetBuilder(String name) {
        net.setString("name", name);
    }

    /** The net built so far (live; further calls keep adding to it). */
    public TextProto build() {
        return net;
    }

    @Override
    public String toString() {
        return net.toString();
    }

    /** Appends a layer of any type with the given bottoms and one top; {@code paramName} may be null. */
    public Layer layer(String type, String name, String paramName, String top, String... bottoms) {
        TextProto l = net.addMessage("layer");
        l.setString("name", name);
        l.setString("type", type);
        for (String b : bottoms) {
            l.addString("bottom", b);
        }
        if (top != null) {
            l.addString("top", top);
        }
        return new Layer(l, paramName);
    }

    // ------------------------------------------------------------------ data

    /** A {@code Data} layer reading an LMDB: {@code data_param { source batch_size backend: LMDB }}. */
    public Layer data(String name, String top, String source, int batchSize) {
        Layer l = layer("Data", name, "data_param", top);
        l.set("source", source).set("batch_size", batchSize);
        l.param().setIdent("backend", "LMDB");
        return l;
    }

    /** An {@code Input} layer declaring one blob's shape (deploy nets). */
    public Layer input(String top, int... shape) {
        Layer l = layer("Input", top, "input_param", top);
        TextProto s = l.param().addMessage("shape");
        for (int d : shape) {
            s.addNumber("dim", d);
        }
        return l;
    }

    // ------------------------------------------------------------------ vision

    /** A {@code Convolution}: {@code num_output}, square {@code kernel_size}. */
    public Layer conv(String name, String bottom, int numOutput, int kernel) {
        return layer("Convolution", name, "convolution_param", name, bottom)
                .set("num_output", numOutput).set("kernel_size", kernel);
    }

    /** A {@code Deconvolution} (learned or fixed upsampling); parameters live in {@code convolution_param}. */
    public Layer deconv(String name, String bottom, int numOutput, int kernel, int stride) {
        return layer("Deconvolution", name, "convolution_param", name, bottom)
                .set("num_output", numOutput).set("kernel_size", kernel).set("stride", stride);
    }

    /**
     * A fixed bilinear upsampling as FCN has it: one filter per channel ({@code group = channels}),
     * no bias, {@code lr_mult: 0}, {@code weight_filler: bilinear}.
     */
    public Layer bilinearUpsample(String name, String bottom, int channels, int kernel, int stride) {
        TextProto l = layer("Deconvolution", name, null, name, bottom).proto();
        l.addMessage("param").addNumber("lr_mult", 0);
        TextProto p = l.addMessage("convolution_param");
        p.addNumber("num_output", channels);
        p.addNumber("group", channels);
        p.addIdent("bias_term", "false");
        p.addNumber("kernel_size", kernel);
        p.addNumber("stride", stride);
        p.addMessage("weight_filler").addString("type", "bilinear");
        return new Layer(l, "convolution_param");
    }

    public Layer maxPool(String name, String bottom, int kernel, int stride) {
        Layer l = layer("Pooling", name, "pooling_param", name, bottom);
        l.param().setIdent("pool", "MAX");
        return l.set("kernel_size", kernel).set("stride", stride);
    }

    public Layer avePool(String name, String bottom, int kernel, int stride) {
        Layer l = layer("Pooling", name, "pooling_param", name, bottom);
        l.param().setIdent("pool", "AVE");
        return l.set("kernel_size", kernel).set("stride", stride);
    }

    /** In-place ReLU on {@code blob}. */
    public Layer relu(String name, String blob) {
        return layer("ReLU", name, null, blob, blob);
    }

    /** Local response normalisation across channels. */
    public Layer lrn(String name, String bottom, int localSize, double alpha, double beta) {
        return layer("LRN", name, "lrn_param", name, bottom)
                .set("local_size", localSize).set("alpha", alpha).set("beta", beta);
    }

    /** In-place dropout on {@code blob}. */
    public Layer dropout(String name, String blob, double ratio) {
        return layer("Dropout", name, "dropout_param", blob, blob).set("dropout_ratio", ratio);
    }

    public Layer innerProduct(String name, String bottom, int numOutput) {
        return layer("InnerProduct", name, "inner_product_param", name, bottom).set("num_output", numOutput);
    }

    /** Crops {@code bottom} to the spatial size of {@code reference} from axis 2 at {@code offset}. */
    public Layer crop(String name, String bottom, String reference, int offset) {
        return layer("Crop", name, "crop_param", name, bottom, reference).set("axis", 2).set("offset", offset);
    }

    public Layer concat(String name, String... bottoms) {
        return layer("Concat", name, "concat_param", name, bottoms);
    }

    /** Element-wise sum of the bottoms. */
    public Layer eltwiseSum(String name, String... bottoms) {
        Layer l = layer("Eltwise", name, "eltwise_param", name, bottoms);
        l.param().setIdent("operation", "SUM");
        return l;
    }

    /** Scales a blob by a constant with a fixed {@code Power} layer ({@code (shift + scale*x)^1}). */
    public Layer power(String name, String bottom, double scale, double shift) {
        return layer("Power", name, "power_param", name, bottom).set("scale", scale).set("shift", shift);
    }

    // ------------------------------------------------------------------ outputs

    public Layer softmax(String name, String bottom) {
        return layer("Softmax", name, null, name, bottom);
    }

    public Layer softmaxWithLoss(String name, String score, String label) {
        return layer("SoftmaxWithLoss", name, "loss_param", name, score, label);
    }

    /**
     * Infogain loss over a softmax: {@code infogain_loss_param { source }} names a binaryproto
     * BlobProto holding the K×K matrix H (see {@link ClassWeights}).
     */
    public Layer infogainLoss(String name, String prob, String label, String hSource) {
        return layer("InfogainLoss", name, "infogain_loss_param", name, prob, label).set("source", hSource);
    }

    public Layer accuracy(String name, String score, String label) {
        return layer("Accuracy", name, "accuracy_param", name, score, label);
    }

    // ------------------------------------------------------------------ layer handle

    /** One layer being built: a thin typed view over its {@link TextProto}. */
    public static final class Layer {
        private final TextProto proto;
        private final String paramName;

        Layer(TextProto proto, String paramName) {
            this.proto = proto;
            this.paramName = paramName;
        }

        /** The layer message itself. */
        public TextProto proto() {
            return proto;
        }

        /** The layer's {@code *_param} message (created on first use). */
        public TextProto param() {
            if (paramName == null) {
                throw new IllegalStateException(proto.get("type") + " layer has no parameter message");
            }
            return proto.messageOrCreate(paramName);
        }

        /** Sets a number in the layer's parameter message. */
        public Layer set(String field, Number value) {
            param().setNumber(field, value);
            return this;
        }

        /** Sets a string in the layer's parameter message. */
        public Layer set(String field, String value) {
            param().setString(field, value);
            return this;
        }

        public Layer stride(int s) {
            return set("stride", s);
        }

        public Layer pad(int p) {
            return set("pad", p);
        }

        public Layer group(int g) {
            return set("group", g);
        }

        public Layer noBias() {
            param().setIdent("bias_term", "false");
            return this;
        }

        /** {@code weight_filler { type }} (e.g. xavier, msra, bilinear). */
        public Layer weightFiller(String type) {
            param().remove("weight_filler");
            param().addMessage("weight_filler").addString("type", type);
            return this;
        }

        /** {@code weight_filler { type: "gaussian" std }}. */
        public Layer gaussian(double std) {
            param().remove("weight_filler");
            param().addMessage("weight_filler").addString("type", "gaussian").addNumber("std", std);
            return this;
        }

        /** {@code bias_filler { type: "constant" value }}. */
        public Layer biasConstant(double value) {
            param().remove("bias_filler");
            param().addMessage("bias_filler").addString("type", "constant").addNumber("value", value);
            return this;
        }

        /** One {@code param { lr_mult decay_mult }} per parameter blob, inserted before the *_param message. */
        public Layer lrMult(double lrMult, double decayMult) {
            TextProto p = new TextProto().addNumber("lr_mult", lrMult).addNumber("decay_mult", decayMult);
            int at = paramIndex();
            if (at < 0) {
                proto.addMessage("param", p);
            } else {
                proto.insertMessage(at, "param", p);
            }
            return this;
        }

        /** The weights (1,1) and bias (2,0) learning-rate multipliers FCN and AlexNet use. */
        public Layer standardLrMults() {
            return lrMult(1, 1).lrMult(2, 0);
        }

        /** Adds {@code include { phase }} (TRAIN or TEST). */
        public Layer include(String phase) {
            proto.addMessage("include").addIdent("phase", phase);
            return this;
        }

        /** Adds {@code include { stage }}. */
        public Layer includeStage(String stage) {
            proto.addMessage("include").addString("stage", stage);
            return this;
        }

        /** Adds {@code exclude { stage }}. */
        public Layer excludeStage(String stage) {
            proto.addMessage("exclude").addString("stage", stage);
            return this;
        }

        /** Adds a second top (e.g. a Data layer with {@code data} and {@code label}). */
        public Layer addTop(String top) {
            proto.addString("top", top);
            return this;
        }

        /** {@code transform_param { scale }} on a data layer (inserted before data_param). */
        public Layer scale(double scale) {
            TextProto t = new TextProto().addNumber("scale", scale);
            int at = paramIndex();
            proto.insertMessage(at < 0 ? proto.fields().size() : at, "transform_param", t);
            return this;
        }

        private int paramIndex() {
            TextProto p = paramName == null ? null : proto.message(paramName);
            return p == null ? -1 : proto.indexOf(p);
        }

        /** {@code loss_param} / {@code accuracy_param}: {@code ignore_label}. */
        public Layer ignoreLabel(int label) {
            return set("ignore_label", label);
        }
    }
}
