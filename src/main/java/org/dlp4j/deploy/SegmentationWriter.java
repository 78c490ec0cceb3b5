package org.dlp4j.deploy;

import java.nio.file.Path;
import java.util.List;

/**
 * Writes everything {@code dlp infer} produces for segmented images under one output folder:
 * {@code masks/NAME.png} (class indices), {@code overlays/NAME.png}, {@code contours/…-icontour-auto.txt}
 * (outline of the largest foreground component, Sunnybrook format; none for an empty mask) and, on
 * {@link #finish()}, {@code predictions.csv}. The caller supplies the network's output; nothing here is native.
 */
public final class SegmentationWriter {
    private final Path out;
    private final List<String> labels;
    private final double alpha;
    private final PredictionsCsv csv = PredictionsCsv.segmentation();

    private final java.util.Map<String, String> contourPaths;

    /** {@code labels}: class names by index (labels.txt), may be empty. */
    public SegmentationWriter(Path outDir, List<String> labels, double alpha) {
        this(outDir, labels, alpha, List.of());
    }

    /**
     * As above, for a job over {@code inputNames} (file names): their contour files are named together
     * ({@link ContourExport#relativePaths}), so that two inputs never write the same one.
     */
    public SegmentationWriter(Path outDir, List<String> labels, double alpha, java.util.Collection<String> inputNames) {
        this.out = outDir;
        this.labels = List.copyOf(labels);
        this.alpha = alpha;
        this.contourPaths = ContourExport.relativePaths(inputNames);
    }

    /**
     * Writes one image's outputs. {@code inputName} is the input file name (it names the outputs and the contour
     * file, see {@link ContourExport}); spacing NaN when unknown; {@code ms} the inference time.
     * Returns the contour file, or null when the mask has no foreground.
     */
    public Path write(String inputName, GreyImage image, ClassMask mask, double rowMm, double colMm, double ms) {
        String stem = ContourExport.stem(Path.of(inputName).getFileName().toString());
        MaskIO.writeClasses(out.resolve("masks").resolve(stem + ".png"), mask);
        MaskIO.writePng(Overlay.render(image.toGrey8(), mask, labels, alpha), out.resolve("overlays").resolve(stem + ".png"));
        double[][] outline = MaskBoundary.largestOutline(mask.foreground(), mask.width(), mask.height());
        String name = Path.of(inputName).getFileName().toString();
        Path contour = outline[0].length == 0 ? null : ContourExport.writeTo(out.resolve("contours").resolve(
                contourPaths.getOrDefault(name, ContourExport.relativePath(name))), outline);
        csv.addSegmentation(Path.of(inputName).getFileName().toString(), mask.foregroundCount(), rowMm, colMm, ms);
        return contour;
    }

    /** Writes {@code predictions.csv}; returns its path. */
    public Path finish() {
        Path f = out.resolve("predictions.csv");
        csv.write(f);
        return f;
    }
}
