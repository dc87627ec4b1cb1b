package org.gridwatch.live;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import org.gridwatch.codec.StrictJson;

/**
 * Assembles one connection's client messages from its WebSocket frames, measuring them itself:
 * a message (all its frames together, as received) over {@code limit} bytes is refused as soon as
 * it is seen to be too large, and nothing after it is read. The transport (Vert.x) accepts frames
 * up to a larger limit and does not aggregate, so that an oversized message is answered with
 * words ({@code error too_large}, close 1009) instead of a dropped TCP connection. Memory per
 * connection is bounded by {@code limit} plus one transport frame.
 *
 * <p>The server negotiates no WebSocket compression (see {@code docs/live-protocol.md}), so what is
 * measured here is what the client sent: there is no compressed message whose inflated size could
 * escape the limit.
 *
 * <p>Confined to the socket's event loop (Vert.x calls the frame handler there); the sink is called
 * on it too.
 */
final class InboundMessages {
    /** What the assembled messages become. Called on the socket's event loop; must not block. */
    interface Sink {
        /** A complete text message, well-formed UTF-8. */
        void text(String message);

        /** A complete binary message (not part of the protocol; its bytes were not kept). */
        void binary();

        /** A message that is not well-formed UTF-8; {@code why} says where. */
        void malformed(String why);

        /**
         * The current message exceeds the limit: at least {@code bytes} bytes. Called once; the
         * assembler reads nothing more afterwards.
         */
        void tooLarge(long bytes);
    }

    private final int limit;
    private final Sink sink;
    private Buffer text;
    private boolean binary;
    private boolean inMessage;
    private long size;
    private boolean refused;

    /** @param limit largest message accepted, bytes */
    InboundMessages(int limit, Sink sink) {
        this.limit = limit;
        this.sink = sink;
    }

    /** Takes the next frame (text, binary or continuation; control frames are Vert.x's and ignored). */
    void frame(WebSocketFrame f) {
        if (refused) {
            return;
        }
        if (f.isText() || f.isBinary()) {
            binary = f.isBinary();
            text = binary ? null : Buffer.buffer();
            size = 0;
            inMessage = true;
        } else if (!f.isContinuation() || !inMessage) {
            return; // ping, pong, close; a stray continuation is refused by the transport already
        }
        Buffer data = f.binaryData();
        size += data.length();
        if (size > limit) {
            refused = true;
            text = null;
            sink.tooLarge(size);
            return;
        }
        if (!binary) {
            text.appendBuffer(data);
        }
        if (!f.isFinal()) {
            return;
        }
        inMessage = false;
        Buffer done = text;
        text = null;
        if (binary) {
            sink.binary();
            return;
        }
        String message;
        try {
            message = StrictJson.utf8(done.getBytes());
        } catch (StrictJson.MalformedJsonException e) {
            sink.malformed("the frame " + e.getMessage());
            return;
        }
        sink.text(message);
    }
}
