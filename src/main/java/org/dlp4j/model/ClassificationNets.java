package org.dlp4j.model;

import org.dlp4j.caffe.TextProto;

/**
 * The classification nets of the {@link NetLibrary}: LeNet and AlexNet, from the published
 * architectures. One Data layer per phase yields both {@code data} and {@code label} (DLP's class
 * import writes the label into each Datum), from {@code data/train_lmdb} (TRAIN) and
 * {@code data/val_lmdb} (TEST).
 */
final class ClassificationNets {
    private ClassificationNets() {
    }

    static void dataLayers(NetBuilder b, int trainBatch, int testBatch, double scale) {
        NetBuilder.Layer t = b.data("data_train", "data", SegmentationNets.TRAIN_IMAGES, trainBatch).addTop("label");
        t.include("TRAIN");
        NetBuilder.Layer v = b.data("data_val", "data", SegmentationNets.VAL_IMAGES, testBatch).addTop("label");
        v.include("TEST");
        if (scale != 1) {
            t.scale(scale);
            v.scale(scale);
        }
    }

    static void accuracyAndLoss(NetBuilder b, String score) {
        b.accuracy("accuracy", score, "label").include("TEST");
        b.softmaxWithLoss("loss", score, "label");
    }

    /** LeNet-5 as in Caffe's MNIST example: conv 20 (5×5), pool, conv 50 (5×5), pool, ip 500, ReLU, ip K. */
    static TextProto lenet(int classes) {
        NetBuilder b = new NetBuilder("lenet");
        dataLayers(b, 64, 100, 1.0 / 256);
        b.conv("conv1", "data", 20, 5).standardLrMults().weightFiller("xavier").biasConstant(0);
        b.maxPool("pool1", "conv1", 2, 2);
        b.conv("conv2", "pool1", 50, 5).standardLrMults().weightFiller("xavier").biasConstant(0);
        b.maxPool("pool2", "conv2", 2, 2);
        b.innerProduct("ip1", "pool2", 500).standardLrMults().weightFiller("xavier").biasConstant(0);
        b.relu("relu1", "ip1");
        b.innerProduct("ip2", "ip1", classes).standardLrMults().weightFiller("xavier").biasConstant(0);
        accuracyAndLoss(b, "ip2");
        return b.build();
    }

    /**
     * AlexNet (Krizhevsky et al. 2012) as BVLC's reference: conv1 96 (11×11, stride 4), LRN, pool;
     * conv2 256 (5×5, group 2), LRN, pool; conv3 384; conv4 384 (group 2); conv5 256 (group 2), pool;
     * fc6, fc7 4096 with dropout; fc8 K.
     */
    static TextProto alexnet(int classes) {
        NetBuilder b = new NetBuilder("alexnet");
        dataLayers(b, 64, 50, 1);
        b.conv("conv1", "data", 96, 11).stride(4).standardLrMults().gaussian(0.01).biasConstant(0);
        b.relu("relu1", "conv1");
        b.lrn("norm1", "conv1", 5, 1e-4, 0.75);
        b.maxPool("pool1", "norm1", 3, 2);
        b.conv("conv2", "pool1", 256, 5).pad(2).group(2).standardLrMults().gaussian(0.01).biasConstant(0.1);
        b.relu("relu2", "conv2");
        b.lrn("norm2", "conv2", 5, 1e-4, 0.75);
        b.maxPool("pool2", "norm2", 3, 2);
        b.conv("conv3", "pool2", 384, 3).pad(1).standardLrMults().gaussian(0.01).biasConstant(0);
        b.relu("relu3", "conv3");
        b.conv("conv4", "conv3", 384, 3).pad(1).group(2).standardLrMults().gaussian(0.01).biasConstant(0.1);
        b.relu("relu4", "conv4");
        b.conv("conv5", "conv4", 256, 3).pad(1).group(2).standardLrMults().gaussian(0.01).biasConstant(0.1);
        b.relu("relu5", "conv5");
        b.maxPool("pool5", "conv5", 3, 2);
        b.innerProduct("fc6", "pool5", 4096).standardLrMults().gaussian(0.005).biasConstant(0.1);
        b.relu("relu6", "fc6");
        b.dropout("drop6", "fc6", 0.5);
        b.innerProduct("fc7", "fc6", 4096).standardLrMults().gaussian(0.005).biasConstant(0.1);
        b.relu("relu7", "fc7");
        b.dropout("drop7", "fc7", 0.5);
        b.innerProduct("fc8", "fc7", classes).standardLrMults().gaussian(0.01).biasConstant(0);
        accuracyAndLoss(b, "fc8");
        return b.build();
    }
}
