package org.gridwatch.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict reading of the JSON that clients send (request bodies, GeoJSON parameters, {@code /live}
 * frames), following I-JSON (RFC 7493):
 * <ul>
 *   <li>bytes must be well-formed UTF-8 ({@link #utf8}); nothing is silently replaced;</li>
 *   <li>no object may name a member twice (a <em>duplicate key</em>): which of the two a reader
 *       takes differs between libraries, so the server refuses to guess;</li>
 *   <li>no string or member name may hold an unpaired surrogate (e.g. {@code "\ud800"}): it has no
 *       UTF-8 form, so it could not be stored or sent back as it came;</li>
 *   <li>nesting is at most {@link #MAX_DEPTH} levels.</li>
 * </ul>
 * A text that is not JSON at all is a {@link MalformedJsonException}; a well-formed text that
 * breaks a rule above is read anyway and comes back with its {@link Fault}s, each naming where, so
 * that a batch can refuse one item and keep the others. Every message is the server's own and
 * names a line and column or a path: the JSON library's messages (which quote its internal option
 * names) never reach a client.
 *
 * <p>Values are what Vert.x's own decoder gives: {@link JsonObject}, {@link JsonArray},
 * {@link String}, {@link Integer}/{@link Long}/{@link java.math.BigInteger}, {@link Double},
 * {@link Boolean} or null. Stateless; thread-safe.
 */
public final class StrictJson {
    /** Deepest nesting of objects and arrays accepted. */
    public static final int MAX_DEPTH = 64;
    /** Most faults collected from one document (the first one is what a client is told). */
    static final int MAX_FAULTS = 100;
    /** Longest member name quoted in a path. */
    private static final int MAX_QUOTED_KEY = 64;
    // Fast (and still correctly rounded) double parsing: a batch of 10,000 points is 20,000 numbers.
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

    private StrictJson() {
    }

    /** A text that cannot be read as JSON; the message says why and where (line, column). */
    public static final class MalformedJsonException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedJsonException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * A rule of I-JSON broken at one place of a well-formed document.
     *
     * @param path   where: member names joined by {@code .}, array indices as {@code [i]} (e.g.
     *               {@code title}, {@code geometry.type}, {@code [3].lon}); empty for the root
     * @param reason what is wrong, starting lower case (e.g. {@code appears twice in its object; give
     *               each key once})
     */
    public record Fault(String path, String reason) {
        /** The index of the top-level array item the fault lies in, or -1 when it lies elsewhere. */
        public int item() {
            if (!path.startsWith("[")) {
                return -1;
            }
            int end = path.indexOf(']');
            try {
                return Integer.parseInt(path.substring(1, end));
            } catch (RuntimeException e) {
                return -1;
            }
        }

        /** {@code path: reason}, or just the reason for the root. */
        public String describe() {
            return path.isEmpty() ? reason : path + ": " + reason;
        }
    }

    /**
     * A document read.
     *
     * @param value  the root value
     * @param faults the I-JSON rules it breaks, in document order (at most {@value #MAX_FAULTS});
     *               empty for a clean document
     */
    public record Document(Object value, List<Fault> faults) {
        public Document {
            faults = List.copyOf(faults);
        }
    }

    /**
     * Decodes UTF-8 bytes, refusing malformed sequences (including encoded surrogates) instead of
     * replacing them.
     *
     * @throws MalformedJsonException naming the byte offset of the first malformed sequence
     */
    public static String utf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        if (r.isError()) {
            throw new MalformedJsonException("is not well-formed UTF-8 (a malformed byte sequence at byte "
                    + in.position() + ")");
        }
        return out.flip().toString();
    }

    /**
     * Reads one JSON text (one value, surrounded by white space at most).
     *
     * @throws MalformedJsonException when it is not JSON, has content after its value, or nests
     *                                deeper than {@link #MAX_DEPTH}
     */
    public static Document read(String text) {
        List<Fault> faults = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(text)) {
            if (p.nextToken() == null) {
                throw new MalformedJsonException("is not well-formed JSON (no value)");
            }
            Object value = value(p, Path.ROOT, 0, faults);
            if (p.nextToken() != null) {
                throw new MalformedJsonException("is not well-formed JSON (more content after the value, at "
                        + where(p.currentTokenLocation()) + ")");
            }
            return new Document(value, faults);
        } catch (StreamConstraintsException e) {
            throw new MalformedJsonException("is too large to read (a string, number or nesting beyond the reader's"
                    + " limits)");
        } catch (JsonParseException e) {
            throw new MalformedJsonException("is not well-formed JSON (syntax error at " + where(e.getLocation()) + ")");
        } catch (IOException e) {
            throw new MalformedJsonException("is not well-formed JSON");
        }
    }

    private static Object value(JsonParser p, Path path, int depth, List<Fault> faults) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                return object(p, path, depth + 1, faults);
            }
            case START_ARRAY -> {
                return array(p, path, depth + 1, faults);
            }
            case VALUE_STRING -> {
                String s = p.getText();
                checkUnicode(s, path, faults);
                return s;
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return p.getNumberValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new MalformedJsonException("is not well-formed JSON (unexpected "
                    + t.name().toLowerCase(java.util.Locale.ROOT) + " at " + where(p.currentTokenLocation()) + ")");
        }
    }

    private static JsonObject object(JsonParser p, Path path, int depth, List<Fault> faults) throws IOException {
        deep(p, depth);
        Map<String, Object> map = new LinkedHashMap<>();
        for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
            Path at = path.member(key);
            checkUnicode(key, at, faults);
            p.nextToken();
            Object v = value(p, at, depth, faults);
            if (map.containsKey(key)) {
                fault(faults, at, "appears twice in its object; give each key once");
            } else {
                map.put(key, v);
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new MalformedJsonException("is not well-formed JSON (syntax error at " + where(p.currentTokenLocation())
                    + ")");
        }
        return new JsonObject(map);
    }

    private static JsonArray array(JsonParser p, Path path, int depth, List<Fault> faults) throws IOException {
        deep(p, depth);
        List<Object> list = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == null) {
                throw new MalformedJsonException("is not well-formed JSON (unexpected end)");
            }
            list.add(t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT ? p.getNumberValue()
                    : value(p, path.element(list.size()), depth, faults));
        }
        return new JsonArray(list);
    }

    private static void deep(JsonParser p, int depth) {
        if (depth > MAX_DEPTH) {
            throw new MalformedJsonException("nests deeper than " + MAX_DEPTH + " levels (at "
                    + where(p.currentTokenLocation()) + ")");
        }
    }

    private static void checkUnicode(String s, Path path, List<Fault> faults) {
        int i = unpairedSurrogate(s);
        if (i >= 0) {
            fault(faults, path, String.format("is not well-formed Unicode: an unpaired surrogate U+%04X at character %d",
                    (int) s.charAt(i), i));
        }
    }

    /** The index of the first unpaired surrogate in {@code s}, or -1 when it is well-formed UTF-16. */
    public static int unpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static void fault(List<Fault> faults, Path path, String reason) {
        if (faults.size() < MAX_FAULTS) {
            faults.add(new Fault(path.text(), reason));
        }
    }

    /**
     * Where a value lies, spelled out only when a fault names it (a batch of 10,000 points would
     * otherwise build 10,000 strings nobody reads).
     */
    private static final class Path {
        static final Path ROOT = new Path(null, null, -1);
        private final Path parent;
        private final String key;
        private final int index;

        private Path(Path parent, String key, int index) {
            this.parent = parent;
            this.key = key;
            this.index = index;
        }

        Path member(String name) {
            return new Path(this, name, -1);
        }

        Path element(int i) {
            return new Path(this, null, i);
        }

        /** Member names joined by {@code .}, array indices as {@code [i]}; empty for the root. */
        String text() {
            if (parent == null) {
                return "";
            }
            String up = parent.text();
            if (key == null) {
                return up + "[" + index + "]";
            }
            return up.isEmpty() ? quote(key) : up + "." + quote(key);
        }
    }

    /** A member name as it appears in a path: as is when short and printable, else JSON-quoted and cut. */
    private static String quote(String key) {
        boolean plain = !key.isEmpty() && key.length() <= MAX_QUOTED_KEY && unpairedSurrogate(key) < 0;
        for (int i = 0; plain && i < key.length(); i++) {
            char c = key.charAt(i);
            plain = !Character.isISOControl(c) && c != '.' && c != '[' && c != '"';
        }
        if (plain) {
            return key;
        }
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < Math.min(key.length(), MAX_QUOTED_KEY); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\' || Character.isSurrogate(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append(key.length() > MAX_QUOTED_KEY ? "…\"" : "\"").toString();
    }

    private static String where(JsonLocation at) {
        return at == null ? "an unknown place" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
    }
}
