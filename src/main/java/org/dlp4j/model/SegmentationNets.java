package org.dlp4j.model;

import org.dlp4j.caffe.TextProto;

/**
 * The segmentation nets of the {@link NetLibrary}, written from the published architectures with
 * {@link NetBuilder}: FCN-AlexNet as DLP's library has it, VGG-16 FCN-8s, and a small FCN for CPUs.
 *
 * <p>All read images and labels from two LMDBs per phase with identical keys (DLP's workspace
 * layout: {@code data/train_lmdb}, {@code data/train_gt_lmdb}, {@code data/val_lmdb},
 * {@code data/val_gt_lmdb}, relative to the workspace), ignore label 255, have weight fillers so they
 * also train from scratch (pretrained weights replace them), and leave the loss
 * normalisation at Caffe's default ({@code VALID}: the mean over non-ignored pixels, the same as
 * FCN's and DIGITS' {@code normalize: true}).
 */
final class SegmentationNets {
    static final String TRAIN_IMAGES = "data/train_lmdb";
    static final String TRAIN_LABELS = "data/train_gt_lmdb";
    static final String VAL_IMAGES = "data/val_lmdb";
    static final String VAL_LABELS = "data/val_gt_lmdb";

    private SegmentationNets() {
    }

    /** The four Data layers: {@code data_train}, {@code label_train} (TRAIN), {@code data_val}, {@code label_val} (TEST). */
    static void dataLayers(NetBuilder b, int batch, double imageScale) {
        NetBuilder.Layer d = b.data("data_train", "data", TRAIN_IMAGES, batch).include("TRAIN");
        if (imageScale != 1) {
            d.scale(imageScale);
        }
        b.data("label_train", "label", TRAIN_LABELS, batch).include("TRAIN");
        d = b.data("data_val", "data", VAL_IMAGES, batch).include("TEST");
        if (imageScale != 1) {
            d.scale(imageScale);
        }
        b.data("label_val", "label", VAL_LABELS, batch).include("TEST");
    }

    /** SoftmaxWithLoss (ignore 255, default normalisation) and an Accuracy layer in TEST. */
    static void lossAndAccuracy(NetBuilder b, String score) {
        b.softmaxWithLoss("loss", score, "label").ignoreLabel(255);
        b.accuracy("accuracy", score, "label").ignoreLabel(255).include("TEST");
    }

    /**
     * FCN-AlexNet (Long et al., "Fully Convolutional Networks for Semantic Segmentation") with DLP's
     * names: {@code conv6}/{@code conv7} where the ImageNet AlexNet has {@code fc6}/{@code fc7}.
     * The crop offset 18 aligns {@code upscore} with the input for every input size: the net maps an
     * input pixel x to upscore pixel x + 18 (pad 100 on conv1, see {@code SegmentationNetsTest}).
     */
    static TextProto alexFcn(int classes) {
        NetBuilder b = new NetBuilder("alexfcn");
        dataLayers(b, 1, 1);
        b.conv("conv1", "data", 96, 11).pad(100).stride(4).gaussian(0.01);
        b.relu("relu1", "conv1");
        b.maxPool("pool1", "conv1", 3, 2);
        b.lrn("norm1", "pool1", 5, 1e-4, 0.75);
        b.conv("conv2", "norm1", 256, 5).pad(2).group(2).gaussian(0.01);
        b.relu("relu2", "conv2");
        b.maxPool("pool2", "conv2", 3, 2);
        b.lrn("norm2", "pool2", 5, 1e-4, 0.75);
        b.conv("conv3", "norm2", 384, 3).pad(1).gaussian(0.01);
        b.relu("relu3", "conv3");
        b.conv("conv4", "conv3", 384, 3).pad(1).group(2).gaussian(0.01);
        b.relu("relu4", "conv4");
        b.conv("conv5", "conv4", 256, 3).pad(1).group(2).gaussian(0.01);
        b.relu("relu5", "conv5");
        b.maxPool("pool5", "conv5", 3, 2);
        b.conv("conv6", "pool5", 4096, 6).gaussian(0.005);
        b.relu("relu6", "conv6");
        b.dropout("drop6", "conv6", 0.5);
        b.conv("conv7", "conv6", 4096, 1).gaussian(0.005);
        b.relu("relu7", "conv7");
        b.dropout("drop7", "conv7", 0.5);
        b.conv("score_fr", "conv7", classes, 1).standardLrMults().weightFiller("xavier").biasConstant(0);
        b.bilinearUpsample("upscore", "score_fr", classes, 63, 32);
        b.crop("score", "upscore", "data", 18);
        lossAndAccuracy(b, "score");
        return b.build();
    }

    /**
     * VGG-16 FCN-8s: score_fr upsampled ×2 and fused (Eltwise SUM) with a 1×1 score of pool4
     * (crop offset 5), again ×2 and fused with a score of pool3 (offset 9), then ×8 to the input
     * (offset 31); conv1_1 padded by 100. As in the FCN repository, the upsamplings are full
     * K×K deconvolutions (no group, {@code lr_mult: 0}) so the published FCN-8s weights load; they get
     * their bilinear values from {@code dlp net convolutionalize} ({@link Bilinear}), not a filler.
     */
    static TextProto fcn8s(int classes) {
        NetBuilder b = new NetBuilder("fcn8s");
        dataLayers(b, 1, 1);
        int[][] stages = {{64, 2}, {128, 2}, {256, 3}, {512, 3}, {512, 3}};
        String in = "data";
        for (int s = 0; s < stages.length; s++) {
            for (int c = 1; c <= stages[s][1]; c++) {
                String name = "conv" + (s + 1) + "_" + c;
                b.conv(name, in, stages[s][0], 3).pad(s == 0 && c == 1 ? 100 : 1).standardLrMults().weightFiller("msra");
                b.relu("relu" + (s + 1) + "_" + c, name);
                in = name;
            }
            b.maxPool("pool" + (s + 1), in, 2, 2);
            in = "pool" + (s + 1);
        }
        b.conv("fc6", "pool5", 4096, 7).standardLrMults().gaussian(0.005);
        b.relu("relu6", "fc6");
        b.dropout("drop6", "fc6", 0.5);
        b.conv("fc7", "fc6", 4096, 1).standardLrMults().gaussian(0.005);
        b.relu("relu7", "fc7");
        b.dropout("drop7", "fc7", 0.5);
        b.conv("score_fr", "fc7", classes, 1).standardLrMults().weightFiller("xavier").biasConstant(0);
        fullUpsample(b, "upscore2", "score_fr", classes, 4, 2);
        b.conv("score_pool4", "pool4", classes, 1).standardLrMults().weightFiller("xavier").biasConstant(0);
        b.crop("score_pool4c", "score_pool4", "upscore2", 5);
        b.eltwiseSum("fuse_pool4", "upscore2", "score_pool4c");
        fullUpsample(b, "upscore_pool4", "fuse_pool4", classes, 4, 2);
        b.conv("score_pool3", "pool3", classes, 1).standardLrMults().weightFiller("xavier").biasConstant(0);
        b.crop("score_pool3c", "score_pool3", "upscore_pool4", 9);
        b.eltwiseSum("fuse_pool3", "upscore_pool4", "score_pool3c");
        fullUpsample(b, "upscore8", "fuse_pool3", classes, 16, 8);
        b.crop("score", "upscore8", "data", 31);
        lossAndAccuracy(b, "score");
        return b.build();
    }

    private static void fullUpsample(NetBuilder b, String name, String bottom, int classes, int kernel, int stride) {
        b.deconv(name, bottom, classes, kernel, stride).noBias().proto()
                .insertMessage(4, "param", new TextProto().addNumber("lr_mult", 0));
    }

    /**
     * A small FCN that trains on two CPU cores in minutes: four 3×3 conv + ReLU stages (8, 16, 32,
     * 64 channels); the first has stride 2, the second and third are followed by 2×2 max pools
     * (output stride 8); a 1×1 score layer, a fixed bilinear ×8 upsampling (kernel 16, stride 8,
     * pad 4: exactly the input size for inputs divisible by 8) and a Crop to the input (offset 0) for
     * other sizes. Images are scaled by 1/255. Measured: ≈125 ms per iteration at batch 4 on 1×256×256
     * on two cores; Dice 0.96 on held-out synthetic disc images after 200 iterations with Adam.
     */
    static TextProto fcnSmall(int classes, int batch) {
        NetBuilder b = new NetBuilder("fcn-small");
        dataLayers(b, batch, 1.0 / 255);
        int[] widths = {8, 16, 32, 64};
        String in = "data";
        for (int i = 0; i < widths.length; i++) {
            String name = "conv" + (i + 1);
            NetBuilder.Layer c = b.conv(name, in, widths[i], 3).pad(1);
            if (i == 0) {
                c.stride(2);
            }
            c.weightFiller("msra").biasConstant(0);
            b.relu("relu" + (i + 1), name);
            in = name;
            if (i > 0 && i < widths.length - 1) {
                b.maxPool("pool" + (i + 1), in, 2, 2);
                in = "pool" + (i + 1);
            }
        }
        b.conv("score_fr", in, classes, 1).weightFiller("xavier").biasConstant(0);
        b.bilinearUpsample("upscore", "score_fr", classes, 16, 8).pad(4);
        b.crop("score", "upscore", "data", 0);
        lossAndAccuracy(b, "score");
        return b.build();
    }
}
