package org.gridwatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.testsupport.TestServer.json;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.sim.SimClock;
import org.gridwatch.testsupport.LiveClient;
import org.gridwatch.testsupport.PostgisTestDatabase;
import org.gridwatch.testsupport.TcpProxy;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Point;

/**
 * A database that hangs (connections open, nothing answers: a TCP proxy that stops forwarding)
 * delays the writes, boundedly, but stops none of the live analytics: for 30 s with a write stuck
 * in the store, the heat windows keep sliding and coverage keeps ageing on {@code /live}, and
 * {@code /api/v1/heat} and {@code /live} pings answer within a second, because the store I/O runs
 * on its own lane and never on the state lane.
 */
@ExtendWith(PostgisTestDatabase.Condition.class)
class PostgisStallTest {
    /** How long the database hangs. */
    static final Duration STALL = Duration.ofSeconds(30);
    /** Clock advance per round: one incident leaves the 1 h heat window each round. */
    static final Duration STEP = Duration.ofMinutes(12);

    @TempDir
    Path dir;
    private final String schema = PostgisTestDatabase.freshSchema();

    @AfterEach
    void drop() {
        PostgisTestDatabase.dropSchema(schema);
    }

    private static String incident(double lon, double lat, Instant reportedAt, String title) {
        return new JsonObject().put("category", "public_order").put("source", "police_call").put("lon", lon).put("lat", lat)
                .put("reportedAt", reportedAt.toString()).put("title", title).encode();
    }

    @Test
    void liveAnalyticsKeepGoingWhileTheDatabaseHangs() throws Exception {
        PostgisTestDatabase.Settings db = PostgisTestDatabase.get();
        URI target = URI.create(db.url().substring("jdbc:".length()));
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        SimClock clock = new SimClock(t0, 1, () -> 0L); // frozen: the test moves it
        try (TcpProxy proxy = TcpProxy.start(target.getHost(), target.getPort())) {
            Map<String, String> env = new HashMap<>(PostgisTestDatabase.serverEnv(
                    "jdbc:postgresql://127.0.0.1:" + proxy.port() + target.getPath(), schema));
            env.put("GRIDWATCH_STORE_WRITE_TIMEOUT", "5");
            try (TestServer s = TestServer.start(dir, env, clock)) {
                AdminArea grid = s.server().grids().hierarchy().level(AdminLevel.GRID).get(2000);
                Point p = grid.geometry().getInteriorPoint();
                // Five incidents in one H3 cell, 12 minutes apart, the oldest 58 minutes old: each round's
                // step takes one more out of the 1 h window.
                for (int k = 0; k < 5; k++) {
                    HttpResponse<String> r = s.post("/api/v1/incidents",
                            incident(p.getX(), p.getY(), t0.minus(Duration.ofMinutes(58 - 12L * k)), "打架 " + k));
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                }
                s.quiesce();
                try (LiveClient c = LiveClient.connect(s)) {
                    c.send(new JsonObject().put("op", "subscribe").put("id", "h").put("channel", "heat")
                            .put("bbox", box(p, 0.01)).put("params", new JsonObject().put("window", "1h")));
                    JsonArray cells = c.next("snapshot", "h").getJsonObject("data").getJsonArray("items");
                    assertThat(cells).hasSize(1);
                    assertThat(cells.getJsonObject(0).getInteger("count")).isEqualTo(5);

                    proxy.stall(); // PostgreSQL hangs: every byte to and from it is held
                    long stallStart = System.nanoTime();
                    CompletableFuture<HttpResponse<String>> stuck = CompletableFuture.supplyAsync(() -> {
                        try {
                            return s.post("/api/v1/incidents", incident(p.getX(), p.getY(), t0, "堵在库里"));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    List<Long> deltaMillis = new ArrayList<>();
                    List<Long> heatMillis = new ArrayList<>();
                    List<Long> pingMillis = new ArrayList<>();
                    int expected = 5;
                    Instant now = t0;
                    while (System.nanoTime() - stallStart < STALL.toNanos() && expected > 0) {
                        now = now.plus(STEP);
                        clock.jumpTo(now);
                        expected--;
                        long t = System.nanoTime();
                        int want = expected;
                        JsonObject d = c.next(f -> "delta".equals(f.getString("op")) && "h".equals(f.getString("id"))
                                && count(f) == want, 10);
                        assertThat(d).as("a heat delta to %d incidents while the database hangs", want).isNotNull();
                        deltaMillis.add((System.nanoTime() - t) / 1_000_000);

                        // Until the next round (one every sixth of the stall): probe HTTP and /live without pause.
                        long roundEnd = stallStart + (5 - expected) * STALL.toNanos() / 5;
                        do {
                            t = System.nanoTime();
                            HttpResponse<String> heat = s.get("/api/v1/heat?window=1h&bbox=" + bboxParam(p, 0.01));
                            heatMillis.add((System.nanoTime() - t) / 1_000_000);
                            assertThat(heat.statusCode()).isEqualTo(200);
                            t = System.nanoTime();
                            c.send(new JsonObject().put("op", "ping"));
                            assertThat(c.next("pong", null)).isNotNull();
                            pingMillis.add((System.nanoTime() - t) / 1_000_000);
                        } while (System.nanoTime() < roundEnd);
                    }
                    assertThat(expected).as("every incident left the window during the stall").isZero();
                    assertThat(System.nanoTime() - stallStart).isGreaterThanOrEqualTo(STALL.toNanos());
                    // Two ticks (heat slide, then the heat feed, 1 s each) after the clock moved, at most.
                    assertThat(deltaMillis).allSatisfy(ms -> assertThat(ms).isLessThan(2_500));
                    assertThat(heatMillis).allSatisfy(ms -> assertThat(ms).isLessThan(1_000));
                    assertThat(pingMillis).allSatisfy(ms -> assertThat(ms).isLessThan(1_000));
                    // The write stuck in the store was answered at its deadline, honestly: not acknowledged,
                    // and it may still be stored (it was in the database's hands).
                    HttpResponse<String> r = stuck.get(1, TimeUnit.SECONDS);
                    assertThat(r.statusCode()).isEqualTo(503);
                    assertThat(r.headers().firstValue("Retry-After")).isPresent();
                    assertThat(json(r).getString("detail")).contains("may have been stored");
                    assertThat(s.server().probeStore().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
                            .as("the store probe sees the hung database").isFalse();
                    assertThat(s.get("/ready").statusCode()).isEqualTo(503);

                    proxy.resume(); // the database answers again: the stuck write commits and is applied
                    s.quiesce();
                    assertThat(json(s.get("/api/v1/incidents?count=true")).getLong("count")).isEqualTo(6);
                    assertThat(s.server().probeStore().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
                            .isTrue();
                    assertThat(s.get("/ready").statusCode()).isEqualTo(200);
                    assertThat(s.post("/api/v1/incidents", incident(p.getX(), p.getY(), now, "恢复后")).statusCode())
                            .isEqualTo(201);
                }
            }
        }
    }

    private static int count(JsonObject delta) {
        JsonArray up = delta.getJsonObject("data").getJsonArray("upsert");
        return up.isEmpty() ? 0 : up.getJsonObject(0).getInteger("count");
    }

    private static JsonArray box(Point p, double half) {
        return new JsonArray().add(p.getX() - half).add(p.getY() - half).add(p.getX() + half).add(p.getY() + half);
    }

    private static String bboxParam(Point p, double half) {
        return (p.getX() - half) + "," + (p.getY() - half) + "," + (p.getX() + half) + "," + (p.getY() + half);
    }
}
