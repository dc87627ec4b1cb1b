package org.gridwatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.testsupport.TestServer.json;

import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows 16 and 18 of issue 11: a second {@code X-GridWatch-Scope} header is refused, not silently
 * dropped; and the OpenAPI document says what the server does — a unit without a position has a
 * null geometry, which the schema allows, and every operation documents the refusals every
 * route can give (FuzzApiTest then checks each status answered against the operation's list).
 */
class ApiContractTest {
    @TempDir
    Path dir;

    static JsonObject openapi() throws Exception {
        try (InputStream in = ApiContractTest.class.getResourceAsStream("/openapi.json")) {
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void row16_twoScopeHeadersAreRefusedNotTheFirstWinning() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            ApiTest.assertProblem(s.as(s.token()).send("GET", "/api/v1/incidents", null, "X-GridWatch-Scope", "371602",
                    "X-GridWatch-Scope", "371603"), 400, "X-GridWatch-Scope");
            assertThat(s.get("/api/v1/incidents", "X-GridWatch-Scope", "371602").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void row18_aUnitWithoutAPositionHasANullGeometryWhichTheSchemaAllows() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            String township = s.server().grids().hierarchy().children("371602").get(0).code();
            s.post("/api/v1/units", "{\"id\":\"NOPOS\",\"callSign\":\"未定位\",\"kind\":\"foot_patrol\",\"agency\":\"测试\","
                    + "\"homeTownshipCode\":\"" + township + "\"}");
            JsonObject unit = json(s.get("/api/v1/units/NOPOS"));
            assertThat(unit.containsKey("geometry")).isTrue();
            assertThat(unit.getValue("geometry")).isNull();
        }
        JsonObject geometry = openapi().getJsonObject("components").getJsonObject("schemas").getJsonObject("Feature")
                .getJsonObject("properties").getJsonObject("geometry");
        assertThat(geometry.getBoolean("nullable")).isTrue();
    }

    @Test
    void row18_everyOperationDocumentsTheRefusalsEveryRouteCanGive() throws Exception {
        JsonObject paths = openapi().getJsonObject("paths");
        List<String> missing = new ArrayList<>();
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                JsonObject op = paths.getJsonObject(path).getJsonObject(method);
                JsonObject responses = op.getJsonObject("responses");
                List<String> needed = new ArrayList<>(List.of("400"));   // a malformed escape, on every path
                boolean open = path.equals("/health") || path.equals("/ready") || path.startsWith("/api/v1/auth/login")
                        || path.startsWith("/api/v1/auth/refresh");
                if (!open) {
                    needed.add("401");
                }
                if (op.containsKey("requestBody")) {
                    needed.add("413");
                    // The OsmAnd protocol reads any body (Access exempts it from the JSON-only check).
                    if (!path.startsWith("/osmand")) {
                        needed.add("415");
                    }
                }
                if (path.contains("{")) {
                    needed.add("404");
                }
                for (String status : needed) {
                    if (!responses.containsKey(status)) {
                        missing.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path + " " + status);
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }
}
