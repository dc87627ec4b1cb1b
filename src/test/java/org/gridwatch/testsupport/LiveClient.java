package org.gridwatch.testsupport;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client of {@code /live} for tests: frames are queued as they arrive and read
 * with {@link #next}; {@link #pause()} stops reading from the socket (a slow consumer).
 */
public final class LiveClient implements AutoCloseable {
    private final Vertx vertx;
    private final WebSocketClient client;
    private final ClientWebSocket socket;
    private final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    private volatile int closeStatus;
    private final java.util.concurrent.CountDownLatch closedSignal = new java.util.concurrent.CountDownLatch(1);
    /** Frames received but passed over by {@link #next}, oldest first (test thread only). */
    private final List<JsonObject> backlog = new ArrayList<>();

    private LiveClient(Vertx vertx, WebSocketClient client, ClientWebSocket socket) {
        this.vertx = vertx;
        this.client = client;
        this.socket = socket;
    }

    /**
     * Connects to {@code uri} (e.g. {@code /live?session=…}) on the server, with an optional scope
     * header and bearer token (null: none).
     */
    public static LiveClient connect(int port, String uri, String scopeHeader, String token) throws Exception {
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        if (scopeHeader != null) {
            headers.put("X-GridWatch-Scope", scopeHeader);
        }
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        return connect(port, uri, headers);
    }

    /** Connects to {@code uri} on the server with these request headers (e.g. Origin, Cookie). */
    public static LiveClient connect(int port, String uri, java.util.Map<String, String> headers) throws Exception {
        Vertx vertx = Vertx.vertx();
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxMessageSize(256 << 20).setMaxFrameSize(1 << 20)
                // A small fixed socket buffer (no autotuning): a paused client backs up the server soon.
                .setReceiveBufferSize(16 * 1024));
        ClientWebSocket ws = client.webSocket();
        LiveClient c = new LiveClient(vertx, client, ws);
        ws.textMessageHandler(t -> c.frames.add(new JsonObject(t)));
        ws.closeHandler(v -> {
            c.closeStatus = ws.closeStatusCode() == null ? -1 : ws.closeStatusCode();
            c.closed = true;
            c.closedSignal.countDown();
        });
        WebSocketConnectOptions o = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri);
        headers.forEach(o::addHeader);
        try {
            ws.connect(o).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            client.close();
            vertx.close();
            throw e;
        }
        return c;
    }

    /** Connects to {@code /live} with the server's default token. */
    public static LiveClient connect(TestServer s) throws Exception {
        return connect(s.server().port(), "/live", null, s.token());
    }

    /** Connects to {@code uri} with the server's default token and an optional scope header. */
    public static LiveClient connect(TestServer s, String uri, String scopeHeader) throws Exception {
        return connect(s.server().port(), uri, scopeHeader, s.token());
    }

    /** Sends a frame as text. */
    public void send(String text) throws Exception {
        socket.writeTextMessage(text).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public void send(JsonObject frame) throws Exception {
        send(frame.encode());
    }

    /** Sends a binary frame (not part of the protocol). */
    public void sendBinary(byte[] bytes) throws Exception {
        socket.writeBinaryMessage(io.vertx.core.buffer.Buffer.buffer(bytes)).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    /**
     * The first frame matching {@code p} within {@code seconds}; fails otherwise. Frames that do not
     * match stay queued, in order, for later calls.
     */
    public JsonObject next(Predicate<JsonObject> p, int seconds) throws InterruptedException {
        for (java.util.Iterator<JsonObject> it = backlog.iterator(); it.hasNext(); ) {
            JsonObject f = it.next();
            if (p.test(f)) {
                it.remove();
                return f;
            }
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<JsonObject> skipped = backlog;
        while (true) {
            long left = end - System.nanoTime();
            JsonObject f = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
            if (f == null) {
                throw new AssertionError("no matching frame within " + seconds + " s; skipped " + skipped.size()
                        + (skipped.isEmpty() ? "" : " (" + String.join(" ", skipped.stream().map(x -> x.getString("op") + ":"
                        + x.getString("id")).toList()) + "), last: " + abbreviate(skipped.get(skipped.size() - 1))));
            }
            if (p.test(f)) {
                return f;
            }
            skipped.add(f);
        }
    }

    /** The next frame with this op (and subscription id, when not null). */
    public JsonObject next(String op, String id) throws InterruptedException {
        return next(f -> op.equals(f.getString("op")) && (id == null || id.equals(f.getString("id"))), 10);
    }

    /** Every frame already received, removed from the queue. */
    public List<JsonObject> drain() {
        List<JsonObject> out = new ArrayList<>(backlog);
        backlog.clear();
        frames.drainTo(out);
        return out;
    }

    /** Stops reading from the socket: the server's writes back up. */
    public void pause() {
        socket.pause();
    }

    /** Reads again. */
    public void resume() {
        socket.resume();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Waits until the server closes the connection; its close status code (-1: none given). */
    public int awaitClose(int seconds) throws InterruptedException {
        if (!closedSignal.await(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("the connection is still open after " + seconds + " s");
        }
        return closeStatus;
    }

    private static String abbreviate(JsonObject f) {
        String s = f.encode();
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    @Override
    public void close() throws Exception {
        try {
            socket.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // already closed
        }
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
