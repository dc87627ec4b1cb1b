package org.gridwatch.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridwatch.geo.Crs;
import org.gridwatch.patrol.PositionReport;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.testsupport.LiveClient;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that stops reading while the city moves: the server stops writing to it, holds at most
 * {@code live.max-pending} keys, resyncs its state and incident subscriptions, and still delivers
 * every alert once the client reads again.
 */
class SlowConsumerTest {
    static final int WRITE_QUEUE = 64 * 1024;
    static final int MAX_PENDING = 400;
    static final int LOG_SIZE = 20;
    static final int UNITS = 1_000;

    @TempDir
    Path dir;

    @Test
    void serverMemoryStaysBoundedAndNothingThatMattersIsLost() throws Exception {
        Map<String, String> env = Map.of("GRIDWATCH_LIVE_WRITE_QUEUE_BYTES", Integer.toString(WRITE_QUEUE),
                "GRIDWATCH_LIVE_MAX_PENDING", Integer.toString(MAX_PENDING),
                "GRIDWATCH_LIVE_LOG_SIZE", Integer.toString(LOG_SIZE));
        try (TestServer s = TestServer.start(dir, env); LiveClient c = LiveClient.connect(s)) {
            LiveHub hub = s.server().live();
            List<String> units = s.server().positions().units().stream().limit(UNITS).map(UnitRecord::id).toList();
            Instant t0 = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
            ingestRound(s, units, t0, 0);
            c.send(LiveApiTest.subscribe("u", "units", null, null));
            c.send(LiveApiTest.subscribe("i", "incidents", null, null));
            c.send(LiveApiTest.subscribe("a", "alerts", null, null));
            assertThat(c.next("snapshot", "u").getJsonObject("data").getJsonArray("items").size()).isEqualTo(UNITS);
            c.next("snapshot", "i");
            long alertSeq = c.next("snapshot", "a").getLong("seq");

            c.pause();
            // Move every unit each round until the server has more in flight than the budget:
            // the socket buffers between the two are full and the server must hold back.
            // (A frame being written counts in flight for a moment even to a reading client, and the
            // kernel's socket buffers grow for a while: wait until the server is held back for 3 s.)
            int round = 1;
            long heldSince = 0;
            long deadline = System.nanoTime() + 90_000_000_000L;
            while (System.nanoTime() < deadline && (heldSince == 0 || System.nanoTime() - heldSince < 3_000_000_000L)) {
                ingestRound(s, units, t0, round++);
                boolean held = hub.load().get().inFlightBytes() >= WRITE_QUEUE;
                heldSince = !held ? 0 : heldSince == 0 ? System.nanoTime() : heldSince;
            }
            assertThat(heldSince).as("the server is held back after %d rounds", round).isPositive();
            for (int k = 0; k < 10; k++) {
                ingestRound(s, units, t0, round++);
                LiveHub.Load load = hub.load().get();
                assertThat(load.pendingKeys()).isLessThanOrEqualTo(MAX_PENDING);
                // One frame may start below the budget and end above it: a delta of every unit.
                assertThat(load.inFlightBytes()).isLessThan(WRITE_QUEUE + UNITS * 400L);
            }
            List<Long> alerts = new ArrayList<>();
            for (int k = 0; k < LOG_SIZE + 5; k++) {
                assertThat(s.post("/api/v1/incidents", new JsonObject().put("category", "dispute").put("source", "citizen")
                        .put("lon", 118.0 + k * 0.001).put("lat", 37.4).put("reportedAt", Instant.now().toString())
                        .put("title", "测试" + k).encode()).statusCode()).isEqualTo(201);
            }
            for (int k = 0; k < 5; k++) {
                alerts.add(s.server().alerts().raiseFromAnyThread("test", "warning", "慢客户端期间告警" + k, null, null, null, null).get().id());
            }
            LiveHub.Load held = hub.load().get();
            assertThat(held.pendingKeys()).isLessThanOrEqualTo(MAX_PENDING);

            c.resume();
            // Units: pending exceeded the limit → resync, then a fresh snapshot of every unit.
            c.next("resync", "u");
            JsonObject snap = c.next("snapshot", "u");
            assertThat(snap.getJsonObject("data").getJsonArray("items").size()).isEqualTo(UNITS);
            // Incidents: the log moved on by more than it holds → resync, then a snapshot with them all.
            c.next("resync", "i");
            JsonArray incidents = c.next("snapshot", "i").getJsonObject("data").getJsonArray("items");
            assertThat(incidents.size()).isGreaterThanOrEqualTo(LOG_SIZE + 5);
            // Alerts: every one, whatever happened meanwhile.
            Set<Long> got = new HashSet<>();
            while (!got.containsAll(alerts)) {
                JsonObject f = c.next(x -> "a".equals(x.getString("id"))
                        && ("delta".equals(x.getString("op")) || "snapshot".equals(x.getString("op"))), 10);
                assertThat(f.getLong("seq")).isGreaterThan(alertSeq);
                f.getJsonObject("data").getJsonArray("items").forEach(o -> got.add(((JsonObject) o).getLong("id")));
            }
            LiveHub.Load after = hub.load().get();
            assertThat(after.connections()).isEqualTo(1);
            assertThat(after.subscriptions()).isEqualTo(3);
        }
    }

    /** Every unit moves 3 m east, 5 s later than the previous round. */
    private static void ingestRound(TestServer s, List<String> units, Instant t0, int round) throws Exception {
        List<PositionReport> batch = new ArrayList<>(units.size());
        for (int k = 0; k < units.size(); k++) {
            double lon = 117.8 + (k % 40) * 0.01 + round * 0.00003;
            double lat = 37.3 + (k / 40) * 0.01;
            batch.add(new PositionReport(units.get(k), lon, lat, Crs.WGS84, t0.plusSeconds(5L * round), Double.NaN,
                    Double.NaN, Double.NaN));
        }
        assertThat(s.server().positions().ingest(batch).get().accepted()).isEqualTo(units.size());
    }
}
