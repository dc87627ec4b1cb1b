package org.gridwatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.testsupport.TestServer.json;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.gridwatch.alert.Alert;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alerts are listed newest first by scope, acknowledged once, and both survive a restart. */
class AlertApiTest {
    @TempDir
    Path dir;

    @Test
    void raiseListAcknowledgeAndRestart() throws Exception {
        long first;
        try (TestServer s = TestServer.start(dir)) {
            Alert a = s.server().alerts().raiseFromAnyThread("post_unstaffed", "warning", "滨城区实验小学护学岗未到岗", null, "371602001",
                    118.0, 37.4).join();
            s.server().alerts().raiseFromAnyThread("grid_uncovered", "info", "沾化区网格超时未巡", null, "371603", null, null).join();
            first = a.id();
            JsonArray all = json(s.get("/api/v1/alerts")).getJsonArray("alerts");
            assertThat(all.stream().map(o -> ((JsonObject) o).getString("kind"))).containsExactly("grid_uncovered", "post_unstaffed");
            JsonArray binzhou = json(s.get("/api/v1/alerts", Scopes.HEADER, "371602")).getJsonArray("alerts");
            assertThat(binzhou).hasSize(1);
            // Acknowledged by the authenticated principal, whatever the body says.
            var ok = s.post("/api/v1/alerts/" + first + "/ack", "{\"by\":\"值班员王\"}");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(json(ok).getString("ackedBy")).startsWith("tests (key-");
            ApiTest.assertProblem(s.post("/api/v1/alerts/" + first + "/ack", "{\"by\":\"值班员李\"}"), 409, "id");
            ApiTest.assertProblem(s.post("/api/v1/alerts/9999/ack", "{\"by\":\"x\"}"), 404, null);
            ApiTest.assertProblem(s.get("/api/v1/alerts?open=maybe"), 400, "open");
            assertThat(json(s.get("/api/v1/alerts?open=true")).getJsonArray("alerts")).hasSize(1);
        }
        try (TestServer s = TestServer.start(dir)) {
            JsonArray all = json(s.get("/api/v1/alerts")).getJsonArray("alerts");
            assertThat(all).hasSize(2);
            assertThat(all.getJsonObject(1).getBoolean("acknowledged")).isTrue();
            Alert next = s.server().alerts().raiseFromAnyThread("near_repeat", "warning", "近重复风险", null, null, null, null).join();
            assertThat(next.id()).isGreaterThan(first + 1);
        }
    }
}
