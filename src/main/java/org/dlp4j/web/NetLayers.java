package org.dlp4j.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dlp4j.caffe.PrototxtException;
import org.dlp4j.caffe.TextProto;

/**
 * A prototxt tree as the UI sees it (layers with name, type, bottoms, tops, phase, line and their other
 * properties as flat dotted paths), and the edits the Component Setting panel sends back.
 */
public final class NetLayers {
    private static final String FIELD = "[A-Za-z_][A-Za-z0-9_]*";

    private NetLayers() {
    }

    /** Layers of a net: {@code [{name, type, bottoms, tops, phase, line, params: {"convolution_param.num_output": "2"}}]}. */
    public static List<Map<String, Object>> layers(TextProto net) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TextProto l : net.messages("layer")) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", l.get("name", ""));
            m.put("type", l.get("type", ""));
            m.put("bottoms", l.strings("bottom"));
            m.put("tops", l.strings("top"));
            TextProto inc = l.message("include");
            m.put("phase", inc == null ? null : inc.get("phase"));
            m.put("line", l.line());
            Map<String, String> params = new LinkedHashMap<>();
            flatten(l, "", params, true);
            m.put("params", params);
            out.add(m);
        }
        return out;
    }

    /** Top-level scalar fields of a solver (or any flat message) as a map. */
    public static Map<String, String> fields(TextProto t) {
        Map<String, String> params = new LinkedHashMap<>();
        flatten(t, "", params, false);
        return params;
    }

    private static void flatten(TextProto t, String prefix, Map<String, String> out, boolean layer) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (TextProto.Field f : t) {
            String n = f.name();
            if (layer && prefix.isEmpty() && (n.equals("name") || n.equals("type") || n.equals("bottom")
                    || n.equals("top") || n.equals("include"))) {
                continue;
            }
            int i = seen.merge(n, 1, Integer::sum) - 1;
            String key = prefix + n + (i > 0 ? "#" + i : "");
            if (f.isMessage()) {
                flatten(f.message(), key + ".", out, false);
            } else {
                out.put(key, f.scalar());
            }
        }
    }

    /**
     * Applies edits to a net or solver tree. Each op: {@code {op:"set", layer?, path, value}} (empty value
     * removes the field), {@code {op:"add", layer:{name,type,bottom:[],top:[]}, after?}},
     * {@code {op:"remove", layer}}, {@code {op:"rename", layer, to}}.
     */
    public static void apply(TextProto root, JsonNode ops) {
        if (ops == null || !ops.isArray()) {
            throw ApiException.badRequest("'ops' must be a list of edits");
        }
        for (JsonNode op : ops) {
            switch (op.path("op").asText()) {
                case "set" -> set(op.hasNonNull("layer") ? layer(root, op.get("layer").asText()) : root,
                        text(op, "path"), op.path("value").isNull() ? "" : op.path("value").asText());
                case "add" -> add(root, op);
                case "remove" -> root.removeMessage(layer(root, text(op, "layer")));
                case "rename" -> {
                    String to = text(op, "to");
                    if (find(root, to) != null) {
                        throw ApiException.badRequest("a layer named '" + to + "' already exists");
                    }
                    layer(root, text(op, "layer")).setString("name", to);
                }
                default -> throw ApiException.badRequest("unknown edit op '" + op.path("op").asText()
                        + "' (use set, add, remove or rename)");
            }
        }
    }

    private static void add(TextProto root, JsonNode op) {
        JsonNode spec = op.path("layer");
        String name = text(spec, "name");
        if (find(root, name) != null) {
            throw ApiException.badRequest("a layer named '" + name + "' already exists");
        }
        TextProto l = new TextProto();
        l.setString("name", name);
        l.setString("type", text(spec, "type"));
        for (JsonNode b : spec.path("bottom")) {
            l.addString("bottom", b.asText());
        }
        for (JsonNode t : spec.path("top")) {
            l.addString("top", t.asText());
        }
        if (op.hasNonNull("after")) {
            root.insertMessage(root.indexOf(layer(root, op.get("after").asText())) + 1, "layer", l);
        } else {
            root.addMessage("layer", l);
        }
    }

    /**
     * Sets a dotted path ({@code convolution_param.num_output}); sub-messages are created as needed. Every segment
     * must be a field name (optionally {@code #N}); a number or enum value must be one such token, so an edit can
     * never write text that does not parse.
     */
    static void set(TextProto target, String path, String value) {
        String[] parts = path.split("\\.", -1);
        for (String part : parts) {
            if (!part.matches(FIELD + "(#\\d+)?")) {
                throw ApiException.badRequest("'" + path + "' is not a field path (names of letters, digits and '_',"
                        + " joined by '.', e.g. convolution_param.num_output)");
            }
        }
        TextProto t = target;
        for (int i = 0; i < parts.length - 1; i++) {
            TextProto.Field f = t.first(plain(parts[i]));
            if (f != null && !f.isMessage()) {
                throw ApiException.badRequest("'" + path + "': " + plain(parts[i]) + " is a value, not a message");
            }
            t = value.isEmpty() ? t.message(plain(parts[i])) : t.messageOrCreate(plain(parts[i]));
            if (t == null) {
                return;
            }
        }
        String field = plain(parts[parts.length - 1]);
        if (value.isEmpty()) {
            t.remove(field);
            return;
        }
        TextProto.Field existing = t.first(field);
        if (existing != null && existing.isMessage()) {
            throw ApiException.badRequest("'" + path + "' is a message, not a value");
        }
        TextProto.Kind kind = existing != null ? existing.kind() : guess(value);
        if (kind == TextProto.Kind.STRING) {
            t.set(field, value, kind);
            return;
        }
        TextProto.Field token = token(value);
        // a number field takes a number (inf/nan included), not a name: "num_output: abc" would not parse in Caffe
        boolean nameForNumber = token != null && kind == TextProto.Kind.NUMBER && token.kind() != TextProto.Kind.NUMBER
                && !value.trim().toLowerCase(java.util.Locale.ROOT).matches("-?(inf|infinity|nan)");
        if (token == null || nameForNumber) {
            throw ApiException.badRequest("'" + path + "' needs " + (kind == TextProto.Kind.NUMBER ? "a number"
                    : "a name such as CPU or true") + ", got '" + value + "'");
        }
        t.set(field, token.scalar(), token.kind());
    }

    /** The value as one number or identifier token of the text format, or null when it is not exactly that. */
    private static TextProto.Field token(String value) {
        try {
            List<TextProto.Field> fields = TextProto.parse("v: " + value).fields();
            if (fields.size() == 1 && (fields.get(0).kind() == TextProto.Kind.NUMBER
                    || fields.get(0).kind() == TextProto.Kind.IDENT)) {
                return fields.get(0);
            }
        } catch (PrototxtException e) {
            // not a single token
        }
        return null;
    }

    private static String plain(String part) {
        int hash = part.indexOf('#');
        return hash < 0 ? part : part.substring(0, hash);
    }

    static TextProto.Kind guess(String v) {
        if (v.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
            return TextProto.Kind.NUMBER;
        }
        if (v.equals("true") || v.equals("false") || v.matches("[A-Z][A-Z0-9_]*")) {
            return TextProto.Kind.IDENT;
        }
        return TextProto.Kind.STRING;
    }

    private static TextProto layer(TextProto root, String name) {
        TextProto l = find(root, name);
        if (l == null) {
            throw ApiException.notFound("no layer named '" + name + "'");
        }
        return l;
    }

    private static TextProto find(TextProto root, String name) {
        for (TextProto l : root.messages("layer")) {
            if (name.equals(l.get("name"))) {
                return l;
            }
        }
        return null;
    }

    private static String text(JsonNode n, String field) {
        String v = n.path(field).asText("");
        if (v.isBlank()) {
            throw ApiException.badRequest("'" + field + "' is required");
        }
        return v;
    }
}
