package org.gridwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.testsupport.TestServer.json;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restart loses nothing acknowledged: incidents and their histories come back from the store. */
class GridWatchRestartTest {
    @TempDir
    Path dir;

    @Test
    void acknowledgedIncidentsSurviveARestart() throws Exception {
        List<JsonObject> acknowledged = new ArrayList<>();
        try (TestServer s = TestServer.start(dir)) {
            for (int i = 0; i < 20; i++) {
                var r = s.post("/api/v1/incidents", "{\"category\":\"public_order\",\"source\":\"grid_report\",\"lon\":"
                        + (117.95 + i * 0.005) + ",\"lat\":37.40,\"reportedAt\":\"2026-11-27T0" + (i % 10)
                        + ":00:00+08:00\",\"title\":\"巡查发现 " + i + "\"}");
                assertThat(r.statusCode()).isEqualTo(201);
                acknowledged.add(json(r));
            }
            long id = acknowledged.get(3).getLong("id");
            assertThat(s.post("/api/v1/incidents/" + id + "/transitions", "{\"to\":\"accepted\",\"note\":\"受理\"}").statusCode())
                    .isEqualTo(200);
        }
        try (TestServer s = TestServer.start(dir)) {
            for (JsonObject a : acknowledged) {
                var r = s.get("/api/v1/incidents/" + a.getLong("id"));
                assertThat(r.statusCode()).isEqualTo(200);
                JsonObject p = json(r).getJsonObject("properties");
                assertThat(p.getString("title")).isEqualTo(a.getJsonObject("properties").getString("title"));
                assertThat(p.getString("gridCode")).isEqualTo(a.getJsonObject("properties").getString("gridCode"));
            }
            JsonObject third = json(s.get("/api/v1/incidents/" + acknowledged.get(3).getLong("id"))).getJsonObject("properties");
            assertThat(third.getString("status")).isEqualTo("accepted");
            assertThat(TestServer.caseSteps(third)).hasSize(2);
            // New ids continue after the stored ones.
            var r = s.post("/api/v1/incidents", "{\"category\":\"other\",\"source\":\"hotline\",\"lon\":118.0,\"lat\":37.4,"
                    + "\"reportedAt\":\"2026-11-27T11:00:00+08:00\",\"title\":\"新\"}");
            assertThat(json(r).getLong("id")).isGreaterThan(acknowledged.get(19).getLong("id"));
        }
    }
}
