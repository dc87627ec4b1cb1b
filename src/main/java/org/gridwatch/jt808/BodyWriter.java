package org.gridwatch.jt808;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.LocalDateTime;

/** Writes a body's fields in order; values out of their field's range throw {@link IllegalArgumentException}. */
final class BodyWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

    BodyWriter u8(int v, String field) {
        check(v, 0xff, field);
        out.write(v);
        return this;
    }

    BodyWriter u16(int v, String field) {
        check(v, 0xffff, field);
        out.write(v >> 8);
        out.write(v);
        return this;
    }

    BodyWriter u32(long v, String field) {
        if (v < 0 || v > 0xffffffffL) {
            throw new IllegalArgumentException(field + " must be 0.." + 0xffffffffL + ": " + v);
        }
        out.write((int) (v >> 24));
        out.write((int) (v >> 16));
        out.write((int) (v >> 8));
        out.write((int) v);
        return this;
    }

    BodyWriter bytes(byte[] v) {
        out.writeBytes(v);
        return this;
    }

    /** A fixed-length GBK field, padded with trailing NULs. */
    BodyWriter string(String v, int n, String field) {
        byte[] s = v.getBytes(BodyReader.GBK);
        if (s.length > n) {
            throw new IllegalArgumentException(field + " must be at most " + n + " GBK bytes: " + v);
        }
        out.writeBytes(s);
        out.writeBytes(new byte[n - s.length]);
        return this;
    }

    /** A GBK string without padding. */
    BodyWriter string(String v) {
        out.writeBytes(v.getBytes(BodyReader.GBK));
        return this;
    }

    /** BCD[6] {@code yyMMddHHmmss} in GMT+8; fractions of a second are dropped. */
    BodyWriter time(Instant t, String field) {
        LocalDateTime d = LocalDateTime.ofInstant(t, BodyReader.BEIJING);
        if (d.getYear() < 2000 || d.getYear() > 2099) {
            throw new IllegalArgumentException(field + " must be in 2000–2099 (Beijing time): " + t);
        }
        int[] v = {d.getYear() - 2000, d.getMonthValue(), d.getDayOfMonth(), d.getHour(), d.getMinute(), d.getSecond()};
        for (int x : v) {
            out.write((x / 10) << 4 | x % 10);
        }
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private static void check(int v, int max, String field) {
        if (v < 0 || v > max) {
            throw new IllegalArgumentException(field + " must be 0.." + max + ": " + v);
        }
    }
}
