package org.gridwatch.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.gridwatch.alert.Alert;
import org.gridwatch.post.PostStatus;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.geo.Crs;
import org.gridwatch.patrol.PositionReport;
import org.gridwatch.patrol.UnitKind;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.patrol.UnitStatus;
import org.gridwatch.testsupport.LiveClient;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Point;

/** The /live protocol against a real server with real WebSocket clients (docs/live-protocol.md). */
class LiveApiTest {
    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static JsonObject subscribe(String id, String channel, JsonArray bbox, JsonObject params) {
        JsonObject f = new JsonObject().put("op", "subscribe").put("id", id).put("channel", channel);
        if (bbox != null) {
            f.put("bbox", bbox);
        }
        if (params != null) {
            f.put("params", params);
        }
        return f;
    }

    static JsonArray box(double lon, double lat, double half) {
        return new JsonArray().add(lon - half).add(lat - half).add(lon + half).add(lat + half);
    }

    static void move(TestServer s, String unit, double lon, double lat, Instant t) throws Exception {
        var r = s.server().positions().ingest(List.of(new PositionReport(unit, lon, lat, Crs.WGS84, t, Double.NaN,
                Double.NaN, Double.NaN))).get();
        assertThat(r.accepted()).as("position of %s accepted: %s", unit, r.rejected()).isEqualTo(1);
    }

    static List<String> ids(JsonArray items, String key) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(String.valueOf(items.getJsonObject(i).getValue(key)));
        }
        return out;
    }

    static String unitOf(TestServer s, UnitKind kind, int skip) {
        return s.server().positions().units().stream().filter(u -> u.unit().kind() == kind).skip(skip).findFirst()
                .map(UnitRecord::id).orElseThrow();
    }

    static void report(TestServer s, String category, double lon, double lat) throws Exception {
        var r = s.post("/api/v1/incidents", new JsonObject().put("category", category).put("source", "citizen")
                .put("lon", lon).put("lat", lat).put("reportedAt", Instant.now().toString()).put("title", "测试").encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    @Test
    void welcomeThenUnitSnapshotAndDeltasInsideTheBbox() throws Exception {
        String a = unitOf(server, UnitKind.POLICE_CAR, 0);
        String b = unitOf(server, UnitKind.POLICE_CAR, 1);
        Instant t = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        move(server, a, 118.0000, 37.4000, t);
        move(server, b, 118.0100, 37.4000, t);
        try (LiveClient c = LiveClient.connect(server)) {
            JsonObject welcome = c.next("welcome", null);
            assertThat(welcome.getString("session")).isNotBlank();
            assertThat(welcome.getJsonArray("channels").stream().map(String::valueOf).toList()).contains("units", "heat", "coverage",
                    "incidents", "posts", "alerts", "stats");
            c.send(subscribe("u", "units", box(118.0, 37.4, 0.002), null));
            JsonObject snap = c.next("snapshot", "u");
            assertThat(snap.getString("channel")).isEqualTo("units");
            JsonArray items = snap.getJsonObject("data").getJsonArray("items");
            assertThat(ids(items, "id")).contains(a).doesNotContain(b);
            JsonObject ua = items.stream().map(o -> (JsonObject) o).filter(o -> o.getString("id").equals(a)).findFirst()
                    .orElseThrow();
            assertThat(ua.getDouble("lon")).isEqualTo(118.0);
            assertThat(ua.getString("kind")).isEqualTo("police_car");
            long seq = snap.getLong("seq");

            Instant beforeMove = Instant.now();
            move(server, a, 118.0010, 37.4000, t.plusSeconds(30));       // still inside: upsert
            Instant afterMove = Instant.now();
            JsonObject d1 = c.next("delta", "u");
            assertThat(d1.getLong("seq")).isGreaterThan(seq);
            assertThat(ids(d1.getJsonObject("data").getJsonArray("upsert"), "id")).containsExactly(a);
            JsonObject moved = d1.getJsonObject("data").getJsonArray("upsert").getJsonObject(0);
            assertThat(moved.getDouble("lon")).isEqualTo(118.001);
            // the device's fix time, and when the server accepted the fix (during the ingest call)
            assertThat(moved.getString("time")).isEqualTo(t.plusSeconds(30).toString());
            assertThat(Instant.parse(moved.getString("serverTime"))).isBetween(beforeMove, afterMove);

            move(server, b, 118.0100, 37.4000, t.plusSeconds(30));       // outside, stays outside: nothing
            move(server, a, 118.0040, 37.4000, t.plusSeconds(90));       // leaves: remove
            JsonObject d2 = c.next("delta", "u");
            assertThat(d2.getLong("seq")).isGreaterThan(d1.getLong("seq"));
            assertThat(d2.getJsonObject("data").getJsonArray("upsert")).isEmpty();
            assertThat(d2.getJsonObject("data").getJsonArray("remove").stream().map(String::valueOf).toList()).containsExactly(a);

            move(server, b, 118.0015, 37.4000, t.plusSeconds(400));      // enters: upsert
            JsonObject d3 = c.next("delta", "u");
            assertThat(ids(d3.getJsonObject("data").getJsonArray("upsert"), "id")).containsExactly(b);

            // A status filter: b turning busy leaves the "available" subscription.
            c.send(subscribe("av", "units", box(118.0, 37.4, 0.002), new JsonObject().put("status", "available")));
            assertThat(ids(c.next("snapshot", "av").getJsonObject("data").getJsonArray("items"), "id")).contains(b);
            server.server().positions().setStatus(b, UnitStatus.BUSY).get();
            JsonObject d4 = c.next("delta", "av");
            assertThat(d4.getJsonObject("data").getJsonArray("remove").stream().map(String::valueOf).toList()).containsExactly(b);
            JsonObject d5 = c.next("delta", "u");
            assertThat(d5.getJsonObject("data").getJsonArray("upsert").getJsonObject(0).getString("status")).isEqualTo("busy");
            server.server().positions().setStatus(b, UnitStatus.AVAILABLE).get();

            c.send(new JsonObject().put("op", "unsubscribe").put("id", "u"));
            c.send(new JsonObject().put("op", "unsubscribe").put("id", "av"));
            c.send(new JsonObject().put("op", "ping"));
            c.next("pong", null);
            c.drain();
            move(server, a, 118.0010, 37.4000, t.plusSeconds(200));
            c.send(new JsonObject().put("op", "ping"));
            c.next("pong", null);
            assertThat(c.drain()).noneMatch(f -> "delta".equals(f.getString("op")));
        }
    }

    @Test
    void heatAndCoverageFollowIncidentsAndPatrols() throws Exception {
        AdminArea grid = server.server().grids().hierarchy().level(AdminLevel.GRID).get(1234);
        Point p = grid.geometry().getInteriorPoint();
        try (LiveClient c = LiveClient.connect(server)) {
            c.send(subscribe("h", "heat", box(p.getX(), p.getY(), 0.05),
                    new JsonObject().put("window", "1h").put("resolution", 9).put("categories", new JsonArray().add("criminal"))));
            JsonObject hs = c.next("snapshot", "h");
            assertThat(hs.getJsonObject("data").getString("window")).isEqualTo("1h");
            assertThat(hs.getJsonObject("data").getInteger("resolution")).isEqualTo(9);
            String cell = Long.toHexString(com.uber.h3core.H3Core.newInstance().latLngToCell(p.getY(), p.getX(), 9));
            assertThat(ids(hs.getJsonObject("data").getJsonArray("items"), "id")).doesNotContain(cell);
            c.send(subscribe("cov", "coverage", box(p.getX(), p.getY(), 0.0005), null));
            JsonObject cs = c.next("snapshot", "cov");
            assertThat(ids(cs.getJsonObject("data").getJsonArray("items"), "id")).contains(grid.code());

            report(server, "fraud", p.getX(), p.getY());   // another category: not in this heat subscription
            report(server, "criminal", p.getX(), p.getY());
            JsonObject hd = c.next("delta", "h");
            JsonObject up = hd.getJsonObject("data").getJsonArray("upsert").getJsonObject(0);
            assertThat(up.getString("id")).isEqualTo(cell);
            assertThat(up.getInteger("count")).isEqualTo(1);

            String unit = unitOf(server, UnitKind.FOOT_PATROL, 3);
            move(server, unit, p.getX(), p.getY(), Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS));
            JsonObject cd = c.next(f -> "delta".equals(f.getString("op")) && "cov".equals(f.getString("id"))
                    && ids(f.getJsonObject("data").getJsonArray("upsert"), "id").contains(grid.code()), 10);
            JsonObject g = cd.getJsonObject("data").getJsonArray("upsert").stream().map(o -> (JsonObject) o)
                    .filter(o -> o.getString("id").equals(grid.code())).findFirst().orElseThrow();
            assertThat(g.getString("state")).isEqualTo("fresh");
        }
    }

    @Test
    void incidentsAlertsAndStats() throws Exception {
        AdminArea grid = server.server().grids().hierarchy().level(AdminLevel.GRID).get(4321);
        Point p = grid.geometry().getInteriorPoint();
        try (LiveClient c = LiveClient.connect(server)) {
            c.send(subscribe("i", "incidents", box(p.getX(), p.getY(), 0.01), new JsonObject().put("categories",
                    new JsonArray().add("fraud"))));
            c.next("snapshot", "i");
            c.send(subscribe("a", "alerts", null, null));
            c.next("snapshot", "a");
            c.send(subscribe("s", "stats", null, null));
            JsonObject stats = c.next("snapshot", "s").getJsonObject("data");
            int before = stats.getJsonObject("incidentsToday").getInteger("total");
            assertThat(stats.getJsonArray("trend24h")).hasSize(24);
            assertThat(stats.getJsonArray("coverage")).hasSize(7);
            assertThat(stats.getJsonObject("units").getJsonObject("byKind").getJsonObject("police_car")
                    .getInteger("available")).isPositive();
            assertThat(stats.getJsonArray("posts")).hasSize(8);         // 7 counties and the city
            assertThat(stats.getJsonArray("visibility")).hasSize(8);

            report(server, "criminal", p.getX(), p.getY());  // filtered out by category
            for (int k = 0; k < 3; k++) {
                report(server, "fraud", p.getX() + k * 0.0002, p.getY());
            }
            Set<String> seen = new HashSet<>();
            while (seen.size() < 3) {
                JsonArray items = c.next("delta", "i").getJsonObject("data").getJsonArray("items");
                for (int k = 0; k < items.size(); k++) {
                    JsonObject props = items.getJsonObject(k);
                    assertThat(props.getString("category")).isEqualTo("fraud");
                    assertThat(props.getDouble("lon")).isCloseTo(p.getX(), org.assertj.core.data.Offset.offset(0.001));
                    seen.add(String.valueOf(props.getValue("id")));
                }
            }
            JsonObject alert = c.next("delta", "a").getJsonObject("data").getJsonArray("items").getJsonObject(0);
            assertThat(alert.getString("kind")).isEqualTo("near_repeat");
            assertThat(alert.getBoolean("acknowledged")).isFalse();
            assertThat(server.post("/api/v1/alerts/" + alert.getLong("id") + "/ack", "{\"by\":\"值班员\"}").statusCode())
                    .isEqualTo(200);
            JsonObject acked = c.next("delta", "a").getJsonObject("data").getJsonArray("items").getJsonObject(0);
            assertThat(acked.getLong("id")).isEqualTo(alert.getLong("id"));
            assertThat(acked.getBoolean("acknowledged")).isTrue();

            JsonObject later = c.next(f -> "delta".equals(f.getString("op")) && "s".equals(f.getString("id"))
                    && f.getJsonObject("data").getJsonObject("incidentsToday").getInteger("total") >= before + 4, 12);
            assertThat(later.getJsonObject("data").getJsonObject("incidentsToday").getJsonObject("byCategory")
                    .getInteger("fraud")).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void postsFollowTheDutyMonitor() throws Exception {
        PostStatus post = server.server().posts().statuses().get(17);
        try (LiveClient c = LiveClient.connect(server)) {
            c.send(subscribe("p", "posts", box(post.lon(), post.lat(), 0.0005), null));
            JsonArray items = c.next("snapshot", "p").getJsonObject("data").getJsonArray("items");
            JsonObject mine = items.stream().map(o -> (JsonObject) o).filter(o -> o.getString("id").equals(post.postId()))
                    .findFirst().orElseThrow();
            assertThat(mine.getString("state")).isEqualTo(server.server().posts().statuses().get(17).state().id());
            assertThat(mine.getInteger("required")).isEqualTo(post.required());
            int present = mine.getInteger("present");
            String unit = unitOf(server, UnitKind.SECURITY_GUARD, 5);
            move(server, unit, post.lon(), post.lat(), Instant.now().minusSeconds(2).truncatedTo(ChronoUnit.SECONDS));
            JsonObject d = c.next(f -> "delta".equals(f.getString("op")) && "p".equals(f.getString("id")), 10);
            JsonObject up = d.getJsonObject("data").getJsonArray("upsert").getJsonObject(0);
            assertThat(up.getString("id")).isEqualTo(post.postId());
            assertThat(up.getInteger("present")).isEqualTo(present + 1);
            assertError(c, subscribe("q", "posts", null, new JsonObject().put("state", "asleep")).encode(), "q",
                    "bad_param", "state");
        }
    }

    @Test
    void badFramesGetErrorsAndTheConnectionStaysUsable() throws Exception {
        try (LiveClient c = LiveClient.connect(server)) {
            c.next("welcome", null);
            assertError(c, "{oops", null, "bad_frame", null);
            assertError(c, "[1,2]", null, "bad_frame", null);
            assertError(c, "{\"op\":\"dance\"}", null, "bad_op", "dance");
            assertError(c, "{\"id\":\"x\"}", "x", "bad_op", "op");
            assertError(c, "{\"op\":\"subscribe\",\"channel\":\"units\"}", null, "bad_id", "id");
            assertError(c, subscribe("w", "weather", null, null).encode(), "w", "unknown_channel", "weather");
            assertError(c, subscribe("b1", "units", new JsonArray().add(1).add(2).add(3), null).encode(), "b1", "bad_bbox", "bbox");
            assertError(c, subscribe("b2", "units", new JsonArray().add(119).add(37).add(118).add(38), null).encode(), "b2",
                    "bad_bbox", "min");
            assertError(c, subscribe("b3", "units", new JsonArray().add(118).add(37).add(119).add(91), null).encode(), "b3",
                    "bad_bbox", "latitudes");
            assertError(c, subscribe("p1", "units", null, new JsonObject().put("kind", "tank")).encode(), "p1",
                    "bad_param", "kind");
            assertError(c, subscribe("p2", "heat", null, new JsonObject().put("window", "2h")).encode(), "p2",
                    "bad_param", "window");
            assertError(c, subscribe("p3", "heat", null, new JsonObject().put("zoom", 30)).encode(), "p3", "bad_param", "zoom");
            assertError(c, subscribe("p4", "coverage", null, new JsonObject().put("colour", "red")).encode(), "p4",
                    "bad_param", "colour");
            assertError(c, "{\"op\":\"subscribe\",\"id\":\"p5\",\"channel\":\"units\",\"params\":[1]}", "p5", "bad_param",
                    "params");
            assertError(c, "{\"op\":\"unsubscribe\",\"id\":\"nope\"}", "nope", "unknown_subscription", "nope");
            assertError(c, "{\"op\":\"resume\",\"id\":\"nope\",\"since\":5}", "nope", "unknown_subscription", "nope");
            assertError(c, "{\"op\":\"resume\",\"id\":\"nope\",\"since\":\"x\"}", "nope", "bad_param", "since");
            c.sendBinary(new byte[] {1, 2, 3});
            assertThat(c.next("error", null).getString("code")).isEqualTo("bad_frame");
            c.send(subscribe("ok", "alerts", null, null));
            c.next("snapshot", "ok");
            assertError(c, subscribe("ok", "units", null, null).encode(), "ok", "duplicate_id", "ok");
            for (int k = 1; k < 16; k++) {
                c.send(subscribe("s" + k, "alerts", null, null));
                c.next("snapshot", "s" + k);
            }
            assertError(c, subscribe("s16", "alerts", null, null).encode(), "s16", "too_many_subscriptions", "16");
            c.send(new JsonObject().put("op", "ping"));
            assertThat(c.next("pong", null).getString("time")).isNotBlank();
            assertThat(c.isClosed()).isFalse();
        }
    }

    static void assertError(LiveClient c, String frame, String id, String code, String mention) throws Exception {
        c.send(frame);
        JsonObject e = c.next("error", null);
        assertThat(e.getString("code")).as(frame).isEqualTo(code);
        assertThat(e.getString("id")).as(frame).isEqualTo(id);
        if (mention != null) {
            assertThat(e.getString("message")).as(frame).contains(mention);
        }
    }

    @Test
    void resumeAfterAReconnectResendsTheMissedAlerts() throws Exception {
        String session;
        long seq;
        try (LiveClient c = LiveClient.connect(server)) {
            session = c.next("welcome", null).getString("session");
            c.send(subscribe("a", "alerts", null, new JsonObject().put("hours", 2)));
            seq = c.next("snapshot", "a").getLong("seq");
            c.send(subscribe("u", "units", box(118.0, 37.4, 0.01), null));
            c.next("snapshot", "u");
        }
        List<Long> raised = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            Alert a = server.server().alerts().raiseFromAnyThread("test", "info", "断线期间告警" + k, null, null, null, null).get();
            raised.add(a.id());
        }
        try (LiveClient c = LiveClient.connect(server, "/live?session=" + session, null)) {
            c.next("welcome", null);
            c.send(new JsonObject().put("op", "resume").put("id", "a").put("since", seq));
            JsonObject d = c.next("delta", "a");
            assertThat(d.getLong("seq")).isGreaterThan(seq);
            assertThat(d.getJsonObject("data").getJsonArray("items").stream()
                    .map(o -> ((JsonObject) o).getLong("id")).toList()).containsExactlyElementsOf(raised);
            c.send(new JsonObject().put("op", "resume").put("id", "u").put("since", seq));
            c.next("snapshot", "u");   // a state channel catches up with a snapshot
        }
        // Without the session, resume may carry the definition.
        try (LiveClient c = LiveClient.connect(server)) {
            c.next("welcome", null);
            c.send(new JsonObject().put("op", "resume").put("id", "x").put("since", seq).put("channel", "alerts"));
            assertThat(c.next("delta", "x").getJsonObject("data").getJsonArray("items").size()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void scopesAndPathsAreCheckedAtTheUpgrade() throws Exception {
        assertThatThrownBy(() -> LiveClient.connect(server, "/elsewhere", null)).hasMessageContaining("404");
        assertThatThrownBy(() -> LiveClient.connect(server, "/live", "999999")).hasMessageContaining("400");
        AdminArea county = server.server().grids().hierarchy().level(AdminLevel.COUNTY).get(2);
        AdminArea other = server.server().grids().hierarchy().level(AdminLevel.COUNTY).get(3);
        try (LiveClient c = LiveClient.connect(server, "/live", county.code())) {
            c.send(subscribe("i", "incidents", null, null));
            c.next("snapshot", "i");
            Point out = other.geometry().getInteriorPoint();
            Point in = county.geometry().getInteriorPoint();
            report(server, "dispute", out.getX(), out.getY());
            report(server, "dispute", in.getX(), in.getY());
            JsonArray items = c.next("delta", "i").getJsonObject("data").getJsonArray("items");
            assertThat(items).hasSize(1);
            assertThat(items.getJsonObject(0).getString("countyCode")).isEqualTo(county.code());
        }
    }
}
