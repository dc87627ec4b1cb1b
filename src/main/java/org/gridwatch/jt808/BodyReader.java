package org.gridwatch.jt808;

import java.nio.charset.Charset;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Reads a body's fields in order; running past the end throws {@link Jt808Exception}. Not thread-safe. */
final class BodyReader {
    /** STRING fields are GBK. */
    static final Charset GBK = Charset.forName("GBK");
    /** BCD times are Beijing time (GMT+8). */
    static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);

    private final byte[] b;
    private final int end;
    private final String what;
    private int p;

    BodyReader(byte[] b, int from, int to, String what) {
        this.b = b;
        this.p = from;
        this.end = to;
        this.what = what;
    }

    /** A reader of {@code m}'s body, after {@link #requireId}. */
    static BodyReader of(Message m, int expectedId, String what) {
        requireId(m, expectedId, what);
        return new BodyReader(m.body(), 0, m.body().length, what);
    }

    /** Throws {@code BAD_VALUE} unless {@code m} has the message id the caller reads. */
    static void requireId(Message m, int expectedId, String what) {
        if (m.header().messageId() != expectedId) {
            throw new Jt808Exception(Jt808Exception.Reason.BAD_VALUE,
                    String.format("%s is message 0x%04x, not 0x%04x", what, expectedId, m.header().messageId()));
        }
    }

    int position() {
        return p;
    }

    int remaining() {
        return end - p;
    }

    void require(int n, String field) {
        if (n > end - p) {
            throw new Jt808Exception(Jt808Exception.Reason.SHORT_BODY,
                    what + ": " + field + " needs " + n + " bytes at offset " + p + ", " + (end - p) + " left");
        }
    }

    int u8(String field) {
        require(1, field);
        return b[p++] & 0xff;
    }

    int u16(String field) {
        require(2, field);
        int v = Header.word(b, p);
        p += 2;
        return v;
    }

    long u32(String field) {
        require(4, field);
        long v = (long) Header.word(b, p) << 16 | Header.word(b, p + 2);
        p += 4;
        return v;
    }

    byte[] bytes(int n, String field) {
        require(n, field);
        byte[] out = java.util.Arrays.copyOfRange(b, p, p + n);
        p += n;
        return out;
    }

    void skip(int n, String field) {
        require(n, field);
        p += n;
    }

    /** A fixed-length GBK field, with the NUL padding and surrounding white space removed (terminals pad either end). */
    String string(int n, String field) {
        require(n, field);
        String s = text(b, p, n);
        p += n;
        return s;
    }

    /** The rest of the body as a GBK string, NUL padding and white space removed. */
    String rest(String field) {
        return string(end - p, field);
    }

    /** BCD[6] {@code yyMMddHHmmss} in GMT+8, years 2000–2099. */
    Instant time(String field) {
        require(6, field);
        int[] v = new int[6];
        for (int i = 0; i < 6; i++) {
            int x = b[p + i] & 0xff;
            if (x >> 4 > 9 || (x & 0x0f) > 9) {
                throw new Jt808Exception(Jt808Exception.Reason.BAD_TIME,
                        String.format("%s: %s byte %d is 0x%02x, not two BCD digits", what, field, i, x));
            }
            v[i] = (x >> 4) * 10 + (x & 0x0f);
        }
        p += 6;
        try {
            return LocalDateTime.of(2000 + v[0], v[1], v[2], v[3], v[4], v[5]).toInstant(BEIJING);
        } catch (DateTimeException e) {
            throw new Jt808Exception(Jt808Exception.Reason.BAD_TIME,
                    String.format("%s: %s %02d%02d%02d%02d%02d%02d is no time", what, field, v[0], v[1], v[2], v[3], v[4], v[5]));
        }
    }

    static String text(byte[] b, int from, int n) {
        int s = from;
        int e = from + n;
        while (s < e && b[s] == 0) {
            s++;
        }
        while (e > s && b[e - 1] == 0) {
            e--;
        }
        return new String(b, s, e - s, GBK).strip();
    }
}
