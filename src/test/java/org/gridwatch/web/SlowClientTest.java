package org.gridwatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.gridwatch.testsupport.LiveClient;
import org.gridwatch.testsupport.RawHttp;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow and idle clients against a server with short timeouts ({@code http.timeouts.*}: header read
 * 1 s, request 2 s, idle 1 s, live idle 3 s), over raw sockets: slowloris, a slow body, idle
 * connections, and {@code /live} sockets, which the HTTP idle timeout does not cut. The slow
 * clients trickle their bytes from a scheduler, as a real one would; the test itself waits only on
 * the server closing the connection.
 */
class SlowClientTest {
    @TempDir
    static Path dir;
    static TestServer server;
    static String auth;
    final ScheduledExecutorService trickle = Executors.newScheduledThreadPool(4);

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, Map.of("GRIDWATCH_HTTP_TIMEOUTS_HEADER_READ", "1",
                "GRIDWATCH_HTTP_TIMEOUTS_REQUEST", "2", "GRIDWATCH_HTTP_TIMEOUTS_IDLE", "1",
                "GRIDWATCH_HTTP_TIMEOUTS_LIVE_IDLE", "3"));
        auth = "Authorization: Bearer " + server.token() + "\r\n";
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @AfterEach
    void stopTrickling() {
        trickle.shutdownNow();
    }

    /** Sends {@code piece} every 200 ms until the connection fails. */
    void trickleForever(RawHttp c, String piece) {
        trickle.scheduleWithFixedDelay(() -> {
            try {
                c.send(piece);
            } catch (IOException closed) {
                throw new IllegalStateException("closed", closed);  // ends this task
            }
        }, 200, 200, TimeUnit.MILLISECONDS);
    }

    /** A request the server answers at once, on a fresh connection. */
    static int health() throws IOException {
        try (RawHttp c = RawHttp.connect(server)) {
            return c.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").read().status();
        }
    }

    static void assertTimedOut(String closing, String what) {
        assertThat(closing).as(what).startsWith("HTTP/1.1 408 ");
        String body = closing.substring(closing.indexOf("\r\n\r\n") + 4);
        JsonObject p = new JsonObject(body);
        assertThat(p.getInteger("status")).isEqualTo(408);
        assertThat(p.getString("detail")).contains(what);
    }

    @Test
    void row11_slowHeadersAndIdleConnectionsAreClosed() throws Exception {
        List<RawHttp> slow = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < 50; i++) {
                RawHttp c = RawHttp.connect(server);
                c.send("GET /health HTTP/1.1\r\nHost: x\r\n");
                trickleForever(c, "X-Slow: 1\r\n");
                slow.add(c);
            }
            // The server keeps serving others meanwhile.
            assertThat(health()).isEqualTo(200);
            for (RawHttp c : slow) {
                assertTimedOut(c.awaitClose(), "request headers");
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
            // Cut by the header-read timeout (1 s), however long they would have trickled.
            assertThat(seconds).isLessThan(15);
        } finally {
            for (RawHttp c : slow) {
                c.close();
            }
        }
        // A connection that sends nothing, and one idle after an answer, are closed without a word.
        try (RawHttp silent = RawHttp.connect(server); RawHttp kept = RawHttp.connect(server)) {
            assertThat(kept.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
            assertThat(silent.awaitClose()).isEmpty();
            assertThat(kept.awaitClose()).isEmpty();
        }
        assertThat(health()).isEqualTo(200);
    }

    @Test
    void aSlowBodyIsCutByTheRequestTimeout() throws Exception {
        try (RawHttp c = RawHttp.connect(server)) {
            c.send("POST /api/v1/lookup HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Type: application/json\r\n"
                    + "Content-Length: 100000\r\n\r\n[");
            trickleForever(c, " ");
            assertTimedOut(c.awaitClose(), "request body");
        }
        assertThat(health()).isEqualTo(200);
    }

    @Test
    void keepAliveConnectionsServeRequestsAfterOneAnotherWithinTheTimeouts() throws Exception {
        try (RawHttp c = RawHttp.connect(server)) {
            for (int i = 0; i < 20; i++) {
                assertThat(c.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
            }
            // Pipelined, in pieces that end mid-header.
            c.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /ready HTTP/1.1\r\nHo");
            c.send("st: x\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(200);
            assertThat(c.read().status()).isIn(200, 503);
        }
    }

    @Test
    void liveSocketsAreNotCutByTheHttpIdleTimeout() throws Exception {
        try (LiveClient live = LiveClient.connect(server)) {
            live.next("welcome", null);
            try (RawHttp idle = RawHttp.connect(server)) {
                // The HTTP connection opened after the socket is closed for idling...
                assertThat(idle.awaitClose()).isEmpty();
            }
            // ...the socket, idle as long, is not.
            assertThat(live.isClosed()).isFalse();
            live.send(new JsonObject().put("op", "ping"));
            assertThat(live.next("pong", null).getString("time")).isNotBlank();
        }
    }

    @Test
    void aLiveSocketSilentForTheLiveIdleTimeoutIsClosed() throws Exception {
        try (LiveClient live = LiveClient.connect(server)) {
            live.next("welcome", null);
            long t0 = System.nanoTime();
            live.awaitClose(30);
            assertThat(System.nanoTime() - t0).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(2_500));
        }
    }
}
