package org.dlp4j.data.sunnybrook;

import java.nio.file.Path;

/** Workspace paths (DESIGN.md "Workspace"). */
public final class Workspace {
    public static final String TRAIN_LMDB = "train_lmdb";
    public static final String TRAIN_GT_LMDB = "train_gt_lmdb";
    public static final String VAL_LMDB = "val_lmdb";
    public static final String VAL_GT_LMDB = "val_gt_lmdb";
    public static final String TEST_IMAGES = "test_images";
    public static final String TEST_LABELS = "test_labels";
    public static final String DATASET_JSON = "dataset.json";

    private Workspace() {
    }

    /** {@code ws/data}. */
    public static Path data(Path ws) {
        return ws.resolve("data");
    }
}
