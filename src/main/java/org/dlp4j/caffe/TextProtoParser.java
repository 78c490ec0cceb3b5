package org.dlp4j.caffe;

import java.util.Locale;

/** Protobuf text format → {@link TextProto}; syntax errors become {@link PrototxtException}s with file:line. */
final class TextProtoParser {
    /** Deepest message nesting accepted (protobuf's own text parser stops at 100 too). */
    static final int MAX_DEPTH = 100;
    private final String s;
    private final String file;
    private int pos;
    private int line = 1;

    TextProtoParser(String s, String file) {
        this.s = s;
        this.file = file;
    }

    TextProto parseRoot() {
        TextProto root = new TextProto();
        parseFields(root, (char) 0, 0);
        return root;
    }

    private void parseFields(TextProto msg, char close, int depth) {
        if (depth > MAX_DEPTH) {
            throw error("messages nested more than " + MAX_DEPTH + " deep");
        }
        while (true) {
            skipSpace();
            if (pos >= s.length()) {
                if (close != 0) {
                    throw error("unexpected end of file: missing '" + close + "'");
                }
                return;
            }
            char c = s.charAt(pos);
            if (c == close) {
                pos++;
                return;
            }
            int fieldLine = line;
            String name = identifier();
            if (name.isEmpty()) {
                throw error("expected a field name, found '" + c + "'");
            }
            skipSpace();
            boolean colon = false;
            if (peek() == ':') {
                pos++;
                colon = true;
                skipSpace();
            }
            char v = peek();
            if (v == '{' || v == '<') {
                pos++;
                TextProto sub = new TextProto();
                sub.line = fieldLine;
                parseFields(sub, v == '{' ? '}' : '>', depth + 1);
                msg.fields.add(new TextProto.Field(name, TextProto.Kind.MESSAGE, null, sub, fieldLine));
            } else if (!colon) {
                throw error("expected ':' or '{' after '" + name + "'");
            } else if (v == '[') {
                pos++;
                while (true) {
                    skipSpace();
                    if (peek() == ']') {
                        pos++;
                        break;
                    }
                    if (peek() == '{') {
                        pos++;
                        TextProto sub = new TextProto();
                        sub.line = line;
                        parseFields(sub, '}', depth + 1);
                        msg.fields.add(new TextProto.Field(name, TextProto.Kind.MESSAGE, null, sub, fieldLine));
                    } else {
                        addScalar(msg, name, fieldLine);
                    }
                    skipSpace();
                    if (peek() == ',') {
                        pos++;
                    }
                }
            } else {
                addScalar(msg, name, fieldLine);
            }
            skipSpace();
            if (peek() == ';' || peek() == ',') {
                pos++;
            }
        }
    }

    private void addScalar(TextProto msg, String name, int fieldLine) {
        char v = peek();
        if (v == '"' || v == '\'') {
            StringBuilder sb = new StringBuilder();
            while (peek() == '"' || peek() == '\'') {
                sb.append(string());
                skipSpace();
            }
            msg.fields.add(new TextProto.Field(name, TextProto.Kind.STRING, sb.toString(), null, fieldLine));
            return;
        }
        int start = pos;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '+' || c == '.') {
                pos++;
            } else {
                break;
            }
        }
        String tok = s.substring(start, pos);
        if (tok.isEmpty()) {
            throw error("expected a value for '" + name + "'");
        }
        char first = tok.charAt(0);
        boolean number = Character.isDigit(first) || first == '-' || first == '+' || first == '.';
        if (number && !isNumber(tok)) {
            throw error("bad number '" + tok + "' for '" + name + "'");
        }
        msg.fields.add(new TextProto.Field(name, number ? TextProto.Kind.NUMBER : TextProto.Kind.IDENT, tok, null, fieldLine));
    }

    private static boolean isNumber(String tok) {
        String t = tok.toLowerCase(Locale.ROOT);
        if (t.equals("-inf") || t.equals("-infinity") || t.equals("-nan")) {
            return true;
        }
        if (t.startsWith("0x") || t.startsWith("-0x")) {
            return true;
        }
        if (t.endsWith("f")) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            Double.parseDouble(t);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private String string() {
        char q = s.charAt(pos++);
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(pos++);
            if (c == q) {
                return sb.toString();
            }
            if (c == '\n') {
                throw error("newline inside a string");
            }
            if (c == '\\' && pos < s.length()) {
                char e = s.charAt(pos++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    default -> sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
    }

    private String identifier() {
        int start = pos;
        if (peek() == '[') { // extension names [a.b.c]
            int end = s.indexOf(']', pos);
            if (end > 0) {
                pos = end + 1;
                return s.substring(start, pos);
            }
        }
        while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
            pos++;
        }
        return s.substring(start, pos);
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : 0;
    }

    private void skipSpace() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '\n') {
                line++;
                pos++;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '#') {
                while (pos < s.length() && s.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private PrototxtException error(String what) {
        return new PrototxtException(file + ":" + line + ": " + what);
    }
}
