package org.gridwatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.testsupport.TestServer.enc;
import static org.gridwatch.testsupport.TestServer.json;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, "values that mean something": rows 7 (overflowing times), 13 (times before 2000,
 * control characters, unpaired surrogates, duplicate keys, malformed UTF-8), 14 (polygons across
 * the antimeridian), 15 ({@code /osmand} says what became of a fix) and the empty parameters of
 * row 18, each against a real server. A refused request changes nothing: every test reads back.
 */
class InputValuesTest {
    @TempDir
    static Path dir;
    static TestServer server;
    static final Instant T = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);
    static final String FAR = "+999999999-12-31T23:59:59Z";
    static final String FAR_PAST = "-999999999-01-01T00:00:00Z";
    /** Words of the JSON library that must never reach a client. */
    static final List<String> LIBRARY_WORDS = List.of("Jackson", "Feature", "STRICT_", "ALLOW_", "StreamRead",
            "com.fasterxml", "REDACTED");

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static String incident(String reportedAt, String title) {
        return new JsonObject().put("category", "fraud").put("source", "citizen").put("lon", 118.01).put("lat", 37.43)
                .put("reportedAt", reportedAt).put("title", title).encode();
    }

    static long incidentCount() throws Exception {
        return json(server.get("/api/v1/incidents?count=true")).getLong("count");
    }

    static String township() {
        return server.server().grids().hierarchy().level(AdminLevel.TOWNSHIP).get(0).code();
    }

    static void addUnit(String id, String kind) throws Exception {
        HttpResponse<String> r = server.post("/api/v1/units", new JsonObject().put("id", id).put("callSign", id)
                .put("kind", kind).put("agency", "测试").put("homeTownshipCode", township()).encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    static String pos(String unit, double lon, double lat, String time) {
        return new JsonObject().put("unit", unit).put("lon", lon).put("lat", lat).put("time", time).encode();
    }

    /** The unit's current fix time and longitude, read back. */
    static String fix(String unit) throws Exception {
        JsonObject u = json(server.get("/api/v1/units/" + unit));
        JsonObject g = u.getJsonObject("geometry");
        return u.getJsonObject("properties").getString("time") + " "
                + (g == null ? "-" : g.getJsonArray("coordinates").getDouble(0));
    }

    static void assertOwnWords(HttpResponse<String> r) {
        for (String w : LIBRARY_WORDS) {
            assertThat(r.body()).as("problem body in the server's own words").doesNotContain(w);
        }
    }

    // ------------------------------------------------------------------ row 7

    @Test
    void anUnknownQueryParameterIsRefusedNamingItAndTheParametersTheRouteTakes() throws Exception {
        HttpResponse<String> typo = server.get("/api/v1/incidents?catgory=fraud");
        ApiTest.assertProblem(typo, 400, "catgory");
        assertThat(typo.body()).contains("is not a parameter of GET /api/v1/incidents").contains("category");
        ApiTest.assertProblem(server.get("/api/v1/units/nearest?lon=118&lat=37.4&radius=500"), 400, "radius");
        ApiTest.assertProblem(server.get("/api/v1/vocabulary?lang=en"), 400, "lang");
        assertThat(server.get("/api/v1/incidents?category=fraud&tz=local").statusCode()).as("documented ones pass")
                .isEqualTo(200);
    }

    @Test
    void row7_overflowingQueryTimesAreRefusedNamingTheParameter() throws Exception {
        String far = enc(FAR);
        for (String[] q : new String[][] {
                {"/api/v1/incidents?from=" + far, "from"},
                {"/api/v1/incidents?to=" + far, "to"},
                {"/api/v1/incidents?from=" + enc(FAR_PAST), "from"},
                {"/api/v1/incidents?count=true&from=" + far, "from"},
                {"/api/v1/stats/incidents?from=" + far, "from"},
                {"/api/v1/stats/incidents?level=grid&to=" + far, "to"},
                {"/api/v1/alerts?since=" + far, "since"},
                {"/api/v1/posts/stats?day=" + enc("+999999999-12-31"), "day"}}) {
            HttpResponse<String> r = server.get(q[0]);
            ApiTest.assertProblem(r, 400, q[1]);
            assertThat(json(r).getString("detail")).as(q[0]).contains("four-digit year");
        }
        // The widest meaningful window is fine.
        HttpResponse<String> wide = server.get("/api/v1/stats/incidents?from=" + enc("0000-01-01T00:00:00Z") + "&to="
                + enc("9999-12-31T23:59:59Z"));
        assertThat(wide.statusCode()).as(wide.body()).isEqualTo(200);
    }

    @Test
    void row7_anOverflowingReportTimeIs400NotAFalse503() throws Exception {
        long before = incidentCount();
        for (String t : List.of(FAR_PAST, FAR)) {
            HttpResponse<String> r = server.post("/api/v1/incidents", incident(t, "溢出"));
            ApiTest.assertProblem(r, 400, "reportedAt");
            assertThat(r.headers().firstValue("Retry-After")).as("nothing to retry").isEmpty();
        }
        assertThat(incidentCount()).isEqualTo(before);
        // The store took nothing and is not wedged: the next good report lands.
        HttpResponse<String> ok = server.post("/api/v1/incidents", incident(T.toString(), "正常"));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        assertThat(incidentCount()).isEqualTo(before + 1);
    }

    // ------------------------------------------------------------------ row 13

    @Test
    void row13_reportTimesBefore2000OrAheadAreRefused() throws Exception {
        long before = incidentCount();
        for (String t : List.of("0000-01-01T00:00:00Z", "1900-01-01T00:00:00Z", "1999-12-31T23:59:59Z",
                "2000-01-01T07:59:59+08:00")) {
            HttpResponse<String> r = server.post("/api/v1/incidents", incident(t, "远古"));
            ApiTest.assertProblem(r, 400, "reportedAt");
            assertThat(json(r).getString("detail")).contains("2000-01-01T00:00:00Z");
        }
        HttpResponse<String> ahead = server.post("/api/v1/incidents", incident(Instant.now().plus(Duration.ofMinutes(10))
                .toString(), "未来"));
        ApiTest.assertProblem(ahead, 400, "reportedAt");
        assertThat(json(ahead).getString("detail")).contains("future");
        assertThat(incidentCount()).isEqualTo(before);
        HttpResponse<String> first = server.post("/api/v1/incidents", incident("2000-01-01T00:00:00Z", "最早"));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    }

    @Test
    void row13_positionsFrom1900AreRejectedAsEarlyTime() throws Exception {
        addUnit("V-OLD", "grid_worker");
        String body = "[" + String.join(",", pos("V-OLD", 118.0, 37.4, "1900-01-01T00:00:00Z"),
                pos("V-OLD", 118.0, 37.4, "1999-12-31T23:59:59Z"), pos("V-OLD", 118.0, 37.4, FAR_PAST),
                pos("V-OLD", 118.001, 37.4, T.toString())) + "]";
        JsonObject r = json(server.post("/api/v1/positions", body));
        assertThat(r.getInteger("accepted")).isEqualTo(1);
        assertThat(r.getJsonArray("rejected").stream().map(o -> ((JsonObject) o).getInteger("index") + ":"
                + ((JsonObject) o).getString("reason"))).containsExactly("0:early_time", "1:early_time", "2:early_time");
        assertThat(fix("V-OLD")).isEqualTo(T + " 118.001");
        // OsmAnd: a 1980 clock (GPS epoch) is dropped for good (204, why in the header), nothing changes.
        HttpResponse<String> osm = server.get("/osmand?id=V-OLD&lat=37.4&lon=118.002&timestamp=315964800");
        assertThat(osm.statusCode()).isEqualTo(204);
        assertThat(osm.headers().firstValue(PositionRoutes.DROPPED_HEADER)).hasValue("early_time");
        server.quiesce();
        assertThat(fix("V-OLD")).isEqualTo(T + " 118.001");
    }

    @Test
    void row13_controlCharactersInTextAreRefused() throws Exception {
        long before = incidentCount();
        for (String title : List.of("a\u0000b", "tab\there", "line\nbreak", "bell\u0007", "del\u007f", "c1\u0085")) {
            HttpResponse<String> r = server.post("/api/v1/incidents", incident(T.toString(), title));
            ApiTest.assertProblem(r, 400, "title");
            assertThat(json(r).getString("detail")).contains("control character");
        }
        JsonObject withDescription = new JsonObject(incident(T.toString(), "描述")).put("description", "x\u0000y");
        ApiTest.assertProblem(server.post("/api/v1/incidents", withDescription.encode()), 400, "description");
        assertThat(incidentCount()).isEqualTo(before);
        // Free text keeps its line breaks and tabs, exactly.
        String text = "第一行\n第二行\r\n\t缩进";
        HttpResponse<String> ok = server.post("/api/v1/incidents", withDescription.put("description", text).encode());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        long id = json(ok).getLong("id");
        assertThat(json(server.get("/api/v1/incidents/" + id)).getJsonObject("properties").getString("description"))
                .isEqualTo(text);
        // A transition note, a unit's call sign: the same rules.
        ApiTest.assertProblem(server.post("/api/v1/incidents/" + id + "/transitions",
                "{\"to\":\"accepted\",\"note\":\"ok\\u0000\"}"), 400, "note");
        assertThat(json(server.get("/api/v1/incidents/" + id)).getJsonObject("properties").getString("status"))
                .isEqualTo("reported");
        ApiTest.assertProblem(server.post("/api/v1/units", new JsonObject().put("id", "V-NUL").put("callSign", "呼\u0000号")
                .put("kind", "grid_worker").put("agency", "测试").put("homeTownshipCode", township()).encode()), 400, "callSign");
        ApiTest.assertProblem(server.get("/api/v1/units/V-NUL"), 404, null);
    }

    @Test
    void row13_unpairedSurrogatesAreRefused() throws Exception {
        long before = incidentCount();
        String base = incident(T.toString(), "TITLE");
        for (String escaped : List.of("\\ud800", "a\\udc00b", "\\ud83d")) {
            HttpResponse<String> r = server.post("/api/v1/incidents", base.replace("TITLE", escaped));
            ApiTest.assertProblem(r, 400, "title");
            assertThat(json(r).getString("detail")).contains("surrogate");
        }
        // In a member name the server ignores, too: the body is not well-formed Unicode.
        HttpResponse<String> key = server.post("/api/v1/incidents", base.replace("{", "{\"x\\ud800\":1,"));
        assertThat(key.statusCode()).isEqualTo(400);
        assertThat(json(key).getString("detail")).contains("surrogate");
        assertThat(incidentCount()).isEqualTo(before);
        // A proper pair (🚓) is kept as sent.
        HttpResponse<String> ok = server.post("/api/v1/incidents", base.replace("TITLE", "\\ud83d\\ude93 巡逻"));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        assertThat(json(server.get("/api/v1/incidents/" + json(ok).getLong("id"))).getJsonObject("properties")
                .getString("title")).isEqualTo("\uD83D\uDE93 巡逻");
    }

    @Test
    void row13_duplicateJsonKeysAreRefused() throws Exception {
        long before = incidentCount();
        String base = incident(T.toString(), "重复");
        HttpResponse<String> top = server.post("/api/v1/incidents", base.replace("{", "{\"category\":\"criminal\","));
        ApiTest.assertProblem(top, 400, "category");
        assertThat(json(top).getString("detail")).contains("twice");
        assertOwnWords(top);
        HttpResponse<String> nested = server.post("/api/v1/incidents", base.replace("{", "{\"extra\":{\"a\":1,\"a\":2},"));
        ApiTest.assertProblem(nested, 400, "extra.a");
        assertThat(incidentCount()).isEqualTo(before);

        // Positions: the item with a duplicate key is rejected, the others land (array and NDJSON).
        addUnit("V-DUP", "grid_worker");
        String dup = "{\"unit\":\"V-DUP\",\"lon\":118.0,\"lon\":118.5,\"lat\":37.4,\"time\":\"" + T + "\"}";
        JsonObject array = json(server.post("/api/v1/positions", "[" + dup + "," + pos("V-DUP", 118.001, 37.4,
                T.plusSeconds(5).toString()) + "]"));
        assertThat(array.getInteger("accepted")).isEqualTo(1);
        assertThat(array.getJsonArray("rejected").getJsonObject(0).getInteger("index")).isZero();
        assertThat(array.getJsonArray("rejected").getJsonObject(0).getString("reason")).isEqualTo("invalid");
        JsonObject nd = json(server.post("/api/v1/positions", dup.replace(T.toString(), T.plusSeconds(10).toString()) + "\n"
                + pos("V-DUP", 118.002, 37.4, T.plusSeconds(15).toString())));
        assertThat(nd.getInteger("accepted")).isEqualTo(1);
        assertThat(nd.getJsonArray("rejected").getJsonObject(0).getInteger("index")).isZero();
        assertThat(fix("V-DUP")).isEqualTo(T.plusSeconds(15) + " 118.002");

        // A GeoJSON parameter.
        String poly = "{\"type\":\"Polygon\",\"type\":\"Point\",\"coordinates\":[[[118,37],[118.1,37],[118.1,37.1],[118,37]]]}";
        HttpResponse<String> geo = server.get("/api/v1/incidents?polygon=" + enc(poly));
        ApiTest.assertProblem(geo, 400, "polygon");
        assertThat(json(geo).getString("detail")).contains("type").contains("twice");
    }

    @Test
    void row13_malformedJsonAndUtf8AreRefusedInTheServersOwnWords() throws Exception {
        long before = incidentCount();
        HttpClient http = HttpClient.newHttpClient();
        byte[] good = incident(T.toString(), "TITLE").getBytes(StandardCharsets.UTF_8);
        String text = new String(good, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("TITLE");
        byte[] bad = good.clone();
        bad[at] = (byte) 0xC3;      // a lead byte followed by an ASCII byte: malformed
        byte[] surrogate = new byte[good.length + 3];
        System.arraycopy(good, 0, surrogate, 0, at);
        surrogate[at] = (byte) 0xED; // U+D800 encoded in "UTF-8" (CESU): malformed
        surrogate[at + 1] = (byte) 0xA0;
        surrogate[at + 2] = (byte) 0x80;
        System.arraycopy(good, at, surrogate, at + 3, good.length - at);
        for (byte[] body : List.of(bad, surrogate)) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.server().port()
                    + "/api/v1/incidents")).header("Authorization", "Bearer " + server.token())
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            ApiTest.assertProblem(r, 400, "body");
            assertThat(json(r).getString("detail")).contains("UTF-8");
        }
        for (String body : List.of("{\"title\":NaN}", "{\"a\":1}{\"b\":2}", "{\"a\":'x'}", "{\"a\":1,}", "{\"a\":01}",
                "[".repeat(100) + "]".repeat(100))) {
            HttpResponse<String> r = server.post("/api/v1/incidents", body);
            ApiTest.assertProblem(r, 400, "body");
            assertOwnWords(r);
        }
        assertThat(incidentCount()).isEqualTo(before);
    }

    // ------------------------------------------------------------------ row 14

    @Test
    void row14_aPolygonAcrossTheAntimeridianIsRefusedNotReadAsABand() throws Exception {
        HttpResponse<String> inCity = server.post("/api/v1/incidents", incident(T.toString(), "城内"));
        assertThat(inCity.statusCode()).isEqualTo(201);
        String band = "{\"type\":\"Polygon\",\"coordinates\":[[[170,30],[-170,30],[-170,40],[170,40],[170,30]]]}";
        for (String polygon : List.of(band, "POLYGON ((170 30, -170 30, -170 40, 170 40, 170 30))")) {
            HttpResponse<String> r = server.get("/api/v1/incidents?polygon=" + enc(polygon));
            ApiTest.assertProblem(r, 400, "polygon");
            assertThat(json(r).getString("detail")).contains("antimeridian").contains("340");
        }
        // Cut in two at ±180°, as RFC 7946 asks: the box it means, with none of the city's incidents in it.
        String cut = "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[170,30],[180,30],[180,40],[170,40],[170,30]]],"
                + "[[[-180,30],[-170,30],[-170,40],[-180,40],[-180,30]]]]}";
        HttpResponse<String> r = server.get("/api/v1/incidents?count=true&polygon=" + enc(cut));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).getLong("count")).isZero();
        // A wide polygon whose edges each span at most 180° is planar as ever: it holds the city.
        String wide = "{\"type\":\"Polygon\",\"coordinates\":[[[-170,30],[0,30],[170,30],[170,40],[0,40],[-170,40],[-170,30]]]}";
        assertThat(json(server.get("/api/v1/incidents?count=true&polygon=" + enc(wide))).getLong("count"))
                .isEqualTo(incidentCount());
        HttpResponse<String> box = server.get("/api/v1/incidents?bbox=170,30,-170,40");
        ApiTest.assertProblem(box, 400, "bbox");
        assertThat(json(box).getString("detail")).contains("antimeridian");
    }

    // ------------------------------------------------------------------ row 15

    @Test
    void row15_osmandSaysWhatBecameOfTheFix() throws Exception {
        addUnit("V-OSM", "foot_patrol");
        long t0 = T.getEpochSecond();
        HttpResponse<String> stored = server.get("/osmand?id=V-OSM&lat=37.5&lon=117.9&timestamp=" + t0);
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
        assertThat(json(stored).getBoolean("stored")).isTrue();
        String first = fix("V-OSM");
        // 10 km in 10 s on foot: an implausible jump, dropped for good.
        for (String[] q : new String[][] {
                {"lat=37.5&lon=118.013&timestamp=" + (t0 + 10), "implausible_jump"},
                {"lat=37.5&lon=117.9&timestamp=" + t0, "duplicate"},
                {"lat=37.5&lon=117.9&timestamp=" + (t0 - 60), "out_of_order"},
                {"lat=37.5&lon=117.9&timestamp=" + Instant.now().plus(Duration.ofHours(1)).getEpochSecond(), "future_time"}}) {
            HttpResponse<String> r = server.get("/osmand?id=V-OSM&" + q[0]);
            assertThat(r.statusCode()).as(q[1] + ": " + r.body()).isEqualTo(204);
            assertThat(r.headers().firstValue(PositionRoutes.DROPPED_HEADER)).as(q[1]).hasValue(q[1]);
            assertThat(r.body()).isEmpty();
        }
        server.quiesce();
        assertThat(fix("V-OSM")).isEqualTo(first);
        // The next plausible fix is stored, as a form post (what Traccar Client sends) too.
        HttpResponse<String> next = server.anonymous().send("POST", "/osmand", "id=V-OSM&lat=37.5&lon=117.9005&timestamp="
                + (t0 + 30), "Content-Type", "application/x-www-form-urlencoded", "Authorization", "Bearer " + server.token());
        assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
        assertThat(fix("V-OSM")).isEqualTo(Instant.ofEpochSecond(t0 + 30) + " 117.9005");
        // Not a fix at all, or a unit nobody knows: a problem naming why (the device must be fixed, not the fix).
        ApiTest.assertProblem(server.get("/osmand?id=V-GHOST&lat=37.5&lon=117.9&timestamp=" + (t0 + 40)), 400, "id");
        assertThat(server.get("/osmand?id=V-OSM&lat=95&lon=117.9&timestamp=" + (t0 + 40)).statusCode()).isEqualTo(400);
    }

    // ------------------------------------------------------------------ row 18 (empty parameters)

    @Test
    void row18_emptyTimeAndDayParametersAreRefusedNamingTheParameter() throws Exception {
        for (String[] q : new String[][] {
                {"/api/v1/alerts?since=", "since"},
                {"/api/v1/incidents?from=", "from"},
                {"/api/v1/incidents?to=", "to"},
                {"/api/v1/incidents?to=%20", "to"},
                {"/api/v1/stats/incidents?from=&to=", "from"},
                {"/api/v1/posts/stats?day=", "day"},
                {"/api/v1/key-places?day=", "day"}}) {
            HttpResponse<String> r = server.get(q[0]);
            ApiTest.assertProblem(r, 400, q[1]);
            assertThat(json(r).getString("detail")).as(q[0]).contains("empty");
        }
        JsonArray alerts = json(server.get("/api/v1/alerts")).getJsonArray("alerts");
        assertThat(alerts).isNotNull();
    }
}
