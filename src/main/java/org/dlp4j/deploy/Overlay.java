package org.dlp4j.deploy;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A colour overlay of a segmentation on its 8-bit grey image. For a pixel of foreground class c (not 0, not 255)
 * with colour (R, G, B): an <em>outline</em> pixel (a 4-neighbour has another class, or it lies on the image
 * border) is drawn in the class colour; any other pixel of the class is filled with
 * {@code round((1 − alpha)·grey + alpha·colour)} per channel; background and ignore pixels stay grey.
 * A legend strip (colour swatch + class name) is appended <em>below</em> the image, so image pixels are never
 * covered; the output is {@link #LEGEND_ROW} pixels taller per legend entry, plus {@link #LEGEND_PAD}.
 */
public final class Overlay {
    public static final double DEFAULT_ALPHA = 0.4;
    public static final int LEGEND_ROW = 14;
    public static final int LEGEND_PAD = 4;

    private static final int[] PALETTE = {
        0xFF0000, 0x00FF00, 0x0080FF, 0xFFFF00, 0xFF00FF, 0x00FFFF, 0xFF8000, 0x8000FF,
    };

    private Overlay() {
    }

    /** The RGB colour (0xRRGGBB) of foreground class {@code cls ≥ 1}: a fixed palette, then golden-ratio hues. */
    public static int colour(int cls) {
        if (cls >= 1 && cls <= PALETTE.length) {
            return PALETTE[cls - 1];
        }
        float hue = (float) ((cls * 0.6180339887) % 1.0);
        return Color.HSBtoRGB(hue, 0.9f, 1f) & 0xFFFFFF;
    }

    /**
     * Renders the overlay. {@code grey8} holds 0..255 grey levels ({@link GreyImage#toGrey8()}); {@code names}
     * are the class names by index (labels.txt) and may be empty; the legend lists classes 1..names.size()−1 and
     * any other foreground class found in the mask.
     */
    public static BufferedImage render(int[] grey8, ClassMask mask, List<String> names, double alpha) {
        int w = mask.width();
        int h = mask.height();
        if (grey8.length != w * h) {
            throw new IllegalArgumentException("image has " + grey8.length + " pixels, mask " + w * h);
        }
        if (!(alpha >= 0 && alpha <= 1)) { // NaN fails both
            throw new IllegalArgumentException("alpha must be within 0..1, got " + alpha);
        }
        List<Integer> legend = legendClasses(mask, names);
        int extra = legend.isEmpty() ? 0 : LEGEND_PAD + LEGEND_ROW * legend.size();
        BufferedImage img = new BufferedImage(w, h + extra, BufferedImage.TYPE_INT_RGB);
        int[] v = mask.values();
        // straight into the raster's int array: setRGB goes through the colour model per pixel (slow)
        int[] px = ((java.awt.image.DataBufferInt) img.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int g = Math.max(0, Math.min(255, grey8[i]));
                int c = v[i];
                int rgb;
                if (c == 0 || c == 255) {
                    rgb = (g << 16) | (g << 8) | g;
                } else if (isOutline(v, w, h, x, y)) {
                    rgb = colour(c);
                } else {
                    rgb = blend(g, colour(c), alpha);
                }
                px[i] = rgb;
            }
        }
        if (!legend.isEmpty()) {
            drawLegend(img, h, legend, names);
        }
        return img;
    }

    /** The filled-pixel colour: {@code round((1 − alpha)·grey + alpha·channel)} for R, G and B. */
    public static int blend(int grey, int rgb, double alpha) {
        int r = (int) Math.round((1 - alpha) * grey + alpha * ((rgb >> 16) & 255));
        int g = (int) Math.round((1 - alpha) * grey + alpha * ((rgb >> 8) & 255));
        int b = (int) Math.round((1 - alpha) * grey + alpha * (rgb & 255));
        return (r << 16) | (g << 8) | b;
    }

    static boolean isOutline(int[] v, int w, int h, int x, int y) {
        int c = v[y * w + x];
        if (x == 0 || y == 0 || x == w - 1 || y == h - 1) {
            return true;
        }
        return v[y * w + x - 1] != c || v[y * w + x + 1] != c || v[(y - 1) * w + x] != c || v[(y + 1) * w + x] != c;
    }

    private static List<Integer> legendClasses(ClassMask mask, List<String> names) {
        boolean[] present = new boolean[256];
        for (int c : mask.values()) {
            present[c & 255] = true;
        }
        List<Integer> out = new ArrayList<>();
        for (int c = 1; c < 255; c++) {
            if (c < names.size() || present[c]) {
                out.add(c);
            }
        }
        return out;
    }

    private static void drawLegend(BufferedImage img, int top, List<Integer> classes, List<String> names) {
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.BLACK);
            g.fillRect(0, top, img.getWidth(), img.getHeight() - top);
            int y = top + LEGEND_PAD / 2;
            for (int c : classes) {
                g.setColor(new Color(colour(c)));
                g.fillRect(3, y + 2, 10, 10);
                String name = c < names.size() ? names.get(c) : "class " + c;
                try {
                    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                    g.setColor(Color.WHITE);
                    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
                    g.drawString(c + " " + name, 17, y + 11);
                } catch (RuntimeException | Error noFonts) {
                    if (noFonts instanceof VirtualMachineError vme) {
                        throw vme;
                    }
                    // A headless JVM without fontconfig cannot draw text; the swatches still identify the classes.
                }
                y += LEGEND_ROW;
            }
        } finally {
            g.dispose();
        }
    }
}
