package org.gridwatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.testsupport.TestServer.enc;
import static org.gridwatch.testsupport.TestServer.json;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.gridwatch.area.AdminArea;
import org.gridwatch.geo.ChinaCoordinates;
import org.gridwatch.geo.LonLat;
import org.gridwatch.incident.Status;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API on a real server over the demo city: contract examples, paging, and every bad-input case. */
class ApiTest {
    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static void assertProblem(HttpResponse<String> r, int status, String field) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        JsonObject p = json(r);
        assertThat(p.getInteger("status")).isEqualTo(status);
        assertThat(p.getString("title")).isNotBlank();
        if (field != null) {
            assertThat(p.getString("field")).isEqualTo(field);
            assertThat(p.getString("detail")).contains(field);
        }
    }

    long incidentCount() throws Exception {
        return json(server.get("/api/v1/incidents?count=true")).getLong("count");
    }

    // ------------------------------------------------------------------ lookup

    @Test
    void lookupContractExample() throws Exception {
        HttpResponse<String> r = server.get("/api/v1/lookup?lon=118.01&lat=37.43");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject b = json(r);
        assertThat(b.getJsonObject("county").getString("code")).isEqualTo("371602");
        assertThat(b.getJsonObject("county").getString("name")).isEqualTo("滨城区");
        assertThat(b.getJsonObject("city").getString("code")).isEqualTo("371600");
        String grid = b.getJsonObject("grid").getString("code");
        assertThat(grid).hasSize(15).startsWith(b.getJsonObject("village").getString("code"));
        assertThat(b.getJsonObject("village").getString("code")).startsWith(b.getJsonObject("township").getString("code"));
        assertThat(b.getJsonObject("township").getString("code")).startsWith("371602");
        assertThat(b.getJsonObject("grid").getString("name")).isNotBlank();
        AdminArea g = server.server().grids().locateGrid(118.01, 37.43);
        assertThat(grid).isEqualTo(g.code());
    }

    @Test
    void lookupConvertsGcj02AndBd09() throws Exception {
        LonLat gcj = ChinaCoordinates.wgs84ToGcj02(118.01, 37.43);
        LonLat bd = ChinaCoordinates.wgs84ToBd09(118.01, 37.43);
        String expected = json(server.get("/api/v1/lookup?lon=118.01&lat=37.43")).getJsonObject("grid").getString("code");
        JsonObject viaGcj = json(server.get("/api/v1/lookup?crs=gcj02&lon=" + gcj.lon() + "&lat=" + gcj.lat()));
        JsonObject viaBd = json(server.get("/api/v1/lookup?crs=bd09&lon=" + bd.lon() + "&lat=" + bd.lat()));
        assertThat(viaGcj.getJsonObject("grid").getString("code")).isEqualTo(expected);
        assertThat(viaBd.getJsonObject("grid").getString("code")).isEqualTo(expected);
        assertThat(viaGcj.getJsonObject("location").getDouble("lon")).isCloseTo(118.01, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void lookupOutsideTheCityIs404() throws Exception {
        assertProblem(server.get("/api/v1/lookup?lon=116.40&lat=39.90"), 404, null);
    }

    @Test
    void lookupRejectsBadCoordinates() throws Exception {
        assertProblem(server.get("/api/v1/lookup?lon=200&lat=37"), 400, "lon");
        assertProblem(server.get("/api/v1/lookup?lon=118&lat=-91"), 400, "lat");
        assertProblem(server.get("/api/v1/lookup?lon=NaN&lat=37"), 400, "lon");
        assertProblem(server.get("/api/v1/lookup?lon=abc&lat=37"), 400, "lon");
        assertProblem(server.get("/api/v1/lookup?lat=37"), 400, "lon");
        assertProblem(server.get("/api/v1/lookup?lon=118&lat=37&crs=mars"), 400, "crs");
    }

    @Test
    void batchLookup() throws Exception {
        JsonArray pts = new JsonArray().add(new JsonArray().add(118.01).add(37.43)).add(new JsonArray().add(116.4).add(39.9))
                .add(new JsonArray().add(117.74).add(36.86));
        HttpResponse<String> r = server.post("/api/v1/lookup", new JsonObject().put("points", pts).encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonArray results = json(r).getJsonArray("results");
        assertThat(results).hasSize(3);
        assertThat(results.getJsonObject(0).getString("county")).isEqualTo("371602");
        assertThat(results.getValue(1)).isNull();
        assertThat(results.getJsonObject(2).getString("county")).isEqualTo("371681");
        assertThat(json(r).getInteger("found")).isEqualTo(2);
        // Each result is the single lookup's answer in brief, whether the grid was met before or not.
        JsonObject one = json(server.get("/api/v1/lookup?lon=118.01&lat=37.43"));
        assertThat(results.getJsonObject(0)).isEqualTo(new JsonObject()
                .put("grid", one.getJsonObject("grid").getString("code")).put("gridName", one.getJsonObject("grid").getString("name"))
                .put("village", one.getJsonObject("village").getString("code"))
                .put("township", one.getJsonObject("township").getString("code"))
                .put("county", one.getJsonObject("county").getString("code")));
        assertThat(one.getJsonObject("location")).isEqualTo(new JsonObject().put("lon", 118.01).put("lat", 37.43).put("crs", "wgs84"));

        // The compact shape: grid codes only, null where no grid, same counts.
        HttpResponse<String> c = server.post("/api/v1/lookup", new JsonObject().put("points", pts).put("shape", "codes").encode());
        assertThat(c.statusCode()).as(c.body()).isEqualTo(200);
        assertThat(json(c)).isEqualTo(new JsonObject().put("count", 3).put("found", 2).put("codes", new JsonArray()
                .add(results.getJsonObject(0).getString("grid")).addNull().add(results.getJsonObject(2).getString("grid"))));
        assertProblem(server.post("/api/v1/lookup", new JsonObject().put("points", pts).put("shape", "rows").encode()), 400, "shape");
    }

    @Test
    void batchLookupLimitsAndBadItems() throws Exception {
        JsonArray many = new JsonArray();
        for (int i = 0; i < 10_001; i++) {
            many.add(new JsonArray().add(118.0).add(37.4));
        }
        assertProblem(server.post("/api/v1/lookup", new JsonObject().put("points", many).encode()), 400, "points");
        many.remove(0);
        assertThat(server.post("/api/v1/lookup", new JsonObject().put("points", many).encode()).statusCode()).isEqualTo(200);
        JsonArray bad = new JsonArray().add(new JsonArray().add(118.0).add(37.4)).add(new JsonArray().add("x").add(37.4));
        assertProblem(server.post("/api/v1/lookup", new JsonObject().put("points", bad).encode()), 400, "points[1]");
        assertProblem(server.post("/api/v1/lookup", "{\"points\": [[118, 95]]}"), 400, "points[0]");
        assertProblem(server.post("/api/v1/lookup", "{\"points\": 5}"), 400, "points");
        assertProblem(server.post("/api/v1/lookup", "{oops"), 400, "body");
    }

    // ------------------------------------------------------------------ areas

    @Test
    void countiesAndPaging() throws Exception {
        JsonObject fc = json(server.get("/api/v1/areas?level=county"));
        assertThat(fc.getString("type")).isEqualTo("FeatureCollection");
        assertThat(fc.getJsonArray("features")).hasSize(7);
        Set<String> codes = new HashSet<>();
        String next = "/api/v1/areas?level=township&code=371602&limit=4";
        int pages = 0;
        while (next != null) {
            JsonObject page = json(server.get(next));
            for (Object f : page.getJsonArray("features")) {
                String code = ((JsonObject) f).getString("id");
                assertThat(code).startsWith("371602").hasSize(9);
                assertThat(codes.add(code)).as("duplicate %s", code).isTrue();
            }
            next = page.getString("next");
            pages++;
        }
        long expected = server.server().grids().hierarchy().children("371602").size();
        assertThat(codes).hasSize((int) expected);
        assertThat(pages).isEqualTo((int) Math.ceil(expected / 4.0));
    }

    @Test
    void areasByBboxAndByCode() throws Exception {
        JsonObject fc = json(server.get("/api/v1/areas?level=grid&bbox=118.00,37.42,118.02,37.44&limit=5000"));
        assertThat(fc.getJsonArray("features")).isNotEmpty();
        String grid = json(server.get("/api/v1/lookup?lon=118.01&lat=37.43")).getJsonObject("grid").getString("code");
        assertThat(fc.getJsonArray("features").stream().map(f -> ((JsonObject) f).getString("id"))).contains(grid);
        JsonObject one = json(server.get("/api/v1/areas/" + grid));
        assertThat(one.getJsonObject("properties").getString("level")).isEqualTo("grid");
        assertThat(one.getJsonObject("properties").getJsonObject("parent").getString("code")).isEqualTo(grid.substring(0, 12));
        assertThat(one.getJsonObject("geometry").getString("type")).isIn("Polygon", "MultiPolygon");
        assertProblem(server.get("/api/v1/areas/999999"), 404, null);
        assertProblem(server.get("/api/v1/areas?level=street"), 400, "level");
        assertProblem(server.get("/api/v1/areas"), 400, "level");
        assertProblem(server.get("/api/v1/areas?level=grid&bbox=1,2,3"), 400, "bbox");
        assertProblem(server.get("/api/v1/areas?level=grid&limit=0"), 400, "limit");
    }

    // ------------------------------------------------------------------ incidents

    static String contractIncident() {
        return "{\"category\":\"fraud\",\"source\":\"citizen\",\"lon\":118.02,\"lat\":37.44,\"crs\":\"gcj02\","
                + "\"reportedAt\":\"2026-11-27T10:00:00+08:00\",\"title\":\"冒充客服诈骗\",\"description\":\"老人接到冒充客服电话\"}";
    }

    @Test
    void reportContractExampleAndReadBack() throws Exception {
        HttpResponse<String> r = server.post("/api/v1/incidents", contractIncident());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonObject f = json(r);
        long id = f.getLong("id");
        assertThat(r.headers().firstValue("Location")).hasValue("/api/v1/incidents/" + id);
        assertThat(f.getString("type")).isEqualTo("Feature");
        JsonArray xy = f.getJsonObject("geometry").getJsonArray("coordinates");
        LonLat wgs = ChinaCoordinates.gcj02ToWgs84(118.02, 37.44);
        assertThat(xy.getDouble(0)).isCloseTo(wgs.lon(), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(xy.getDouble(1)).isCloseTo(wgs.lat(), org.assertj.core.data.Offset.offset(1e-6));
        JsonObject p = f.getJsonObject("properties");
        assertThat(p.getString("status")).isEqualTo("reported");
        assertThat(p.getString("gridCode")).isEqualTo(server.server().grids().locateGrid(wgs.lon(), wgs.lat()).code());
        assertThat(p.getJsonObject("original").getString("crs")).isEqualTo("gcj02");
        assertThat(p.getString("reportedAt")).isEqualTo("2026-11-27T02:00:00Z");
        JsonObject again = json(server.get("/api/v1/incidents/" + id));
        assertThat(TestServer.caseSteps(again.getJsonObject("properties"))).hasSize(1);
        assertThat(again.getJsonObject("properties").getString("title")).isEqualTo("冒充客服诈骗");
        // No severity named: Ⅳ级 一般, the least serious grade.
        assertThat(p.getInteger("severity")).isEqualTo(4);
        assertThat(p.getString("severityLabel")).isEqualTo("Ⅳ级 一般");
        JsonObject grave = json(server.post("/api/v1/incidents", contractIncident().replace("\"title\"",
                "\"severity\":1,\"title\""))).getJsonObject("properties");
        assertThat(grave.getInteger("severity")).isEqualTo(1);
        assertThat(grave.getString("severityLabel")).isEqualTo("Ⅰ级 特别重大");
    }

    /**
     * Times as operators write them: a date is that local day (to= a date: through it), a date-time
     * without offset is local (Asia/Shanghai); a repeated category= means each of them; a report
     * without time or title is reported now and titled by its category.
     */
    @Test
    void localDatesRepeatedParametersAndReportDefaults() throws Exception {
        String body = "{\"category\":\"fraud\",\"source\":\"police_call\",\"lon\":118.02,\"lat\":37.44}";
        java.time.Instant before = java.time.Instant.now().minusSeconds(1);
        JsonObject p = json(server.post("/api/v1/incidents", body)).getJsonObject("properties");
        assertThat(p.getString("title")).isEqualTo("诈骗事件");
        java.time.Instant reported = java.time.Instant.parse(p.getString("reportedAt"));
        assertThat(reported).isBetween(before, java.time.Instant.now().plusSeconds(1));
        long id = p.getLong("id");
        java.time.LocalDate today = reported.atZone(java.time.ZoneId.of("Asia/Shanghai")).toLocalDate();
        String day = today.toString();
        // from=to=one date: that local day, which holds the report.
        assertThat(ids(server.get("/api/v1/incidents?from=" + day + "&to=" + day + "&limit=5000"))).contains(id);
        assertThat(ids(server.get("/api/v1/incidents?from=" + today.plusDays(1) + "&limit=5000"))).doesNotContain(id);
        assertThat(ids(server.get("/api/v1/incidents?to=" + today.minusDays(1) + "&limit=5000"))).doesNotContain(id);
        // A local date-time: the same instant as with +08:00.
        String local = reported.atZone(java.time.ZoneId.of("Asia/Shanghai")).toLocalDateTime().minusMinutes(1)
                .withNano(0).toString();
        assertThat(ids(server.get("/api/v1/incidents?from=" + enc(local) + "&limit=5000"))).contains(id);
        // Repeated and comma-separated categories alike.
        assertThat(ids(server.get("/api/v1/incidents?category=dispute&category=fraud&from=" + day + "&limit=5000")))
                .contains(id).containsAll(ids(server.get("/api/v1/incidents?category=dispute,fraud&from=" + day
                        + "&limit=5000")));
        assertThat(ids(server.get("/api/v1/incidents?category=dispute&from=" + day + "&limit=5000"))).doesNotContain(id);
        assertProblem(server.get("/api/v1/incidents?from=2026-13-01"), 400, "from");
        assertProblem(server.get("/api/v1/incidents?category=fraud&category=jaywalking"), 400, "category");
    }

    private static java.util.List<Long> ids(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r).getJsonArray("features").stream().map(f -> ((JsonObject) f).getLong("id")).toList();
    }

    @Test
    void workflowTransitionsAndConflicts() throws Exception {
        long id = json(server.post("/api/v1/incidents", contractIncident())).getLong("id");
        String path = "/api/v1/incidents/" + id + "/transitions";
        assertThat(server.post(path, "{\"to\":\"accepted\",\"actor\":\"李警官\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> bad = server.post(path, "{\"to\":\"closed\"}");
        assertProblem(bad, 409, "to");
        assertThat(json(bad).getString("detail")).contains("accepted").contains("dispatched");
        // dispatched names the unit sent: not a bare transition, but POST …/dispatch with the unit.
        HttpResponse<String> bare = server.post(path, "{\"to\":\"dispatched\"}");
        assertProblem(bare, 409, "to");
        assertThat(json(bare).getString("detail")).contains("/dispatch");
        String unit = json(server.get("/api/v1/units?kind=police_car&status=available")).getJsonArray("features")
                .getJsonObject(0).getString("id");
        HttpResponse<String> sent = server.post("/api/v1/incidents/" + id + "/dispatch", "{\"unit\":\"" + unit + "\"}");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        for (String to : new String[] {"on_scene", "handled", "verified"}) {
            assertThat(server.post(path, "{\"to\":\"" + to + "\"}").statusCode()).isEqualTo(200);
        }
        assertProblem(server.post(path, "{\"to\":\"closed\",\"rating\":9}"), 400, "rating");
        HttpResponse<String> closed = server.post(path, "{\"to\":\"closed\",\"rating\":5,\"note\":\"已结案\"}");
        assertThat(closed.statusCode()).isEqualTo(200);
        JsonObject p = json(closed).getJsonObject("properties");
        assertThat(p.getString("status")).isEqualTo("closed");
        assertThat(p.getInteger("rating")).isEqualTo(5);
        // Reported days ago, the case is past its time limits: the monitor records overdue steps between these.
        assertThat(p.getJsonArray("history").stream().map(h -> (JsonObject) h)
                .filter(h -> !h.getString("action").equals("overdue")).map(h -> h.getString("to")))
                .containsExactly("reported", "accepted", "dispatched", "on_scene", "handled", "verified", "closed");
        assertProblem(server.post(path, "{\"to\":\"accepted\"}"), 409, "to");
        assertProblem(server.post(path, "{\"to\":\"flying\"}"), 400, "to");
        assertProblem(server.post("/api/v1/incidents/99999999/transitions", "{\"to\":\"accepted\"}"), 404, null);
        assertProblem(server.post("/api/v1/incidents/abc/transitions", "{\"to\":\"accepted\"}"), 400, "id");
    }

    /** 合并 names its target, 流转 moves the handling level, 督办 is the supervisor's, with a deadline (issue 13). */
    @Test
    void mergeTransferAndSupervision() throws Exception {
        long a = json(server.post("/api/v1/incidents", contractIncident())).getLong("id");
        long b = json(server.post("/api/v1/incidents", contractIncident())).getLong("id");
        String path = "/api/v1/incidents/" + b + "/transitions";
        assertProblem(server.post(path, "{\"to\":\"merged\"}"), 409, "into");
        assertProblem(server.post(path, "{\"to\":\"merged\",\"into\":" + b + "}"), 409, "into");
        assertProblem(server.post(path, "{\"to\":\"merged\",\"into\":99999999}"), 404, "into");
        assertProblem(server.post(path, "{\"to\":\"merged\",\"into\":\"x\"}"), 400, "into");
        assertProblem(server.post(path, "{\"to\":\"accepted\",\"into\":" + a + "}"), 400, "into");
        HttpResponse<String> merged = server.post(path, "{\"to\":\"merged\",\"into\":" + a + ",\"note\":\"重复报警\"}");
        assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);
        JsonObject m = json(merged).getJsonObject("properties");
        assertThat(m.getLong("mergedInto")).isEqualTo(a);
        JsonObject step = TestServer.caseSteps(m).getJsonObject(1);
        assertThat(step.getString("action")).isEqualTo("merge");
        assertThat(step.getString("target")).isEqualTo(Long.toString(a));

        String transfer = "/api/v1/incidents/" + a + "/transfer";
        assertThat(json(server.get("/api/v1/incidents/" + a)).getJsonObject("properties").getString("level"))
                .isEqualTo("village");
        HttpResponse<String> up = server.post(transfer, "{\"level\":\"township\",\"note\":\"涉及多村，需镇街协调\"}");
        assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
        JsonObject t = json(up).getJsonObject("properties");
        assertThat(t.getString("level")).isEqualTo("township");
        assertThat(t.getString("levelLabel")).isEqualTo("乡镇（街道）");
        assertThat(t.getString("levelArea")).isEqualTo(t.getString("gridCode").substring(0, 9));
        assertThat(t.getString("status")).as("status unchanged").isEqualTo("reported");
        assertProblem(server.post(transfer, "{\"level\":\"township\",\"note\":\"再次\"}"), 409, "level");
        assertProblem(server.post(transfer, "{\"level\":\"province\",\"note\":\"x\"}"), 400, "level");
        assertProblem(server.post(transfer, "{\"level\":\"county\"}"), 400, "note");
        assertProblem(server.post("/api/v1/incidents/" + b + "/transfer", "{\"level\":\"county\",\"note\":\"x\"}"),
                409, "action");

        String supervise = "/api/v1/incidents/" + a + "/supervise";
        String due = "{\"due\":\"2099-01-01\",\"note\":\"限期办结\"}";
        assertThat(server.post(supervise, due).statusCode()).as("a dispatcher does not supervise").isEqualTo(403);
        server.user("duty-leader", java.util.Set.of(org.gridwatch.auth.Role.SUPERVISOR), "371600");
        TestServer.Client leader = server.as(server.login("duty-leader"));
        assertProblem(leader.post(supervise, "{\"due\":\"2020-01-01T08:00\",\"note\":\"x\"}"), 400, "due");
        assertProblem(leader.post(supervise, "{\"note\":\"x\"}"), 400, "due");
        HttpResponse<String> flagged = leader.post(supervise, due);
        assertThat(flagged.statusCode()).as(flagged.body()).isEqualTo(200);
        JsonObject sv = json(flagged).getJsonObject("properties").getJsonObject("supervision");
        assertThat(sv.getString("note")).isEqualTo("限期办结");
        // A date is through that local day: the deadline is the start of the next one, 2099-01-02 00:00+08:00.
        assertThat(sv.getString("due")).isEqualTo("2099-01-01T16:00:00Z");
        assertProblem(leader.post("/api/v1/incidents/" + b + "/supervise", due), 409, "action");
    }

    /** The casework figures answer per area and for the scope; a transferred case counts as transferred. */
    @Test
    void caseworkStatsPerArea() throws Exception {
        long id = json(server.post("/api/v1/incidents", contractIncident())).getLong("id");
        assertThat(server.post("/api/v1/incidents/" + id + "/transfer", "{\"level\":\"county\",\"note\":\"涉众\"}")
                .statusCode()).isEqualTo(200);
        JsonObject all = json(server.get("/api/v1/stats/casework?level=county&from=2026-11-27&to=2026-11-27"));
        assertThat(all.getString("level")).isEqualTo("county");
        JsonObject total = all.getJsonObject("total");
        assertThat(total.getInteger("reported")).isPositive();
        assertThat(total.getInteger("transferred")).isPositive();
        assertThat(total.getJsonObject("finishedAt").fieldNames()).containsExactly("village", "township", "county");
        int sum = all.getJsonArray("areas").stream().mapToInt(a -> ((JsonObject) a).getInteger("reported")).sum();
        assertThat(sum).as("the counties add up to the city").isEqualTo(total.getInteger("reported"));
        assertProblem(server.get("/api/v1/stats/casework?level=province"), 400, "level");
        assertProblem(server.get("/api/v1/stats/casework?from=2026-12-02&to=2026-12-01"), 400, "to");

        // The 快速反应圈: one feature per township, rates between 0 and 1.
        JsonObject reach = json(server.get("/api/v1/rapid-response?minutes=5&geometry=false"));
        long townships = server.server().grids().hierarchy().level(org.gridwatch.area.AdminLevel.TOWNSHIP).size();
        assertThat(reach.getJsonArray("features")).hasSize((int) townships);
        assertThat(reach.getJsonArray("features").stream().map(f -> ((JsonObject) f).getJsonObject("properties")))
                .allSatisfy(p -> assertThat(p.getDouble("rate")).isBetween(0.0, 1.0));
        assertProblem(server.get("/api/v1/rapid-response?minutes=4"), 400, "minutes");
        assertProblem(server.get("/api/v1/rapid-response?geometry=yes"), 400, "geometry");
    }

    @Test
    void duplicateExternalIdIsNotStoredTwice() throws Exception {
        String body = "{\"category\":\"traffic\",\"source\":\"police_call\",\"externalId\":\"110-20261127-0001\",\"lon\":118.0,"
                + "\"lat\":37.4,\"reportedAt\":\"2026-11-27T09:00:00+08:00\",\"title\":\"追尾\"}";
        HttpResponse<String> first = server.post("/api/v1/incidents", body);
        assertThat(first.statusCode()).isEqualTo(201);
        long before = incidentCount();
        HttpResponse<String> second = server.post("/api/v1/incidents", body);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(json(second).getLong("id")).isEqualTo(json(first).getLong("id"));
        assertThat(incidentCount()).isEqualTo(before);
    }

    @Test
    void badIncidentsAreRejectedAndNothingIsStored() throws Exception {
        long before = incidentCount();
        String ok = contractIncident();
        assertProblem(server.post("/api/v1/incidents", "{\"category\": "), 400, "body");
        assertProblem(server.post("/api/v1/incidents", "[1,2]"), 400, "body");
        assertProblem(server.post("/api/v1/incidents", ""), 400, "body");
        assertProblem(server.post("/api/v1/incidents", ok.replace("\"category\":\"fraud\",", "")), 400, "category");
        assertProblem(server.post("/api/v1/incidents", ok.replace("fraud", "jaywalking")), 400, "category");
        assertProblem(server.post("/api/v1/incidents", ok.replace("citizen", "rumour")), 400, "source");
        assertProblem(server.post("/api/v1/incidents", ok.replace("118.02", "218.02")), 400, "lon");
        assertProblem(server.post("/api/v1/incidents", ok.replace("37.44", "\"NaN\"")), 400, "lat");
        assertProblem(server.post("/api/v1/incidents", ok.replace("\"lat\":37.44,", "")), 400, "lat");
        assertProblem(server.post("/api/v1/incidents", ok.replace("gcj02", "mars")), 400, "crs");
        assertProblem(server.post("/api/v1/incidents", ok.replace("2026-11-27T10:00:00+08:00", "yesterday")), 400, "reportedAt");
        assertProblem(server.post("/api/v1/incidents", ok.replace("2026-11-27T10:00:00+08:00", "2099-01-01T00:00:00Z")), 400, "reportedAt");
        assertProblem(server.post("/api/v1/incidents", ok.replace("冒充客服诈骗", " ")), 400, "title");
        assertProblem(server.post("/api/v1/incidents", ok.replace("\"title\"", "\"severity\":7,\"title\"")), 400, "severity");
        assertProblem(server.post("/api/v1/incidents", ok.replace("118.02", "116.40").replace("37.44", "39.90")), 422, "lon");
        String huge = "{\"description\":\"" + "x".repeat(17 * 1024 * 1024) + "\"}";
        HttpResponse<String> tooBig = server.post("/api/v1/incidents", huge);
        assertProblem(tooBig, 413, "body");
        assertThat(incidentCount()).isEqualTo(before);
        assertThat(server.get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void queriesByBboxRadiusPolygonTimeAndAttributes() throws Exception {
        String body = "{\"category\":\"dispute\",\"source\":\"grid_report\",\"lon\":117.75,\"lat\":36.87,"
                + "\"reportedAt\":\"2026-11-20T21:30:00+08:00\",\"title\":\"邻里纠纷\"}";
        long id = json(server.post("/api/v1/incidents", body)).getLong("id");
        String[] hits = {
            "/api/v1/incidents?bbox=117.74,36.86,117.76,36.88",
            "/api/v1/incidents?lon=117.751&lat=36.871&radius=200",
            "/api/v1/incidents?polygon=" + enc("POLYGON ((117.7 36.8, 117.8 36.8, 117.8 36.9, 117.7 36.9, 117.7 36.8))"),
            "/api/v1/incidents?polygon=" + enc("{\"type\":\"Polygon\",\"coordinates\":[[[117.7,36.8],[117.8,36.8],[117.8,36.9],[117.7,36.9],[117.7,36.8]]]}"),
            "/api/v1/incidents?from=" + enc("2026-11-20T21:00:00+08:00") + "&to=" + enc("2026-11-20T22:00:00+08:00"),
            "/api/v1/incidents?category=dispute,fraud&source=grid_report&status=reported",
        };
        for (String q : hits) {
            HttpResponse<String> r = server.get(q + (q.contains("?") ? "&" : "?") + "limit=5000");
            assertThat(r.statusCode()).as(q + " " + r.body()).isEqualTo(200);
            assertThat(json(r).getJsonArray("features").stream().map(f -> ((JsonObject) f).getLong("id"))).as(q).contains(id);
        }
        String[] misses = {
            "/api/v1/incidents?lon=117.76&lat=36.88&radius=100",
            "/api/v1/incidents?category=fraud&bbox=117.74,36.86,117.76,36.88",
            "/api/v1/incidents?from=" + enc("2026-11-20T22:00:00+08:00") + "&bbox=117.74,36.86,117.76,36.88",
        };
        for (String q : misses) {
            assertThat(json(server.get(q)).getJsonArray("features").stream().map(f -> ((JsonObject) f).getLong("id"))).as(q)
                    .doesNotContain(id);
        }
    }

    @Test
    void listsPageWithNextLinks() throws Exception {
        for (int i = 0; i < 7; i++) {
            server.post("/api/v1/incidents", "{\"category\":\"environment\",\"source\":\"hotline\",\"lon\":118.1,\"lat\":37.15,"
                    + "\"reportedAt\":\"2026-11-2" + i + "T08:00:00+08:00\",\"title\":\"噪音\"}");
        }
        String next = "/api/v1/incidents?category=environment&source=hotline&limit=3";
        Set<Long> ids = new HashSet<>();
        String lastReported = "9999";
        while (next != null) {
            JsonObject page = json(server.get(next));
            for (Object o : page.getJsonArray("features")) {
                JsonObject f = (JsonObject) o;
                assertThat(ids.add(f.getLong("id"))).isTrue();
                String at = f.getJsonObject("properties").getString("reportedAt");
                assertThat(at.compareTo(lastReported)).isLessThanOrEqualTo(0);
                lastReported = at;
            }
            next = page.getString("next");
        }
        assertThat(ids).hasSizeGreaterThanOrEqualTo(7);
        assertThat(json(server.get("/api/v1/incidents?category=environment&source=hotline&count=true")).getLong("count"))
                .isEqualTo(ids.size());
    }

    @Test
    void badQueriesNameTheField() throws Exception {
        assertProblem(server.get("/api/v1/incidents?from=" + enc("2026-11-27T10:00:00+08:00") + "&to="
                + enc("2026-11-27T09:00:00+08:00")), 400, "to");
        assertProblem(server.get("/api/v1/incidents?from=today"), 400, "from");
        assertProblem(server.get("/api/v1/incidents?category=aliens"), 400, "category");
        assertProblem(server.get("/api/v1/incidents?status=lost"), 400, "status");
        assertProblem(server.get("/api/v1/incidents?lon=118&lat=37"), 400, "radius");
        assertProblem(server.get("/api/v1/incidents?lon=118&lat=37&radius=-5"), 400, "radius");
        assertProblem(server.get("/api/v1/incidents?cursor=zzz"), 400, "cursor");
        assertProblem(server.get("/api/v1/incidents?bbox=118,37,117,38"), 400, "bbox");
        assertProblem(server.get("/api/v1/incidents?polygon=" + enc("POLYGON ((0 0, 1 1, 1 0, 0 1, 0 0))")), 400, "polygon");
        assertProblem(server.get("/api/v1/incidents?polygon=" + enc("POINT (1 1)")), 400, "polygon");
        assertProblem(server.get("/api/v1/incidents?polygon=" + enc("POLYGON ((0 0, 1 1")), 400, "polygon");
        assertProblem(server.get("/api/v1/incidents?polygon=" + enc("POLYGON ((0 0, 500 0, 500 1, 0 0))")), 400, "polygon");
        StringBuilder ring = new StringBuilder("POLYGON ((");
        int n = 10_001;
        for (int i = 0; i < n; i++) {
            double a = 2 * Math.PI * i / n;
            ring.append(118 + 0.1 * Math.cos(a)).append(' ').append(37.4 + 0.1 * Math.sin(a)).append(", ");
        }
        ring.append(118.1).append(' ').append(37.4).append("))");
        HttpResponse<String> tooMany = server.get("/api/v1/incidents?polygon=" + enc(ring.toString()));
        assertProblem(tooMany, 400, "polygon");
        assertThat(json(tooMany).getString("detail")).contains("10000");
        assertProblem(server.get("/api/v1/incidents/0"), 400, "id");
        assertProblem(server.get("/api/v1/incidents/424242424"), 404, null);
        assertProblem(server.get("/api/v1/nothing-here"), 404, null);
    }

    @Test
    void scopeHeaderRestrictsWhatIsSeen() throws Exception {
        long id = json(server.post("/api/v1/incidents", contractIncident())).getLong("id"); // in 滨城区
        assertThat(server.get("/api/v1/incidents/" + id, Scopes.HEADER, "371602").statusCode()).isEqualTo(200);
        assertProblem(server.get("/api/v1/incidents/" + id, Scopes.HEADER, "371681"), 404, null);
        assertProblem(server.get("/api/v1/lookup?lon=118.01&lat=37.43", Scopes.HEADER, "371681"), 404, null);
        JsonObject stats = json(server.get("/api/v1/stats/incidents?level=county", Scopes.HEADER, "371681"));
        assertThat(stats.getJsonArray("areas")).hasSize(1);
        assertProblem(server.get("/api/v1/incidents", Scopes.HEADER, "123"), 400, Scopes.HEADER);
    }

    @Test
    void statsCountPerCounty() throws Exception {
        JsonObject before = json(server.get("/api/v1/stats/incidents?level=county&category=stability"));
        assertThat(before.getJsonArray("areas")).hasSize(7);
        server.post("/api/v1/incidents", "{\"category\":\"stability\",\"source\":\"video\",\"lon\":117.5,\"lat\":37.49,"
                + "\"reportedAt\":\"2026-11-26T10:00:00+08:00\",\"title\":\"聚集\"}");
        JsonObject after = json(server.get("/api/v1/stats/incidents?level=county&category=stability"));
        assertThat(after.getLong("total")).isEqualTo(before.getLong("total") + 1);
        long huimin = after.getJsonArray("areas").stream().map(o -> (JsonObject) o)
                .filter(a -> a.getString("code").equals("371621")).findFirst().orElseThrow().getLong("count");
        long huiminBefore = before.getJsonArray("areas").stream().map(o -> (JsonObject) o)
                .filter(a -> a.getString("code").equals("371621")).findFirst().orElseThrow().getLong("count");
        assertThat(huimin).isEqualTo(huiminBefore + 1);
        assertProblem(server.get("/api/v1/stats/incidents?level=planet"), 400, "level");
        JsonObject grids = json(server.get("/api/v1/stats/incidents?level=township"));
        assertThat(grids.getJsonArray("areas").size()).isEqualTo(server.server().grids().hierarchy()
                .level(org.gridwatch.area.AdminLevel.TOWNSHIP).size());
    }

    // ------------------------------------------------------------------ operations

    @Test
    void healthReadyAndMetricsByRouteTemplate() throws Exception {
        assertThat(server.get("/health").statusCode()).isEqualTo(200);
        assertThat(json(server.get("/ready")).getString("status")).isEqualTo("READY");
        server.get("/api/v1/incidents/1");
        server.get("/api/v1/incidents/2");
        // Metrics are for the system administrator (http.metrics-public: false, the default).
        assertProblem(server.anonymous().get("/metrics"), 401, null);
        assertProblem(server.get("/metrics"), 403, null);
        server.user("ops", Set.of(org.gridwatch.auth.Role.SYSADMIN), "371600");
        String metrics = server.as(server.login("ops")).get("/metrics").body();
        assertThat(metrics).contains("http_server_requests_seconds_count").contains("route=\"/api/v1/incidents/:id\"")
                .doesNotContain("route=\"/api/v1/incidents/1\"").contains("jvm_memory_used_bytes");
    }

    @Test
    void openApiListsExactlyTheRoutes() throws Exception {
        JsonObject doc = json(server.get("/api/v1/openapi.json"));
        assertThat(doc.getString("openapi")).startsWith("3.");
        Set<String> documented = new HashSet<>();
        JsonObject paths = doc.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                documented.add(method.toUpperCase() + " " + path + " " + paths.getJsonObject(path).getJsonObject(method)
                        .getString("x-gridwatch-permission"));
            }
        }
        // Every route, with the permission it requires.
        Set<String> served = new HashSet<>();
        for (RouteSpec r : server.server().routes()) {
            served.add(r.method().name() + " " + r.openApiPath() + " " + r.permission().id());
        }
        assertThat(documented).isEqualTo(served);
    }

    @Test
    void vocabularyComesFromTheServersEnums() throws Exception {
        JsonObject v = json(server.get("/api/v1/vocabulary"));
        JsonArray statuses = v.getJsonArray("statuses");
        assertThat(statuses).hasSize(Status.values().length);
        for (Status st : Status.values()) {
            JsonObject o = statuses.stream().map(x -> (JsonObject) x).filter(x -> x.getString("id").equals(st.id()))
                    .findFirst().orElseThrow();
            assertThat(o.getString("label")).isEqualTo(st.label());
            assertThat(o.getBoolean("terminal")).isEqualTo(st.isTerminal());
            assertThat(o.getJsonArray("next").stream().map(String::valueOf).toList())
                    .containsExactlyInAnyOrderElementsOf(st.next().stream().map(Status::id).toList());
        }
        JsonObject fraud = v.getJsonArray("categories").stream().map(x -> (JsonObject) x)
                .filter(x -> x.getString("id").equals("fraud")).findFirst().orElseThrow();
        assertThat(fraud.getString("label")).isEqualTo("诈骗");
        assertThat(v.getJsonArray("alertKinds").stream().map(x -> ((JsonObject) x).getString("id")).toList())
                .contains("post_unstaffed", "grid_uncovered", "near_repeat");
        assertThat(v.fieldNames()).contains("sources", "unitKinds", "unitStatuses", "dutyStates", "heatWindows",
                "coverageStates");
    }
}
