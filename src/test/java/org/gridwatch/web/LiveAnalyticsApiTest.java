package org.gridwatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.testsupport.TestServer.json;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.gridwatch.post.DutyState;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * School posts, key places and patrol dosage on a real server over the demo city: positions reach
 * them, filters and scopes apply, bad input names its field. (Duty windows and alerts depend on the
 * time of day: their rules are tested with a controlled clock in the analysis package.)
 */
class LiveAnalyticsApiTest {
    /** Gate of SP0002 (新立河小学, radius 100 m) and the location of KP001, from the demo data. */
    static final double GATE_LON = 118.0292694;
    static final double GATE_LAT = 37.4141134;
    static final double PLACE_LON = 117.9814499;
    static final double PLACE_LAT = 37.4234808;

    @TempDir
    Path dir;

    static List<JsonObject> features(JsonObject collection) {
        return collection.getJsonArray("features").stream().map(o -> ((JsonObject) o).getJsonObject("properties")).toList();
    }

    static JsonObject feature(TestServer s, String path, String id) throws Exception {
        return features(json(s.get(path))).stream().filter(p -> p.getString("id").equals(id)).findFirst().orElseThrow();
    }

    static void report(TestServer s, String unit, double lon, double lat, Instant t) throws Exception {
        assertThat(s.post("/api/v1/positions", "[{\"unit\":\"" + unit + "\",\"lon\":" + lon + ",\"lat\":" + lat
                + ",\"time\":\"" + t + "\"}]").statusCode()).isEqualTo(200);
    }

    @Test
    void postsKeyPlacesAndDosageFollowPositions() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            List<JsonObject> posts = features(json(s.get("/api/v1/posts")));
            assertThat(posts).hasSize(1161);
            assertThat(posts).allSatisfy(p -> {
                assertThat(DutyState.parse(p.getString("state"))).isPresent();
                assertThat(p.getInteger("required")).isPositive();
            });
            long inCounty = posts.stream().filter(p -> p.getString("countyCode").equals("371602")).count();
            assertThat(inCounty).isPositive();
            assertThat(features(json(s.get("/api/v1/posts?county=371602")))).hasSize((int) inCounty);
            assertThat(features(json(s.get("/api/v1/posts", Scopes.HEADER, "371602")))).hasSize((int) inCounty);
            String state = posts.get(0).getString("state");
            assertThat(features(json(s.get("/api/v1/posts?state=" + state))))
                    .isNotEmpty().allSatisfy(p -> assertThat(p.getString("state")).isEqualTo(state));
            assertThat(feature(s, "/api/v1/posts", "SP0002").getInteger("present")).isZero();

            JsonArray units = json(s.get("/api/v1/units?kind=security_guard")).getJsonArray("features");
            String guard = units.getJsonObject(0).getString("id");
            String other = units.getJsonObject(1).getString("id");
            Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            report(s, guard, GATE_LON, GATE_LAT, t.minusSeconds(60));
            report(s, guard, GATE_LON + 0.0001, GATE_LAT, t);
            s.quiesce();
            assertThat(feature(s, "/api/v1/posts", "SP0002").getInteger("present")).isEqualTo(1);
            String grid = s.server().grids().locateGrid(GATE_LON, GATE_LAT).code();
            s.quiesce();
            assertThat(CoverageApiTest.row(json(s.get("/api/v1/coverage?level=grid")), grid).getDouble("dosageMinutes")).isEqualTo(1.0);

            assertThat(feature(s, "/api/v1/key-places", "KP001").getValue("lastVisit")).isNull();
            report(s, other, PLACE_LON, PLACE_LAT, t);
            s.quiesce();
            assertThat(feature(s, "/api/v1/key-places", "KP001").getString("lastVisit")).isEqualTo(t.toString());
            JsonObject places = json(s.get("/api/v1/key-places"));
            assertThat(places.getJsonArray("features")).hasSize(300);
            assertThat(places.getJsonObject("visibility").getJsonArray("areas")).hasSize(8); // 7 counties and the city
            assertThat(json(s.get("/api/v1/key-places", Scopes.HEADER, "371602")).getJsonObject("visibility")
                    .getJsonArray("areas")).hasSize(1);

            JsonObject stats = json(s.get("/api/v1/posts/stats"));
            assertThat(stats.getInteger("graceMinutes")).isEqualTo(5);
            JsonArray rows = stats.getJsonArray("areas");
            assertThat(rows).hasSize(8);
            JsonObject city = rows.getJsonObject(7);
            assertThat(city.getString("code")).isEqualTo("371600");
            assertThat(city.getInteger("decided")).isEqualTo(city.getInteger("onTime") + city.getInteger("late")
                    + city.getInteger("understaffed") + city.getInteger("missed"));
            assertThat(json(s.get("/api/v1/posts/stats", Scopes.HEADER, "371602")).getJsonArray("areas")).hasSize(1);

            ApiTest.assertProblem(s.get("/api/v1/posts?county=999"), 400, "county");
            ApiTest.assertProblem(s.get("/api/v1/posts?state=moon"), 400, "state");
            ApiTest.assertProblem(s.get("/api/v1/posts/stats?day=2026-13-01"), 400, "day");
            ApiTest.assertProblem(s.get("/api/v1/posts/stats?day=2001-01-01"), 404, null);
            ApiTest.assertProblem(s.get("/api/v1/key-places?day=yesterday"), 400, "day");
            ApiTest.assertProblem(s.get("/api/v1/key-places?county=371602001"), 400, "county");
        }
    }
}
