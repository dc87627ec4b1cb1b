package org.gridwatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.vertx.core.json.JsonObject;
import java.io.EOFException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.gridwatch.testsupport.RawHttp;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * HTTP hygiene on a real server, over raw sockets where a request must reach the server exactly
 * as written: closed metric vocabularies, malformed escapes, expectations, request smuggling,
 * methods a path does not take, media types, and what a client that goes away leaves in the log.
 * Slow clients and timeouts: {@link SlowClientTest}.
 */
class HttpHygieneTest {
    @TempDir
    static Path dir;
    static TestServer server;
    static String auth;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, Map.of("GRIDWATCH_HTTP_METRICS_PUBLIC", "true"));
        auth = "Authorization: Bearer " + server.token() + "\r\n";
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static RawHttp.Response exchange(String request) throws Exception {
        try (RawHttp c = RawHttp.connect(server)) {
            return c.send(request).read();
        }
    }

    static void assertProblem(RawHttp.Response r, int status, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        JsonObject p = new JsonObject(r.body());
        assertThat(p.getInteger("status")).isEqualTo(status);
        assertThat(p.getString("detail")).isNotBlank();
        if (field != null) {
            assertThat(p.getString("field")).isEqualTo(field);
            assertThat(p.getString("detail")).contains(field);
        }
    }

    /** The series of {@code http_server_requests} the server exposes. */
    static List<String> requestSeries() throws Exception {
        HttpResponse<String> m = server.anonymous().get("/metrics");
        assertThat(m.statusCode()).isEqualTo(200);
        return m.body().lines().filter(l -> l.startsWith("http_server_requests_seconds_count{")).toList();
    }

    @Test
    void row1_tenThousandMadeUpMethodsAndPathsLeaveTheSeriesCountUnchanged() throws Exception {
        // One of each kind first, so that every series these requests can touch exists.
        String[] kinds = {"X0Q /health", "GET /api/v1/nope/0", "GET /nope/0", "TRACE /nope/0"};
        StringBuilder warm = new StringBuilder();
        for (String k : kinds) {
            warm.append(k).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
        }
        try (RawHttp c = RawHttp.connect(server)) {
            c.send(warm.toString());
            for (String k : kinds) {
                assertThat(c.read().status()).as(k).isIn(404, 405, 501);
            }
        }
        requestSeries();  // the scrape's own series appears once a scrape has ended
        List<String> before = requestSeries();
        assertThat(before).anyMatch(l -> l.contains("method=\"OTHER\"") && l.contains("status=\"501\""));
        int n = 10_000;
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (RawHttp c = RawHttp.connect(server)) {
            // All on one socket, pipelined; written while the answers are read, so neither side stalls.
            Future<?> sent = writer.submit(() -> {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    String line = switch (i % 4) {
                        case 0 -> "X" + i + "Q /health";
                        case 1 -> "GET /api/v1/nope/" + i + "?q=" + i;
                        case 2 -> "GET /nope/" + i;
                        default -> "TRACE /nope/" + i;
                    };
                    b.append(line).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
                    if (i % 500 == 0) {
                        c.send(b.toString());
                        b.setLength(0);
                    }
                }
                return null;
            });
            int[] statuses = new int[600];
            for (int i = 0; i < n; i++) {
                statuses[c.read().status()]++;
            }
            sent.get(60, TimeUnit.SECONDS);
            assertThat(statuses[501]).isEqualTo(n / 4);
            assertThat(statuses[404]).isEqualTo(n / 2);
            assertThat(statuses[405]).isEqualTo(n / 4);
        } finally {
            writer.shutdownNow();
        }
        assertThat(requestSeries()).hasSameSizeAs(before);
        assertThat(String.join("\n", requestSeries())).doesNotContain("X1Q").doesNotContain("nope");
        assertThat(server.get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void row8_malformedPercentEscapesAre400OnEveryPath() throws Exception {
        for (String path : new String[] {"/%", "/glyphs/%", "/dispatch/%zz", "/api/v1/areas/%", "/api/v1/areas/%FF",
                "/api/v1/areas/%E5%8C", "/index.html%2", "/live/%g0", "/health%"}) {
            RawHttp.Response r = exchange("GET " + path + " HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n");
            assertProblem(r, 400, "path");
            assertThat(r.header("X-Content-Type-Options")).as("hardening headers").isEqualTo("nosniff");
        }
        for (String query : new String[] {"q=%", "q=%zz", "q=%FF", "%=1"}) {
            assertProblem(exchange("GET /api/v1/areas?" + query + " HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n"), 400,
                    "query");
        }
        // Well-formed escapes of UTF-8 text still work.
        assertThat(exchange("GET /api/v1/areas?level=%63ounty&cursor=%E5%8C%97 HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n").status())
                .isEqualTo(200);
        assertThat(exchange("GET /api/v1/areas/%33%37%31%36%30%30 HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n").status())
                .isEqualTo(200);
    }

    @Test
    void row9_anExpectationOtherThan100ContinueIs417() throws Exception {
        String body = "{\"points\":[[118.0,37.0]]}";
        assertProblem(exchange("POST /api/v1/lookup HTTP/1.1\r\nHost: x\r\n" + auth + "Expect: 200-ok\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body), 417, "Expect");
        assertProblem(exchange("GET /health HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\n\r\n"), 417, "Expect");
        // 100-continue is answered 100, then the request is served.
        try (RawHttp c = RawHttp.connect(server)) {
            c.send("POST /api/v1/lookup HTTP/1.1\r\nHost: x\r\n" + auth + "Expect: 100-continue\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(100);
            c.send(body);
            RawHttp.Response r = c.read();
            assertThat(r.status()).as(r.body()).isNotIn(417, 500);
        }
    }

    @Test
    void row10_contentLengthWithChunkedIsRefusedAndNothingBehindItIsServed() throws Exception {
        String smuggled = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
        try (RawHttp c = RawHttp.connect(server)) {
            c.send("POST /api/v1/lookup HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Type: application/json\r\n"
                    + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n" + smuggled);
            RawHttp.Response r = c.read();
            assertProblem(r, 400, null);
            assertThat(r.body()).contains("Content-Length and Transfer-Encoding");
            assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
            // The connection ends there: the request behind it is not served.
            assertThat(c.awaitClose()).isEmpty();
        }
        // Transfer codings other than chunked alone, and chunked in HTTP/1.0, are ambiguous too.
        for (String head : new String[] {"POST /api/v1/lookup HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n",
                "POST /api/v1/lookup HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n",
                "POST /api/v1/lookup HTTP/1.1\r\nTransfer-Encoding: xchunked\r\nContent-Length: 4\r\n",
                "POST /api/v1/lookup HTTP/1.0\r\nTransfer-Encoding: chunked\r\n"}) {
            try (RawHttp c = RawHttp.connect(server)) {
                c.send(head + "Host: x\r\n" + auth + "Content-Type: application/json\r\n\r\n2\r\n{}\r\n0\r\n\r\n" + smuggled);
                assertProblem(c.read(), 400, null);
                assertThat(c.awaitClose()).as(head).isEmpty();
            }
        }
        // A plain chunked body is fine, and the connection goes on.
        try (RawHttp c = RawHttp.connect(server)) {
            c.send("POST /api/v1/lookup HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n" + smuggled);
            RawHttp.Response r = c.read();
            assertThat(r.body()).doesNotContain("Transfer-Encoding");
            assertThat(c.read().status()).isEqualTo(200);
        }
    }

    @Test
    void row17_aClientGoingAwayMidRequestIsLoggedAtDebugOnly() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger web = (Logger) LoggerFactory.getLogger("org.gridwatch.web");
        Level was = web.getLevel();
        Events events = new Events();
        events.start();
        root.addAppender(events);
        web.setLevel(Level.DEBUG);
        try {
            for (String route : new String[] {"/api/v1/incidents", "/api/v1/lookup"}) {
                RawHttp c = RawHttp.connect(server);
                c.send("POST " + route + " HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Type: application/json\r\n"
                        + "Content-Length: 100000\r\n\r\n{\"kind\":");
                // The server has the head when it answers a request behind it on another connection.
                assertThat(server.get("/health").statusCode()).isEqualTo(200);
                c.reset();
            }
            // The log line is the signal that the server noticed each reset.
            assertThat(events.await("client went away during POST /api/v1/incidents", 30)).isTrue();
            assertThat(events.await("client went away during POST /api/v1/lookup", 30)).isTrue();
            assertThat(events.events).filteredOn(e -> e.getMessage().contains("client went away"))
                    .allMatch(e -> e.getLevel() == Level.DEBUG);
            assertThat(events.events).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
        } finally {
            root.detachAppender(events);
            web.setLevel(was);
        }
    }

    @Test
    void row17_errorBodiesNameNoJsonLibraryInternals() throws Exception {
        String deep = "[".repeat(1500) + "]".repeat(1500);
        for (String body : new String[] {"{\"a\":NaN}", "{\"a\":01}", "{'a':1}", "{\"a\":\"\\x\"}",
                "{\"a\":1", "{\"a\":1}}", "\"\u0001\"", deep, "{\"a\":-Infinity}", "# comment\n{}"}) {
            HttpResponse<String> r = server.post("/api/v1/incidents", body);
            ApiTest.assertProblem(r, 400, "body");
            String detail = new JsonObject(r.body()).getString("detail");
            assertThat(detail).as(body).doesNotContain("Feature").doesNotContain("`").doesNotContain("Constraints")
                    .doesNotContain("Source").doesNotContain("REDACTED").doesNotContainIgnoringCase("jackson")
                    .doesNotContain("com.fasterxml").doesNotContain("\n").hasSizeLessThan(300);
        }
        String detail = new JsonObject(server.post("/api/v1/incidents", "{\n \"a\": 1,\n x}").body()).getString("detail");
        assertThat(detail).contains("line 3, column 2");
    }

    @Test
    void row18_methodsAPathDoesNotTakeAre405WithAllow() throws Exception {
        record Case(String method, String path, String allow) {
        }
        for (Case c : new Case[] {new Case("TRACE", "/api/v1/incidents", "GET, POST"),
                new Case("TRACE", "/health", "GET"), new Case("DELETE", "/api/v1/incidents/42", "GET"),
                new Case("GET", "/api/v1/auth/login", "POST"), new Case("PUT", "/api/v1/units/u1", "GET, PATCH"),
                new Case("TRACE", "/index.html", "GET, HEAD"), new Case("POST", "/assets/x.js", "GET, HEAD"),
                new Case("TRACE", "/live", "GET"), new Case("OPTIONS", "/api/v1/lookup", "GET, POST")}) {
            RawHttp.Response r = exchange(c.method() + " " + c.path() + " HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n");
            assertProblem(r, 405, null);
            assertThat(r.header("Allow")).as(c.toString()).isEqualTo(c.allow());
        }
        // No route at all: 404. A method HTTP does not define: 501.
        assertProblem(exchange("TRACE /api/v1/nothing HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n"), 404, null);
        assertProblem(exchange("BREW /health HTTP/1.1\r\nHost: x\r\n\r\n"), 501, null);
        assertProblem(exchange("PROPFIND /api/v1/incidents HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n"), 501, null);
    }

    @Test
    void jsonBodiesOnlyWithTheirMediaTypes() throws Exception {
        String ndjson = "{\"unit\":\"no-such-unit\",\"lon\":118.0,\"lat\":37.0,\"time\":\"2026-01-01T00:00:00Z\"}\n";
        HttpResponse<String> r = server.as(server.token()).send("POST", "/api/v1/positions", ndjson, "Content-Type",
                "application/x-ndjson");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(new JsonObject(r.body()).getJsonArray("rejected")).hasSize(1);
        for (String type : new String[] {"application/x-ndjson", "text/plain", "application/merge-patch+json",
                "application/jsonx"}) {
            ApiTest.assertProblem(server.as(server.token()).send("POST", "/api/v1/incidents", "{}", "Content-Type", type),
                    415, "Content-Type");
        }
        ApiTest.assertProblem(server.as(server.token()).send("POST", "/api/v1/positions", ndjson, "Content-Type",
                "text/plain"), 415, "Content-Type");
    }

    @Test
    void aRequestLineNettyCannotReadIsAProblemToo() throws Exception {
        try (RawHttp c = RawHttp.connect(server)) {
            c.send("GET /health HTTP/1.1\r\nHost: x\r\nBad Header: x\r\n\r\n");
            assertProblem(c.read(), 400, null);
            assertThat(c.awaitClose()).isEmpty();
        }
        try (RawHttp c = RawHttp.connect(server)) {
            c.send("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(12_000) + "\r\n\r\n");
            assertProblem(c.read(), 431, null);
            assertThatThrownBy(c::read).isInstanceOf(EOFException.class);
        }
    }

    /** Collects log events from every thread; a test can wait for one. */
    static final class Events extends AppenderBase<ILoggingEvent> {
        final Queue<ILoggingEvent> events = new ConcurrentLinkedQueue<>();

        @Override
        protected void append(ILoggingEvent e) {
            events.add(e);
            synchronized (this) {
                notifyAll();
            }
        }

        long count(String text) {
            return new ArrayList<>(events).stream().filter(e -> e.getFormattedMessage().contains(text)).count();
        }

        /** Waits until an event containing {@code text} was logged; false after {@code seconds}. */
        synchronized boolean await(String text, int seconds) throws InterruptedException {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (count(text) == 0) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }
    }
}
