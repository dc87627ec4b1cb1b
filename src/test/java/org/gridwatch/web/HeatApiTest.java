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

/** The heat endpoint follows reports at once, by window, category, resolution, bbox and scope. */
class HeatApiTest {
    @TempDir
    Path dir;

    static long total(TestServer s, String query) throws Exception {
        JsonObject fc = json(s.get("/api/v1/heat" + query));
        long sum = fc.getJsonArray("features").stream().mapToLong(f -> ((JsonObject) f).getJsonObject("properties").getLong("count")).sum();
        assertThat(sum).isEqualTo(fc.getLong("total"));
        return sum;
    }

    @Test
    void heatFollowsReports() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            for (int i = 0; i < 3; i++) {
                s.post("/api/v1/incidents", "{\"category\":\"fraud\",\"source\":\"citizen\",\"lon\":118.0" + i + ",\"lat\":37.40,"
                        + "\"reportedAt\":\"" + now.minusSeconds(60) + "\",\"title\":\"诈骗\"}");
            }
            s.post("/api/v1/incidents", "{\"category\":\"traffic\",\"source\":\"hotline\",\"lon\":117.74,\"lat\":36.87,"
                    + "\"reportedAt\":\"" + now.minusSeconds(3 * 3600) + "\",\"title\":\"剐蹭\"}");
            assertThat(total(s, "?window=1h")).isEqualTo(3);
            assertThat(total(s, "?window=24h")).isEqualTo(4);
            assertThat(total(s, "?window=24h&category=traffic")).isEqualTo(1);
            assertThat(total(s, "?window=24h&resolution=5")).isEqualTo(4);
            assertThat(json(s.get("/api/v1/heat?window=1h")).getJsonArray("features")).hasSize(3);
            assertThat(total(s, "?window=24h&bbox=117.7,36.8,117.8,36.9")).isEqualTo(1);
            assertThat(json(s.get("/api/v1/heat?window=24h", Scopes.HEADER, "371681")).getLong("total")).isEqualTo(1);
            ApiTest.assertProblem(s.get("/api/v1/heat?window=2h"), 400, "window");
            ApiTest.assertProblem(s.get("/api/v1/heat?resolution=12"), 400, "resolution");
        }
    }
}
