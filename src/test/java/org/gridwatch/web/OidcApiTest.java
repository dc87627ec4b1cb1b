package org.gridwatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridwatch.testsupport.TestServer.json;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.gridwatch.area.AdminArea;
import org.gridwatch.testsupport.LiveClient;
import org.gridwatch.testsupport.TestServer;
import org.gridwatch.testsupport.TokenIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.locationtech.jts.geom.Point;

/**
 * External identity end to end (issue 10): a real token issuer started by the test
 * ({@link TokenIssuer}: its own RSA key, its JWKS on a loopback HTTP server, RS256 tokens) and a
 * GridWatch server configured with its issuer, JWKS URL and audience, verifying with
 * vertx-auth-jwt. Proves that a valid token becomes a principal with the roles, jurisdiction and
 * name its claims map to; that its roles decide what it may do (a dispatcher reads incidents, not
 * the audit trail); that its jurisdiction narrows reads and writes over REST and {@code /live}; that
 * a token with the wrong issuer or audience, expired, without expiry, not yet valid, signed by
 * another key, unsigned, tampered with, or whose claims map to no valid GridWatch grant is refused
 * with 401 problem+json; and that a live connection is closed when its token expires.
 */
class OidcApiTest {
    private static final String AUDIENCE = "gridwatch";
    /** 滨城区, the token's jurisdiction. */
    private static final String INSIDE = "371602";
    /** 沾化区, another county. */
    private static final String OUTSIDE = "371603";
    /** For upgrades expected to be refused (LiveClient is for admitted ones). */
    private static final HttpClient WS = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static TokenIssuer issuer;
    static TestServer server;
    /** Incidents reported (with the server's city-wide key) in each county. */
    static long insideIncident;
    static long outsideIncident;

    @BeforeAll
    static void start() throws Exception {
        issuer = TokenIssuer.start();
        server = TestServer.start(dir, Map.of(
                "GRIDWATCH_AUTH_OIDC_ISSUER", TokenIssuer.ISSUER,
                "GRIDWATCH_AUTH_OIDC_JWKS_URL", issuer.jwksUrl(),
                "GRIDWATCH_AUTH_OIDC_AUDIENCE", AUDIENCE));
        assertThat(issuer.fetches()).as("the JWKS is fetched at start").isEqualTo(1);
        insideIncident = report(server.token(), INSIDE).getLong("id");
        outsideIncident = report(server.token(), OUTSIDE).getLong("id");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (issuer != null) {
            issuer.close();
        }
    }

    /** A point inside a grid of {@code county} (WGS84). */
    static Point pointIn(String county) {
        AdminArea a = server.server().grids().hierarchy().find(county).orElseThrow();
        Point p = a.geometry().getInteriorPoint();
        assertThat(server.server().grids().locateGrid(p.getX(), p.getY()).code()).startsWith(county);
        return p;
    }

    static String incident(String county) {
        Point p = pointIn(county);
        return new JsonObject().put("category", "fraud").put("source", "citizen").put("lon", p.getX())
                .put("lat", p.getY()).put("reportedAt", Instant.now().minusSeconds(60).toString())
                .put("title", "冒充客服诈骗").encode();
    }

    static HttpResponse<String> post(String token, String county) throws Exception {
        return server.as(token).post("/api/v1/incidents", incident(county));
    }

    static JsonObject report(String token, String county) throws Exception {
        HttpResponse<String> r = post(token, county);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r);
    }

    /** The claims of the dispatcher of 滨城区 the tests sign in as. */
    static JsonObject dispatcher() {
        return issuer.claims(AUDIENCE, "oidc-wang").put("name", "王警官")
                .put("gridwatch_roles", new JsonArray().add("dispatcher"))
                .put("gridwatch_jurisdiction", new JsonArray().add(INSIDE));
    }

    static String token() throws Exception {
        return issuer.sign(dispatcher());
    }

    static void assertProblem(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("application/problem+json"));
        assertThat(json(r).getInteger("status")).isEqualTo(status);
    }

    static List<Long> ids(JsonArray items) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(items.getJsonObject(i).getLong("id"));
        }
        return out;
    }

    /** The ids of the items of a snapshot or delta frame (none for other frames). */
    static List<Long> itemIds(JsonObject frame) {
        JsonObject data = frame.getJsonObject("data");
        return data == null || data.getJsonArray("items") == null ? List.of() : ids(data.getJsonArray("items"));
    }

    @Test
    void validTokenIsThePrincipalItsClaimsName() throws Exception {
        HttpResponse<String> r = server.as(token()).get("/api/v1/auth/me");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject me = json(r);
        assertThat(me.getString("kind")).isEqualTo("external");
        assertThat(me.getString("id")).isEqualTo("oidc-wang");
        assertThat(me.getString("name")).isEqualTo("王警官");
        assertThat(me.getJsonArray("roles")).containsExactly("dispatcher");
        assertThat(me.getJsonArray("jurisdiction")).hasSize(1);
        assertThat(me.getJsonArray("jurisdiction").getJsonObject(0).getString("code")).isEqualTo(INSIDE);
        assertThat(me.getJsonArray("jurisdiction").getJsonObject(0).getString("name")).isEqualTo("滨城区");
        assertThat(me.getJsonArray("permissions")).contains("read", "dispatch").doesNotContain("audit", "users");
    }

    @Test
    void claimsMayBeSpaceSeparatedAndTheAudienceAList() throws Exception {
        JsonObject c = dispatcher().put("aud", new JsonArray().add("account").add(AUDIENCE))
                .put("gridwatch_roles", "analyst dispatcher").put("gridwatch_jurisdiction", INSIDE + " " + OUTSIDE)
                .put("preferred_username", "zhao");
        c.remove("name");
        HttpResponse<String> r = server.as(issuer.sign(c)).get("/api/v1/auth/me");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject me = json(r);
        assertThat(me.getJsonArray("roles")).containsExactlyInAnyOrder("dispatcher", "analyst");
        assertThat(me.getJsonArray("jurisdiction").stream().map(j -> ((JsonObject) j).getString("code")))
                .containsExactlyInAnyOrder(INSIDE, OUTSIDE);
        assertThat(me.getString("name")).as("without the name claim: preferred_username").isEqualTo("zhao");
    }

    @Test
    void rolesDecideWhatTheTokenMayDo() throws Exception {
        TestServer.Client c = server.as(token());
        HttpResponse<String> incidents = c.get("/api/v1/incidents");
        assertThat(incidents.statusCode()).as(incidents.body()).isEqualTo(200);
        HttpResponse<String> audit = c.get("/api/v1/audit");
        assertProblem(audit, 403);
        assertThat(json(audit).getString("detail")).contains("audit");
        assertProblem(c.get("/api/v1/admin/users"), 403);
        // The role the claim gives, not the one the issuer would have given another user.
        JsonObject auditor = dispatcher().put("gridwatch_roles", new JsonArray().add("auditor"));
        HttpResponse<String> asAuditor = server.as(issuer.sign(auditor)).get("/api/v1/audit");
        assertThat(asAuditor.statusCode()).as(asAuditor.body()).isEqualTo(200);
        assertProblem(server.as(issuer.sign(auditor)).get("/api/v1/incidents"), 403);
    }

    @Test
    void jurisdictionNarrowsReadsAndWrites() throws Exception {
        TestServer.Client c = server.as(token());
        HttpResponse<String> list = c.get("/api/v1/incidents?limit=1000");
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        JsonArray features = json(list).getJsonArray("features");
        assertThat(ids(features)).contains(insideIncident).doesNotContain(outsideIncident);
        for (int i = 0; i < features.size(); i++) {
            assertThat(features.getJsonObject(i).getJsonObject("properties").getString("countyCode")).isEqualTo(INSIDE);
        }
        // The city-wide key sees both: the difference is the token's jurisdiction.
        assertThat(ids(json(server.get("/api/v1/incidents?limit=1000")).getJsonArray("features")))
                .contains(insideIncident, outsideIncident);
        assertThat(c.get("/api/v1/incidents/" + insideIncident).statusCode()).isEqualTo(200);
        assertProblem(c.get("/api/v1/incidents/" + outsideIncident), 404);
        assertThat(c.get("/api/v1/areas/" + INSIDE).statusCode()).isEqualTo(200);
        assertProblem(c.get("/api/v1/areas/" + OUTSIDE), 404);
        JsonArray counties = json(c.get("/api/v1/areas?level=county")).getJsonArray("features");
        assertThat(counties.stream().map(f -> ((JsonObject) f).getJsonObject("properties").getString("code")))
                .containsExactly(INSIDE);
        // Writes: a report in the jurisdiction is taken (by the token's subject), one outside refused.
        JsonObject mine = report(token(), INSIDE);
        assertThat(mine.getJsonObject("properties").getString("countyCode")).isEqualTo(INSIDE);
        assertProblem(post(token(), OUTSIDE), 403);
    }

    /** Tokens the server must refuse, each for one reason. */
    enum Refused {
        WRONG_ISSUER, WRONG_AUDIENCE, EXPIRED, NO_EXPIRY, NOT_YET_VALID, OTHER_KEY_SAME_KID, UNKNOWN_KID, UNSIGNED,
        TAMPERED, NO_SUBJECT, UNKNOWN_ROLE, NO_ROLES, UNKNOWN_AREA, NO_JURISDICTION, ADMINISTRATOR_WITH_OTHER_ROLE
    }

    static String refused(Refused why) throws Exception {
        long now = Instant.now().getEpochSecond();
        JsonObject c = dispatcher();
        KeyPair other = TokenIssuer.newKeyPair();
        return switch (why) {
            case WRONG_ISSUER -> issuer.sign(c.put("iss", "https://idp.elsewhere.test/realms/public-safety"));
            case WRONG_AUDIENCE -> issuer.sign(c.put("aud", "another-app"));
            // Beyond the verifier's 30 s of leeway.
            case EXPIRED -> issuer.sign(c.put("iat", now - 3600).put("exp", now - 600));
            case NO_EXPIRY -> issuer.sign(without(c, "exp"));
            case NOT_YET_VALID -> issuer.sign(c.put("nbf", now + 600));
            case OTHER_KEY_SAME_KID -> TokenIssuer.sign(TokenIssuer.header(issuer.kid()), c, other.getPrivate());
            case UNKNOWN_KID -> TokenIssuer.sign(TokenIssuer.header("rotated-key"), c, other.getPrivate());
            case UNSIGNED -> TokenIssuer.unsigned(new JsonObject().put("alg", "none").put("typ", "JWT"), c);
            case TAMPERED -> {
                String[] parts = issuer.sign(c).split("\\.");
                // The issuer's signature over a city-wide jurisdiction the issuer never granted.
                yield parts[0] + "." + TokenIssuer.part(c.copy().put("gridwatch_jurisdiction",
                        new JsonArray().add("371600"))) + "." + parts[2];
            }
            case NO_SUBJECT -> issuer.sign(without(c, "sub"));
            case UNKNOWN_ROLE -> issuer.sign(c.put("gridwatch_roles", new JsonArray().add("commissioner")));
            case NO_ROLES -> issuer.sign(without(c, "gridwatch_roles"));
            case UNKNOWN_AREA -> issuer.sign(c.put("gridwatch_jurisdiction", new JsonArray().add("999999")));
            case NO_JURISDICTION -> issuer.sign(c.put("gridwatch_jurisdiction", new JsonArray()));
            case ADMINISTRATOR_WITH_OTHER_ROLE -> issuer.sign(c.put("gridwatch_roles",
                    new JsonArray().add("auditor").add("dispatcher")));
        };
    }

    static JsonObject without(JsonObject claims, String name) {
        claims.remove(name);
        return claims;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Refused.class)
    void tokenIsRefused(Refused why) throws Exception {
        String token = refused(why);
        HttpResponse<String> r = server.as(token).get("/api/v1/auth/me");
        assertProblem(r, 401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertProblem(server.as(token).get("/api/v1/incidents"), 401);
        // Not let in on /live either.
        assertThatThrownBy(() -> WS.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(URI.create("ws://127.0.0.1:" + server.server().port() + HttpVerticle.LIVE_PATH),
                        new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        h -> assertThat(h.getResponse().statusCode()).isEqualTo(401));
    }

    @Test
    void unknownRoleBesideAKnownOneIsIgnored() throws Exception {
        JsonObject c = dispatcher().put("gridwatch_roles", new JsonArray().add("dispatcher").add("commissioner"));
        HttpResponse<String> r = server.as(issuer.sign(c)).get("/api/v1/auth/me");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).getJsonArray("roles")).containsExactly("dispatcher");
    }

    @Test
    void liveConnectionIsScopedToTheTokensJurisdiction() throws Exception {
        try (LiveClient live = LiveClient.connect(server.server().port(), HttpVerticle.LIVE_PATH, null, token())) {
            live.next("welcome", null);
            live.send(new JsonObject().put("op", "subscribe").put("id", "i").put("channel", "incidents"));
            JsonObject snap = live.next("snapshot", "i");
            assertThat(ids(snap.getJsonObject("data").getJsonArray("items"))).contains(insideIncident)
                    .doesNotContain(outsideIncident);
            // A report made now, in each county: only the one in the jurisdiction arrives.
            long outside = report(server.token(), OUTSIDE).getLong("id");
            long inside = report(server.token(), INSIDE).getLong("id");
            live.next(f -> "delta".equals(f.getString("op")) && itemIds(f).contains(inside), 10);
            // Changes reach a connection in order: anything sent of the earlier report came before.
            for (JsonObject f : live.drain()) {
                assertThat(itemIds(f)).as(f.encode()).doesNotContain(outside);
            }
        }
    }

    @Test
    void liveConnectionEndsWhenTheTokenExpires() throws Exception {
        // Valid for 3 s more: the upgrade is admitted, then the periodic credential check closes it.
        long exp = Instant.now().getEpochSecond() + 3;
        String shortLived = issuer.sign(dispatcher().put("exp", exp));
        try (LiveClient live = LiveClient.connect(server.server().port(), HttpVerticle.LIVE_PATH, null, shortLived)) {
            live.next("welcome", null);
            JsonObject error = live.next(f -> "error".equals(f.getString("op")), 15);
            assertThat(error.getString("code")).isEqualTo("unauthenticated");
            assertThat(error.getString("message")).contains("expired");
            assertThat(Instant.now().getEpochSecond()).isGreaterThanOrEqualTo(exp);
        }
    }
}
