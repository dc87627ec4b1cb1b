package org.gridwatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.testsupport.TestServer.json;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dispatcher's loop on a real server: nearest unit, dispatch, arrival detected from positions
 * (on scene within 50 m), response time, closing frees the unit; conflicts refused; state
 * survives a restart.
 */
class DispatchApiTest {
    @TempDir
    Path dir;

    static String pos(String unit, double lon, double lat, Instant t) {
        return new JsonObject().put("unit", unit).put("lon", lon).put("lat", lat).put("time", t.toString()).encode();
    }

    static String status(TestServer s, long id) throws Exception {
        return json(s.get("/api/v1/incidents/" + id)).getJsonObject("properties").getString("status");
    }

    static String unitStatus(TestServer s, String id) throws Exception {
        return json(s.get("/api/v1/units/" + id)).getJsonObject("properties").getString("status");
    }


    @Test
    void dispatchArriveHandleAndRestart() throws Exception {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
        long id;
        String unit;
        try (TestServer s = TestServer.start(dir)) {
            id = json(s.post("/api/v1/incidents", "{\"category\":\"public_order\",\"source\":\"police_call\",\"lon\":118.0,"
                    + "\"lat\":37.40,\"reportedAt\":\"" + t0 + "\",\"title\":\"打架\"}")).getLong("id");
            String township = s.server().grids().hierarchy().level(org.gridwatch.area.AdminLevel.TOWNSHIP).get(0).code();
            unit = "D-CAR";
            s.post("/api/v1/units", "{\"id\":\"" + unit + "\",\"callSign\":\"滨城巡逻99号\",\"kind\":\"police_car\","
                    + "\"agency\":\"测试\",\"homeTownshipCode\":\"" + township + "\"}");
            s.post("/api/v1/positions", "[" + pos(unit, 118.02, 37.40, t0.plusSeconds(10)) + "]"); // ~1.8 km away
            // Not yet accepted: the workflow refuses the dispatch.
            ApiTest.assertProblem(s.post("/api/v1/incidents/" + id + "/dispatch", "{\"unit\":\"" + unit + "\"}"), 409, "to");
            s.post("/api/v1/incidents/" + id + "/transitions", "{\"to\":\"accepted\"}");
            ApiTest.assertProblem(s.post("/api/v1/incidents/" + id + "/dispatch", "{\"unit\":\"NOBODY\"}"), 404, "unit");
            ApiTest.assertProblem(s.post("/api/v1/incidents/" + id + "/dispatch", "{}"), 400, "unit");
            var r = s.post("/api/v1/incidents/" + id + "/dispatch", "{\"unit\":\"" + unit + "\",\"actor\":\"调度员李\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(json(r).getJsonObject("properties").getString("unit")).isEqualTo(unit);
            assertThat(status(s, id)).isEqualTo("dispatched");
            assertThat(unitStatus(s, unit)).isEqualTo("busy");
            // A busy unit cannot be sent elsewhere.
            long other = json(s.post("/api/v1/incidents", "{\"category\":\"traffic\",\"source\":\"hotline\",\"lon\":118.01,"
                    + "\"lat\":37.41,\"reportedAt\":\"" + t0 + "\",\"title\":\"剐蹭\"}")).getLong("id");
            s.post("/api/v1/incidents/" + other + "/transitions", "{\"to\":\"accepted\"}");
            ApiTest.assertProblem(s.post("/api/v1/incidents/" + other + "/dispatch", "{\"unit\":\"" + unit + "\"}"), 409, "unit");
            // 100 m away: still en route.
            s.post("/api/v1/positions", "[" + pos(unit, 118.0011, 37.40, t0.plusSeconds(130)) + "]");
            s.quiesce();
            assertThat(status(s, id)).isEqualTo("dispatched");
        }
        try (TestServer s = TestServer.start(dir)) { // the assignment survives a restart
            s.post("/api/v1/positions", "[" + pos(unit, 118.0003, 37.40, t0.plusSeconds(180)) + "]"); // ~26 m
            s.quiesce();
            assertThat(status(s, id)).isEqualTo("on_scene");
            JsonObject p = json(s.get("/api/v1/incidents/" + id)).getJsonObject("properties");
            assertThat(p.getLong("responseSeconds")).isPositive();
            var history = TestServer.caseSteps(p);
            assertThat(history.getJsonObject(history.size() - 1).getString("actor")).isEqualTo("滨城巡逻99号");
            JsonObject stats = json(s.get("/api/v1/stats/incidents?level=county&category=public_order"));
            JsonObject county = stats.getJsonArray("areas").stream().map(o -> (JsonObject) o)
                    .filter(a -> a.getLong("responded") > 0).findFirst().orElseThrow();
            assertThat(county.getLong("meanResponseSeconds")).isPositive();
            assertThat(unitStatus(s, unit)).isEqualTo("busy");
            // The unit's feedback (handled) frees it: verification and closing are office work.
            s.post("/api/v1/incidents/" + id + "/transitions", "{\"to\":\"handled\"}");
            s.quiesce();
            assertThat(unitStatus(s, unit)).isEqualTo("available");
        }
    }
}
