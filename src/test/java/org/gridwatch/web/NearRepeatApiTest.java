package org.gridwatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.testsupport.TestServer.json;

import io.vertx.core.json.JsonArray;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The third fraud within 200 m and 14 days raises a risk zone and an alert; other cases do not. */
class NearRepeatApiTest {
    @TempDir
    Path dir;

    static void report(TestServer s, String category, double lon, Instant at) throws Exception {
        assertThat(s.post("/api/v1/incidents", "{\"category\":\"" + category + "\",\"source\":\"citizen\",\"lon\":" + lon
                + ",\"lat\":37.40,\"reportedAt\":\"" + at + "\",\"title\":\"测试\"}").statusCode()).isEqualTo(201);
    }

    static JsonArray nearRepeatAlerts(TestServer s) throws Exception {
        JsonArray out = new JsonArray();
        json(s.get("/api/v1/alerts")).getJsonArray("alerts").stream().map(o -> (io.vertx.core.json.JsonObject) o)
                .filter(a -> a.getString("kind").equals("near_repeat")).forEach(out::add);
        return out;
    }


    @Test
    void thirdNearbyIncidentOfACategoryRaisesRisk() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            report(s, "fraud", 118.0000, now.minus(20, ChronoUnit.DAYS).plusSeconds(60)); // too old to count
            report(s, "fraud", 118.0010, now.minusSeconds(300));   // ~88 m away
            report(s, "dispute", 118.0005, now.minusSeconds(200)); // other category
            report(s, "fraud", 118.0030, now.minusSeconds(100));   // ~265 m from the next: out of reach
            report(s, "fraud", 118.0000, now.minusSeconds(50));    // 1 earlier within 200 m (+1 at 265 m): no alert
            s.quiesce();
            assertThat(nearRepeatAlerts(s)).isEmpty();
            report(s, "fraud", 118.0008, now);                     // 2 earlier within 200 m: alert
            s.quiesce();
            assertThat(nearRepeatAlerts(s).size()).isEqualTo(1);
            assertThat(nearRepeatAlerts(s).getJsonObject(0).getString("title")).contains("诈骗");
            JsonArray zones = json(s.get("/api/v1/risk-zones")).getJsonArray("features");
            assertThat(zones).hasSize(1);
            assertThat(zones.getJsonObject(0).getJsonObject("properties").getInteger("earlier")).isGreaterThanOrEqualTo(2);
            assertThat(json(s.get("/api/v1/risk-zones", Scopes.HEADER, "371681")).getJsonArray("features")).isEmpty();
        }
    }
}
