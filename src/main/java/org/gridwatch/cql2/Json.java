package org.gridwatch.cql2;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 JSON reader that keeps the character position of every value (for error
 * messages) and bounds the nesting. Iterative over siblings, recursive only into nesting.
 */
final class Json {

    /** A JSON value and where it starts. */
    sealed interface Value {
        int pos();

        /** What the value is, for messages. */
        default String describe() {
            if (this instanceof Obj) {
                return "an object";
            }
            if (this instanceof Arr) {
                return "an array";
            }
            if (this instanceof Str) {
                return "a string";
            }
            if (this instanceof Num) {
                return "a number";
            }
            return this instanceof Bool ? "a boolean" : "null";
        }
    }

    record Obj(Map<String, Value> members, int pos) implements Value {
    }

    record Arr(List<Value> items, int pos) implements Value {
    }

    record Str(String value, int pos) implements Value {
    }

    record Num(double value, int pos) implements Value {
    }

    record Bool(boolean value, int pos) implements Value {
    }

    record Null(int pos) implements Value {
    }

    private final String s;
    private final int maxDepth;
    private int pos;
    private int depth;

    private Json(String s, int maxDepth) {
        this.s = s;
        this.maxDepth = maxDepth;
    }

    static Value parse(String text, int maxDepth) {
        Json j = new Json(text, maxDepth);
        Value v = j.value();
        j.space();
        if (j.pos < text.length()) {
            throw new Cql2Exception(j.pos, null, "unexpected text after the JSON value");
        }
        return v;
    }

    private Value value() {
        space();
        if (pos >= s.length()) {
            throw new Cql2Exception(pos, null, "the JSON ends where a value is expected");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return new Str(string(), pos);
            case 't':
                return literal("true", new Bool(true, pos));
            case 'f':
                return literal("false", new Bool(false, pos));
            case 'n':
                return literal("null", new Null(pos));
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw new Cql2Exception(pos, null, "unexpected character '" + c + "' in JSON");
        }
    }

    private Value literal(String word, Value v) {
        if (!s.startsWith(word, pos)) {
            throw new Cql2Exception(pos, null, "invalid JSON literal (expected " + word + ")");
        }
        pos += word.length();
        return v;
    }

    private void enter() {
        if (++depth > maxDepth) {
            throw new Cql2Exception(pos, null, "the JSON nests deeper than " + maxDepth + " levels");
        }
    }

    private Obj object() {
        int start = pos;
        enter();
        pos++;
        Map<String, Value> members = new LinkedHashMap<>();
        space();
        if (peek() == '}') {
            pos++;
            depth--;
            return new Obj(Collections.unmodifiableMap(members), start);
        }
        while (true) {
            space();
            if (peek() != '"') {
                throw new Cql2Exception(pos, null, "expected a member name in quotes");
            }
            int keyAt = pos;
            String key = string();
            space();
            if (peek() != ':') {
                throw new Cql2Exception(pos, null, "expected ':' after the member name");
            }
            pos++;
            Value v = value();
            if (members.put(key, v) != null) {
                throw new Cql2Exception(keyAt, key, "the member \"" + key + "\" appears twice");
            }
            space();
            char c = peek();
            pos++;
            if (c == '}') {
                break;
            }
            if (c != ',') {
                throw new Cql2Exception(pos - 1, null, "expected ',' or '}' in the object");
            }
        }
        depth--;
        return new Obj(Collections.unmodifiableMap(members), start);
    }

    private Arr array() {
        int start = pos;
        enter();
        pos++;
        List<Value> items = new ArrayList<>();
        space();
        if (peek() == ']') {
            pos++;
            depth--;
            return new Arr(List.copyOf(items), start);
        }
        while (true) {
            items.add(value());
            space();
            char c = peek();
            pos++;
            if (c == ']') {
                break;
            }
            if (c != ',') {
                throw new Cql2Exception(pos - 1, null, "expected ',' or ']' in the array");
            }
        }
        depth--;
        return new Arr(List.copyOf(items), start);
    }

    private String string() {
        int start = pos;
        pos++;
        StringBuilder b = new StringBuilder();
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (c == '"') {
                return b.toString();
            }
            if (c < 0x20) {
                throw new Cql2Exception(pos - 1, null, "a control character inside a JSON string must be escaped");
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (pos >= s.length()) {
                break;
            }
            char e = s.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    if (pos + 4 > s.length()) {
                        throw new Cql2Exception(pos - 2, null, "incomplete \\u escape in a JSON string");
                    }
                    int code = 0;
                    for (int k = 0; k < 4; k++) {
                        int d = Character.digit(s.charAt(pos + k), 16);
                        if (d < 0) {
                            throw new Cql2Exception(pos - 2, null, "invalid \\u escape in a JSON string");
                        }
                        code = code * 16 + d;
                    }
                    pos += 4;
                    b.append((char) code);
                }
                default -> throw new Cql2Exception(pos - 2, null, "invalid escape '\\" + e + "' in a JSON string");
            }
        }
        throw new Cql2Exception(start, null, "the JSON string starting here is not closed");
    }

    private Num number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw new Cql2Exception(start, null, "invalid JSON number");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw new Cql2Exception(start, null, "invalid JSON number (digits expected after '.')");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw new Cql2Exception(start, null, "invalid JSON number (digits expected in the exponent)");
            }
            digits();
        }
        double v = Double.parseDouble(s.substring(start, pos));
        if (Double.isInfinite(v)) {
            throw new Cql2Exception(start, null, "the number is out of range");
        }
        return new Num(v, start);
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private void space() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }
}
