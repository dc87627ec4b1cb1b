package org.gridwatch.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.net.impl.ConnectionBase;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gridwatch.config.GridWatchConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The defences of each HTTP/1.1 connection, below Vert.x, where the bytes are: no client may hold a
 * connection by sending slowly, nor smuggle a second request past a proxy.
 *
 * <ul>
 * <li><b>Header read</b> ({@code http.timeouts.header-read}): a request's line and headers must
 * arrive within this of its first byte (slowloris). <b>Request</b> ({@code http.timeouts.request}):
 * the whole request, body included, within this of its first byte (a slow body). Either way the
 * client is answered {@code 408} (problem+json) and the connection closed. A timer runs only
 * while the client owes bytes: when the server still owes an earlier pipelined request its answer
 * (and so reads nothing), the clocks start over once it has answered.</li>
 * <li><b>Idle</b> ({@code http.timeouts.idle}): a connection with no request in progress and no
 * answer owed — a fresh one that sends nothing, a keep-alive one between requests — is closed. A
 * request whose handler runs long is never cut.</li>
 * <li><b>WebSockets</b>: once upgraded (101) none of these apply; a {@code /live} socket is closed
 * after {@code http.timeouts.live-idle} without a frame in either direction (the pages ping every 15 s).</li>
 * <li><b>Framing</b>: a request with both {@code Content-Length} and {@code Transfer-Encoding}, a
 * transfer coding other than {@code chunked}, or {@code Transfer-Encoding} in HTTP/1.0 is refused
 * (400 through {@link HttpHygiene#invalid}) and nothing after it on the connection is read — where
 * the next request starts is ambiguous (request smuggling, RFC 9112 §6.1).</li>
 * </ul>
 *
 * <p>Implemented by replacing Vert.x's request decoder ({@code httpDecoder}, a
 * {@link VertxHttpRequestDecoder}) with a subclass and adding an outbound handler that sees the
 * answers; this relies on Vert.x internals ({@link ConnectionBase#channel()}, the handler names),
 * checked by {@code SlowClientTest} and {@code HttpHygieneTest} (and a WARN at the first connection
 * should they change). A connection that is not HTTP/1.1 is left alone (the server does not offer
 * HTTP/2). The instance is immutable and thread-safe; each connection's state is confined to its
 * event loop.
 */
final class HttpConnections {
    private static final Logger LOG = LoggerFactory.getLogger(HttpConnections.class);
    /** Vert.x's name of the HTTP/1.x request decoder. */
    static final String DECODER = "httpDecoder";
    /** Vert.x's name of the HTTP/1.x response encoder. */
    static final String ENCODER = "httpEncoder";
    /** Vert.x's name of its own last handler. */
    static final String VERTX_HANDLER = "handler";
    /** Ours: sees the answers. */
    static final String TRACKER = "gridwatch-answers";
    /** Ours: closes idle WebSockets. */
    static final String LIVE_IDLE = "gridwatch-live-idle";
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private final HttpServerOptions options;
    private final long headerNanos;
    private final long requestNanos;
    private final long idleNanos;
    private final long liveIdleNanos;
    private final Counter headerTimeouts;
    private final Counter requestTimeouts;
    private final Counter idleCloses;
    private final Counter framingRefusals;

    /**
     * @param options  the server's options (the replacement decoder is configured from them)
     * @param timeouts {@code http.timeouts.*}
     * @param registry where {@code gridwatch.http.connections.closed} (tagged {@code reason}) is counted
     */
    HttpConnections(HttpServerOptions options, GridWatchConfig.Http.Timeouts timeouts, MeterRegistry registry) {
        this.options = options;
        this.headerNanos = timeouts.headerRead().toNanos();
        this.requestNanos = timeouts.request().toNanos();
        this.idleNanos = timeouts.idle().toNanos();
        this.liveIdleNanos = timeouts.liveIdle().toNanos();
        this.headerTimeouts = closed(registry, "header-timeout");
        this.requestTimeouts = closed(registry, "request-timeout");
        this.idleCloses = closed(registry, "idle");
        this.framingRefusals = closed(registry, "framing");
    }

    private static Counter closed(MeterRegistry registry, String reason) {
        return Counter.builder("gridwatch.http.connections.closed").tag("reason", reason)
                .description("HTTP connections the server closed to protect itself").register(registry);
    }

    /**
     * The server's connection handler: installs the defences on {@code conn}. Vert.x calls it on the
     * connection's event loop right after building the pipeline, before anything is read.
     */
    void install(HttpConnection conn) {
        if (!(conn instanceof ConnectionBase base)) {
            warn("connection " + conn.getClass().getName() + " is not a ConnectionBase");
            return;
        }
        ChannelPipeline p = base.channel().pipeline();
        if (!(p.get(DECODER) instanceof VertxHttpRequestDecoder) || p.get(ENCODER) == null) {
            warn("no " + DECODER + "/" + ENCODER + " in the pipeline " + p.names());
            return;
        }
        Guard guard = new Guard();
        p.replace(DECODER, DECODER, guard.decoder);
        p.addAfter(ENCODER, TRACKER, guard.tracker);
    }

    private static void warn(String why) {
        if (WARNED.compareAndSet(false, true)) {
            LOG.warn("HTTP connection timeouts and framing checks are OFF: {} (Vert.x internals changed?)", why);
        }
    }

    /** Thrown into a request's decoder result when its framing is refused. */
    static final class FramingException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FramingException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Why a request's framing is refused, or null when it is clean.
     *
     * @param bothLengths the decoder saw Content-Length and chunked together (it drops Content-Length)
     */
    static String framing(HttpRequest r, boolean bothLengths) {
        List<String> te = r.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (te.isEmpty()) {
            return null;
        }
        if (bothLengths || r.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            return "Content-Length and Transfer-Encoding together: the length of the body is ambiguous; send one";
        }
        if (r.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            return "Transfer-Encoding: not allowed in an HTTP/1.0 request";
        }
        if (te.size() != 1 || !te.get(0).trim().equalsIgnoreCase("chunked")) {
            return "Transfer-Encoding: only 'chunked' is supported, got '" + HttpHygiene.printable(String.join(", ", te))
                    + "'";
        }
        return null;
    }

    /** Where a connection is in its current request. */
    private enum Phase {
        /** No request in progress: between requests, or before the first. */
        WAITING,
        /** The first bytes of a request arrived; its headers have not all. */
        HEAD,
        /** The headers arrived; the body has not all. */
        BODY,
        /** Upgraded to a WebSocket, or closed: nothing to watch. */
        DONE
    }

    /** One connection's state and timers. Event loop only. */
    private final class Guard {
        final Decoder decoder = new Decoder(options, this);
        final Tracker tracker = new Tracker(this);
        private ChannelHandlerContext ctx;
        private Phase phase = Phase.WAITING;
        /** Requests whose headers arrived. */
        private long heads;
        /** Answers begun and finished (informational ones aside). */
        private long begun;
        private long finished;
        /** When the current request must be complete, System.nanoTime(). */
        private long requestDeadline;
        private ScheduledFuture<?> timer;

        void added(ChannelHandlerContext ctx) {
            this.ctx = ctx;
            idleIfQuiet();
        }

        /** True between requests. */
        boolean waiting() {
            return phase == Phase.WAITING;
        }

        /** The first bytes of a request arrived. */
        void bytes() {
            if (phase != Phase.WAITING) {
                return;
            }
            phase = Phase.HEAD;
            requestDeadline = System.nanoTime() + requestNanos;
            arm(Math.min(headerNanos, requestNanos));
        }

        void headers() {
            if (phase == Phase.HEAD) {
                phase = Phase.BODY;
                heads++;
                arm(requestDeadline - System.nanoTime());
            }
        }

        void requestEnded() {
            if (phase == Phase.BODY) {
                phase = Phase.WAITING;
                idleIfQuiet();
            }
        }

        void answerBegun() {
            begun++;
        }

        void answerFinished() {
            finished++;
            if (phase == Phase.WAITING) {
                idleIfQuiet();
            } else if (phase == Phase.HEAD && owed() == 0 && timer == null) {
                // The clocks stopped while the server was behind: they start over now.
                requestDeadline = System.nanoTime() + requestNanos;
                arm(Math.min(headerNanos, requestNanos));
            } else if (phase == Phase.BODY && owed() <= 1 && timer == null) {
                requestDeadline = System.nanoTime() + requestNanos;
                arm(requestNanos);
            }
        }

        void upgraded() {
            stop();
            if (liveIdleNanos > 0 && ctx != null && ctx.pipeline().get(LIVE_IDLE) == null
                    && ctx.pipeline().get(VERTX_HANDLER) != null) {
                // Vert.x's connection closes on the IdleStateEvent this fires.
                ctx.pipeline().addBefore(VERTX_HANDLER, LIVE_IDLE, new IdleStateHandler(0, 0, liveIdleNanos,
                        TimeUnit.NANOSECONDS));
            }
        }

        void stop() {
            phase = Phase.DONE;
            cancel();
        }

        /** A request's framing was refused: nothing more is read; Vert.x answers and closes. */
        void refused() {
            framingRefusals.increment();
            stop();
        }

        /** Answers the server has yet to finish, for requests whose headers arrived. */
        private long owed() {
            return heads - finished;
        }

        private void idleIfQuiet() {
            cancel();
            if (phase == Phase.WAITING && owed() <= 0 && ctx != null) {
                arm(idleNanos);
            }
        }

        private void arm(long nanos) {
            cancel();
            if (ctx != null) {
                timer = ctx.executor().schedule(this::fired, Math.max(0, nanos), TimeUnit.NANOSECONDS);
            }
        }

        private void cancel() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }

        private void fired() {
            timer = null;
            if (!ctx.channel().isActive()) {
                return;
            }
            switch (phase) {
                case WAITING -> {
                    if (owed() <= 0) {
                        idleCloses.increment();
                        LOG.debug("closing idle HTTP connection from {}", ctx.channel().remoteAddress());
                        ctx.close();
                    }
                }
                case HEAD -> {
                    if (owed() > 0) {
                        return;  // the server is behind (and not reading): answerFinished() re-arms
                    }
                    headerTimeouts.increment();
                    timeout("request headers", headerNanos < requestNanos ? "http.timeouts.header-read"
                            : "http.timeouts.request", Math.min(headerNanos, requestNanos));
                }
                case BODY -> {
                    if (owed() > 1) {
                        return;  // an earlier answer is still being made: the body waits unread
                    }
                    requestTimeouts.increment();
                    if (owed() == 1 && begun == finished) {
                        timeout("request body", "http.timeouts.request", requestNanos);
                    } else {
                        // The request was answered already: nothing to say, only to stop reading.
                        LOG.debug("closing HTTP connection from {}: request body too slow", ctx.channel().remoteAddress());
                        ctx.close();
                    }
                }
                case DONE -> {
                }
            }
        }

        /** 408 with a problem document, then closed. Written below the encoder: no answer is in progress. */
        private void timeout(String what, String key, long nanos) {
            LOG.debug("closing HTTP connection from {}: {} not complete within {} ms", ctx.channel().remoteAddress(), what,
                    TimeUnit.NANOSECONDS.toMillis(nanos));
            phase = Phase.DONE;
            String body = new Problem(408, "Request timeout", null, what + ": not complete within "
                    + seconds(nanos) + " s of the request's first byte (" + key + "); the connection is closed")
                    .toJson(null).encode();
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ByteBuf out = Unpooled.copiedBuffer("HTTP/1.1 408 Request Timeout\r\nContent-Type: " + Problem.MEDIA_TYPE
                    + "\r\nConnection: close\r\nContent-Length: " + b.length + "\r\n\r\n", StandardCharsets.ISO_8859_1);
            ctx.writeAndFlush(Unpooled.wrappedBuffer(out, Unpooled.wrappedBuffer(b))).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static String seconds(long nanos) {
        double s = nanos / 1e9;
        return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
    }

    /** Vert.x's decoder, telling the guard where the request is and refusing ambiguous framing. */
    private static final class Decoder extends VertxHttpRequestDecoder {
        private final Guard guard;
        private boolean bothLengths;
        /** After a refused request: every further byte is dropped unread. */
        private boolean refused;

        Decoder(HttpServerOptions options, Guard guard) {
            super(options);
            this.guard = guard;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
            super.handlerAdded(ctx);
            guard.added(ctx);
        }

        @Override
        protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
            bothLengths = true;
            super.handleTransferEncodingChunkedWithContentLength(message);
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
            if (refused) {
                in.skipBytes(in.readableBytes());
                return;
            }
            if (guard.waiting() && startsRequest(in)) {
                guard.bytes();
            }
            int from = out.size();
            super.decode(ctx, in, out);
            for (int i = from; i < out.size(); i++) {
                Object o = out.get(i);
                if (o instanceof HttpRequest r) {
                    String why = framing(r, bothLengths);
                    bothLengths = false;
                    if (why != null) {
                        refuse(r, why, in, out, i);
                        return;
                    }
                    guard.headers();
                }
                if (o instanceof LastHttpContent) {
                    guard.requestEnded();
                }
            }
        }

        /** True when {@code in} holds more than line breaks, which may precede a request (RFC 9112 §2.2). */
        private static boolean startsRequest(ByteBuf in) {
            for (int i = in.readerIndex(); i < in.writerIndex(); i++) {
                byte b = in.getByte(i);
                if (b != '\r' && b != '\n') {
                    return true;
                }
            }
            return false;
        }

        private void refuse(HttpRequest r, String why, ByteBuf in, List<Object> out, int at) {
            LOG.debug("refusing request {} {}: {}", r.method(), HttpHygiene.printable(r.uri()), why);
            guard.refused();
            refused = true;
            r.setDecoderResult(DecoderResult.failure(new FramingException(why)));
            while (out.size() > at + 1) {
                ReferenceCountUtil.release(out.remove(out.size() - 1));
            }
            in.skipBytes(in.readableBytes());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            guard.stop();
            super.channelInactive(ctx);
        }

        @Override
        protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
            // Removed on a WebSocket upgrade and when the channel closes.
            guard.stop();
            super.handlerRemoved0(ctx);
        }
    }

    /** Sees the answers on their way to the encoder. */
    private static final class Tracker extends ChannelOutboundHandlerAdapter {
        private final Guard guard;
        /** The answer being written is informational (100 Continue): its end is not an answer's end. */
        private boolean informational;

        Tracker(Guard guard) {
            this.guard = guard;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (msg instanceof HttpResponse r) {
                informational = r.status().codeClass() == HttpStatusClass.INFORMATIONAL;
                if (r.status().code() == 101) {
                    guard.upgraded();
                } else if (!informational) {
                    guard.answerBegun();
                }
            }
            boolean last = msg instanceof LastHttpContent;
            ctx.write(msg, promise);
            if (last) {
                if (!informational) {
                    guard.answerFinished();
                }
                informational = false;
            }
        }
    }
}
