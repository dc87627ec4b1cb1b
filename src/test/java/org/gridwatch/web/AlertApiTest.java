package org.gridwatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.testsupport.TestServer.json;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.gridwatch.alert.Alert;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.audit.AuditAction;
import org.gridwatch.audit.AuditQuery;
import org.gridwatch.audit.AuditRecord;
import org.gridwatch.auth.Role;
import org.gridwatch.testsupport.LiveClient;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts are listed newest first by scope, acknowledged once, and both survive a restart; open ones
 * are grouped by kind and area, a group is acknowledged at once within the caller's scope only, each
 * member audited, and the {@code alertGroups} channel follows.
 */
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

    /** A grid of the demo city inside township {@code township} (the n-th). */
    static String grid(TestServer s, String township, int n) {
        return s.server().grids().hierarchy().level(AdminLevel.GRID).stream().filter(g -> g.code().startsWith(township))
                .skip(n).findFirst().orElseThrow().code();
    }

    static List<String> townships(TestServer s, String county) {
        return s.server().grids().hierarchy().children(county).stream().map(AdminArea::code).toList();
    }

    static Alert raise(TestServer s, String kind, String severity, String grid) {
        return s.server().alerts().raiseFromAnyThread(kind, severity, kind + " " + grid, null, grid, null, null).join();
    }

    static List<Long> longs(JsonArray a) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            out.add(a.getLong(i));
        }
        return out;
    }

    static List<String> ids(JsonArray a, String field) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            out.add(String.valueOf(a.getJsonObject(i).getValue(field)));
        }
        return out;
    }

    /** The audit records stored once {@code n} of them satisfy {@code p}: flushed until they are there. */
    static List<AuditRecord> audited(TestServer s, java.util.function.Predicate<AuditRecord> p, int n) throws Exception {
        for (int round = 0; round < 100; round++) {
            s.server().audit().flush().get(30, TimeUnit.SECONDS);
            List<AuditRecord> all = new ArrayList<>();
            s.server().store().forEachAudit(AuditQuery.all(), r -> {
                if (p.test(r)) {
                    all.add(r);
                }
            });
            if (all.size() >= n) {
                return all;
            }
        }
        throw new AssertionError("the audit trail never held " + n + " such records");
    }

    @Test
    void groupsAreListedAcknowledgedWithinTheScopeAuditedAndLive() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            // 滨城区 (371602): three 护学岗 alerts in two townships and one uncovered grid; 沾化区 (371603): two 护学岗 alerts.
            List<String> bincheng = townships(s, "371602");
            String townA = bincheng.get(0);
            String townB = bincheng.get(1);
            String zhanhua = townships(s, "371603").get(0);
            Alert a1 = raise(s, "post_unstaffed", "warning", grid(s, townA, 0));
            Alert a2 = raise(s, "post_unstaffed", "critical", grid(s, townA, 1));
            Alert b1 = raise(s, "post_unstaffed", "warning", grid(s, townB, 0));
            Alert u1 = raise(s, "grid_uncovered", "warning", grid(s, townA, 0));
            Alert z1 = raise(s, "post_unstaffed", "warning", grid(s, zhanhua, 0));
            Alert z2 = raise(s, "post_unstaffed", "warning", grid(s, zhanhua, 1));

            try (LiveClient live = LiveClient.connect(s)) {
                live.next("welcome", null);
                live.send(new JsonObject().put("op", "subscribe").put("id", "g").put("channel", "alertGroups"));
                JsonObject snap = live.next("snapshot", "g").getJsonObject("data");
                assertThat(snap.getString("level")).isEqualTo("county");
                assertThat(snap.getInteger("open")).isEqualTo(6);
                assertThat(ids(snap.getJsonArray("items"), "id")).containsExactly("post_unstaffed.county.371602",
                        "post_unstaffed.county.371603", "grid_uncovered.county.371602");

                // The city sees counties, most severe first, then newest.
                JsonObject city = json(s.get("/api/v1/alerts/groups"));
                assertThat(city.getString("level")).isEqualTo("county");
                assertThat(city.getInteger("open")).isEqualTo(6);
                JsonArray groups = city.getJsonArray("groups");
                assertThat(ids(groups, "id")).containsExactly("post_unstaffed.county.371602", "post_unstaffed.county.371603",
                        "grid_uncovered.county.371602");
                JsonObject first = groups.getJsonObject(0);
                assertThat(first.getString("title")).isEqualTo("滨城区 3 个护学岗到岗不足");
                assertThat(first.getString("severity")).isEqualTo("critical");
                assertThat(longs(first.getJsonArray("members"))).containsExactly(a2.id(), b1.id(), a1.id());
                assertThat(groups.getJsonObject(1).getString("title")).isEqualTo("沾化区 2 个护学岗到岗不足");
                // One county sees its townships.
                JsonObject county = json(s.get("/api/v1/alerts/groups", Scopes.HEADER, "371602"));
                assertThat(county.getString("level")).isEqualTo("township");
                assertThat(ids(county.getJsonArray("groups"), "id")).containsExactly("post_unstaffed.township." + townA,
                        "grid_uncovered.township." + townA, "post_unstaffed.township." + townB);   // critical, then newest
                assertThat(json(s.get("/api/v1/alerts/groups?level=township")).getJsonArray("groups")).hasSize(4);
                ApiTest.assertProblem(s.get("/api/v1/alerts/groups?level=grid"), 400, "level");
                // A group's members, one click away.
                JsonArray members = json(s.get(first.getString("membersHref"))).getJsonArray("alerts");
                assertThat(ids(members, "id")).containsExactlyInAnyOrder(String.valueOf(a1.id()), String.valueOf(a2.id()),
                        String.valueOf(b1.id()));
                ApiTest.assertProblem(s.get("/api/v1/alerts?group=post_unstaffed.city.371600"), 400, "group");

                // A dispatcher of township A acknowledges 滨城区's group: only township A's members are touched.
                s.user("town-a", Set.of(Role.DISPATCHER), townA);
                TestServer.Client dispatcher = s.as(s.login("town-a"));
                HttpResponse<String> acked = dispatcher.post("/api/v1/alerts/groups/post_unstaffed.county.371602/ack", "{}");
                assertThat(acked.statusCode()).as(acked.body()).isEqualTo(200);
                assertThat(json(acked).getInteger("acknowledged")).isEqualTo(2);
                assertThat(longs(json(acked).getJsonArray("alerts"))).containsExactly(a1.id(), a2.id());
                List<String> open = ids(json(s.get("/api/v1/alerts?open=true")).getJsonArray("alerts"), "id");
                assertThat(open).containsExactlyInAnyOrder(String.valueOf(b1.id()), String.valueOf(u1.id()),
                        String.valueOf(z1.id()), String.valueOf(z2.id()));
                // The live groups follow: 滨城区's group now holds one.
                JsonObject changed = live.next(f -> "delta".equals(f.getString("op")) && "g".equals(f.getString("id"))
                        && f.getJsonObject("data").getJsonArray("upsert").stream().anyMatch(o -> ((JsonObject) o)
                                .getString("id").equals("post_unstaffed.county.371602")), 10);
                JsonObject after = changed.getJsonObject("data").getJsonArray("upsert").stream().map(o -> (JsonObject) o)
                        .filter(o -> o.getString("id").equals("post_unstaffed.county.371602")).findFirst().orElseThrow();
                assertThat(after.getInteger("count")).isEqualTo(1);
                assertThat(after.getString("title")).isEqualTo("滨城区 1 个护学岗到岗不足");
                assertThat(after.getString("severity")).isEqualTo("warning");

                // Outside the dispatcher's jurisdiction: as if there were no such group.
                ApiTest.assertProblem(dispatcher.post("/api/v1/alerts/groups/post_unstaffed.county.371603/ack", "{}"), 404, null);
                ApiTest.assertProblem(s.post("/api/v1/alerts/groups/nonsense/ack", "{}"), 400, "groupId");
                ApiTest.assertProblem(s.post("/api/v1/alerts/groups/post_unstaffed.county.999999/ack", "{}"), 404, null);
                // Nothing left in township A: 0, changes nothing.
                assertThat(json(dispatcher.post("/api/v1/alerts/groups/post_unstaffed.county.371602/ack", "{}"))
                        .getInteger("acknowledged")).isZero();

                // Each member is audited as the dispatcher's acknowledgement, and the request itself.
                List<AuditRecord> members2 = audited(s, r -> r.event().route().equals(AlertRoutes.GROUP_ACK)
                        && r.event().target().startsWith("id="), 2);
                assertThat(members2).extracting(r -> r.event().target()).containsExactlyInAnyOrder("id=" + a1.id(), "id=" + a2.id());
                assertThat(members2).allSatisfy(r -> {
                    assertThat(r.event().actorId()).isEqualTo("town-a");
                    assertThat(r.event().action()).isEqualTo(AuditAction.WRITE);
                    assertThat(r.event().outcome()).isEqualTo(200);
                    assertThat(r.event().detail()).contains("post_unstaffed.county.371602");
                });
                List<AuditRecord> requests = audited(s, r -> r.event().route().equals(AlertRoutes.GROUP_ACK)
                        && r.event().target().startsWith("groupId=") && r.event().outcome() == 200, 2);
                assertThat(requests).extracting(r -> r.event().detail()).contains("2 acknowledged: [" + a1.id() + "," + a2.id() + "]",
                        "0 acknowledged");
                // The city's acknowledgement takes the rest of 滨城区's group; the live group is removed.
                assertThat(json(s.post("/api/v1/alerts/groups/post_unstaffed.county.371602/ack", "{}")).getInteger("acknowledged"))
                        .isEqualTo(1);
                live.next(f -> "delta".equals(f.getString("op")) && "g".equals(f.getString("id"))
                        && f.getJsonObject("data").getJsonArray("remove").contains("post_unstaffed.county.371602"), 10);
                assertThat(json(s.get("/api/v1/alerts/groups")).getInteger("open")).isEqualTo(3);
            }
        }
    }
}
