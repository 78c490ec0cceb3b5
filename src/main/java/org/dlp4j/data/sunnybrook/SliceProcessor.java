package org.dlp4j.data.sunnybrook;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dlp4j.BadInputException;
import org.dlp4j.data.contour.ContourKind;
import org.dlp4j.data.contour.Rasterizer;
import org.dlp4j.data.dicom.DicomReader;
import org.dlp4j.data.dicom.DicomSlice;

/** Decodes a paired slice, normalises it and rasterises its contour. Stateless, safe to call from many threads. */
public final class SliceProcessor {
    /** How a contour becomes a mask. */
    public enum Rasterize {
        /** Pixel centre inside the polygon (poly2mask): area-faithful. */
        AREA,
        /** OpenCV fillPoly on int-truncated vertices (DIGITS/Tran converters): adds boundary pixels. */
        FILLPOLY
    }

    private final Rasterize rasterize;
    private final boolean floatImages;

    public SliceProcessor(Rasterize rasterize, boolean floatImages) {
        this.rasterize = rasterize;
        this.floatImages = floatImages;
    }

    /** {@code IM-0001-0048-icontour-manual.txt} → {@code IM-0001-0048}: cut at the first "-icontour"/"-ocontour". */
    static String stem(String contourName) {
        int i = contourName.indexOf("-icontour");
        int o = contourName.indexOf("-ocontour");
        int cut = i < 0 ? o : o < 0 ? i : Math.min(i, o);
        return cut < 0 ? contourName : contourName.substring(0, cut);
    }

    /** The slice ready to write; {@link BadInputException} when its DICOM cannot be decoded. */
    public PreparedSlice prepare(SlicePairer.Pair p) {
        DicomSlice s = DicomReader.read(p.slice().file());
        if (s.rows() != p.slice().rows() || s.cols() != p.slice().cols()) {
            throw new BadInputException(p.slice().file() + ": decoded size " + s.rows() + "x" + s.cols()
                    + " differs from its header " + p.slice().rows() + "x" + p.slice().cols());
        }
        float[] px = s.firstFrame();
        Normalization.Normalized norm = Normalization.normalize(px, s.firstFrameHistogram(), s.invertedGrey());
        Normalization.Window w = norm.window();
        byte[] image8 = norm.uint8();
        float[] imageF = floatImages ? Normalization.toFloat(px, w, s.invertedGrey()) : null;
        byte[] mask = rasterize == Rasterize.AREA ? Rasterizer.area(p.contour(), s.rows(), s.cols())
                : Rasterizer.fillPoly(p.contour(), s.rows(), s.cols());
        String stem = stem(p.contourFile().getFileName().toString());
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("dicom", p.slice().file().toString());
        source.put("contour", p.contourFile().toString());
        Map<ContourKind, java.nio.file.Path> all = p.contours();
        if (all != null && all.containsKey(ContourKind.OUTER) && !all.get(ContourKind.OUTER).equals(p.contourFile())) {
            source.put("ocontour", all.get(ContourKind.OUTER).toString());
        }
        source.put("seriesNumber", s.seriesNumber());
        source.put("instanceNumber", s.instanceNumber());
        source.put("contourArea", p.contour().area());
        if (p.note() != null) {
            source.put("note", p.note());
        }
        return new PreparedSlice(p.caseId() + "_" + stem, p.caseId(), 1, s.rows(), s.cols(), image8, imageF, mask, w,
                s.rowSpacing(), s.colSpacing(), source);
    }
}
