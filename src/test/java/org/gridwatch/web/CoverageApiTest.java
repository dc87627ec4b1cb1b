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

/** Coverage follows patrol positions: a visited grid counts within the window, an off-duty unit does not. */
class CoverageApiTest {
    @TempDir
    Path dir;

    static JsonObject row(JsonObject body, String code) {
        return body.getJsonArray("areas").stream().map(o -> (JsonObject) o).filter(a -> a.getString("code").equals(code))
                .findFirst().orElseThrow();
    }

    @Test
    void visitsRaiseCoverage() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            String grid = s.server().grids().locateGrid(118.01, 37.43).code();
            String county = grid.substring(0, 6);
            long before = row(json(s.get("/api/v1/coverage?level=grid&window=30")), grid).getLong("visited");
            assertThat(before).isZero();
            String unit = json(s.get("/api/v1/units?kind=foot_patrol")).getJsonArray("features").getJsonObject(0).getString("id");
            s.patch("/api/v1/units/" + unit, "{\"status\":\"off_duty\"}");
            Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            s.post("/api/v1/positions", "[{\"unit\":\"" + unit + "\",\"lon\":118.01,\"lat\":37.43,\"time\":\"" + t.minusSeconds(60) + "\"}]");
            assertThat(row(json(s.get("/api/v1/coverage?level=grid")), grid).getLong("visited")).isZero();
            s.patch("/api/v1/units/" + unit, "{\"status\":\"available\"}");
            s.post("/api/v1/positions", "[{\"unit\":\"" + unit + "\",\"lon\":118.0101,\"lat\":37.43,\"time\":\"" + t + "\"}]");
            JsonObject g = row(json(s.get("/api/v1/coverage?level=grid")), grid);
            assertThat(g.getLong("visited")).isEqualTo(1);
            assertThat(g.getDouble("rate")).isEqualTo(1.0);
            JsonObject c = row(json(s.get("/api/v1/coverage?level=county&window=5")), county);
            assertThat(c.getLong("visited")).isGreaterThanOrEqualTo(1);
            assertThat(c.getLong("grids")).isGreaterThan(1000);
            assertThat(json(s.get("/api/v1/coverage?level=county", Scopes.HEADER, county)).getJsonArray("areas")).hasSize(1);
            ApiTest.assertProblem(s.get("/api/v1/coverage?window=0"), 400, "window");
            ApiTest.assertProblem(s.get("/api/v1/coverage?level=moon"), 400, "level");
        }
    }
}
