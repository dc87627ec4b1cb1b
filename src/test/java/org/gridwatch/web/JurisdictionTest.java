package org.gridwatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridwatch.testsupport.TestServer.enc;
import static org.gridwatch.testsupport.TestServer.json;

import com.uber.h3core.H3Core;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.assertj.core.data.Offset;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.auth.Role;
import org.gridwatch.geo.Geo;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.testsupport.LiveClient;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Point;

/**
 * Jurisdiction on a real server over the demo city: a county dispatcher and analyst of 滨城区
 * (371602) sees nothing of 沾化区 (371603) through any REST route or {@code /live} channel, and
 * changes nothing there; {@code X-GridWatch-Scope} only narrows. Every refusal is checked against
 * the city-wide client, which does see (and could change) the other county, so each assertion can
 * fail: the county's answers equal the city's answers filtered to 371602, and the city's answers
 * hold 371603 items. A grid worker reports inside their own grids only.
 *
 * <p>Fixtures, made explicitly: units homed in each county with positions (one 371603 unit parked
 * inside 371602: units belong to a jurisdiction by their home township, not where they stand),
 * incidents in each county (three at one point, so the near-repeat monitor raises an alert and a
 * risk zone in each), and the demo city's school-guard posts and key places, present in both.
 */
class JurisdictionTest {
    static final String A = "371602";
    static final String B = "371603";
    static final ZoneId LOCAL = ZoneId.of("Asia/Shanghai");

    @TempDir
    static Path dir;
    static TestServer s;
    static AreaHierarchy areas;
    /** The county user: dispatcher and analyst of 371602. */
    static TestServer.Client county;
    /** The default client: the whole city. */
    static TestServer.Client city;
    static AdminArea townA;
    static AdminArea townA2;
    static AdminArea townB;
    /** Points inside grids: of townA (not the grid worker's village), townA2 and townB. */
    static Point pA;
    static Point pA2;
    static Point pB;
    /** The last of three incidents at pA (raised the near-repeat alert there), one at pA2, the last of three at pB. */
    static long incA;
    static long incA2;
    static long incB;
    static long alertA;
    static long alertB;
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(120);

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(dir, Map.of("GRIDWATCH_HTTP_RATE_LIMIT_WRITES_PER_SECOND", "10000"));
        city = s.as(s.token());
        areas = s.server().grids().hierarchy();
        townA = areas.children(A).get(0);
        townA2 = areas.children(A).get(1);
        townB = areas.children(B).get(0);
        pA = point(lastGrid(townA));
        pA2 = point(lastGrid(townA2));
        pB = point(lastGrid(townB));

        Point besideA = Geo.point(pA.getX() + 0.0002, pA.getY());
        assertThat(gridAt(besideA)).startsWith(A);
        unit("JA1", townA);
        unit("JB1", townB);
        unit("JB2", townB);
        positions(pos("JA1", pA.getX(), pA.getY(), T0), pos("JB1", pB.getX(), pB.getY(), T0),
                // A 371603 unit standing inside 371602, right beside JA1.
                pos("JB2", besideA.getX(), besideA.getY(), T0));
        for (int k = 0; k < 3; k++) {
            incA = report(city, "criminal", pA, T0.plusSeconds(k));
            incB = report(city, "criminal", pB, T0.plusSeconds(k));
        }
        incA2 = report(city, "traffic", pA2, T0);
        s.quiesce();
        JsonArray alerts = json(s.get("/api/v1/alerts?limit=5000")).getJsonArray("alerts");
        alertA = nearRepeat(alerts, A);
        alertB = nearRepeat(alerts, B);

        s.user("county", Set.of(Role.DISPATCHER, Role.ANALYST), A);
        county = s.as(s.login("county"));
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    // ---------------------------------------------------------------- fixtures and helpers

    static AdminArea lastGrid(AdminArea township) {
        List<AdminArea> grids = areas.level(AdminLevel.GRID).stream().filter(g -> g.code().startsWith(township.code()))
                .toList();
        return grids.get(grids.size() - 1);
    }

    /** A point inside {@code grid}, checked against the grid index. */
    static Point point(AdminArea grid) {
        Point p = grid.geometry().getInteriorPoint();
        assertThat(s.server().grids().locateGrid(p.getX(), p.getY()).code()).isEqualTo(grid.code());
        return p;
    }

    static void unit(String id, AdminArea township) throws Exception {
        HttpResponse<String> r = s.post("/api/v1/units", new JsonObject().put("id", id).put("callSign", "测试" + id)
                .put("kind", "police_car").put("agency", "测试").put("homeTownshipCode", township.code()).encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    static JsonObject pos(String unit, double lon, double lat, Instant t) {
        return new JsonObject().put("unit", unit).put("lon", lon).put("lat", lat).put("time", t.toString());
    }

    static void positions(JsonObject... items) throws Exception {
        HttpResponse<String> r = s.post("/api/v1/positions", new JsonArray(List.of((Object[]) items)).encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).getInteger("accepted")).as(r.body()).isEqualTo(items.length);
    }

    static long report(TestServer.Client c, String category, Point p, Instant at) throws Exception {
        HttpResponse<String> r = c.post("/api/v1/incidents", incident(category, p, at));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).getLong("id");
    }

    static String incident(String category, Point p, Instant at) {
        return new JsonObject().put("category", category).put("source", "police_call").put("lon", p.getX())
                .put("lat", p.getY()).put("reportedAt", at.toString()).put("title", "辖区测试").encode();
    }

    static long nearRepeat(JsonArray alerts, String countyCode) {
        return objects(alerts).stream().filter(a -> a.getString("kind").equals("near_repeat")
                && a.getString("areaCode").startsWith(countyCode)).findFirst().orElseThrow().getLong("id");
    }

    static List<JsonObject> objects(JsonArray a) {
        List<JsonObject> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            out.add(a.getJsonObject(i));
        }
        return out;
    }

    /** The properties of each feature of a 200 FeatureCollection. */
    static List<JsonObject> features(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return objects(json(r).getJsonArray("features")).stream().map(f -> f.getJsonObject("properties")).toList();
    }

    /** The values of {@code key} in {@code items}; numbers as Long (JSON decodes small ones as Integer). */
    static Set<Object> values(List<JsonObject> items, String key) {
        return items.stream().map(o -> o.getValue(key)).map(v -> v instanceof Number n ? (Object) n.longValue() : v)
                .collect(Collectors.toSet());
    }

    static Set<String> codes(JsonArray rows) {
        return objects(rows).stream().map(o -> o.getString("code")).collect(Collectors.toSet());
    }

    static void assert404(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith(Problem.MEDIA_TYPE);
    }

    static void assertStatus(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    }

    static String square(Point p, double half) {
        double x1 = p.getX() - half;
        double x2 = p.getX() + half;
        double y1 = p.getY() - half;
        double y2 = p.getY() + half;
        return enc("POLYGON((" + x1 + " " + y1 + "," + x2 + " " + y1 + "," + x2 + " " + y2 + "," + x1 + " " + y2 + ","
                + x1 + " " + y1 + "))");
    }

    static String window() {
        return "from=" + enc(T0.minusSeconds(3600).toString()) + "&to=" + enc(Instant.now().plusSeconds(3600).toString());
    }

    /** The units of the roster whose home township lies in {@code countyCode}. */
    static Set<String> unitsOf(String countyCode) {
        return s.server().positions().units().stream().filter(u -> u.unit().homeTownshipCode().startsWith(countyCode))
                .map(UnitRecord::id).collect(Collectors.toSet());
    }

    static String cell(Point p) throws Exception {
        return Long.toHexString(H3Core.newInstance().latLngToCell(p.getY(), p.getX(), 9));
    }

    // ---------------------------------------------------------------- reads

    @Test
    void incidentsAndStatsShowOnlyTheCounty() throws Exception {
        List<JsonObject> mine = features(county.get("/api/v1/incidents?limit=5000"));
        List<JsonObject> all = features(s.get("/api/v1/incidents?limit=5000"));
        assertThat(values(all, "countyCode")).contains(A, B);
        assertThat(mine).isNotEmpty().allSatisfy(i -> assertThat(i.getString("countyCode")).isEqualTo(A));
        assertThat(values(mine, "id")).isEqualTo(values(all.stream().filter(i -> i.getString("countyCode").equals(A))
                .toList(), "id")).contains(incA, incA2).doesNotContain(incB);
        assertThat(json(county.get("/api/v1/incidents?count=true")).getLong("count")).isEqualTo(mine.size());
        // A bbox around the other county's incident finds nothing; the city finds it.
        String around = "bbox=" + (pB.getX() - 0.001) + "," + (pB.getY() - 0.001) + "," + (pB.getX() + 0.001) + ","
                + (pB.getY() + 0.001);
        assertThat(features(county.get("/api/v1/incidents?" + around))).isEmpty();
        assertThat(values(features(s.get("/api/v1/incidents?" + around)), "id")).contains(incB);
        assertThat(features(county.get("/api/v1/incidents?lon=" + pB.getX() + "&lat=" + pB.getY() + "&radius=500")))
                .isEmpty();

        // One incident of the other county is "not found", exactly like one that does not exist.
        HttpResponse<String> other = county.get("/api/v1/incidents/" + incB);
        assert404(other);
        HttpResponse<String> none = county.get("/api/v1/incidents/99999999");
        assertThat(json(other).getString("title")).isEqualTo(json(none).getString("title"));
        assertThat(json(other).getString("detail")).isEqualTo("no incident " + incB);
        assertStatus(s.get("/api/v1/incidents/" + incB), 200);
        assertStatus(county.get("/api/v1/incidents/" + incA), 200);

        JsonObject byCounty = json(county.get("/api/v1/stats/incidents?level=county"));
        assertThat(codes(byCounty.getJsonArray("areas"))).containsExactly(A);
        assertThat(byCounty.getLong("total")).isEqualTo(mine.size());
        assertThat(objects(byCounty.getJsonArray("areas")).get(0).getLong("count")).isEqualTo(mine.size());
        JsonObject cityStats = json(s.get("/api/v1/stats/incidents?level=county"));
        assertThat(cityStats.getLong("total")).isEqualTo(all.size()).isGreaterThan(mine.size());
        JsonObject byTownship = json(county.get("/api/v1/stats/incidents?level=township"));
        assertThat(codes(byTownship.getJsonArray("areas"))).isNotEmpty().allSatisfy(c -> assertThat(c).startsWith(A));
        // The city row of a county user counts the county's incidents only.
        JsonObject cityRow = json(county.get("/api/v1/stats/incidents?level=city"));
        assertThat(cityRow.getLong("total")).isEqualTo(mine.size());
        assertThat(objects(cityRow.getJsonArray("areas"))).allSatisfy(r -> assertThat(r.getLong("count"))
                .isEqualTo(mine.size()));
    }

    @Test
    void unitsTracksAndWhoPassedShowOnlyTheCountysUnits() throws Exception {
        List<JsonObject> mine = features(county.get("/api/v1/units"));
        List<JsonObject> all = features(s.get("/api/v1/units"));
        assertThat(mine).isNotEmpty().allSatisfy(u -> assertThat(u.getString("homeTownshipCode")).startsWith(A));
        assertThat(values(mine, "id")).isEqualTo(new HashSet<Object>(unitsOf(A))).contains("JA1")
                .doesNotContain("JB1", "JB2");
        assertThat(values(all, "id")).contains("JA1", "JB1", "JB2");

        // JB2 (of 371603) stands beside JA1 inside 371602: the city sees it there, the county does not.
        String bbox = "bbox=" + (pA.getX() - 0.001) + "," + (pA.getY() - 0.001) + "," + (pA.getX() + 0.001) + ","
                + (pA.getY() + 0.001);
        assertThat(values(features(s.get("/api/v1/units?" + bbox)), "id")).contains("JA1", "JB2");
        assertThat(values(features(county.get("/api/v1/units?" + bbox)), "id")).contains("JA1").doesNotContain("JB2");
        String near = "/api/v1/units/nearest?lon=" + pA.getX() + "&lat=" + pA.getY() + "&k=100";
        assertThat(values(features(s.get(near)), "id")).contains("JB2");
        List<JsonObject> nearest = features(county.get(near));
        assertThat(nearest).isNotEmpty().allSatisfy(u -> assertThat(u.getString("homeTownshipCode")).startsWith(A));
        assertThat(values(nearest, "id")).contains("JA1");

        assert404(county.get("/api/v1/units/JB1"));
        assertThat(json(county.get("/api/v1/units/JB1")).getString("detail"))
                .isEqualTo(json(county.get("/api/v1/units/NO-SUCH-UNIT")).getString("detail").replace("NO-SUCH-UNIT", "JB1"));
        assertStatus(county.get("/api/v1/units/JA1"), 200);
        assertStatus(s.get("/api/v1/units/JB1"), 200);

        assert404(county.get("/api/v1/units/JB1/track?" + window()));
        assertThat(json(s.get("/api/v1/units/JB1/track?" + window())).getJsonArray("features")).isNotEmpty();
        assertThat(json(county.get("/api/v1/units/JA1/track?" + window())).getJsonArray("features")).isNotEmpty();
        String passedB = "/api/v1/units/passed?polygon=" + square(pB, 0.002) + "&" + window();
        assertThat(values(features(s.get(passedB)), "id")).contains("JB1");
        assertThat(features(county.get(passedB))).isEmpty();
        // Over 371602, where JB2 stood: the county's own unit only.
        String passedA = "/api/v1/units/passed?polygon=" + square(pA, 0.002) + "&" + window();
        assertThat(values(features(s.get(passedA)), "id")).contains("JA1", "JB2");
        assertThat(values(features(county.get(passedA)), "id")).containsExactly("JA1");
    }

    @Test
    void alertsHeatRiskZonesAndCoverageShowOnlyTheCounty() throws Exception {
        List<JsonObject> all = objects(json(s.get("/api/v1/alerts?limit=5000")).getJsonArray("alerts"));
        List<JsonObject> mine = objects(json(county.get("/api/v1/alerts?limit=5000")).getJsonArray("alerts"));
        assertThat(values(all, "id")).contains(alertA, alertB);
        assertThat(mine).allSatisfy(a -> assertThat(a.getString("areaCode")).startsWith(A));
        assertThat(values(mine, "id")).contains(alertA).doesNotContain(alertB);

        String heat = "/api/v1/heat?window=24h&resolution=9";
        Set<Object> cityCells = values(features(s.get(heat)), "cell");
        Set<Object> countyCells = values(features(county.get(heat)), "cell");
        assertThat(cityCells).contains(cell(pA), cell(pB), cell(pA2));
        assertThat(countyCells).contains(cell(pA), cell(pA2)).doesNotContain(cell(pB));
        assertThat(json(county.get(heat)).getLong("total")).isEqualTo(json(county.get("/api/v1/incidents?count=true"))
                .getLong("count"));

        Set<Object> cityZones = values(features(s.get("/api/v1/risk-zones")), "incidentId");
        Set<Object> countyZones = values(features(county.get("/api/v1/risk-zones")), "incidentId");
        assertThat(cityZones).contains(incA, incB);
        assertThat(countyZones).contains(incA).doesNotContain(incB);

        for (String level : new String[] {"county", "township", "grid"}) {
            JsonArray rows = json(county.get("/api/v1/coverage?level=" + level)).getJsonArray("areas");
            assertThat(codes(rows)).as(level).isNotEmpty().allSatisfy(c -> assertThat(c).startsWith(A));
        }
        // The grid where JB1 stands is visited; the county does not see it, nor a city figure that counts it.
        String gridB = s.server().grids().locateGrid(pB.getX(), pB.getY()).code();
        JsonObject visitedB = objects(json(s.get("/api/v1/coverage?level=grid")).getJsonArray("areas")).stream()
                .filter(r -> r.getString("code").equals(gridB)).findFirst().orElseThrow();
        assertThat(visitedB.getLong("visited")).isEqualTo(1);
        // No row the county gets counts a grid outside it: the city's row (every grid, JB1's visit) is not among them.
        long gridsA = areas.level(AdminLevel.GRID).stream().filter(g -> g.code().startsWith(A)).count();
        assertThat(objects(json(s.get("/api/v1/coverage?level=city")).getJsonArray("areas"))).singleElement()
                .satisfies(r -> assertThat(r.getLong("grids")).isEqualTo(areas.level(AdminLevel.GRID).size()));
        for (String level : new String[] {"city", "county"}) {
            assertThat(objects(json(county.get("/api/v1/coverage?level=" + level)).getJsonArray("areas"))).as(level)
                    .allSatisfy(r -> assertThat(r.getLong("grids")).isLessThanOrEqualTo(gridsA));
        }
        assertThat(objects(json(county.get("/api/v1/coverage?level=county")).getJsonArray("areas"))).singleElement()
                .satisfies(r -> assertThat(r.getLong("grids")).isEqualTo(gridsA));
    }

    @Test
    void postsKeyPlacesAndAreasShowOnlyTheCounty() throws Exception {
        for (String path : new String[] {"/api/v1/posts", "/api/v1/key-places"}) {
            List<JsonObject> all = features(s.get(path));
            List<JsonObject> mine = features(county.get(path));
            assertThat(values(all, "countyCode")).as(path).contains(A, B);
            assertThat(mine).as(path).isNotEmpty().allSatisfy(p -> assertThat(p.getString("gridCode")).startsWith(A));
            assertThat(values(mine, "id")).as(path).isEqualTo(values(all.stream()
                    .filter(p -> p.getString("gridCode").startsWith(A)).toList(), "id"));
            assertThat(features(county.get(path + "?county=" + B))).as(path).isEmpty();
        }
        assertThat(codes(json(s.get("/api/v1/posts/stats")).getJsonArray("areas"))).contains(A, B, "371600");
        assertThat(codes(json(county.get("/api/v1/posts/stats")).getJsonArray("areas"))).containsExactly(A);
        assertThat(codes(json(s.get("/api/v1/key-places")).getJsonObject("visibility").getJsonArray("areas")))
                .contains(A, B, "371600");
        assertThat(codes(json(county.get("/api/v1/key-places")).getJsonObject("visibility").getJsonArray("areas")))
                .containsExactly(A);

        String lookupB = "/api/v1/lookup?lon=" + pB.getX() + "&lat=" + pB.getY();
        assertStatus(s.get(lookupB), 200);
        assert404(county.get(lookupB));
        assertStatus(county.get("/api/v1/lookup?lon=" + pA.getX() + "&lat=" + pA.getY()), 200);
        JsonArray batch = json(county.post("/api/v1/lookup", new JsonObject().put("points", new JsonArray()
                .add(new JsonArray().add(pA.getX()).add(pA.getY())).add(new JsonArray().add(pB.getX()).add(pB.getY())))
                .encode())).getJsonArray("results");
        assertThat(batch.getJsonObject(0).getString("county")).isEqualTo(A);
        assertThat(batch.getValue(1)).isNull();
        assert404(county.get("/api/v1/areas/" + B));
        assert404(county.get("/api/v1/areas/" + townB.code()));
        assertStatus(county.get("/api/v1/areas/" + A), 200);
        assertThat(values(features(county.get("/api/v1/areas?level=county")), "code")).containsExactly(A);
        assertThat(features(county.get("/api/v1/areas?level=township&code=" + B))).isEmpty();
    }

    @Test
    void theScopeHeaderNarrowsButNeverWidens() throws Exception {
        HttpResponse<String> other = county.get("/api/v1/incidents", Scopes.HEADER, B);
        ApiTest.assertProblem(other, 403, Scopes.HEADER);
        ApiTest.assertProblem(county.get("/api/v1/units", Scopes.HEADER, townB.code()), 403, Scopes.HEADER);
        // A township of the county: only its incidents.
        List<JsonObject> town = features(county.get("/api/v1/incidents?limit=5000", Scopes.HEADER, townA.code()));
        assertThat(town).isNotEmpty().allSatisfy(i -> assertThat(i.getString("gridCode")).startsWith(townA.code()));
        assertThat(values(town, "id")).contains(incA).doesNotContain(incA2, incB);
        assert404(county.get("/api/v1/incidents/" + incA2, Scopes.HEADER, townA.code()));
        // The whole city as the header: still the county only.
        List<JsonObject> city = features(county.get("/api/v1/incidents?limit=5000", Scopes.HEADER, "371600"));
        assertThat(values(city, "countyCode")).containsExactly(A);
        ApiTest.assertProblem(county.send("GET", "/api/v1/incidents", null, Scopes.HEADER, townA.code(), Scopes.HEADER,
                townA2.code()), 400, Scopes.HEADER);
        // The city-wide client may narrow to the other county.
        assertThat(values(features(s.get("/api/v1/incidents?limit=5000", Scopes.HEADER, B)), "countyCode"))
                .containsExactly(B);
        String token = s.login("county");
        assertThatThrownBy(() -> LiveClient.connect(s.server().port(), "/live", B, token)).hasMessageContaining("403");
        assertThatThrownBy(() -> LiveClient.connect(s.server().port(), "/live?scope=" + B, null, token))
                .hasMessageContaining("403");
    }

    // ---------------------------------------------------------------- writes

    @Test
    void writesInTheOtherCountyAreRefusedAndChangeNothing() throws Exception {
        unit("WA", townA);
        unit("WB", townB);
        long wA = report(city, "dispute", pA2, Instant.now().minusSeconds(5));
        long wB = report(city, "dispute", pB, Instant.now().minusSeconds(5));
        assertStatus(s.post("/api/v1/incidents/" + wB + "/transitions", "{\"to\":\"accepted\"}"), 200);
        // Its own incident the county may accept.
        assertStatus(county.post("/api/v1/incidents/" + wA + "/transitions", "{\"to\":\"accepted\"}"), 200);

        assert404(county.post("/api/v1/incidents/" + incB + "/transitions", "{\"to\":\"accepted\"}"));
        assert404(county.post("/api/v1/incidents/" + wA + "/dispatch", "{\"unit\":\"WB\"}"));
        assert404(county.post("/api/v1/incidents/" + wB + "/dispatch", "{\"unit\":\"WA\"}"));
        assert404(county.patch("/api/v1/units/WB", "{\"status\":\"off_duty\"}"));
        assert404(county.post("/api/v1/alerts/" + alertB + "/ack", "{}"));
        ApiTest.assertProblem(county.post("/api/v1/incidents", incident("fraud", pB, Instant.now().minusSeconds(5))),
                403, "lon");
        ApiTest.assertProblem(county.post("/api/v1/units", new JsonObject().put("id", "WB2").put("callSign", "越界")
                .put("kind", "police_car").put("agency", "测试").put("homeTownshipCode", townB.code()).encode()), 403,
                "homeTownshipCode");
        // Neither role of the county user posts positions.
        assertStatus(county.post("/api/v1/positions", "[" + pos("JB1", pB.getX(), pB.getY(), Instant.now()).encode()
                + "]"), 403);
        // A position bridge of the county: the other county's unit is refused, its own lands.
        String gateway = TestServer.key(s.server(), "county-bridge", Set.of(Role.GATEWAY), A);
        TestServer.Client bridge = s.as(gateway);
        Instant t = Instant.now().minusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
        HttpResponse<String> mixed = bridge.post("/api/v1/positions", "[" + pos("JB1", pB.getX() + 0.0001, pB.getY(), t)
                .encode() + "," + pos("JA1", pA.getX(), pA.getY() + 0.0001, t).encode() + "]");
        assertStatus(mixed, 200);
        assertThat(json(mixed).getInteger("accepted")).isEqualTo(1);
        assertThat(objects(json(mixed).getJsonArray("rejected"))).singleElement().satisfies(r -> {
            assertThat(r.getInteger("index")).isZero();
            assertThat(r.getString("reason")).isEqualTo("not_permitted");
        });
        assertStatus(bridge.get("/osmand?id=JB1&lat=" + pB.getY() + "&lon=" + pB.getX() + "&timestamp="
                + t.plusSeconds(1).getEpochSecond()), 403);
        s.quiesce();

        // Nothing changed in 371603 (the city-wide client looks).
        assertThat(status("/api/v1/incidents/" + incB)).isEqualTo("reported");
        assertThat(status("/api/v1/incidents/" + wB)).isEqualTo("accepted");
        assertThat(json(s.get("/api/v1/incidents/" + wB)).getJsonObject("properties").getString("unit")).isNull();
        assertThat(status("/api/v1/incidents/" + wA)).isEqualTo("accepted");
        assertThat(status("/api/v1/units/WB")).isEqualTo("available");
        assertThat(status("/api/v1/units/WA")).isEqualTo("available");
        assert404(s.get("/api/v1/units/WB2"));
        JsonObject jb1 = json(s.get("/api/v1/units/JB1"));
        assertThat(jb1.getJsonObject("properties").getString("time")).isEqualTo(T0.toString());
        assertThat(jb1.getJsonObject("geometry").getJsonArray("coordinates").getDouble(0))
                .isCloseTo(pB.getX(), Offset.offset(1e-6));
        assertThat(json(s.get("/api/v1/units/JA1")).getJsonObject("properties").getString("time")).isEqualTo(t.toString());
        JsonObject alert = objects(json(s.get("/api/v1/alerts?limit=5000")).getJsonArray("alerts")).stream()
                .filter(a -> a.getLong("id") == alertB).findFirst().orElseThrow();
        assertThat(alert.getBoolean("acknowledged")).isFalse();
        String around = "bbox=" + (pB.getX() - 0.001) + "," + (pB.getY() - 0.001) + "," + (pB.getX() + 0.001) + ","
                + (pB.getY() + 0.001) + "&category=fraud";
        assertThat(features(s.get("/api/v1/incidents?" + around))).isEmpty();
    }

    static String status(String path) throws Exception {
        HttpResponse<String> r = s.get(path);
        assertStatus(r, 200);
        return json(r).getJsonObject("properties").getString("status");
    }

    @Test
    void aGridWorkerReportsInOwnGridsOnly() throws Exception {
        // The grids of one village, as the demo's grid worker has them.
        AdminArea village = areas.children(townA.code()).stream().filter(v -> !areas.children(v.code()).isEmpty())
                .findFirst().orElseThrow();
        List<AdminArea> grids = areas.children(village.code());
        s.user("gridworker", Set.of(Role.GRID_WORKER), grids.stream().map(AdminArea::code).toArray(String[]::new));
        TestServer.Client worker = s.as(s.login("gridworker"));
        Point inside = point(grids.get(0));
        assertThat(village.code()).isNotEqualTo(s.server().grids().locate(pA.getX(), pA.getY()).orElseThrow()
                .village().code());
        long before = json(s.get("/api/v1/incidents?count=true")).getLong("count");
        Instant at = Instant.now().minusSeconds(5);
        HttpResponse<String> ok = worker.post("/api/v1/incidents", incident("fire_safety", inside, at));
        assertStatus(ok, 201);
        long mine = json(ok).getLong("id");
        ApiTest.assertProblem(worker.post("/api/v1/incidents", incident("fire_safety", pA, at)), 403, "lon");
        ApiTest.assertProblem(worker.post("/api/v1/incidents", incident("fire_safety", pB, at)), 403, "lon");
        s.quiesce();
        assertThat(json(s.get("/api/v1/incidents?count=true")).getLong("count")).isEqualTo(before + 1);
        // What the worker sees: the incidents of the village's grids.
        List<JsonObject> seen = features(worker.get("/api/v1/incidents?limit=5000"));
        assertThat(values(seen, "id")).contains(mine).doesNotContain(incA, incB);
        assertThat(seen).allSatisfy(i -> assertThat(i.getString("gridCode")).startsWith(village.code()));
        assert404(worker.get("/api/v1/incidents/" + incA));
        // Reporting is all a grid worker may change.
        assertStatus(worker.post("/api/v1/incidents/" + mine + "/transitions", "{\"to\":\"accepted\"}"), 403);
    }

    // ---------------------------------------------------------------- /live

    @Test
    void liveChannelsSendTheCountyNothingOfTheOtherCounty() throws Exception {
        Point lA = point(firstGrid(townA2));
        Point lB = point(firstGrid(townB));
        try (LiveClient cc = LiveClient.connect(s.server().port(), "/live", null, s.login("county"));
             LiveClient wc = LiveClient.connect(s)) {
            Frames mine = new Frames(cc);
            Frames all = new Frames(wc);
            for (Frames f : List.of(mine, all)) {
                f.next(x -> "welcome".equals(x.getString("op")), 10);
                subscribeAll(f.client);
                for (String id : SUBSCRIPTIONS) {
                    f.next(x -> "snapshot".equals(x.getString("op")) && id.equals(x.getString("id")), 10);
                }
            }
            // 371603 changes first, then 371602's: once the county has its own, anything of the other county
            // would have come before or with them.
            unit("LB", townB);
            unit("LX", townB);
            unit("LA", townA);
            Instant t = Instant.now().minusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
            Point besideLA = Geo.point(lA.getX() + 0.0002, lA.getY());
            assertThat(gridAt(besideLA)).startsWith(A);
            positions(pos("LB", lB.getX(), lB.getY(), t), pos("LX", besideLA.getX(), besideLA.getY(), t));
            long iB = report(city, "fraud", lB, t);
            long aB = s.server().alerts().raiseFromAnyThread("test", "info", "沾化测试告警", null, gridAt(lB), lB.getX(),
                    lB.getY()).get().id();
            s.quiesce();
            positions(pos("LA", lA.getX(), lA.getY(), t));
            long iA = report(city, "fraud", lA, t);
            long aA = s.server().alerts().raiseFromAnyThread("test", "info", "滨城测试告警", null, gridAt(lA), lA.getX(),
                    lA.getY()).get().id();
            s.quiesce();
            Instant settled = Instant.now();
            String today = enc(settled.atZone(LOCAL).truncatedTo(ChronoUnit.DAYS).toInstant().toString());
            long openBefore = json(county.get("/api/v1/alerts?open=true&limit=5000")).getLong("numberReturned");

            mine.await("u", "id", "LA");
            mine.await("i", "id", iA);
            mine.await("a", "id", aA);
            mine.await("h", "id", cell(lA));
            JsonObject stats = mine.awaitStats(settled);
            long openAfter = json(county.get("/api/v1/alerts?open=true&limit=5000")).getLong("numberReturned");
            // The city-wide connection gets the other county's changes: the checks below can fail.
            all.await("u", "id", "LB", "LX");
            all.await("i", "id", iB);
            all.await("a", "id", aB);
            all.await("h", "id", cell(lB));
            JsonObject cityStats = all.awaitStats(settled);

            Set<String> unitsA = unitsOf(A);
            assertThat(mine.items("u")).isNotEmpty().allSatisfy(u -> assertThat(unitsA).contains(u.getString("id")));
            assertThat(values(mine.items("u"), "id")).contains("JA1", "LA").doesNotContain("JB1", "JB2", "LB", "LX");
            assertThat(values(all.items("u"), "id")).contains("JB1", "JB2", "LB", "LX");
            assertThat(mine.items("i")).isNotEmpty().allSatisfy(i -> assertThat(i.getString("countyCode")).isEqualTo(A));
            assertThat(values(mine.items("i"), "id")).contains(incA, iA).doesNotContain(incB, iB);
            assertThat(values(all.items("i"), "id")).contains(incB, iB);
            assertThat(mine.items("a")).isNotEmpty().allSatisfy(a -> assertThat(a.getString("areaCode")).startsWith(A));
            assertThat(values(mine.items("a"), "id")).contains(alertA, aA).doesNotContain(alertB, aB);
            assertThat(values(all.items("a"), "id")).contains(alertB, aB);
            assertThat(values(mine.items("h"), "id")).contains(cell(pA), cell(lA)).doesNotContain(cell(pB), cell(lB));
            assertThat(values(all.items("h"), "id")).contains(cell(pB), cell(lB));
            assertThat(mine.items("c")).isNotEmpty().allSatisfy(g -> assertThat(g.getString("id")).startsWith(A));
            assertThat(values(all.items("c"), "id")).contains(gridAt(lB));
            Set<Object> postsA = values(features(s.get("/api/v1/posts?county=" + A)), "id");
            assertThat(values(mine.items("p"), "id")).isNotEmpty().isEqualTo(postsA);
            assertThat(values(all.items("p"), "id")).containsAll(values(features(s.get("/api/v1/posts?county=" + B)), "id"));

            for (JsonObject f : mine.of("s")) {
                JsonObject d = f.getJsonObject("data");
                assertThat(codes(d.getJsonArray("coverage"))).isNotEmpty().allSatisfy(c -> assertThat(c).startsWith(A));
                assertThat(codes(d.getJsonArray("posts"))).containsExactly(A);
                assertThat(codes(d.getJsonArray("visibility"))).containsExactly(A);
            }
            long incidentsToday = json(county.get("/api/v1/incidents?count=true&from=" + today)).getLong("count");
            assertThat(stats.getJsonObject("incidentsToday").getLong("total")).isEqualTo(incidentsToday);
            assertThat(cityStats.getJsonObject("incidentsToday").getLong("total"))
                    .isEqualTo(json(s.get("/api/v1/incidents?count=true&from=" + today)).getLong("count"))
                    .isGreaterThan(incidentsToday);
            assertThat(unitCount(stats)).isEqualTo(unitsA.size());
            assertThat(unitCount(cityStats)).isEqualTo(s.server().positions().units().size()).isGreaterThan(unitsA.size());
            assertThat(stats.getJsonObject("alerts").getLong("open")).isBetween(openBefore, openAfter);
            assertThat(codes(cityStats.getJsonArray("coverage"))).contains(A, B);
        }
    }

    static final List<String> SUBSCRIPTIONS = List.of("u", "h", "i", "a", "s", "c", "p");

    static AdminArea firstGrid(AdminArea township) {
        return areas.level(AdminLevel.GRID).stream().filter(g -> g.code().startsWith(township.code())).findFirst()
                .orElseThrow();
    }

    static String gridAt(Point p) {
        return s.server().grids().locateGrid(p.getX(), p.getY()).code();
    }

    /** Units counted in a stats object, every kind and status. */
    static long unitCount(JsonObject stats) {
        JsonObject byKind = stats.getJsonObject("units").getJsonObject("byKind");
        long n = 0;
        for (String kind : byKind.fieldNames()) {
            for (Object v : byKind.getJsonObject(kind).getMap().values()) {
                n += ((Number) v).longValue();
            }
        }
        return n;
    }

    /** Every frame a live client received, kept in arrival order so that nothing it was sent escapes the checks. */
    static final class Frames {
        final LiveClient client;
        final List<JsonObject> seen = new ArrayList<>();

        Frames(LiveClient client) {
            this.client = client;
        }

        JsonObject next(Predicate<JsonObject> p, int seconds) throws Exception {
            JsonObject f = client.next(p, seconds);
            seen.add(f);
            return f;
        }

        /** Reads frames of subscription {@code id} until its items hold every one of {@code values} under {@code key}. */
        void await(String id, String key, Object... values) throws Exception {
            while (!values(items(id, false), key).containsAll(List.of(values))) {
                next(f -> id.equals(f.getString("id")), 10);
            }
        }

        /** Reads {@code stats} frames until one computed at or after {@code t}; its data. */
        JsonObject awaitStats(Instant t) throws Exception {
            return next(f -> statsAfter(f, t), 15).getJsonObject("data");
        }

        /** The frames received so far, of subscription {@code id}. */
        List<JsonObject> of(String id) {
            seen.addAll(client.drain());
            return seen.stream().filter(f -> id.equals(f.getString("id"))).toList();
        }

        /** Every item received for subscription {@code id}: snapshots' and log deltas' items, state deltas' upserts. */
        List<JsonObject> items(String id) {
            return items(id, true);
        }

        private List<JsonObject> items(String id, boolean drain) {
            List<JsonObject> out = new ArrayList<>();
            for (JsonObject f : drain ? of(id) : seen.stream().filter(f -> id.equals(f.getString("id"))).toList()) {
                JsonObject data = f.getJsonObject("data");
                if (data == null) {
                    continue;
                }
                JsonArray a = data.containsKey("items") ? data.getJsonArray("items") : data.getJsonArray("upsert");
                if (a != null) {
                    out.addAll(objects(a));
                }
            }
            return out;
        }
    }

    static void subscribeAll(LiveClient c) throws Exception {
        c.send(sub("u", "units", null));
        c.send(sub("h", "heat", new JsonObject().put("window", "1h").put("resolution", 9)));
        c.send(sub("i", "incidents", null));
        c.send(sub("a", "alerts", null));
        c.send(sub("s", "stats", null));
        c.send(sub("c", "coverage", null));
        c.send(sub("p", "posts", null));
    }

    static JsonObject sub(String id, String channel, JsonObject params) {
        JsonObject f = new JsonObject().put("op", "subscribe").put("id", id).put("channel", channel);
        return params == null ? f : f.put("params", params);
    }

    /** Every feature id of an OGC API collection, through its next links. */
    static Set<String> ogcIds(TestServer.Client c, String collection) throws Exception {
        Set<String> ids = new java.util.HashSet<>();
        String next = "/ogcapi/collections/" + collection + "/items?limit=1000";
        while (next != null) {
            HttpResponse<String> r = c.get(next);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonObject page = json(r);
            objects(page.getJsonArray("features")).forEach(f -> ids.add(f.getString("id")));
            next = objects(page.getJsonArray("links")).stream().filter(l -> l.getString("rel").equals("next"))
                    .map(l -> l.getString("href")).map(h -> h.substring(h.indexOf("/ogcapi"))).findFirst().orElse(null);
        }
        return ids;
    }

    /** The ids of a REST answer's features (or items) as strings. */
    static Set<String> restIds(HttpResponse<String> r, String array, String key) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return objects(json(r).getJsonArray(array)).stream()
                .map(o -> String.valueOf(array.equals("features") ? o.getJsonObject("properties").getValue(key) : o.getValue(key)))
                .collect(Collectors.toSet());
    }

    @Test
    void ogcCollectionsAnswerWhatTheRestRoutesAnswerEachCaller() throws Exception {
        for (TestServer.Client c : List.of(county, city)) {
            assertThat(ogcIds(c, "incidents")).isEqualTo(restIds(c.get("/api/v1/incidents?limit=5000"), "features", "id"));
            assertThat(ogcIds(c, "alerts")).isEqualTo(restIds(c.get("/api/v1/alerts?limit=5000"), "alerts", "id"));
            assertThat(ogcIds(c, "posts")).isEqualTo(restIds(c.get("/api/v1/posts"), "features", "id"));
            assertThat(ogcIds(c, "key-places")).isEqualTo(restIds(c.get("/api/v1/key-places"), "features", "id"));
            assertThat(ogcIds(c, "risk-zones")).isEqualTo(restIds(c.get("/api/v1/risk-zones"), "features", "incidentId"));
            assertThat(ogcIds(c, "townships")).isEqualTo(restIds(c.get("/api/v1/areas?level=township&limit=1000"),
                    "features", "code"));
            // Units: those that ever reported a position (a unit without one has no place on a map).
            Set<String> reported = restIds(c.get("/api/v1/units"), "features", "id");
            reported.retainAll(s.server().positions().units().stream().filter(u -> u.lastPosition() != null)
                    .map(u -> u.id()).collect(Collectors.toSet()));
            assertThat(ogcIds(c, "units")).isEqualTo(reported);
        }
        assertThat(ogcIds(county, "incidents")).contains(String.valueOf(incA)).doesNotContain(String.valueOf(incB));
        assertThat(ogcIds(city, "incidents")).contains(String.valueOf(incB));
        assertThat(ogcIds(county, "units")).contains("JA1").doesNotContain("JB1", "JB2");
        assert404(county.get("/ogcapi/collections/incidents/items/" + incB));
    }

    static boolean statsAfter(JsonObject f, Instant t) {
        JsonObject d = "s".equals(f.getString("id")) ? f.getJsonObject("data") : null;
        return d != null && d.getString("time") != null && !Instant.parse(d.getString("time")).isBefore(t);
    }
}
