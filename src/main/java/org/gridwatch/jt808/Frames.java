package org.gridwatch.jt808;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes JT/T 808 frames: header (with the body length set from the body), body, check code (XOR of
 * header and body), escaping ({@code 0x7e} → {@code 0x7d 0x02}, {@code 0x7d} → {@code 0x7d 0x01}) and
 * the two {@code 0x7e} delimiters. Stateless and thread-safe.
 */
public final class Frames {
    /** The longest body one frame can carry (10 bits of length); longer ones must be sub-packaged. */
    public static final int MAX_BODY = Header.LENGTH_MASK;

    private Frames() {
    }

    /**
     * One frame. Of {@code header} every field but {@code bodyLength} is written as it is (a
     * sub-packaged header writes its package items); the length is {@code body.length}.
     *
     * @throws IllegalArgumentException if the body is longer than {@link #MAX_BODY}
     */
    public static byte[] encode(Header header, byte[] body) {
        int headerLength = header.length();
        byte[] content = new byte[headerLength + body.length + 1];
        header.write(content, 0, body.length);
        System.arraycopy(body, 0, content, headerLength, body.length);
        content[content.length - 1] = (byte) checkCode(content, 0, content.length - 1);
        return escape(content);
    }

    /**
     * A body as a sub-packaged message: frames of at most
     * {@code maxPartBody} body bytes each, package count {@code n = ceil(body.length / maxPartBody)}
     * (at least 1), indexes 1..n, serials {@code header.serial()}, +1, … (wrapping at 65536), so the
     * first part's serial identifies the message. Every other field comes from {@code header}.
     *
     * @param maxPartBody 1..{@link #MAX_BODY}
     */
    public static List<byte[]> encodeSplit(Header header, byte[] body, int maxPartBody) {
        if (maxPartBody < 1 || maxPartBody > MAX_BODY) {
            throw new IllegalArgumentException("maxPartBody must be 1.." + MAX_BODY + ": " + maxPartBody);
        }
        int count = Math.max(1, (body.length + maxPartBody - 1) / maxPartBody);
        if (count > 0xffff) {
            throw new IllegalArgumentException("a body of " + body.length + " bytes needs more than 65535 packages");
        }
        List<byte[]> frames = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] part = Arrays.copyOfRange(body, i * maxPartBody, Math.min(body.length, (i + 1) * maxPartBody));
            Header h = new Header(header.messageId(), header.v2019(), header.protocolVersion(), header.phone(),
                    (header.serial() + i) & 0xffff, header.encrypted(), count, i + 1, part.length);
            frames.add(encode(h, part));
        }
        return frames;
    }

    /** The XOR of {@code content[from..to)}, 0..255. */
    static int checkCode(byte[] content, int from, int to) {
        int x = 0;
        for (int i = from; i < to; i++) {
            x ^= content[i];
        }
        return x & 0xff;
    }

    /** {@code content} escaped and between delimiters. */
    static byte[] escape(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 8);
        out.write(FrameDecoder.DELIMITER);
        for (byte b : content) {
            int v = b & 0xff;
            if (v == FrameDecoder.DELIMITER) {
                out.write(FrameDecoder.ESCAPE);
                out.write(0x02);
            } else if (v == FrameDecoder.ESCAPE) {
                out.write(FrameDecoder.ESCAPE);
                out.write(0x01);
            } else {
                out.write(v);
            }
        }
        out.write(FrameDecoder.DELIMITER);
        return out.toByteArray();
    }
}
