package org.gridwatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.testsupport.TestServer.json;

import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.gridwatch.auth.Role;
import org.gridwatch.testsupport.LiveClient;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Point;

/**
 * Authentication over HTTP on a real server: bearer tokens (login, refresh rotation, logout
 * revokes), the pages' cookie session (HttpOnly, SameSite, CSRF token), cross-site requests
 * (foreign Origin, non-JSON bodies), lock-out after repeated failures, rate limits (429 with
 * Retry-After), the password policy, workflow steps recorded under the authenticated user, and a
 * {@code /live} connection closed with {@code unauthenticated} once its session or key ends.
 */
class AuthApiTest {
    private static final String COUNTY = "371602";

    @TempDir
    Path dir;

    static String login(String user, String password) {
        return new JsonObject().put("username", user).put("password", password).encode();
    }

    static Point pointIn(TestServer s, String county) {
        var areas = s.server().grids().hierarchy();
        var township = areas.children(county).get(0);
        var village = areas.children(township.code()).stream().filter(v -> !areas.children(v.code()).isEmpty())
                .findFirst().orElseThrow();
        return areas.children(village.code()).get(0).geometry().getInteriorPoint();
    }

    static String incident(Point p) {
        return "{\"category\":\"public_order\",\"source\":\"grid_report\",\"lon\":" + p.getX() + ",\"lat\":" + p.getY()
                + ",\"reportedAt\":\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60)
                + "\",\"title\":\"测试\"}";
    }

    static int incidentCount(TestServer s) throws Exception {
        return json(s.get("/api/v1/incidents?limit=1000")).getJsonArray("features").size();
    }

    @Test
    void bearerTokensRefreshRotateAndLogoutRevokes() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            s.user("ana", Set.of(Role.ANALYST), COUNTY);
            HttpResponse<String> r = s.anonymous().post("/api/v1/auth/login", login("ana", TestServer.PASSWORD));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
            JsonObject tokens = json(r);
            assertThat(tokens.getString("tokenType")).isEqualTo("Bearer");
            assertThat(tokens.getLong("expiresIn")).isEqualTo(900);
            String access = tokens.getString("accessToken");
            String refresh = tokens.getString("refreshToken");
            assertThat(access).isNotEqualTo(refresh);

            JsonObject me = json(s.as(access).get("/api/v1/auth/me"));
            assertThat(me.getString("id")).isEqualTo("ana");
            assertThat(me.getJsonArray("roles")).containsExactly("analyst");
            assertThat(me.getJsonArray("jurisdiction").getJsonObject(0).getString("code")).isEqualTo(COUNTY);
            assertThat(me.getJsonArray("permissions")).contains("read", "history").doesNotContain("dispatch", "audit");

            // Refresh: new tokens; the old refresh token and the old access token stop working.
            JsonObject renewed = json(s.anonymous().post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", refresh)
                    .encode()));
            String access2 = renewed.getString("accessToken");
            assertThat(access2).isNotEqualTo(access);
            assertThat(renewed.getString("refreshToken")).isNotEqualTo(refresh);
            ApiTest.assertProblem(s.anonymous().post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", refresh)
                    .encode()), 401, null);
            assertThat(s.as(access).get("/api/v1/auth/me").statusCode()).isEqualTo(401);
            assertThat(s.as(access2).get("/api/v1/auth/me").statusCode()).isEqualTo(200);

            // Logout ends the session: the token and its refresh token are refused from then on.
            assertThat(s.as(access2).post("/api/v1/auth/logout", null).statusCode()).isEqualTo(204);
            HttpResponse<String> after = s.as(access2).get("/api/v1/incidents");
            ApiTest.assertProblem(after, 401, null);
            assertThat(after.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).startsWith("Bearer"));
            ApiTest.assertProblem(s.anonymous().post("/api/v1/auth/refresh", new JsonObject()
                    .put("refreshToken", renewed.getString("refreshToken")).encode()), 401, null);

            // Wrong credentials say nothing about which part was wrong.
            HttpResponse<String> wrong = s.anonymous().post("/api/v1/auth/login", login("ana", "Falsch-Kennwort-1"));
            HttpResponse<String> nobody = s.anonymous().post("/api/v1/auth/login", login("nobody", "Falsch-Kennwort-1"));
            ApiTest.assertProblem(wrong, 401, null);
            assertThat(json(wrong).getString("detail")).isEqualTo(json(nobody).getString("detail"));
            // Credentials of the wrong form.
            ApiTest.assertProblem(s.anonymous().get("/api/v1/incidents", "Authorization", "Basic YW5hOnB3"), 401, null);
            ApiTest.assertProblem(s.as("gwk_not-a-real-key").get("/api/v1/incidents"), 401, null);
            ApiTest.assertProblem(s.anonymous().send("GET", "/api/v1/incidents", null, "Authorization", "Bearer a",
                    "Authorization", "Bearer b"), 400, "Authorization");
        }
    }

    @Test
    void sessionsOutliveARestartButALogoutDoesNotComeBack() throws Exception {
        String kept;
        String loggedOut;
        String refreshed;
        TestServer.PageSession page;
        try (TestServer s = TestServer.start(dir)) {
            s.user("wall", Set.of(Role.SCREEN), COUNTY);
            kept = s.login("wall");
            loggedOut = s.login("wall");
            page = s.pageLogin("wall");
            JsonObject first = json(s.anonymous().post("/api/v1/auth/login", login("wall", TestServer.PASSWORD)));
            JsonObject rotated = json(s.anonymous().post("/api/v1/auth/refresh", new JsonObject()
                    .put("refreshToken", first.getString("refreshToken")).encode()));
            refreshed = rotated.getString("refreshToken");
            assertThat(s.as(loggedOut).post("/api/v1/auth/logout", null).statusCode()).isEqualTo(204);
            assertThat(s.as(kept).get("/api/v1/auth/me").statusCode()).isEqualTo(200);
        }
        try (TestServer s = TestServer.start(dir)) {
            assertThat(s.as(kept).get("/api/v1/auth/me").statusCode()).as("a bearer session survives").isEqualTo(200);
            assertThat(s.anonymous().send("GET", "/api/v1/incidents", null, "Cookie", page.cookieHeader()).statusCode())
                    .as("a page session survives").isEqualTo(200);
            assertThat(s.anonymous().send("POST", "/api/v1/auth/ws-ticket", null, "Cookie", page.cookieHeader(),
                    "X-CSRF-Token", page.csrf()).statusCode()).as("with its CSRF token").isEqualTo(200);
            ApiTest.assertProblem(s.as(loggedOut).get("/api/v1/auth/me"), 401, null);
            assertThat(s.anonymous().post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", refreshed).encode())
                    .statusCode()).as("the rotated refresh token").isEqualTo(200);
            // Disabled meanwhile (the command line, server stopped): its sessions do not come back.
            s.server().auth().accounts().update("wall", null, null, true, false);
        }
        try (TestServer s = TestServer.start(dir)) {
            ApiTest.assertProblem(s.as(kept).get("/api/v1/auth/me"), 401, null);
        }
    }

    @Test
    void theCookieSessionNeedsItsCsrfTokenAndTheServersOrigin() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            s.user("disp", Set.of(Role.DISPATCHER), COUNTY);
            HttpResponse<String> r = s.anonymous().post("/api/v1/auth/login", new JsonObject().put("username", "disp")
                    .put("password", TestServer.PASSWORD).put("session", "cookie").encode());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            List<String> cookies = r.headers().allValues("Set-Cookie");
            String session = cookies.stream().filter(c -> c.startsWith("gw_session=")).findFirst().orElseThrow();
            assertThat(session).containsIgnoringCase("HttpOnly").contains("SameSite=Strict").contains("Path=/");
            assertThat(cookies.stream().filter(c -> c.startsWith("gw_csrf=")).findFirst().orElseThrow())
                    .doesNotContainIgnoringCase("HttpOnly");
            assertThat(json(r).containsKey("accessToken")).as("a cookie login hands out no bearer token").isFalse();
            TestServer.PageSession page = s.pageLogin("disp");
            TestServer.Client browser = s.anonymous();
            String own = "http://127.0.0.1:" + s.server().port();
            Point p = pointIn(s, COUNTY);
            int before = incidentCount(s);

            assertThat(browser.send("GET", "/api/v1/incidents", null, "Cookie", page.cookieHeader()).statusCode())
                    .isEqualTo(200);
            // A write without the CSRF token, with a wrong one, or from another site: refused, nothing stored.
            ApiTest.assertProblem(browser.send("POST", "/api/v1/incidents", incident(p), "Cookie", page.cookieHeader()),
                    403, "X-CSRF-Token");
            ApiTest.assertProblem(browser.send("POST", "/api/v1/incidents", incident(p), "Cookie", page.cookieHeader(),
                    "X-CSRF-Token", "forged"), 403, "X-CSRF-Token");
            ApiTest.assertProblem(browser.send("POST", "/api/v1/incidents", incident(p), "Cookie", page.cookieHeader(),
                    "X-CSRF-Token", page.csrf(), "Origin", "http://evil.example"), 403, "Origin");
            // The form post of a hostile page: text/plain or a form body is not JSON, whoever sends it.
            ApiTest.assertProblem(s.as(s.token()).send("POST", "/api/v1/incidents", incident(p), "Content-Type", "text/plain"), 415, "Content-Type");
            ApiTest.assertProblem(s.as(s.token()).send("POST", "/api/v1/incidents", "category=public_order",
                    "Content-Type", "application/x-www-form-urlencoded"), 415, "Content-Type");
            assertThat(incidentCount(s)).isEqualTo(before);

            HttpResponse<String> made = browser.send("POST", "/api/v1/incidents", incident(p), "Cookie", page.cookieHeader(),
                    "X-CSRF-Token", page.csrf(), "Origin", own);
            assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
            assertThat(incidentCount(s)).isEqualTo(before + 1);

            // /live from another site is refused at the upgrade; from the page's own origin it opens.
            try (LiveClient c = LiveClient.connect(s.server().port(), "/live", Map.of("Cookie", page.cookieHeader(),
                    "Origin", own))) {
                assertThat(c.next("welcome", null)).isNotNull();
            }
            assertThat(upgradeStatus(s, Map.of("Cookie", page.cookieHeader(), "Origin", "http://evil.example")))
                    .isEqualTo(403);
            assertThat(upgradeStatus(s, Map.of("Origin", own))).isEqualTo(401);

            // Logout clears the cookies and ends the session.
            HttpResponse<String> out = browser.send("POST", "/api/v1/auth/logout", null, "Cookie", page.cookieHeader(),
                    "X-CSRF-Token", page.csrf());
            assertThat(out.statusCode()).isEqualTo(204);
            assertThat(out.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("gw_session=;")
                    .contains("Max-Age=0"));
            assertThat(browser.send("GET", "/api/v1/incidents", null, "Cookie", page.cookieHeader()).statusCode())
                    .isEqualTo(401);
        }
    }

    static int upgradeStatus(TestServer s, Map<String, String> headers) throws Exception {
        try (LiveClient c = LiveClient.connect(s.server().port(), "/live", headers)) {
            c.next("welcome", null);
            return 101;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UpgradeRejectedException u) {
                return u.getStatus();
            }
            throw e;
        }
    }

    @Test
    void repeatedFailuresLockTheAccountUntilAnAdministratorUnlocksIt() throws Exception {
        try (TestServer s = TestServer.start(dir, Map.of("GRIDWATCH_AUTH_LOCKOUT_MAX_FAILURES", "3"))) {
            s.user("lu", Set.of(Role.SCREEN), COUNTY);
            s.user("admin", Set.of(Role.SYSADMIN), COUNTY);
            for (int i = 0; i < 3; i++) {
                ApiTest.assertProblem(s.anonymous().post("/api/v1/auth/login", login("lu", "Falsch-Kennwort-" + i)), 401,
                        null);
            }
            HttpResponse<String> locked = s.anonymous().post("/api/v1/auth/login", login("lu", TestServer.PASSWORD));
            ApiTest.assertProblem(locked, 401, null);
            assertThat(json(locked).getString("detail")).contains("locked");
            JsonObject user = json(s.as(s.login("admin")).get("/api/v1/admin/users")).getJsonArray("users").stream()
                    .map(o -> (JsonObject) o).filter(u -> u.getString("login").equals("lu")).findFirst().orElseThrow();
            assertThat(user.getString("lockedUntil")).isNotNull();
            HttpResponse<String> unlock = s.as(s.login("admin")).patch("/api/v1/admin/users/lu", "{\"unlock\":true}");
            assertThat(unlock.statusCode()).as(unlock.body()).isEqualTo(200);
            assertThat(s.anonymous().post("/api/v1/auth/login", login("lu", TestServer.PASSWORD)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void loginsPerAddressAndWritesPerPrincipalAreLimited() throws Exception {
        try (TestServer s = TestServer.start(dir, Map.of("GRIDWATCH_HTTP_RATE_LIMIT_LOGINS_PER_MINUTE", "3",
                "GRIDWATCH_HTTP_RATE_LIMIT_WRITES_PER_SECOND", "2"))) {
            s.user("lim", Set.of(Role.DISPATCHER), COUNTY);
            HttpResponse<String> last = null;
            for (int i = 0; i < 4; i++) {
                last = s.anonymous().post("/api/v1/auth/login", login("lim", TestServer.PASSWORD));
            }
            ApiTest.assertProblem(last, 429, null);
            assertThat(last.headers().firstValue("Retry-After")).hasValueSatisfying(v ->
                    assertThat(Long.parseLong(v)).isPositive());

            // Writes: a burst of twice the rate passes, then 429 until the bucket refills.
            String key = TestServer.key(s.server(), "lim", Set.of(Role.DISPATCHER), COUNTY);
            int refused = 0;
            HttpResponse<String> limited = null;
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> r = s.as(key).post("/api/v1/alerts/987654/ack", "{}");
                if (r.statusCode() == 429) {
                    refused++;
                    limited = r;
                } else {
                    assertThat(r.statusCode()).isEqualTo(404);
                }
            }
            assertThat(refused).isPositive();
            assertThat(limited.headers().firstValue("Retry-After")).isPresent();
            assertThat(json(limited).getString("detail")).contains("writes a second");
            // Another principal is not held back by the first one's writes, and reads are not limited.
            assertThat(s.post("/api/v1/alerts/987654/ack", "{}").statusCode()).isEqualTo(404);
            assertThat(s.as(key).get("/api/v1/alerts").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void passwordsFollowThePolicyAndAccountsStartWithoutRoles() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            s.user("sys", Set.of(Role.SYSADMIN), COUNTY);
            s.user("sec", Set.of(Role.SECADMIN), COUNTY);
            TestServer.Client sys = s.as(s.login("sys"));
            ApiTest.assertProblem(sys.post("/api/v1/admin/users", new JsonObject().put("login", "weak")
                    .put("password", "short").encode()), 400, "password");
            ApiTest.assertProblem(sys.post("/api/v1/admin/users", new JsonObject().put("login", "weak")
                    .put("password", "alllowercaseletters").encode()), 400, "password");
            HttpResponse<String> made = sys.post("/api/v1/admin/users", new JsonObject().put("login", "neu")
                    .put("displayName", "新用户").put("password", TestServer.PASSWORD).encode());
            assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
            assertThat(json(made).getJsonArray("roles")).isEmpty();
            assertThat(json(made).encode()).doesNotContain(TestServer.PASSWORD);
            // No role yet: the account can log in but do nothing beyond who it is.
            String neu = s.login("neu");
            assertThat(s.as(neu).get("/api/v1/incidents").statusCode()).isEqualTo(403);
            // 三员分立: the security administrator grants; an administrator role is never combined.
            ApiTest.assertProblem(s.as(s.login("sec")).send("PUT", "/api/v1/admin/users/neu/grants",
                    "{\"roles\":[\"auditor\",\"dispatcher\"],\"jurisdiction\":[\"" + COUNTY + "\"]}"), 400, "role");
            HttpResponse<String> granted = s.as(s.login("sec")).send("PUT", "/api/v1/admin/users/neu/grants",
                    "{\"roles\":[\"dispatcher\"],\"jurisdiction\":[\"" + COUNTY + "\"]}");
            assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
            // A grant ends the account's sessions: the new roles apply from the next login.
            assertThat(s.as(neu).get("/api/v1/auth/me").statusCode()).isEqualTo(401);
            assertThat(s.as(s.login("neu")).get("/api/v1/incidents").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void workflowStepsRecordTheAuthenticatedUserNotTheBody() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            s.server().auth().accounts().addUser("li", "李调度", "J0421", Set.of(Role.DISPATCHER), List.of(COUNTY),
                    TestServer.PASSWORD.toCharArray());
            TestServer.Client li = s.as(s.login("li"));
            HttpResponse<String> made = li.post("/api/v1/incidents", incident(pointIn(s, COUNTY)));
            long id = json(made).getLong("id");
            HttpResponse<String> r = li.post("/api/v1/incidents/" + id + "/transitions",
                    "{\"to\":\"accepted\",\"actor\":\"冒充者\",\"by\":\"someone else\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonArray history = TestServer.caseSteps(json(li.get("/api/v1/incidents/" + id)).getJsonObject("properties"));
            JsonObject step = history.getJsonObject(history.size() - 1);
            assertThat(step.getString("to")).isEqualTo("accepted");
            assertThat(step.getString("actor")).isEqualTo("李调度");
            assertThat(step.getString("actorId")).isEqualTo("li");
            assertThat(history.getJsonObject(0).getString("actorId")).isEqualTo("li");
        }
    }

    @Test
    void aLiveConnectionEndsWithItsSessionOrKey() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            s.user("wall", Set.of(Role.SCREEN), COUNTY);
            s.user("sec", Set.of(Role.SECADMIN), COUNTY);
            String token = s.login("wall");
            String key = TestServer.key(s.server(), "bridge", Set.of(Role.SCREEN), COUNTY);
            try (LiveClient byToken = LiveClient.connect(s.server().port(), "/live", null, token);
                 LiveClient byKey = LiveClient.connect(s.server().port(), "/live", null, key);
                 LiveClient other = LiveClient.connect(s.server().port(), "/live", null, s.login("wall"))) {
                byToken.next("welcome", null);
                byKey.next("welcome", null);
                other.next("welcome", null);
                assertThat(s.as(token).post("/api/v1/auth/logout", null).statusCode()).isEqualTo(204);
                JsonObject error = byToken.next(f -> "error".equals(f.getString("op")), 10);
                assertThat(error.getString("code")).isEqualTo("unauthenticated");
                assertThat(error.getString("message")).contains("revoked");
                assertThat(byToken.awaitClose(10)).isEqualTo(1008);

                String keyId = json(s.as(s.login("sec")).get("/api/v1/admin/api-keys")).getJsonArray("apiKeys").stream()
                        .map(o -> (JsonObject) o).filter(k -> k.getString("name").equals("bridge")).findFirst()
                        .orElseThrow().getString("id");
                assertThat(s.as(s.login("sec")).send("DELETE", "/api/v1/admin/api-keys/" + keyId, null).statusCode())
                        .isEqualTo(204);
                assertThat(byKey.next(f -> "error".equals(f.getString("op")), 10).getString("code"))
                        .isEqualTo("unauthenticated");
                assertThat(byKey.awaitClose(10)).isEqualTo(1008);
                // The user's other session goes on.
                other.send(new JsonObject().put("op", "subscribe").put("id", "s").put("channel", "stats"));
                assertThat(other.next("snapshot", "s")).isNotNull();
                assertThat(other.isClosed()).isFalse();
            }
        }
    }

    @Test
    void apiResponsesCarryTheSecurityHeadersAndNoCorsUnlessConfigured() throws Exception {
        try (TestServer s = TestServer.start(dir, Map.of("GRIDWATCH_HTTP_CORS_ORIGINS", "https://screen.example"))) {
            HttpResponse<String> plain = s.get("/api/v1/incidents");
            assertThat(plain.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(plain.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(plain.headers().firstValue("Strict-Transport-Security")).as("no HSTS over plain HTTP").isEmpty();
            HttpResponse<String> foreign = s.get("/api/v1/incidents", "Origin", "http://evil.example");
            assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            HttpResponse<String> allowed = s.get("/api/v1/incidents", "Origin", "https://screen.example");
            assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://screen.example");
        }
    }
}
