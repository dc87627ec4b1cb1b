package org.gridwatch.jt808;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Splits one TCP connection's byte stream into JT/T 808 frames: a frame
 * is what lies between two {@code 0x7e} delimiters, so back-to-back frames may share a delimiter or
 * not ({@code 0x7e 0x7e} is an empty frame and ignored). Inside a frame {@code 0x7d 0x02} is unescaped
 * to {@code 0x7e} and {@code 0x7d 0x01} to {@code 0x7d}; the last byte is the check code, the XOR of
 * all bytes before it; then the header is parsed ({@link Header}) and its body length compared with
 * the bytes present. A frame may arrive over any number of {@link #feed} calls, and one call may carry
 * several frames.
 *
 * <p>Each frame yields one {@link Decoded} to the consumer, in stream order: a {@link Message}, or a
 * {@link Malformed} with its reason (checked in this order: {@code BAD_ESCAPE}, {@code TRUNCATED}
 * below the 12-byte minimum header plus check code, {@code BAD_CHECK}, {@code TRUNCATED} below the
 * header the attributes announce, {@code BAD_HEADER}, {@code TRUNCATED} for a body length that
 * differs from the bytes present). Bytes before the first delimiter of a connection count as a frame.
 *
 * <p>Memory is bounded by {@code maxFrameBytes} (unescaped bytes of header, body and check code):
 * the buffer starts small and grows up to it; when a frame would exceed it, one
 * {@link Malformed.Reason#OVERSIZE} is emitted at once and every byte up to the next {@code 0x7e} is
 * dropped. The standard's largest frame is {@link #STANDARD_MAX_FRAME_BYTES}.
 *
 * <p>Not thread-safe: one instance per connection, fed from the thread that owns the connection.
 */
public final class FrameDecoder {
    /** The largest frame the standard allows, unescaped: a 21-byte header, 1023 body bytes, the check code. */
    public static final int STANDARD_MAX_FRAME_BYTES = Header.LENGTH_2019 + Header.PACKAGE_ITEMS + Header.LENGTH_MASK + 1;

    static final int DELIMITER = 0x7e;
    static final int ESCAPE = 0x7d;
    private static final int INITIAL_CAPACITY = 256;
    private static final int KEPT_CAPACITY = 1024;

    private final int maxFrameBytes;
    private byte[] buffer;
    private int length;
    private boolean escaped;
    private boolean badEscape;
    private boolean discarding;

    /**
     * @param maxFrameBytes the most unescaped bytes one frame may have (header, body and check
     *                      code); at least 13, usually {@link #STANDARD_MAX_FRAME_BYTES}
     */
    public FrameDecoder(int maxFrameBytes) {
        if (maxFrameBytes < Header.LENGTH_2013 + 1) {
            throw new IllegalArgumentException("maxFrameBytes must be at least " + (Header.LENGTH_2013 + 1) + ": " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
        this.buffer = new byte[Math.min(INITIAL_CAPACITY, maxFrameBytes)];
    }

    /**
     * Consumes {@code data[offset..offset+length)}, passing every frame it completes to {@code out}
     * before returning. Never throws for any input; {@code out}'s exceptions propagate (and the
     * bytes after the frame that caused them are not consumed).
     */
    public void feed(byte[] data, int offset, int length, Consumer<? super Decoded> out) {
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            int b = data[i] & 0xff;
            if (b == DELIMITER) {
                finish(out);
            } else if (discarding) {
                continue;
            } else if (escaped) {
                escaped = false;
                if (b == 0x01) {
                    append(ESCAPE, out);
                } else if (b == 0x02) {
                    append(DELIMITER, out);
                } else {
                    badEscape = true;
                }
            } else if (b == ESCAPE) {
                escaped = true;
            } else {
                append(b, out);
            }
        }
    }

    /** Unescaped bytes of the current unfinished frame held now. */
    public int bufferedBytes() {
        return length;
    }

    /** The size of the buffer now; never more than {@code maxFrameBytes}. */
    public int capacity() {
        return buffer.length;
    }

    private void append(int b, Consumer<? super Decoded> out) {
        if (length == buffer.length) {
            if (length == maxFrameBytes) {
                Header header = headerOrNull();
                reset();
                discarding = true;
                out.accept(new Malformed(Malformed.Reason.OVERSIZE, header,
                        "more than " + maxFrameBytes + " bytes without a closing 0x7e; dropped up to the next 0x7e"));
                return;
            }
            buffer = Arrays.copyOf(buffer, Math.min(maxFrameBytes, buffer.length * 2));
        }
        buffer[length++] = (byte) b;
    }

    private void finish(Consumer<? super Decoded> out) {
        if (discarding) {
            reset();
            return;
        }
        boolean dangling = escaped;
        if (length == 0 && !badEscape && !dangling) {
            return;
        }
        Decoded d = decode(dangling);
        reset();
        out.accept(d);
    }

    private Decoded decode(boolean dangling) {
        if (badEscape || dangling) {
            return new Malformed(Malformed.Reason.BAD_ESCAPE, headerOrNull(),
                    dangling ? "0x7d right before the closing 0x7e" : "0x7d followed by neither 0x01 nor 0x02");
        }
        if (length < Header.LENGTH_2013 + 1) {
            return new Malformed(Malformed.Reason.TRUNCATED, null,
                    length + " bytes, shorter than the smallest header and check code (13)");
        }
        int content = length - 1;
        int check = 0;
        for (int i = 0; i < content; i++) {
            check ^= buffer[i];
        }
        int sent = buffer[content] & 0xff;
        if ((check & 0xff) != sent) {
            return new Malformed(Malformed.Reason.BAD_CHECK, headerOrNull(),
                    String.format("check code 0x%02x, computed 0x%02x", sent, check & 0xff));
        }
        Header header;
        try {
            header = Header.parse(buffer, content);
        } catch (Header.ParseException e) {
            Malformed.Reason reason = e.problem == Header.Problem.SHORT ? Malformed.Reason.TRUNCATED : Malformed.Reason.BAD_HEADER;
            return new Malformed(reason, e.header, e.getMessage());
        }
        int present = content - header.length();
        if (present != header.bodyLength()) {
            return new Malformed(Malformed.Reason.TRUNCATED, header,
                    "the header announces " + header.bodyLength() + " body bytes, " + present + " are present");
        }
        return new Message(header, Arrays.copyOfRange(buffer, header.length(), content));
    }

    /** The header at the start of the buffer if it can be read, for a malformed frame's log line. */
    private Header headerOrNull() {
        try {
            return Header.parse(buffer, length);
        } catch (Header.ParseException e) {
            return e.header;
        }
    }

    private void reset() {
        length = 0;
        escaped = false;
        badEscape = false;
        discarding = false;
        if (buffer.length > KEPT_CAPACITY) {
            // A long frame once should not hold its buffer for the life of an idle connection.
            buffer = new byte[Math.min(INITIAL_CAPACITY, maxFrameBytes)];
        }
    }
}
