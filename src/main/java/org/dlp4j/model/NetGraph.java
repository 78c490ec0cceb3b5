package org.dlp4j.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dlp4j.caffe.TextProto;

/**
 * A net as a graph for drawing: layer nodes (type, kernel/stride, num_output; in-place layers such as
 * ReLU and Dropout folded into the layer that made their blob), blob nodes, edges layer→blob→layer,
 * and a top-down layout by topological depth. {@link #nodes()} and {@link #edges()} are plain
 * records (JSON-ready for the web UI); {@link NetSvg} draws them.
 */
public final class NetGraph {
    public static final double LAYER_W = 170;
    public static final double LAYER_H = 46;
    public static final double BLOB_W = 110;
    public static final double BLOB_H = 24;
    public static final double ROW = 80;
    public static final double GAP = 24;

    /** A layer or blob. {@code x, y} is the top-left corner. */
    public record Node(String id, String kind, String name, String type, List<String> details, int depth,
            double x, double y, double w, double h) {
    }

    public record Edge(String from, String to) {
    }

    private final String name;
    private final List<Node> nodes;
    private final List<Edge> edges;
    private final double width;
    private final double height;

    private NetGraph(String name, List<Node> nodes, List<Edge> edges, double width, double height) {
        this.name = name;
        this.nodes = nodes;
        this.edges = edges;
        this.width = width;
        this.height = height;
    }

    public String name() {
        return name;
    }

    public List<Node> nodes() {
        return nodes;
    }

    public List<Edge> edges() {
        return edges;
    }

    public double width() {
        return width;
    }

    public double height() {
        return height;
    }

    /** {@code {name, width, height, nodes, edges}} for JSON. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("width", width);
        m.put("height", height);
        m.put("nodes", nodes);
        m.put("edges", edges);
        return m;
    }

    /** Builds the graph of every layer in the file (all phases). */
    public static NetGraph of(TextProto net) {
        Map<String, List<String>> details = new LinkedHashMap<>();
        Map<String, String> types = new HashMap<>();
        List<Edge> edges = new ArrayList<>();
        Map<String, String> producer = new HashMap<>(); // blob → layer id
        List<String> order = new ArrayList<>();
        for (TextProto l : net.messages("layer")) {
            String lname = l.get("name", "?");
            List<String> bottoms = l.strings("bottom");
            List<String> tops = l.strings("top");
            String type = l.get("type", "?");
            boolean inPlace = !tops.isEmpty() && bottoms.equals(tops) && producer.containsKey(tops.get(0));
            if (inPlace) {
                details.get(producer.get(tops.get(0))).add("+ " + type + " " + lname);
                continue;
            }
            String id = "layer:" + lname;
            while (details.containsKey(id)) {
                id += "'";
            }
            details.put(id, new ArrayList<>(describe(l)));
            types.put(id, type);
            order.add(id);
            for (String b : bottoms) {
                edges.add(new Edge("blob:" + b, id));
            }
            for (String t : tops) {
                if (!bottoms.contains(t)) {
                    String bid = "blob:" + t;
                    if (!types.containsKey(bid)) {
                        types.put(bid, "blob");
                        order.add(bid);
                        details.put(bid, new ArrayList<>());
                    }
                    edges.add(new Edge(id, bid));
                }
                producer.put(t, id);
            }
        }
        for (Edge e : List.copyOf(edges)) {
            if (!types.containsKey(e.from())) { // a bottom nobody produces (e.g. top-level "input")
                types.put(e.from(), "blob");
                order.add(0, e.from());
                details.put(e.from(), new ArrayList<>());
            }
        }
        Map<String, Integer> depth = new HashMap<>();
        for (String id : order) {
            depth.putIfAbsent(id, 0);
        }
        boolean changed = true;
        for (int pass = 0; changed && pass < order.size() + 1; pass++) {
            changed = false;
            for (Edge e : edges) {
                int d = depth.get(e.from()) + 1;
                if (d > depth.get(e.to())) {
                    depth.put(e.to(), d);
                    changed = true;
                }
            }
        }
        Map<Integer, List<String>> rows = new java.util.TreeMap<>();
        for (String id : order) {
            rows.computeIfAbsent(depth.get(id), k -> new ArrayList<>()).add(id);
        }
        double width = 0;
        for (List<String> row : rows.values()) {
            width = Math.max(width, rowWidth(row, types));
        }
        width += 2 * GAP;
        List<Node> nodes = new ArrayList<>();
        for (Map.Entry<Integer, List<String>> row : rows.entrySet()) {
            double x = (width - rowWidth(row.getValue(), types)) / 2;
            for (String id : row.getValue()) {
                boolean blob = types.get(id).equals("blob");
                int extra = blob ? 0 : Math.max(0, details.get(id).size() - 1);
                double w = blob ? BLOB_W : LAYER_W;
                double h = blob ? BLOB_H : LAYER_H + 14 * extra;
                double y = GAP + row.getKey() * ROW + (blob ? (LAYER_H - BLOB_H) / 2 : 0);
                nodes.add(new Node(id, blob ? "blob" : "layer", id.substring(id.indexOf(':') + 1).replace("'", ""),
                        blob ? null : types.get(id), details.get(id), row.getKey(), x, y, w, h));
                x += w + GAP;
            }
        }
        double height = GAP * 2 + rows.size() * ROW + nodes.stream().mapToDouble(n -> n.h() - LAYER_H).max().orElse(0);
        return new NetGraph(net.get("name", "net"), nodes, edges, width, height);
    }

    private static double rowWidth(List<String> row, Map<String, String> types) {
        double w = 0;
        for (String id : row) {
            w += (types.get(id).equals("blob") ? BLOB_W : LAYER_W) + GAP;
        }
        return w - GAP;
    }

    /** One short line of a layer's key settings, e.g. {@code 96, 11x11/4 pad 100}; then phase rules. */
    static List<String> describe(TextProto l) {
        List<String> out = new ArrayList<>();
        String type = l.get("type", "");
        TextProto p = switch (type) {
            case "Convolution", "Deconvolution" -> l.message("convolution_param");
            case "Pooling" -> l.message("pooling_param");
            case "InnerProduct" -> l.message("inner_product_param");
            case "Crop" -> l.message("crop_param");
            case "Data" -> l.message("data_param");
            default -> null;
        };
        StringBuilder sb = new StringBuilder();
        if (p != null) {
            if (p.has("num_output")) {
                sb.append(p.get("num_output"));
            }
            if (p.has("kernel_size")) {
                String k = p.get("kernel_size");
                sb.append(sb.length() > 0 ? ", " : "").append(type.equals("Pooling") ? p.get("pool", "MAX") + " " : "")
                        .append(k).append('x').append(k).append('/').append(p.get("stride", "1"));
            }
            if (p.getInt("pad", 0) > 0) {
                sb.append(" pad ").append(p.get("pad"));
            }
            if (p.getInt("group", 1) > 1) {
                sb.append(" group ").append(p.get("group"));
            }
            if (p.has("offset")) {
                sb.append("offset ").append(p.get("offset"));
            }
            if (p.has("source")) {
                String s = p.get("source");
                sb.append(s.length() > 22 ? "…" + s.substring(s.length() - 21) : s);
            }
        }
        if (sb.length() > 0) {
            out.add(sb.toString());
        }
        for (TextProto r : l.messages("include")) {
            out.add("only " + (r.has("phase") ? r.get("phase") : "") + (r.has("stage") ? " stage " + r.strings("stage") : ""));
        }
        return out.isEmpty() ? new ArrayList<>(List.of("")) : out;
    }
}
