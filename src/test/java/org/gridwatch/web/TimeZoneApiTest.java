package org.gridwatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.testsupport.TestServer.json;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.gridwatch.testsupport.MutableClock;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tz=local} (and {@code Prefer: timezone=local}) on a real server whose clock stands at
 * 2026-12-01 07:20 in Binzhou (a Tuesday, a school day): incidents, alerts and posts answer their
 * instants at +08:00 when asked, in UTC otherwise, naming the same instants; a bad {@code tz} is
 * refused naming it.
 */
class TimeZoneApiTest {
    static final Instant NOW = Instant.parse("2026-11-30T23:20:00Z");
    @TempDir
    static Path dir;
    static TestServer s;
    static long incident;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(dir, Map.of(), new MutableClock(NOW));
        HttpResponse<String> created = s.post("/api/v1/incidents", "{\"category\":\"dispute\",\"source\":\"hotline\","
                + "\"lon\":118.02,\"lat\":37.44,\"reportedAt\":\"2026-11-30T23:00:00Z\",\"title\":\"邻里纠纷\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        incident = json(created).getLong("id");
        s.server().alerts().raiseFromAnyThread("post_unstaffed", "critical", "实验小学护学岗未到岗", null, "371602001",
                118.0, 37.4).join();
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    static JsonObject props(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r).getJsonObject("properties");
    }

    @Test
    void incidentsAnswerUtcByDefaultAndTheCityOffsetWhenAsked() throws Exception {
        String path = "/api/v1/incidents/" + incident;
        JsonObject utc = props(s.get(path));
        assertThat(utc.getString("reportedAt")).isEqualTo("2026-11-30T23:00:00Z");
        assertThat(utc.getString("receivedAt")).isEqualTo("2026-11-30T23:20:00Z");
        JsonObject local = props(s.get(path + "?tz=local"));
        assertThat(local.getString("reportedAt")).isEqualTo("2026-12-01T07:00:00+08:00");
        assertThat(local.getString("receivedAt")).isEqualTo("2026-12-01T07:20:00+08:00");
        assertThat(local.getJsonArray("history").getJsonObject(0).getString("at")).isEqualTo("2026-12-01T07:20:00+08:00");
        assertThat(props(s.get(path + "?tz=UTC")).getString("reportedAt")).isEqualTo("2026-11-30T23:00:00Z");
        // The header form, answered with Preference-Applied; the parameter wins over it.
        HttpResponse<String> preferred = s.get(path, "Prefer", "timezone=local");
        assertThat(props(preferred).getString("reportedAt")).isEqualTo("2026-12-01T07:00:00+08:00");
        assertThat(preferred.headers().firstValue("Preference-Applied")).hasValue("timezone=local");
        assertThat(props(s.get(path + "?tz=utc", "Prefer", "timezone=local")).getString("reportedAt"))
                .isEqualTo("2026-11-30T23:00:00Z");
        assertThat(props(s.get(path, "Prefer", "timezone=mars")).getString("reportedAt")).as("a preference not understood")
                .isEqualTo("2026-11-30T23:00:00Z");
        // Lists too.
        JsonArray list = json(s.get("/api/v1/incidents?tz=local&from=2026-12-01")).getJsonArray("features");
        assertThat(list).hasSize(1);
        assertThat(list.getJsonObject(0).getJsonObject("properties").getString("reportedAt"))
                .isEqualTo("2026-12-01T07:00:00+08:00");
    }

    @Test
    void alertsAndTheirGroupsToo() throws Exception {
        JsonObject utc = json(s.get("/api/v1/alerts")).getJsonArray("alerts").getJsonObject(0);
        JsonObject local = json(s.get("/api/v1/alerts?tz=local")).getJsonArray("alerts").getJsonObject(0);
        assertThat(utc.getString("raisedAt")).isEqualTo("2026-11-30T23:20:00Z");
        assertThat(local.getString("raisedAt")).isEqualTo("2026-12-01T07:20:00+08:00");
        assertThat(local.getValue("ackedAt")).isNull();
        JsonObject group = json(s.get("/api/v1/alerts/groups?tz=local")).getJsonArray("groups").getJsonObject(0);
        assertThat(group.getString("newest")).isEqualTo("2026-12-01T07:20:00+08:00");
    }

    @Test
    void postsToo() throws Exception {
        List<JsonObject> utc = LiveAnalyticsApiTest.features(json(s.get("/api/v1/posts")));
        List<JsonObject> local = LiveAnalyticsApiTest.features(json(s.get("/api/v1/posts?tz=local")));
        assertThat(local).hasSameSizeAs(utc).isNotEmpty();
        int windows = 0;
        for (int i = 0; i < utc.size(); i++) {
            String u = utc.get(i).getString("windowStart");
            String l = local.get(i).getString("windowStart");
            if (u == null) {
                assertThat(l).isNull();
                continue;
            }
            windows++;
            assertThat(u).endsWith("Z");
            assertThat(l).endsWith("+08:00");
            assertThat(OffsetDateTime.parse(l).toInstant()).isEqualTo(Instant.parse(u));
        }
        assertThat(windows).as("posts in a duty window this morning").isPositive();
        assertThat(json(s.get("/api/v1/posts/stats?tz=local")).getString("at")).isEqualTo("2026-12-01T07:20:00+08:00");
        assertThat(json(s.get("/api/v1/posts/stats")).getString("at")).isEqualTo("2026-11-30T23:20:00Z");
    }

    @Test
    void aBadTzIsRefusedNamingIt() throws Exception {
        for (String q : new String[] {"tz=mars", "tz=%2B08:00", "tz=", "tz=local&tz=utc"}) {
            for (String path : new String[] {"/api/v1/incidents/" + incident, "/api/v1/alerts", "/api/v1/posts"}) {
                ApiTest.assertProblem(s.get(path + "?" + q), 400, "tz");
            }
        }
    }
}
