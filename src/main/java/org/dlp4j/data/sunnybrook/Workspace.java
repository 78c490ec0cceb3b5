package org.dlp4j.data.sunnybrook;

import java.io.IOException;
import java.nio.file.Path;

/** Workspace paths (DESIGN.md "Workspace") and file-tree helpers shared by the importers. */
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

    /** Deletes a file tree (no-op when absent). */
    public static void deleteTree(Path p) throws IOException {
        org.dlp4j.AtomicFiles.deleteTree(p);
    }
}
