package org.dlp4j;

import java.lang.reflect.Array;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pretty JSON of plain data (maps, lists, arrays, strings, numbers, booleans, enums, null) without Jackson: the
 * text equals {@code Json.MAPPER.writerWithDefaultPrettyPrinter()}'s for the same data (a test compares them),
 * for the files the importers write. Loading Jackson costs a short command more than its whole JSON output (about
 * 0.2 s of CPU on first use, against milliseconds here). Anything else (beans, records, byte arrays) is refused:
 * use {@link Json} for those.
 */
public final class JsonText {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final String EOL = System.lineSeparator();

    private JsonText() {
    }

    /**
     * A JSON object whose members keep the order given ({@code key, value, key, value, ...}), for files that should
     * read the same on every run ({@code Map.of} iterates in an order that changes from one JVM to the next).
     */
    public static Map<String, Object> object(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** {@code value} as indented JSON (objects one member a line, arrays on one line), no final line break. */
    public static String pretty(Object value) {
        StringBuilder b = new StringBuilder(4096);
        write(b, value, 0);
        return b.toString();
    }

    private static void write(StringBuilder b, Object v, int depth) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof CharSequence || v instanceof Character) {
            string(b, v.toString());
        } else if (v instanceof Double d) {
            number(b, d.isInfinite() || d.isNaN(), Double.toString(d));
        } else if (v instanceof Float f) {
            number(b, f.isInfinite() || f.isNaN(), Float.toString(f));
        } else if (v instanceof Number || v instanceof Boolean) {
            b.append(v);
        } else if (v instanceof Enum<?> e) {
            string(b, e.name());
        } else if (v instanceof Map<?, ?> m) {
            object(b, m, depth);
        } else if (v instanceof Iterable<?> it) {
            array(b, it.iterator(), depth);
        } else if (v.getClass().isArray() && !(v instanceof byte[])) {
            int n = Array.getLength(v);
            b.append('[');
            for (int i = 0; i < n; i++) {
                b.append(i == 0 ? " " : ", ");
                write(b, Array.get(v, i), depth);
            }
            b.append(" ]");
        } else {
            throw new IllegalArgumentException("JsonText writes plain data only, not " + v.getClass().getName());
        }
    }

    private static void number(StringBuilder b, boolean quoted, String text) {
        if (quoted) { // Jackson's default for NaN and the infinities
            b.append('"').append(text).append('"');
        } else {
            b.append(text);
        }
    }

    private static void object(StringBuilder b, Map<?, ?> m, int depth) {
        if (m.isEmpty()) {
            b.append("{ }");
            return;
        }
        b.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            b.append(first ? "" : ",").append(EOL);
            first = false;
            indent(b, depth + 1);
            string(b, String.valueOf(e.getKey()));
            b.append(" : ");
            write(b, e.getValue(), depth + 1);
        }
        b.append(EOL);
        indent(b, depth);
        b.append('}');
    }

    private static void array(StringBuilder b, Iterator<?> it, int depth) {
        b.append('[');
        boolean first = true;
        while (it.hasNext()) {
            b.append(first ? " " : ", ");
            first = false;
            write(b, it.next(), depth);
        }
        b.append(" ]");
    }

    private static void indent(StringBuilder b, int depth) {
        for (int i = 0; i < depth; i++) {
            b.append("  ");
        }
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\b' -> b.append("\\b");
                case '\t' -> b.append("\\t");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20) {
                        b.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 15]);
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
