package org.gridwatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.testsupport.TestServer.enc;
import static org.gridwatch.testsupport.TestServer.json;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.audit.AuditChain;
import org.gridwatch.audit.AuditQuery;
import org.gridwatch.audit.AuditRecord;
import org.gridwatch.auth.Role;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail over HTTP on a real server: only the auditor reads it (a dispatcher gets 403,
 * anonymous 401); a login, a failed login, a lock-out (after {@code GRIDWATCH_AUTH_LOCKOUT_MAX_FAILURES}
 * failures, set to 3 here), a write, a read of one incident, refused requests and a logout each leave
 * a record naming who, when, from which address and user agent, the route template, the target and
 * the outcome (a county dispatcher's look at another county's incident too: a read answered 404);
 * the {@code from}, {@code to}, {@code user} and {@code action} filters each keep and drop what they
 * should; pages chain by {@code next}; {@code /api/v1/audit.csv} holds the same records
 * with spreadsheet formulas defused; and the stored trail verifies as one intact hash chain.
 *
 * <p>The scenario runs once; each request carries its own {@code User-Agent}, by which the test
 * finds its record. Records reach the store asynchronously: the test waits on
 * {@code AuditLog.flush()}, never on time.
 */
class AuditApiTest {
    static final int MAX_FAILURES = 3;
    static final String UA_LOGIN = "gw-test/login";
    static final String UA_WRONG = "gw-test/wrong";
    static final String UA_LOCKOUT = "gw-test/lockout";
    static final String UA_LOCKED = "gw-test/locked";
    /** A user agent that is a spreadsheet formula: the CSV must defuse it. */
    static final String UA_WRITE = "=cmd()";
    static final String UA_READ = "gw-test/read";
    static final String UA_DENIED = "gw-test/denied";
    static final String UA_ANONYMOUS = "gw-test/anonymous";
    static final String UA_LOGOUT = "gw-test/logout";
    static final String UA_ENDED = "gw-test/ended";
    static final String UA_FOREIGN = "gw-test/foreign";
    static final String UA_UNIT = "gw-test/unit";

    @TempDir
    static Path dir;
    static TestServer s;
    static TestServer.Client auditor;
    /** Before and after the scenario (after its records were stored). */
    static Instant t0;
    static Instant t1;
    static long incident;
    static String loginSession;

    @BeforeAll
    static void scenario() throws Exception {
        s = TestServer.start(dir, Map.of("GRIDWATCH_AUTH_LOCKOUT_MAX_FAILURES", Integer.toString(MAX_FAILURES)));
        s.user("auditor1", Set.of(Role.AUDITOR), "371600");
        s.user("disp", Set.of(Role.DISPATCHER), "371600");
        s.user("victim", Set.of(Role.DISPATCHER), "371602");
        s.user("other", Set.of(Role.DISPATCHER), "371600");
        s.user("ops", Set.of(Role.SYSADMIN), "371600");
        s.user("bincheng", Set.of(Role.DISPATCHER), "371602");
        TestServer.Client bincheng = s.as(s.login("bincheng"));
        // The incident is reported in 沾化区 (371603), outside the county dispatcher's jurisdiction.
        org.locationtech.jts.geom.Point at = s.server().grids().hierarchy().level(AdminLevel.GRID).stream()
                .filter(g -> g.code().startsWith("371603")).findFirst().orElseThrow().geometry().getInteriorPoint();
        t0 = Instant.now();

        HttpResponse<String> ok = login("disp", TestServer.PASSWORD, UA_LOGIN);
        assertStatus(ok, 200);
        TestServer.Client disp = s.as(json(ok).getString("accessToken"));
        assertStatus(login("disp", "Falsch-Kennwort-1", UA_WRONG), 401);
        for (int k = 0; k < MAX_FAILURES; k++) {
            assertStatus(login("victim", "Falsch-Kennwort-" + k, UA_LOCKOUT), 401);
        }
        // Locked: even the right password is refused now.
        assertStatus(login("victim", TestServer.PASSWORD, UA_LOCKED), 401);
        HttpResponse<String> created = disp.send("POST", "/api/v1/incidents", new JsonObject().put("category", "dispute")
                .put("source", "hotline").put("lon", at.getX()).put("lat", at.getY()).put("reportedAt", Instant.now().toString())
                .put("title", "审计测试").encode(), "User-Agent", UA_WRITE);
        assertStatus(created, 201);
        incident = json(created).getLong("id");
        assertStatus(disp.send("GET", "/api/v1/incidents/" + incident, null, "User-Agent", UA_READ), 200);
        String township = s.server().grids().hierarchy().level(AdminLevel.TOWNSHIP).get(0).code();
        assertStatus(disp.send("POST", "/api/v1/units", new JsonObject().put("id", "AUD-1").put("callSign", "审计1号")
                .put("kind", "foot_patrol").put("agency", "测试").put("homeTownshipCode", township).encode(),
                "User-Agent", UA_UNIT), 201);
        // A look at a case of another county is refused as if it did not exist, and recorded.
        assertStatus(bincheng.send("GET", "/api/v1/incidents/" + incident, null, "User-Agent", UA_FOREIGN), 404);
        assertStatus(disp.send("GET", "/api/v1/audit", null, "User-Agent", UA_DENIED), 403);
        assertStatus(s.anonymous().send("GET", "/api/v1/audit", null, "User-Agent", UA_ANONYMOUS), 401);
        // With an empty JSON object, as the pages send it (a POST without any body is refused 415 by the guard).
        assertStatus(disp.send("POST", "/api/v1/auth/logout", "{}", "User-Agent", UA_LOGOUT), 204);
        // The token ended with the session.
        assertStatus(disp.send("GET", "/api/v1/auth/me", null, "User-Agent", UA_ENDED), 401);
        stored(all -> all.stream().anyMatch(r -> r.event().userAgent().equals(UA_ENDED)));
        t1 = Instant.now();
        auditor = s.as(s.login("auditor1"));
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    static HttpResponse<String> login(String user, String password, String userAgent) throws Exception {
        return s.anonymous().send("POST", "/api/v1/auth/login", new JsonObject().put("username", user)
                .put("password", password).encode(), "User-Agent", userAgent);
    }

    static void assertStatus(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    }

    /**
     * The stored trail once {@code done} holds of it. A request's record is taken when its answer
     * ends, so it may follow the answer by a moment: flush until it is there (each flush stores
     * everything recorded before it).
     */
    static List<AuditRecord> stored(Predicate<List<AuditRecord>> done) throws Exception {
        for (int round = 0; round < 100; round++) {
            s.server().audit().flush().get(30, TimeUnit.SECONDS);
            List<AuditRecord> all = new ArrayList<>();
            s.server().store().forEachAudit(AuditQuery.all(), all::add);
            if (done.test(all)) {
                return all;
            }
        }
        throw new AssertionError("the audit trail never held what was expected");
    }

    /** The records of a query of the auditor (one page of at most 5,000). */
    static List<JsonObject> records(String query) throws Exception {
        HttpResponse<String> r = auditor.get("/api/v1/audit?limit=5000&" + query);
        assertStatus(r, 200);
        JsonArray a = json(r).getJsonArray("records");
        assertThat(json(r).getInteger("numberReturned")).isEqualTo(a.size());
        List<JsonObject> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            out.add(a.getJsonObject(i));
        }
        return out;
    }

    static String window() {
        return "from=" + enc(t0.toString()) + "&to=" + enc(t1.toString());
    }

    /** The one record of the scenario sent with {@code userAgent}. */
    static JsonObject byAgent(List<JsonObject> records, String userAgent) {
        List<JsonObject> found = records.stream().filter(r -> r.getString("userAgent").equals(userAgent)).toList();
        assertThat(found).as(userAgent).hasSize(1);
        return found.get(0);
    }

    static void assertRecord(JsonObject r, String action, String actorKind, String actorId, String route, int outcome) {
        assertThat(r.getString("action")).as(r.encode()).isEqualTo(action);
        assertThat(r.getString("actorKind")).as(r.encode()).isEqualTo(actorKind);
        assertThat(r.getString("actorId")).as(r.encode()).isEqualTo(actorId);
        assertThat(r.getString("route")).as(r.encode()).isEqualTo(route);
        assertThat(r.getInteger("outcome")).as(r.encode()).isEqualTo(outcome);
        assertThat(r.getString("address")).as(r.encode()).isEqualTo("127.0.0.1");
        assertThat(Instant.parse(r.getString("at"))).as(r.encode()).isBetween(t0, t1);
        assertThat(r.getString("hash")).as(r.encode()).matches("[0-9a-f]{64}");
    }

    @Test
    void onlyTheAuditorReadsTheTrail() throws Exception {
        TestServer.Client other = s.as(s.login("other"));
        ApiTest.assertProblem(other.get("/api/v1/audit"), 403, null);
        ApiTest.assertProblem(other.get("/api/v1/audit.csv"), 403, null);
        ApiTest.assertProblem(s.get("/api/v1/audit"), 403, null);            // the city-wide API key
        ApiTest.assertProblem(s.as(s.login("ops")).get("/api/v1/audit"), 403, null);
        ApiTest.assertProblem(s.anonymous().get("/api/v1/audit"), 401, null);
        ApiTest.assertProblem(s.anonymous().get("/api/v1/audit.csv"), 401, null);
        assertStatus(auditor.get("/api/v1/audit"), 200);
        // 三员分立: the auditor reads the trail and no case data.
        ApiTest.assertProblem(auditor.get("/api/v1/incidents"), 403, null);
        ApiTest.assertProblem(auditor.get("/api/v1/incidents/" + incident), 403, null);
    }

    @Test
    void everyEventIsRecordedWithWhoWhenWhereWhatAndTheOutcome() throws Exception {
        List<JsonObject> trail = records(window());
        JsonObject login = byAgent(trail, UA_LOGIN);
        assertRecord(login, "login", "user", "disp", "POST /api/v1/auth/login", 200);
        assertThat(login.getString("actorName")).isEqualTo("disp");
        assertThat(login.getString("target")).as("the session opened").isNotEmpty();
        JsonObject wrong = byAgent(trail, UA_WRONG);
        assertRecord(wrong, "login_failed", "anonymous", "disp", "POST /api/v1/auth/login", 401);
        assertThat(wrong.getString("detail")).contains("wrong password");

        List<JsonObject> attempts = trail.stream().filter(r -> r.getString("userAgent").equals(UA_LOCKOUT)).toList();
        assertThat(attempts).extracting(r -> r.getString("action")).containsExactly("login_failed", "login_failed",
                "lockout");
        JsonObject lockout = attempts.get(MAX_FAILURES - 1);
        assertRecord(lockout, "lockout", "anonymous", "victim", "POST /api/v1/auth/login", 401);
        assertThat(lockout.getString("detail")).contains("locked after " + MAX_FAILURES);
        JsonObject locked = byAgent(trail, UA_LOCKED);
        assertRecord(locked, "login_failed", "anonymous", "victim", "POST /api/v1/auth/login", 401);
        assertThat(locked.getString("detail")).contains("locked");

        JsonObject write = byAgent(trail, UA_WRITE);
        assertRecord(write, "write", "user", "disp", "POST /api/v1/incidents", 201);
        assertThat(write.getString("detail")).isEqualTo("incident " + incident);
        JsonObject unit = byAgent(trail, UA_UNIT);
        assertRecord(unit, "write", "user", "disp", "POST /api/v1/units", 201);
        assertThat(unit.getString("detail")).isEqualTo("unit AUD-1");
        JsonObject read = byAgent(trail, UA_READ);
        // The route template, never the raw path; the target names the incident.
        assertRecord(read, "read", "user", "disp", "GET /api/v1/incidents/:id", 200);
        assertThat(read.getString("target")).isEqualTo("id=" + incident);
        JsonObject foreign = byAgent(trail, UA_FOREIGN);
        assertRecord(foreign, "read", "user", "bincheng", "GET /api/v1/incidents/:id", 404);
        assertThat(foreign.getString("target")).isEqualTo("id=" + incident);
        JsonObject denied = byAgent(trail, UA_DENIED);
        assertRecord(denied, "denied", "user", "disp", "GET /api/v1/audit", 403);
        assertThat(denied.getString("detail")).contains("audit");
        JsonObject anonymous = byAgent(trail, UA_ANONYMOUS);
        assertRecord(anonymous, "denied", "anonymous", "", "GET /api/v1/audit", 401);
        JsonObject logout = byAgent(trail, UA_LOGOUT);
        assertRecord(logout, "logout", "user", "disp", "POST /api/v1/auth/logout", 204);
        assertThat(logout.getString("target")).as("the session the login opened").isEqualTo(login.getString("target"));
        assertRecord(byAgent(trail, UA_ENDED), "denied", "anonymous", "", "GET /api/v1/auth/me", 401);

        // In the order things happened, one after the other.
        List<Long> seqs = Stream.of(login, wrong, attempts.get(0), lockout, locked, write, read, foreign, denied,
                anonymous, logout).map(r -> r.getLong("seq")).toList();
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
        // No record holds a password.
        assertThat(trail).allSatisfy(r -> assertThat(r.encode()).doesNotContain(TestServer.PASSWORD)
                .doesNotContain("Falsch-Kennwort"));
        // Reading the trail is itself recorded.
        stored(all -> all.stream().anyMatch(r -> r.event().actorId().equals("auditor1")
                && r.event().route().equals("GET /api/v1/audit")));
        assertThat(records("user=auditor1&action=export")).isNotEmpty().allSatisfy(r -> assertThat(r.getString("route"))
                .startsWith("GET /api/v1/audit"));
    }

    @Test
    void filtersKeepAndDropByTimeUserAndAction() throws Exception {
        List<JsonObject> disp = records(window() + "&user=disp");
        assertThat(disp).extracting(r -> r.getString("userAgent")).contains(UA_LOGIN, UA_WRONG, UA_WRITE, UA_READ,
                UA_DENIED, UA_LOGOUT).doesNotContain(UA_LOCKOUT);
        assertThat(disp).allSatisfy(r -> assertThat(r.getString("actorId")).isEqualTo("disp"));
        List<JsonObject> victim = records(window() + "&user=victim");
        assertThat(victim).extracting(r -> r.getString("userAgent")).contains(UA_LOCKOUT, UA_LOCKED)
                .doesNotContain(UA_WRITE);

        assertThat(records(window() + "&action=lockout")).singleElement()
                .satisfies(r -> assertThat(r.getString("actorId")).isEqualTo("victim"));
        List<JsonObject> writes = records(window() + "&action=write");
        assertThat(writes).extracting(r -> r.getString("userAgent")).contains(UA_WRITE).doesNotContain(UA_LOGIN);
        assertThat(writes).allSatisfy(r -> assertThat(r.getString("action")).isEqualTo("write"));
        assertThat(records(window() + "&action=read&user=disp")).singleElement()
                .satisfies(r -> assertThat(r.getString("userAgent")).isEqualTo(UA_READ));

        // from is inclusive, to exclusive: a window after the scenario, or before it, holds none of it.
        assertThat(records("user=disp&from=" + enc(t0.toString()))).hasSameSizeAs(disp);
        assertThat(records("user=disp&from=" + enc(t1.toString()))).isEmpty();
        assertThat(records("user=disp&to=" + enc(t1.toString()))).hasSameSizeAs(disp);
        assertThat(records("user=disp&to=" + enc(t0.toString()))).isEmpty();
        Instant write = Instant.parse(byAgent(disp, UA_WRITE).getString("at"));
        assertThat(records("user=disp&from=" + enc(write.toString()) + "&to=" + enc(t1.toString())))
                .extracting(r -> r.getString("userAgent")).contains(UA_WRITE, UA_LOGOUT).doesNotContain(UA_LOGIN);

        ApiTest.assertProblem(auditor.get("/api/v1/audit?action=peek"), 400, "action");
        ApiTest.assertProblem(auditor.get("/api/v1/audit?from=" + enc(t1.toString()) + "&to=" + enc(t0.toString())), 400,
                "to");
        ApiTest.assertProblem(auditor.get("/api/v1/audit?limit=0"), 400, "limit");
    }

    @Test
    void pagesFollowNextToTheEnd() throws Exception {
        List<JsonObject> whole = records(window());
        assertThat(whole.size()).isGreaterThan(5);
        List<Long> paged = new ArrayList<>();
        String after = "";
        int pages = 0;
        while (true) {
            HttpResponse<String> r = auditor.get("/api/v1/audit?limit=2&" + window() + after);
            assertStatus(r, 200);
            JsonObject page = json(r);
            JsonArray items = page.getJsonArray("records");
            assertThat(items.size()).isBetween(1, 2);
            for (int i = 0; i < items.size(); i++) {
                paged.add(items.getJsonObject(i).getLong("seq"));
            }
            pages++;
            if (!page.containsKey("next")) {
                break;
            }
            assertThat(page.getLong("next")).isEqualTo(paged.get(paged.size() - 1));
            after = "&after=" + page.getLong("next");
        }
        assertThat(paged).isEqualTo(whole.stream().map(o -> o.getLong("seq")).toList());
        assertThat(pages).isEqualTo((whole.size() + 1) / 2);
    }

    @Test
    void theCsvHoldsTheSameRecordsWithFormulasDefused() throws Exception {
        List<JsonObject> whole = records(window());
        HttpResponse<String> r = auditor.get("/api/v1/audit.csv?" + window());
        assertStatus(r, 200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(r.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment");
        String body = r.body();
        assertThat(body).startsWith("\uFEFF");
        List<List<String>> rows = csv(body.substring(1));
        assertThat(rows.get(0)).containsExactly("seq", "at", "actor_kind", "actor_id", "actor_name", "address",
                "user_agent", "action", "route", "target", "outcome", "detail", "hash");
        List<List<String>> data = rows.subList(1, rows.size());
        assertThat(data).hasSameSizeAs(whole);
        for (int i = 0; i < whole.size(); i++) {
            JsonObject j = whole.get(i);
            List<String> c = data.get(i);
            assertThat(c).hasSize(13);
            assertThat(c.get(0)).isEqualTo(Long.toString(j.getLong("seq")));
            assertThat(Instant.parse(c.get(1))).isEqualTo(Instant.parse(j.getString("at")));
            assertThat(c.get(3)).isEqualTo(j.getString("actorId"));
            assertThat(c.get(7)).isEqualTo(j.getString("action"));
            assertThat(c.get(8)).isEqualTo(j.getString("route"));
            assertThat(c.get(9)).isEqualTo(j.getString("target"));
            assertThat(c.get(10)).isEqualTo(Integer.toString(j.getInteger("outcome")));
            assertThat(c.get(12)).isEqualTo(j.getString("hash"));
            // No cell opens with what a spreadsheet runs as a formula.
            assertThat(c).allSatisfy(cell -> assertThat(cell).doesNotStartWith("=").doesNotStartWith("+")
                    .doesNotStartWith("-").doesNotStartWith("@"));
        }
        List<String> write = data.stream().filter(c -> c.get(0).equals(Long.toString(byAgent(whole, UA_WRITE)
                .getLong("seq")))).findFirst().orElseThrow();
        assertThat(write.get(6)).isEqualTo("'" + UA_WRITE);
        assertThat(write.get(11)).isEqualTo("incident " + incident);
        // The filters apply to the export too.
        assertThat(csv(auditor.get("/api/v1/audit.csv?action=lockout&" + window()).body().substring(1))).hasSize(2);
    }

    /** Rows of RFC 4180 CSV (CRLF line ends, quoted cells with doubled quotes). */
    static List<List<String>> csv(String text) {
        return org.gridwatch.testsupport.Rfc4180.parse(text);
    }

    @Test
    void theStoredTrailIsOneIntactChain() throws Exception {
        List<AuditRecord> all = stored(t -> t.stream().anyMatch(r -> r.event().userAgent().equals(UA_LOGOUT)));
        AuditChain.Verifier v = new AuditChain.Verifier();
        all.forEach(v::accept);
        assertThat(v.result()).isEmpty();
        assertThat(v.checked()).isEqualTo(all.size());
        assertThat(v.first().orElseThrow().seq()).isEqualTo(1);
        assertThat(v.first().orElseThrow().prevHash()).isEqualTo(AuditChain.GENESIS);
        // What the API shows is what is stored and chained.
        Map<Long, String> hashes = new HashMap<>();
        all.forEach(r -> hashes.put(r.seq(), r.hash()));
        assertThat(records(window())).isNotEmpty().allSatisfy(r -> assertThat(r.getString("hash"))
                .isEqualTo(hashes.get(r.getLong("seq"))));
        // A record changed after the fact no longer verifies.
        AuditRecord second = all.get(1);
        AuditRecord forged = new AuditRecord(second.seq(), new org.gridwatch.audit.AuditEvent(second.event().at(),
                second.event().actorKind(), "someone-else", second.event().actorName(), second.event().address(),
                second.event().userAgent(), second.event().action(), second.event().route(), second.event().target(),
                second.event().outcome(), second.event().detail()), second.prevHash(), second.hash());
        AuditChain.Verifier tampered = new AuditChain.Verifier();
        tampered.accept(all.get(0));
        tampered.accept(forged);
        assertThat(tampered.result()).hasValueSatisfying(why -> assertThat(why).startsWith("record 2:"));
    }
}
