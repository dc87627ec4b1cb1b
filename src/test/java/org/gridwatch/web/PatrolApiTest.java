package org.gridwatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.testsupport.TestServer.enc;
import static org.gridwatch.testsupport.TestServer.json;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Units, positions (JSON, NDJSON, OsmAnd), nearest, tracks and "who passed here" on a real server. */
class PatrolApiTest {
    @TempDir
    static Path dir;
    static TestServer server;
    static final Instant T = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static String pos(String unit, double lon, double lat, Instant t) {
        return new JsonObject().put("unit", unit).put("lon", lon).put("lat", lat).put("time", t.toString()).encode();
    }

    @Test
    void rosterComesFromTheDemoCity() throws Exception {
        JsonObject all = json(server.get("/api/v1/units"));
        assertThat(all.getJsonArray("features").size()).isEqualTo(server.server().positions().units().size()).isGreaterThan(2000);
        JsonObject cars = json(server.get("/api/v1/units?kind=police_car&status=available"));
        assertThat(cars.getJsonArray("features")).isNotEmpty().allSatisfy(f ->
                assertThat(((JsonObject) f).getJsonObject("properties").getString("kind")).isEqualTo("police_car"));
        ApiTest.assertProblem(server.get("/api/v1/units?kind=tank"), 400, "kind");
        ApiTest.assertProblem(server.get("/api/v1/units/NOPE"), 404, null);
    }

    @Test
    void positionsInAsJsonAndNdjsonWithPerItemRejections() throws Exception {
        String body = "[" + String.join(",", List.of(
                pos("T-CAR-1", 118.000, 37.400, T),
                pos("NOBODY", 118.0, 37.4, T),
                "{\"unit\":\"T-CAR-1\",\"lon\":\"x\",\"lat\":37.4,\"time\":\"" + T + "\"}",
                pos("T-CAR-1", 118.001, 37.400, T.plusSeconds(5)),
                pos("T-CAR-1", 118.001, 37.400, T.plusSeconds(5)))) + "]";
        assertThat(server.post("/api/v1/units", "{\"id\":\"T-CAR-1\",\"callSign\":\"测试1号\",\"kind\":\"police_car\","
                + "\"agency\":\"滨城区公安分局\",\"homeTownshipCode\":\"" + township() + "\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> r = server.post("/api/v1/positions", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject res = json(r);
        assertThat(res.getInteger("accepted")).isEqualTo(2);
        assertThat(res.getJsonArray("rejected").stream().map(o -> ((JsonObject) o).getInteger("index") + ":"
                + ((JsonObject) o).getString("reason"))).containsExactly("1:unknown_unit", "2:invalid", "4:duplicate");
        String ndjson = pos("T-CAR-1", 118.002, 37.4, T.plusSeconds(10)) + "\n{oops\n" + pos("T-CAR-1", 118.003, 37.4, T.plusSeconds(15));
        JsonObject nd = json(server.post("/api/v1/positions", ndjson));
        assertThat(nd.getInteger("accepted")).isEqualTo(2);
        assertThat(nd.getJsonArray("rejected").getJsonObject(0).getInteger("index")).isEqualTo(1);
        JsonObject unit = json(server.get("/api/v1/units/T-CAR-1"));
        assertThat(unit.getJsonObject("geometry").getJsonArray("coordinates").getDouble(0)).isEqualTo(118.003);
        ApiTest.assertProblem(server.post("/api/v1/positions", "[1,2"), 400, "body");
        ApiTest.assertProblem(server.post("/api/v1/positions", ""), 400, "body");
    }

    @Test
    void aBatchCarriesBatteryAndAlarmsAndAnSosIsACriticalAlertAtTheFix() throws Exception {
        String id = firstUnitId("grid_worker");
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String body = "[" + new JsonObject().put("unit", id).put("lon", 118.02).put("lat", 37.38).put("time", t.toString())
                .put("battery", 64).put("alarms", new io.vertx.core.json.JsonArray().add("sos")).encode() + ","
                + new JsonObject().put("unit", id).put("lon", 118.02).put("lat", 37.38).put("time", t.plusSeconds(1).toString())
                .put("alarms", new io.vertx.core.json.JsonArray().add("asteroid")).encode() + ","
                + new JsonObject().put("unit", id).put("lon", 118.02).put("lat", 37.38).put("time", t.plusSeconds(2).toString())
                .put("battery", 101).encode() + "]";
        JsonObject res = json(server.post("/api/v1/positions", body));
        assertThat(res.getInteger("accepted")).isEqualTo(1);
        assertThat(res.getJsonArray("rejected").stream().map(o -> ((JsonObject) o).getInteger("index") + ":"
                + ((JsonObject) o).getString("reason"))).as("an unknown alarm, a battery over 100 %")
                .containsExactly("1:invalid", "2:invalid");
        JsonObject device = json(server.get("/api/v1/units/" + id)).getJsonObject("properties").getJsonObject("device");
        assertThat(device.getDouble("battery")).isEqualTo(64.0);
        assertThat(device.getJsonArray("alarms")).containsExactly("sos");
        String callSign = json(server.get("/api/v1/units/" + id)).getJsonObject("properties").getString("callSign");
        JsonObject sos = json(server.get("/api/v1/alerts?kind=sos&limit=500")).getJsonArray("alerts").stream()
                .map(JsonObject.class::cast).filter(a -> a.getString("title").equals(callSign + " 紧急求助"))
                .findFirst().orElseThrow(() -> new AssertionError("no sos alert for " + callSign));
        assertThat(sos.getString("severity")).isEqualTo("critical");
        assertThat(sos.getDouble("lon")).isEqualTo(118.02);
        assertThat(sos.getString("detail")).contains("最近可用");
    }

    @Test
    void aUnitsTerminalIsItsRosterFieldSetWhenMadeOrPatchedAndBelongsToOneUnit() throws Exception {
        HttpResponse<String> made = server.post("/api/v1/units", "{\"id\":\"T-JT-1\",\"callSign\":\"测试终端1号\","
                + "\"kind\":\"police_car\",\"agency\":\"滨城区公安分局\",\"homeTownshipCode\":\"" + township() + "\","
                + "\"terminalId\":\"013812340001\",\"terminalCrs\":\"gcj02\"}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        assertThat(json(made).getJsonObject("properties").getString("terminalId")).isEqualTo("013812340001");
        assertThat(json(made).getJsonObject("properties").getString("terminalCrs")).isEqualTo("gcj02");
        assertThat(server.server().terminals().byTerminal("13812340001")).get()
                .extracting(d -> d.unitId()).isEqualTo("T-JT-1");
        String other = firstUnitId("foot_patrol");
        HttpResponse<String> taken = server.patch("/api/v1/units/" + other, "{\"terminalId\":\"13812340001\"}");
        ApiTest.assertProblem(taken, 409, "terminalId");
        ApiTest.assertProblem(server.patch("/api/v1/units/" + other, "{}"), 400, "status");
        ApiTest.assertProblem(server.patch("/api/v1/units/" + other, "{\"terminalId\":\"13800000000\",\"terminalCrs\":\"mars\"}"),
                400, "terminalCrs");
        ApiTest.assertProblem(server.patch("/api/v1/units/" + other, "{\"terminalId\":\"a b\"}"), 400, "terminalId");
        HttpResponse<String> moved = server.patch("/api/v1/units/T-JT-1", "{\"status\":\"busy\",\"terminalId\":\"13812340009\"}");
        assertThat(json(moved).getJsonObject("properties").getString("status")).isEqualTo("busy");
        assertThat(json(moved).getJsonObject("properties").getString("terminalCrs")).isEqualTo("wgs84");
        assertThat(server.server().terminals().byTerminal("13812340001")).isEmpty();
        assertThat(server.patch("/api/v1/units/" + other, "{\"terminalId\":\"13812340001\"}").statusCode())
                .as("free again").isEqualTo(200);
        HttpResponse<String> unbound = server.patch("/api/v1/units/T-JT-1", "{\"terminalId\":null}");
        assertThat(json(unbound).getJsonObject("properties").containsKey("terminalId")).isFalse();
        assertThat(json(server.get("/api/v1/units/" + other)).getJsonObject("properties").getString("terminalId"))
                .isEqualTo("13812340001");
    }

    @Test
    void osmandProtocol() throws Exception {
        String id = firstUnitId("foot_patrol");
        long ts = T.plusSeconds(100).getEpochSecond();
        HttpResponse<String> ok = server.get("/osmand?id=" + id + "&lat=37.5&lon=117.9&timestamp=" + ts + "&speed=2&bearing=90");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        JsonObject p = json(server.get("/api/v1/units/" + id)).getJsonObject("properties");
        assertThat(p.getDouble("speed")).isCloseTo(2 * 1852.0 / 3600, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(p.getString("time")).isEqualTo(Instant.ofEpochSecond(ts).toString());
        HttpResponse<String> again = server.get("/osmand?id=" + id + "&lat=37.5&lon=117.9&timestamp=" + ts);
        assertThat(again.statusCode()).isEqualTo(204); // dropped, and the device moves on
        assertThat(again.headers().firstValue(PositionRoutes.DROPPED_HEADER)).hasValue("duplicate");
        ApiTest.assertProblem(server.get("/osmand?id=GHOST&lat=37.5&lon=117.9&timestamp=" + ts), 400, "id");
        assertThat(server.get("/osmand?id=" + id + "&lat=95&lon=117.9&timestamp=" + (ts + 10)).statusCode()).isEqualTo(400);
    }

    // ------------------------------------------------------------------ Traccar Client and OsmAnd, every form
    // Each request as the app sends it (see OsmAndRequestTest for the sources); each moves a unit of its own.

    @Test
    void everyTraccarClientAndOsmAndFormMovesItsUnit() throws Exception {
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
        // The OsmAnd app: a GET, the time in milliseconds, hdop, altitude, speed (LiveMonitoringHelper).
        String app = unit("OSM-APP", "OsmAnd测试");
        JsonObject d = moved(server.get("/osmand?id=" + app + "&lat=37.3801&lon=118.0101&timestamp=" + t.toEpochMilli()
                + "&hdop=8.0&altitude=11.5&speed=1.2"), app, 118.0101, 37.3801, t);
        assertThat(d.getDouble("hdop")).isEqualTo(8.0);
        assertThat(d.getDouble("altitude")).isEqualTo(11.5);
        // Traccar Client for Android and iOS: a POST with the parameters in the query string and no body.
        String android = unit("OSM-ANDROID", "安卓测试");
        d = moved(send("POST", "/osmand?id=" + android + "&timestamp=" + t.getEpochSecond() + "&lat=37.3802&lon=118.0102"
                + "&speed=0.0&bearing=45.0&altitude=3.0&accuracy=6.0&batt=64.0&charge=true", null, null),
                android, 118.0102, 37.3802, t);
        assertThat(d.getDouble("battery")).isEqualTo(64.0);
        assertThat(d.getBoolean("charging")).isTrue();
        assertThat(json(server.get("/api/v1/units/" + android)).getJsonObject("properties").getDouble("heading"))
                .isEqualTo(45.0);
        // A form body, the unit in the query string; yyyy-MM-dd HH:mm:ss in UTC.
        String form = unit("OSM-FORM", "表单测试");
        String utc = t.toString().replace('T', ' ').replace("Z", "");
        d = moved(send("POST", "/osmand?id=" + form, "lat=37.3803&lon=118.0103&timestamp=" + enc(utc)
                + "&batt=12&ignition=true&motion=false", "application/x-www-form-urlencoded"), form, 118.0103, 37.3803, t);
        assertThat(d.getDouble("battery")).isEqualTo(12.0);
        assertThat(d.getBoolean("ignition")).isTrue();
        assertThat(d.getBoolean("moving")).isFalse();
        // location=lat,lon, deviceid and ISO-8601 at the city's offset.
        String loc = unit("OSM-LOC", "位置测试");
        String iso = t.atOffset(java.time.ZoneOffset.ofHours(8)).toString();
        moved(server.get("/osmand?deviceid=" + loc + "&location=37.3804,118.0104&timestamp=" + enc(iso)), loc, 118.0104,
                37.3804, t);
        // No timestamp: the time the server received it.
        String now = unit("OSM-NOW", "无时间测试");
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        HttpResponse<String> r = server.get("/osmand?id=" + now + "&lat=37.3805&lon=118.0105");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Instant at = Instant.parse(json(server.get("/api/v1/units/" + now)).getJsonObject("properties").getString("time"));
        assertThat(at).isBetween(before, Instant.now());
        // Traccar Client 9: its JSON body, speed in m/s, battery as a fraction.
        String json9 = unit("OSM-NINE", "新版测试");
        d = moved(send("POST", "/osmand", traccar9(json9, t, 37.3806, 118.0106, ""), "application/json"), json9,
                118.0106, 37.3806, t);
        assertThat(d.getDouble("battery")).isEqualTo(79.0);
        assertThat(d.getBoolean("charging")).isFalse();
        assertThat(d.getBoolean("moving")).isTrue();
        assertThat(d.getString("event")).isEqualTo("motionchange");
        assertThat(json(server.get("/api/v1/units/" + json9)).getJsonObject("properties").getDouble("speed"))
                .isEqualTo(2.5);
        // The same body to a device key's URL, as the device is set up with its key.
        String keyed = unit("OSM-KEY", "设备密钥测试");
        String key = server.server().auth().accounts().addDevice(keyed, null).secret();
        r = server.anonymous().send("POST", "/osmand/" + key, traccar9(keyed, t, 37.3807, 118.0107, ""),
                "Content-Type", "application/json");
        moved(r, keyed, 118.0107, 37.3807, t);
        // ... and the query form there needs no id at all.
        r = server.anonymous().get("/osmand/" + key + "?lat=37.3808&lon=118.0108&timestamp=" + (t.getEpochSecond() + 60));
        moved(r, keyed, 118.0108, 37.3808, t.plusSeconds(60));
        ApiTest.assertProblem(server.anonymous().get("/osmand/" + key + "?id=" + json9 + "&lat=37.3808&lon=118.0108"),
                403, "id");
    }

    @Test
    void anSosFromTraccarClientRaisesAnSosAlert() throws Exception {
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        String android = unit("OSM-SOS", "求助测试一");
        assertThat(server.get("/osmand?id=" + android + "&timestamp=" + t.getEpochSecond() + "&lat=37.381&lon=118.02"
                + "&batt=30.0&alarm=sos").statusCode()).isEqualTo(200);
        // Traccar Client 9's SOS action: extras {"alarm": "sos"}.
        String nine = unit("OSM-SOS9", "求助测试二");
        assertThat(send("POST", "/osmand", traccar9(nine, t, 37.382, 118.021, ",\"alarm\":\"sos\""), "application/json")
                .statusCode()).isEqualTo(200);
        server.quiesce();
        List<JsonObject> sos = json(server.get("/api/v1/alerts?kind=sos&limit=500")).getJsonArray("alerts").stream()
                .map(JsonObject.class::cast).toList();
        for (String callSign : List.of("求助测试一", "求助测试二")) {
            assertThat(sos).as(callSign).anySatisfy(a -> {
                assertThat(a.getString("title")).isEqualTo(callSign + " 紧急求助");
                assertThat(a.getString("severity")).isEqualTo("critical");
            });
        }
        assertThat(json(server.get("/api/v1/units/" + android)).getJsonObject("properties").getJsonObject("device")
                .getJsonArray("alarms")).containsExactly("sos");
        // A fix the device marks not valid is dropped (204, why in the header) unless it carries an alarm.
        HttpResponse<String> invalid = server.get("/osmand?id=" + android + "&timestamp=" + (t.getEpochSecond() + 10)
                + "&lat=37.3811&lon=118.0201&valid=false");
        assertThat(invalid.statusCode()).isEqualTo(204);
        assertThat(invalid.headers().firstValue(PositionRoutes.DROPPED_HEADER)).hasValue("invalid");
        assertThat(json(server.get("/api/v1/units/" + android)).getJsonObject("geometry").getJsonArray("coordinates")
                .getDouble(0)).isEqualTo(118.02);
        assertThat(server.get("/osmand?id=" + android + "&timestamp=" + (t.getEpochSecond() + 20)
                + "&lat=37.3812&lon=118.0202&valid=false&alarm=sos").statusCode()).isEqualTo(200);
    }

    @Test
    void aRequestThatIsNotAFixIsRefusedNamingTheParameterAndChangesNothing() throws Exception {
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(300);
        String id = unit("OSM-BAD", "错误测试");
        String fix = "/osmand?id=" + id + "&timestamp=" + t.getEpochSecond() + "&";
        assertThat(server.get(fix + "lat=37.39&lon=118.03").statusCode()).isEqualTo(200);
        String later = "/osmand?id=" + id + "&timestamp=" + (t.getEpochSecond() + 30) + "&";
        refused(server.get(later + "lat=95&lon=118.03"), "lat", "lat: must be a number in [-90, 90], got '95'");
        refused(server.get("/osmand?id=" + id + "&timestamp=2026-13-01&lat=37.39&lon=118.03"), "timestamp",
                "timestamp: cannot read '2026-13-01'; give Unix seconds or milliseconds, ISO-8601 with an offset (e.g. "
                + "2026-05-01T08:30:00+08:00) or yyyy-MM-dd HH:mm:ss (UTC)");
        refused(server.get(later + "lat=37.39&lon=118.031&batt=150"), "batt", "batt: must be in [0, 100], not 150.0");
        refused(server.get(later + "lon=118.031"), "lat", "lat: is required (lat and lon, or location=lat,lon)");
        refused(send("POST", "/osmand", traccar9(id, t.plusSeconds(30), 37.39, 181, ""), "application/json"),
                "location.coords.longitude", "location.coords.longitude: must be a number in [-180, 180], got 181.0");
        refused(send("POST", "/osmand", "{\"location\":", "application/json"), "body", null);
        ApiTest.assertProblem(send("POST", "/osmand", traccar9(id, t.plusSeconds(30), 37.39, 118.031, ",\"x\":\""
                + "y".repeat(70_000) + "\""), "application/json"), 413, "body");
        // A form value beyond Vert.x's form decoder's 8 KiB is refused before the route sees it.
        ApiTest.assertProblem(send("POST", "/osmand?id=" + id, "lat=37.39&lon=118.031&x=" + "y".repeat(70_000),
                "application/x-www-form-urlencoded"), 400, null);
        server.quiesce();
        JsonObject u = json(server.get("/api/v1/units/" + id));
        assertThat(u.getJsonObject("properties").getString("time")).isEqualTo(t.toString());
        assertThat(u.getJsonObject("properties").getJsonObject("device")).isNull();
    }

    /** A new unit of the first township; its id. */
    static String unit(String id, String callSign) throws Exception {
        HttpResponse<String> r = server.post("/api/v1/units", new JsonObject().put("id", id).put("callSign", callSign)
                .put("kind", "police_car").put("agency", "滨城区公安分局").put("homeTownshipCode", township()).encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return id;
    }

    /** Traccar Client 9's body (its locationTemplate, lib/preferences.dart), with {@code extras} members added. */
    static String traccar9(String deviceId, Instant t, double lat, double lon, String extras) {
        return "{\"location\":{\"timestamp\":\"" + t + "\",\"coords\":{\"latitude\":" + lat + ",\"longitude\":" + lon
                + ",\"accuracy\":5,\"speed\":2.5,\"heading\":-1,\"altitude\":7},\"is_moving\":true,\"odometer\":0,"
                + "\"event\":\"motionchange\",\"battery\":{\"level\":0.79,\"is_charging\":false},\"activity\":{\"type\":"
                + "\"still\"},\"extras\":{\"heartbeat\":false" + extras + "},\"_\":\"&id=" + deviceId + "&lat=" + lat
                + "&lon=" + lon + "&timestamp=" + t + "&\"},\"device_id\":\"" + deviceId + "\"}";
    }

    /** A request with the tests' key; a null content type sends the body (if any) untyped. */
    static HttpResponse<String> send(String method, String path, String body, String contentType) throws Exception {
        return contentType == null ? server.as(server.token()).send(method, path, body)
                : server.as(server.token()).send(method, path, body, "Content-Type", contentType);
    }

    /** Asserts {@code r} stored the fix and the unit stands there now, at {@code t}; the unit's device object. */
    static JsonObject moved(HttpResponse<String> r, String id, double lon, double lat, Instant t) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).getBoolean("stored")).isTrue();
        JsonObject u = json(server.get("/api/v1/units/" + id));
        assertThat(u.getJsonObject("geometry").getJsonArray("coordinates").getList()).as(id).containsExactly(lon, lat);
        assertThat(u.getJsonObject("properties").getString("time")).as(id).isEqualTo(t.toString());
        JsonObject device = u.getJsonObject("properties").getJsonObject("device");
        return device == null ? new JsonObject() : device;
    }

    static void refused(HttpResponse<String> r, String field, String detail) {
        ApiTest.assertProblem(r, 400, field);
        if (detail != null) {
            assertThat(json(r).getString("detail")).isEqualTo(detail);
        }
    }

    @Test
    void nearestAvailableUnitsWithDistanceAndEta() throws Exception {
        String a = "N-A";
        String b = "N-B";
        for (String id : List.of(a, b)) {
            server.post("/api/v1/units", "{\"id\":\"" + id + "\",\"callSign\":\"" + id + "\",\"kind\":\"police_car\","
                    + "\"agency\":\"测试\",\"homeTownshipCode\":\"" + township() + "\"}");
        }
        server.post("/api/v1/positions", "[" + pos(a, 117.3001, 38.2001, T) + "," + pos(b, 117.3002, 38.2003, T) + "]");
        JsonArray near = json(server.get("/api/v1/units/nearest?lon=117.3&lat=38.2&k=2&kind=police_car")).getJsonArray("features");
        assertThat(near.stream().map(f -> ((JsonObject) f).getString("id"))).containsExactly(a, b);
        JsonObject first = near.getJsonObject(0).getJsonObject("properties");
        assertThat(first.getDouble("distance")).isBetween(10.0, 20.0);
        // police_car default dispatch.eta-speed: 30 km/h
        assertThat(first.getLong("etaSeconds")).isEqualTo(Math.round(first.getDouble("distance") / (30 / 3.6)));
        assertThat(server.patch("/api/v1/units/" + a, "{\"status\":\"busy\"}").statusCode()).isEqualTo(200);
        JsonArray after = json(server.get("/api/v1/units/nearest?lon=117.3&lat=38.2&k=1&kind=police_car")).getJsonArray("features");
        assertThat(after.getJsonObject(0).getString("id")).isEqualTo(b);
        ApiTest.assertProblem(server.patch("/api/v1/units/" + a, "{\"status\":\"asleep\"}"), 400, "status");
        ApiTest.assertProblem(server.get("/api/v1/units/nearest?lon=117.3&lat=38.2&k=0"), 400, "k");
        ApiTest.assertProblem(server.get("/api/v1/units/nearest?lat=38.2"), 400, "lon");
    }

    /**
     * {@code for=} an incident: the dispatch policy's lead kinds first, each group by ETA, the
     * support kinds after them, other kinds not at all; the place defaults to the incident's.
     */
    @Test
    void nearestForAnIncidentFollowsTheDispatchPolicy() throws Exception {
        double lon = 118.0213;
        double lat = 37.3917;
        String[][] team = {{"X-GUARD", "security_guard", "0.00005"}, {"X-GRID", "grid_worker", "0.0001"},
                {"X-FOOT", "foot_patrol", "0.0015"}, {"X-CAR", "police_car", "0.003"}, {"X-AST", "police_assistant", "0.0002"}};
        StringBuilder fixes = new StringBuilder("[");
        for (String[] u : team) {
            server.post("/api/v1/units", "{\"id\":\"" + u[0] + "\",\"callSign\":\"" + u[0] + "\",\"kind\":\"" + u[1]
                    + "\",\"agency\":\"测试\",\"homeTownshipCode\":\"" + township() + "\"}");
            fixes.append(fixes.length() > 1 ? "," : "").append(pos(u[0], lon + Double.parseDouble(u[2]), lat, T.plusSeconds(900)));
        }
        assertThat(server.post("/api/v1/positions", fixes.append("]").toString()).statusCode()).isEqualTo(200);
        long fight = json(server.post("/api/v1/incidents", "{\"category\":\"criminal\",\"source\":\"police_call\",\"lon\":"
                + lon + ",\"lat\":" + lat + ",\"reportedAt\":\"" + T.plusSeconds(900) + "\",\"title\":\"持械斗殴\",\"severity\":2}"))
                .getLong("id");
        JsonObject answer = json(server.get("/api/v1/units/nearest?for=" + fight + "&k=40"));
        assertThat(answer.getLong("for")).isEqualTo(fight);
        assertThat(answer.getJsonObject("policy").getJsonArray("lead").getList()).containsExactly("police_car", "foot_patrol");
        List<JsonObject> offered = answer.getJsonArray("features").stream().map(f -> ((JsonObject) f).getJsonObject("properties"))
                .toList();
        List<String> roles = offered.stream().map(p -> p.getString("role")).toList();
        assertThat(roles).first().isEqualTo("lead");
        assertThat(roles.indexOf("support")).isGreaterThan(roles.lastIndexOf("lead")); // every lead unit before any support
        List<Long> leadEtas = offered.stream().filter(p -> p.getString("role").equals("lead")).map(p -> p.getLong("etaSeconds"))
                .toList();
        assertThat(leadEtas).isSorted();
        List<String> ids = offered.stream().map(p -> p.getString("id")).toList();
        // The guard 4 m away comes after the police car 260 m away; the police assistant is support here.
        assertThat(ids).contains("X-CAR", "X-FOOT", "X-GUARD", "X-GRID", "X-AST");
        assertThat(ids.indexOf("X-CAR")).isLessThan(ids.indexOf("X-GUARD"));
        assertThat(offered.get(ids.indexOf("X-GUARD")).getString("role")).isEqualTo("support");
        // A dispute: the grid worker leads, the guard is not offered at all.
        long quarrel = json(server.post("/api/v1/incidents", "{\"category\":\"dispute\",\"source\":\"hotline\",\"lon\":"
                + lon + ",\"lat\":" + lat + ",\"reportedAt\":\"" + T.plusSeconds(900) + "\",\"title\":\"邻里纠纷\"}"))
                .getLong("id");
        JsonArray forDispute = json(server.get("/api/v1/units/nearest?for=" + quarrel + "&k=3")).getJsonArray("features");
        assertThat(forDispute.getJsonObject(0).getString("id")).isEqualTo("X-GRID");
        assertThat(json(server.get("/api/v1/units/nearest?for=" + quarrel + "&k=40")).getJsonArray("features").stream()
                .map(f -> ((JsonObject) f).getJsonObject("properties").getString("kind"))).doesNotContain("security_guard");
        ApiTest.assertProblem(server.get("/api/v1/units/nearest?for=99999999"), 404, null);
        ApiTest.assertProblem(server.get("/api/v1/units/nearest?for=x1"), 400, "for");
        ApiTest.assertProblem(server.get("/api/v1/units/nearest?for=" + fight + "&kind=police_car"), 400, "kind");
    }

    @Test
    void trackAndWhoPassedHere() throws Exception {
        server.post("/api/v1/units", "{\"id\":\"TRK\",\"callSign\":\"轨迹\",\"kind\":\"grid_worker\",\"agency\":\"测试\","
                + "\"homeTownshipCode\":\"" + township() + "\"}");
        server.post("/api/v1/positions", "[" + pos("TRK", 117.80, 37.00, T) + "," + pos("TRK", 117.801, 37.00, T.plusSeconds(60)) + ","
                + pos("TRK", 117.802, 37.00, T.plusSeconds(120)) + "]");
        String window = "&from=" + enc(T.toString()) + "&to=" + enc(T.plusSeconds(120).toString());
        JsonObject track = json(server.get("/api/v1/units/TRK/track?tz=utc" + window));
        assertThat(track.getJsonArray("features")).hasSize(2); // to is exclusive
        String square = enc("POLYGON ((117.8005 36.999, 117.8015 36.999, 117.8015 37.001, 117.8005 37.001, 117.8005 36.999))");
        JsonArray passed = json(server.get("/api/v1/units/passed?polygon=" + square + "&from=" + enc(T.toString()) + "&to="
                + enc(T.plusSeconds(600).toString()))).getJsonArray("features");
        assertThat(passed.stream().map(f -> ((JsonObject) f).getString("id"))).containsExactly("TRK");
        assertThat(passed.getJsonObject(0).getJsonObject("properties").getString("firstInside")).isEqualTo(T.plusSeconds(60).toString());
        ApiTest.assertProblem(server.get("/api/v1/units/TRK/track"), 400, "from");
        ApiTest.assertProblem(server.get("/api/v1/units/passed?from=" + enc(T.toString()) + "&to=" + enc(T.plusSeconds(1).toString())),
                400, "polygon");
        ApiTest.assertProblem(server.post("/api/v1/units", "{\"id\":\"TRK\",\"callSign\":\"x\",\"kind\":\"grid_worker\","
                + "\"agency\":\"a\",\"homeTownshipCode\":\"" + township() + "\"}"), 409, "id");
        ApiTest.assertProblem(server.post("/api/v1/units", "{\"id\":\"Z\",\"callSign\":\"x\",\"kind\":\"grid_worker\","
                + "\"agency\":\"a\",\"homeTownshipCode\":\"999\"}"), 400, "homeTownshipCode");
    }

    static String township() {
        return server.server().grids().hierarchy().level(org.gridwatch.area.AdminLevel.TOWNSHIP).get(0).code();
    }

    static String firstUnitId(String kind) throws Exception {
        return json(server.get("/api/v1/units?kind=" + kind)).getJsonArray("features").getJsonObject(0).getString("id");
    }

}
