package org.dlp4j.caffe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A protobuf text-format message as an ordered, editable tree: what a prototxt is on disk.
 *
 * <p>Caffe's own reader stays the judge of validity ({@link Prototxt}); this tree is what Java edits
 * (sources, renames, num_output, solver fields) without losing unknown fields or field order, so a
 * file parsed and printed again means the same to Caffe. Each field remembers its source line.
 */
public final class TextProto implements Iterable<TextProto.Field> {
    /** The kind of a scalar value; decides quoting when printed. */
    public enum Kind { STRING, NUMBER, IDENT, MESSAGE }

    /** One {@code name: value} or {@code name { ... }} entry. */
    public static final class Field {
        private final String name;
        private Kind kind;
        private String scalar;
        private TextProto message;
        private final int line;

        Field(String name, Kind kind, String scalar, TextProto message, int line) {
            this.name = name;
            this.kind = kind;
            this.scalar = scalar;
            this.message = message;
            this.line = line;
        }

        public String name() {
            return name;
        }

        public Kind kind() {
            return kind;
        }

        /** The scalar value (unquoted for strings), or null for a message field. */
        public String scalar() {
            return scalar;
        }

        /** The sub-message, or null for a scalar field. */
        public TextProto message() {
            return message;
        }

        /** 1-based line where this field started in the parsed text; 0 for fields made in code. */
        public int line() {
            return line;
        }

        public boolean isMessage() {
            return kind == Kind.MESSAGE;
        }
    }

    final List<Field> fields = new ArrayList<>();
    int line;

    public TextProto() {
    }

    // ------------------------------------------------------------------ reading fields

    /** 1-based line where this message's opening brace was (0 for the root or code-made messages). */
    public int line() {
        return line;
    }

    public List<Field> fields() {
        return fields;
    }

    @Override
    public Iterator<Field> iterator() {
        return fields.iterator();
    }

    public boolean has(String name) {
        return first(name) != null;
    }

    /** The first field with this name, or null. */
    public Field first(String name) {
        for (Field f : fields) {
            if (f.name.equals(name)) {
                return f;
            }
        }
        return null;
    }

    /** All fields with this name, in order. */
    public List<Field> all(String name) {
        List<Field> out = new ArrayList<>();
        for (Field f : fields) {
            if (f.name.equals(name)) {
                out.add(f);
            }
        }
        return out;
    }

    /** All sub-messages with this name, in order (e.g. every {@code layer}). */
    public List<TextProto> messages(String name) {
        List<TextProto> out = new ArrayList<>();
        for (Field f : fields) {
            if (f.name.equals(name) && f.isMessage()) {
                out.add(f.message);
            }
        }
        return out;
    }

    /** The first sub-message with this name, or null. */
    public TextProto message(String name) {
        for (Field f : fields) {
            if (f.name.equals(name) && f.isMessage()) {
                return f.message;
            }
        }
        return null;
    }

    /** The first sub-message with this name, created (appended) when missing. */
    public TextProto messageOrCreate(String name) {
        TextProto m = message(name);
        return m != null ? m : addMessage(name);
    }

    /** The first scalar with this name, or null. */
    public String get(String name) {
        Field f = first(name);
        return f == null || f.isMessage() ? null : f.scalar;
    }

    public String get(String name, String dflt) {
        String v = get(name);
        return v == null ? dflt : v;
    }

    /** All scalars with this name, in order (e.g. every {@code bottom}). */
    public List<String> strings(String name) {
        List<String> out = new ArrayList<>();
        for (Field f : fields) {
            if (f.name.equals(name) && !f.isMessage()) {
                out.add(f.scalar);
            }
        }
        return out;
    }

    public int getInt(String name, int dflt) {
        String v = get(name);
        return v == null ? dflt : (int) Double.parseDouble(v);
    }

    public long getLong(String name, long dflt) {
        String v = get(name);
        return v == null ? dflt : Long.parseLong(v);
    }

    public double getDouble(String name, double dflt) {
        String v = get(name);
        if (v == null) {
            return dflt;
        }
        String s = v.toLowerCase(Locale.ROOT);
        if (s.endsWith("f") && !s.startsWith("inf")) {
            s = s.substring(0, s.length() - 1);
        }
        return Double.parseDouble(s);
    }

    public boolean getBool(String name, boolean dflt) {
        String v = get(name);
        return v == null ? dflt : v.equals("true") || v.equals("1") || v.equals("True");
    }

    /** Number of fields with this name. */
    public int count(String name) {
        return all(name).size();
    }

    // ------------------------------------------------------------------ editing

    /** Sets (replaces the first, removes other) scalar field; keeps its position when it exists. */
    public TextProto set(String name, String value, Kind kind) {
        Objects.requireNonNull(value, "value");
        int idx = -1;
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name.equals(name)) {
                if (idx < 0) {
                    idx = i;
                } else {
                    fields.remove(i--);
                }
            }
        }
        Field f = new Field(name, kind, value, null, idx >= 0 ? fields.get(idx).line : 0);
        if (idx >= 0) {
            fields.set(idx, f);
        } else {
            fields.add(f);
        }
        return this;
    }

    public TextProto setString(String name, String value) {
        return set(name, value, Kind.STRING);
    }

    public TextProto setNumber(String name, Number value) {
        return set(name, formatNumber(value), Kind.NUMBER);
    }

    /** Sets an enum value or identifier (e.g. {@code solver_mode: CPU}, {@code phase: TRAIN}). */
    public TextProto setIdent(String name, String value) {
        return set(name, value, Kind.IDENT);
    }

    public TextProto setBool(String name, boolean value) {
        return set(name, Boolean.toString(value), Kind.IDENT);
    }

    public TextProto addString(String name, String value) {
        fields.add(new Field(name, Kind.STRING, value, null, 0));
        return this;
    }

    public TextProto addNumber(String name, Number value) {
        fields.add(new Field(name, Kind.NUMBER, formatNumber(value), null, 0));
        return this;
    }

    public TextProto addIdent(String name, String value) {
        fields.add(new Field(name, Kind.IDENT, value, null, 0));
        return this;
    }

    /** Appends a new empty sub-message and returns it. */
    public TextProto addMessage(String name) {
        TextProto m = new TextProto();
        fields.add(new Field(name, Kind.MESSAGE, null, m, 0));
        return m;
    }

    /** Appends the given sub-message (not copied). */
    public TextProto addMessage(String name, TextProto m) {
        fields.add(new Field(name, Kind.MESSAGE, null, m, 0));
        return this;
    }

    /** Inserts a sub-message at a field index. */
    public void insertMessage(int index, String name, TextProto m) {
        fields.add(index, new Field(name, Kind.MESSAGE, null, m, 0));
    }

    /** Removes every field with this name; returns how many were removed. */
    public int remove(String name) {
        int before = fields.size();
        fields.removeIf(f -> f.name.equals(name));
        return before - fields.size();
    }

    /** Removes one given sub-message (by identity); true when found. */
    public boolean removeMessage(TextProto m) {
        return fields.removeIf(f -> f.message == m);
    }

    /** Index of the field holding this sub-message (by identity), or -1. */
    public int indexOf(TextProto m) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).message == m) {
                return i;
            }
        }
        return -1;
    }

    /** Replaces the scalar values of all fields {@code name} equal to {@code from} with {@code to}. */
    public int replaceScalar(String name, String from, String to) {
        int n = 0;
        for (Field f : fields) {
            if (f.name.equals(name) && !f.isMessage() && f.scalar.equals(from)) {
                f.scalar = to;
                n++;
            }
        }
        return n;
    }

    /** A deep copy. */
    public TextProto copy() {
        TextProto c = new TextProto();
        c.line = line;
        for (Field f : fields) {
            c.fields.add(new Field(f.name, f.kind, f.scalar, f.isMessage() ? f.message.copy() : null, f.line));
        }
        return c;
    }

    // ------------------------------------------------------------------ text I/O

    /** Parses protobuf text format. */
    public static TextProto parse(String text) {
        return new TextProtoParser(text, "<text>").parseRoot();
    }

    /** Parses a file; a syntax error becomes a {@link PrototxtException} naming file and line. */
    public static TextProto read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new PrototxtException(file + ": file not found");
        } catch (IOException e) {
            throw new PrototxtException(file + ": cannot read (" + e.getMessage() + ")");
        }
        return new TextProtoParser(text, file.toString()).parseRoot();
    }

    /** Writes the text atomically (temp file + rename). */
    public void write(Path file) {
        org.dlp4j.AtomicFiles.writeString(file, toString());
    }

    /** Text format with two-space indents, as Caffe writes it. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        print(sb, 0);
        return sb.toString();
    }

    private void print(StringBuilder sb, int depth) {
        String indent = "  ".repeat(depth);
        for (Field f : fields) {
            sb.append(indent).append(f.name);
            switch (f.kind) {
                case MESSAGE -> {
                    sb.append(" {\n");
                    f.message.print(sb, depth + 1);
                    sb.append(indent).append("}\n");
                }
                case STRING -> sb.append(": ").append(quote(f.scalar)).append('\n');
                default -> sb.append(": ").append(f.scalar).append('\n');
            }
        }
    }

    /** Structural equality: same fields, names, kinds and values, in the same order. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TextProto other) || other.fields.size() != fields.size()) {
            return false;
        }
        for (int i = 0; i < fields.size(); i++) {
            Field a = fields.get(i);
            Field b = other.fields.get(i);
            if (!a.name.equals(b.name) || a.kind != b.kind || !Objects.equals(a.scalar, b.scalar)
                    || !Objects.equals(a.message, b.message)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    static String formatNumber(Number n) {
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
            return Double.toString(d).replace("E", "e");
        }
        return n.toString();
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
