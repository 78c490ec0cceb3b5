package org.dlp4j.model;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Draws a {@link NetGraph} as a standalone SVG: boxes for layers (coloured by kind), pills for blobs, arrows. */
public final class NetSvg {
    private NetSvg() {
    }

    public static String render(NetGraph g) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\""
                + " viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\">%n", g.width(), g.height(), g.width(), g.height()));
        sb.append("<title>").append(esc(g.name())).append("</title>\n");
        sb.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\""
                + " orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#555\"/></marker></defs>\n");
        Map<String, NetGraph.Node> byId = new HashMap<>();
        g.nodes().forEach(n -> byId.put(n.id(), n));
        for (NetGraph.Edge e : g.edges()) {
            NetGraph.Node a = byId.get(e.from());
            NetGraph.Node b = byId.get(e.to());
            if (a == null || b == null) {
                continue;
            }
            sb.append(String.format(Locale.ROOT, "<line class=\"edge\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#555\""
                    + " marker-end=\"url(#arrow)\"/>%n", a.x() + a.w() / 2, a.y() + a.h(), b.x() + b.w() / 2, b.y()));
        }
        for (NetGraph.Node n : g.nodes()) {
            if (n.kind().equals("blob")) {
                sb.append(String.format(Locale.ROOT, "<g class=\"blob\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                        + " rx=\"12\" fill=\"#f4f4f4\" stroke=\"#999\"/>", n.x(), n.y(), n.w(), n.h()));
                text(sb, n.x() + n.w() / 2, n.y() + 16, 11, "#333", n.name());
            } else {
                sb.append(String.format(Locale.ROOT, "<g class=\"layer\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                        + " rx=\"4\" fill=\"%s\" stroke=\"#333\"/>", n.x(), n.y(), n.w(), n.h(), colour(n.type())));
                text(sb, n.x() + n.w() / 2, n.y() + 16, 12, "#000", n.name() + " (" + n.type() + ")");
                for (int i = 0; i < n.details().size(); i++) {
                    text(sb, n.x() + n.w() / 2, n.y() + 32 + 14 * i, 10, "#222", n.details().get(i));
                }
            }
            sb.append("</g>\n");
        }
        return sb.append("</svg>\n").toString();
    }

    private static void text(StringBuilder sb, double x, double y, int size, String fill, String s) {
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"middle\" fill=\"%s\">",
                x, y, size, fill)).append(esc(s)).append("</text>");
    }

    static String colour(String type) {
        if (type == null) {
            return "#fff";
        }
        return switch (type) {
            case "Convolution" -> "#ffd8a8";
            case "Deconvolution" -> "#ffc9c9";
            case "Pooling" -> "#a5d8ff";
            case "InnerProduct" -> "#ffec99";
            case "Data", "Input", "ImageData", "HDF5Data", "Python" -> "#b2f2bb";
            case "Crop", "Concat", "Eltwise" -> "#d0bfff";
            default -> type.endsWith("Loss") || type.equals("Accuracy") || type.equals("Softmax") ? "#eebefa" : "#e9ecef";
        };
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
