package org.gridwatch.geo;

import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * JSON text written straight into UTF-8 bytes: the sink of {@link GeoJson#append} and of the
 * answers that carry many features (OGC API items), where an object tree per feature and a
 * {@code String} of the whole answer cost more than the data. The caller writes the structure
 * ({@link #raw}: braces, commas, member names it knows to be ASCII) and the values ({@link #string},
 * {@link #number}, {@link #instant}, {@link #coordinate}); the class escapes strings (RFC 8259 §7)
 * and encodes them as UTF-8, and spells numbers as Java does.
 *
 * <p>Not thread-safe: one writer per answer, on the thread that builds it.
 */
public final class JsonText {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z, epoch seconds: the years written digit by digit. */
    private static final long MIN_SECOND = -62_167_219_200L;
    private static final long MAX_SECOND = 253_402_300_799L;
    /** Coordinates are rounded to 1e-7 (about 1 cm in degrees). */
    private static final long COORDINATE_SCALE = 10_000_000L;
    /** Largest magnitude written by integer arithmetic ({@code v * 1e7} stays an exact long). */
    private static final double EXACT_LIMIT = 1e8;

    private byte[] bytes;
    private int size;

    /** A writer with room for {@code capacity} bytes before it grows. */
    public JsonText(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    /** Bytes written so far. */
    public int size() {
        return size;
    }

    /** The text written, as a new buffer. */
    public Buffer toBuffer() {
        return Buffer.buffer(size).appendBytes(bytes, 0, size);
    }

    /** The text written, decoded (for tests and small answers). */
    @Override
    public String toString() {
        return new String(bytes, 0, size, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Appends one ASCII character of the structure ({@code {}[],:}). */
    public JsonText raw(char c) {
        ensure(1);
        bytes[size++] = (byte) c;
        return this;
    }

    /**
     * Appends text as it is: JSON the caller built (ASCII syntax and member names, or any JSON
     * text, which is encoded as UTF-8).
     */
    public JsonText raw(String json) {
        int n = json.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = json.charAt(i);
            if (c >= 0x80) {
                // Not ASCII: the rest through the UTF-8 path, unescaped.
                utf8(json, i, n);
                return this;
            }
            bytes[size++] = (byte) c;
        }
        return this;
    }

    /** Appends {@code null}. */
    public JsonText nul() {
        return raw("null");
    }

    /** Appends {@code true} or {@code false}. */
    public JsonText bool(boolean b) {
        return raw(b ? "true" : "false");
    }

    /** Appends a whole number. */
    public JsonText number(long n) {
        if (n == Long.MIN_VALUE) {
            return raw(Long.toString(n));
        }
        ensure(20);
        if (n < 0) {
            bytes[size++] = '-';
            n = -n;
        }
        int start = size;
        do {
            bytes[size++] = (byte) ('0' + n % 10);
            n /= 10;
        } while (n > 0);
        reverse(start, size - 1);
        return this;
    }

    /** Appends a number as {@link Double#toString} spells it, or {@code null} when it is not finite. */
    public JsonText number(double d) {
        return Double.isFinite(d) ? raw(Double.toString(d)) : nul();
    }

    /**
     * Appends a coordinate rounded to 1e-7 ({@link GeoJson#round}): the decimal text of the double
     * {@code round(v)} is (e.g. {@code 117.9719211}, {@code 37.0}), from its digits as an integer,
     * without {@link Double#toString}. Magnitudes of 1e8 and more (none of GridWatch's CRSs has
     * them) go through {@code Double.toString}; a value that is not finite is written {@code null}.
     */
    public JsonText coordinate(double v) {
        if (!(Math.abs(v) < EXACT_LIMIT)) {
            return Double.isFinite(v) ? raw(Double.toString(GeoJson.round(v))) : nul();
        }
        long r = Math.round(v * COORDINATE_SCALE);
        if (r < 0) {
            raw('-');
            r = -r;
        }
        long whole = r / COORDINATE_SCALE;
        int fraction = (int) (r - whole * COORDINATE_SCALE);
        number(whole).raw('.');
        if (fraction == 0) {
            return raw('0');
        }
        int digits = 7;
        while (fraction % 10 == 0) {
            fraction /= 10;
            digits--;
        }
        return digits(fraction, digits);
    }

    /**
     * Appends an instant as a JSON string, spelled as {@link Instant#toString} does
     * ({@code "2026-12-02T08:00:00Z"}, {@code "2026-12-02T08:00:00.055Z"}: the fraction in groups
     * of 3 digits, none when whole) at a tenth of its cost; years outside 0000–9999 through
     * {@code toString} itself.
     */
    public JsonText instant(Instant t) {
        long seconds = t.getEpochSecond();
        if (seconds < MIN_SECOND || seconds > MAX_SECOND) {
            return raw('"').raw(t.toString()).raw('"');
        }
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400L));
        int time = (int) Math.floorMod(seconds, 86_400L);
        raw('"').digits(day.getYear(), 4).raw('-').digits(day.getMonthValue(), 2).raw('-')
                .digits(day.getDayOfMonth(), 2).raw('T').digits(time / 3600, 2).raw(':').digits(time / 60 % 60, 2)
                .raw(':').digits(time % 60, 2);
        int nanos = t.getNano();
        if (nanos != 0) {
            raw('.');
            if (nanos % 1_000_000 == 0) {
                digits(nanos / 1_000_000, 3);
            } else if (nanos % 1000 == 0) {
                digits(nanos / 1000, 6);
            } else {
                digits(nanos, 9);
            }
        }
        return raw('Z').raw('"');
    }

    /** Appends a date as a JSON string, {@code "2026-12-02"}. */
    public JsonText date(LocalDate d) {
        return raw('"').raw(d.toString()).raw('"');
    }

    /**
     * Appends {@code s} as a JSON string: quotes, backslashes and control characters escaped,
     * everything else as UTF-8 (a lone surrogate as {@code ?}, as {@link String#getBytes} does).
     */
    public JsonText string(String s) {
        int n = s.length();
        ensure(n + 2);
        bytes[size++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                escapedUtf8(s, i, n);
                return raw('"');
            }
            if (c < 0x20 || c == '"' || c == '\\') {
                escape(c);
            } else {
                bytes[size++] = (byte) c;
            }
            ensure(1);
        }
        bytes[size++] = '"';
        return this;
    }

    // ---------------------------------------------------------------------------------- internals

    /** {@code n} (≥ 0) in exactly {@code width} digits, zeros in front (a wider number in full). */
    private JsonText digits(int n, int width) {
        ensure(Math.max(width, 10));
        int start = size;
        do {
            bytes[size++] = (byte) ('0' + n % 10);
            n /= 10;
        } while (n > 0);
        while (size - start < width) {
            bytes[size++] = '0';
        }
        reverse(start, size - 1);
        return this;
    }

    private void reverse(int i, int j) {
        for (; i < j; i++, j--) {
            byte b = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = b;
        }
    }

    private void escape(char c) {
        ensure(6);
        bytes[size++] = '\\';
        switch (c) {
            case '"' -> bytes[size++] = '"';
            case '\\' -> bytes[size++] = '\\';
            case '\n' -> bytes[size++] = 'n';
            case '\r' -> bytes[size++] = 'r';
            case '\t' -> bytes[size++] = 't';
            case '\b' -> bytes[size++] = 'b';
            case '\f' -> bytes[size++] = 'f';
            default -> {
                bytes[size++] = 'u';
                bytes[size++] = '0';
                bytes[size++] = '0';
                bytes[size++] = HEX[c >> 4];
                bytes[size++] = HEX[c & 0xf];
            }
        }
    }

    /** The rest of a string from {@code i}, escaped, as UTF-8. */
    private void escapedUtf8(String s, int i, int n) {
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80 && (c < 0x20 || c == '"' || c == '\\')) {
                escape(c);
            } else {
                i = utf8Char(s, i, n);
            }
        }
    }

    /** The rest of a text from {@code i} as UTF-8, unescaped. */
    private void utf8(String s, int i, int n) {
        for (; i < n; i++) {
            i = utf8Char(s, i, n);
        }
    }

    /** Writes the character at {@code i} (a surrogate pair: both) as UTF-8; the index of its last char. */
    private int utf8Char(String s, int i, int n) {
        ensure(4);
        char c = s.charAt(i);
        if (c < 0x80) {
            bytes[size++] = (byte) c;
        } else if (c < 0x800) {
            bytes[size++] = (byte) (0xc0 | c >> 6);
            bytes[size++] = (byte) (0x80 | c & 0x3f);
        } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
            int cp = Character.toCodePoint(c, s.charAt(i + 1));
            bytes[size++] = (byte) (0xf0 | cp >> 18);
            bytes[size++] = (byte) (0x80 | cp >> 12 & 0x3f);
            bytes[size++] = (byte) (0x80 | cp >> 6 & 0x3f);
            bytes[size++] = (byte) (0x80 | cp & 0x3f);
            return i + 1;
        } else if (Character.isSurrogate(c)) {
            bytes[size++] = '?';
        } else {
            bytes[size++] = (byte) (0xe0 | c >> 12);
            bytes[size++] = (byte) (0x80 | c >> 6 & 0x3f);
            bytes[size++] = (byte) (0x80 | c & 0x3f);
        }
        return i;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
