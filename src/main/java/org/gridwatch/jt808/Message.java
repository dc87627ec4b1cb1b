package org.gridwatch.jt808;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One JT/T 808 message: its header and its body, unescaped, without the check code. A message from
 * {@link FrameDecoder} owns its body array (it is never the decoder's buffer); nobody modifies it
 * afterwards. Equality compares the body's bytes.
 *
 * @param header the header; {@code header.bodyLength() == body.length}
 * @param body   the body bytes
 */
public record Message(Header header, byte[] body) implements Decoded {

    /** Checks that the header announces the body's length. */
    public Message {
        if (header.bodyLength() != body.length) {
            throw new IllegalArgumentException(
                    "the header announces " + header.bodyLength() + " body bytes, the body has " + body.length);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message m && header.equals(m.header) && Arrays.equals(body, m.body);
    }

    @Override
    public int hashCode() {
        return 31 * header.hashCode() + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "Message[" + header + ", body=" + HexFormat.of().formatHex(body) + "]";
    }
}
