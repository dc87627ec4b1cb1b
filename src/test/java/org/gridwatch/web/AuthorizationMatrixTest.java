package org.gridwatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.testsupport.TestServer.enc;
import static org.gridwatch.testsupport.TestServer.json;

import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.auth.Permission;
import org.gridwatch.auth.Role;
import org.gridwatch.testsupport.LiveClient;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Point;

/**
 * The authorization matrix: every route of the route table and every {@code /live} channel, sent
 * by every kind of principal (anonymous, a user of each role, an integration's key, a unit's
 * device), on objects inside and outside the principal's jurisdiction, against the status written
 * down here by hand from the role definitions (not derived from {@link Role}, so a role
 * granting one permission too many or too few fails here). A principal without the route's
 * permission gets 401 (anonymous) or 403; inside the jurisdiction the route answers; outside it
 * a single item is 404 (ids do not leak) and a write at a place outside is 403.
 *
 * <p>Operational principals hold 滨城区 (371602); the outside objects lie in 沾化区 (371603); the
 * grid worker holds the grids of one community of 371602; the administrators hold the city.
 */
class AuthorizationMatrixTest {
    /** Who sends a request. */
    enum Who { ANONYMOUS, SCREEN, DISPATCHER, SUPERVISOR, ANALYST, GRID_WORKER, SYSADMIN, SECADMIN, AUDITOR, GATEWAY, DEVICE }

    private static final Set<Who> USERS = Set.of(Who.SCREEN, Who.DISPATCHER, Who.SUPERVISOR, Who.ANALYST, Who.GRID_WORKER, Who.SYSADMIN,
            Who.SECADMIN, Who.AUDITOR);
    private static final Who[] READERS = {Who.SCREEN, Who.DISPATCHER, Who.SUPERVISOR, Who.ANALYST, Who.GRID_WORKER};
    private static final Who[] AREAS = {Who.SCREEN, Who.DISPATCHER, Who.SUPERVISOR, Who.ANALYST, Who.GRID_WORKER, Who.SYSADMIN, Who.SECADMIN};
    private static final Who[] AUTHENTICATED = {Who.SCREEN, Who.DISPATCHER, Who.SUPERVISOR, Who.ANALYST, Who.GRID_WORKER, Who.SYSADMIN,
            Who.SECADMIN, Who.AUDITOR, Who.GATEWAY, Who.DEVICE};
    /** Every principal but a device: a device only reports positions of its unit (not even who it is). */
    private static final Who[] ACCOUNTS = {Who.SCREEN, Who.DISPATCHER, Who.SUPERVISOR, Who.ANALYST, Who.GRID_WORKER, Who.SYSADMIN,
            Who.SECADMIN, Who.AUDITOR, Who.GATEWAY};
    private static final String INSIDE = "371602";
    private static final String OUTSIDE = "371603";

    @TempDir
    static Path dir;
    static TestServer s;
    static final Map<Who, String> TOKENS = new EnumMap<>(Who.class);
    static String deviceKey;
    static String revocableDevice;
    static String revocableKey;
    static Point gridPoint;       // inside the grid worker's grids (371602)
    static Point countyPoint;     // inside 371602, outside the grid worker's grids
    static Point outsidePoint;    // inside 371603
    static String townshipIn;
    static String townshipOut;
    static long incidentIn;
    static long incidentOut;
    static long incidentToDispatch;
    static final AtomicInteger SEQ = new AtomicInteger();
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);

    /** One request: path with query, JSON body (null: none), and a token replacing the principal's (null: its own). */
    record Req(String path, String body, String token) {
        Req(String path, String body) {
            this(path, body, null);
        }
    }

    /** One row: a route template, how each principal sends it, and the expected status of each allowed principal. */
    record Row(String label, String method, String template, Function<Who, Req> request, Map<Who, Integer> allowed) {
    }

    static Map<Who, Integer> allow(int status, Who... whos) {
        Map<Who, Integer> m = new EnumMap<>(Who.class);
        for (Who w : whos) {
            m.put(w, status);
        }
        return m;
    }

    static Map<Who, Integer> all(int status) {
        Map<Who, Integer> m = allow(status, AUTHENTICATED);
        m.put(Who.ANONYMOUS, status);
        return m;
    }

    static Map<Who, Integer> with(Map<Who, Integer> m, Who w, int status) {
        m.put(w, status);
        return m;
    }

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(dir, Map.of("GRIDWATCH_HTTP_RATE_LIMIT_LOGINS_PER_MINUTE", "6000",
                "GRIDWATCH_BASEMAP_SOURCES", "city=gis-data/binzhou/basemap.mbtiles"));
        AreaHierarchy areas = s.server().grids().hierarchy();
        AdminArea township = areas.children(INSIDE).get(0);
        townshipIn = township.code();
        townshipOut = areas.children(OUTSIDE).get(0).code();
        AdminArea village = areas.children(townshipIn).stream().filter(v -> !areas.children(v.code()).isEmpty())
                .findFirst().orElseThrow();
        List<AdminArea> grids = areas.children(village.code());
        gridPoint = grids.get(0).geometry().getInteriorPoint();
        AdminArea otherVillage = areas.children(areas.children(INSIDE).get(1).code()).stream()
                .filter(v -> !areas.children(v.code()).isEmpty()).findFirst().orElseThrow();
        countyPoint = areas.children(otherVillage.code()).get(0).geometry().getInteriorPoint();
        AdminArea outVillage = areas.children(townshipOut).stream().filter(v -> !areas.children(v.code()).isEmpty())
                .findFirst().orElseThrow();
        outsidePoint = areas.children(outVillage.code()).get(0).geometry().getInteriorPoint();

        users(grids);
        // Fixtures, made with the tests' city-wide key.
        unit("M-IN", townshipIn);
        unit("M-OUT", townshipOut);
        unit("M-SPARE", townshipIn);
        ok(s.post("/api/v1/positions", "[" + pos("M-IN", gridPoint, T0) + "," + pos("M-OUT", outsidePoint, T0) + ","
                + pos("M-SPARE", countyPoint, T0) + "]"));
        incidentIn = incident(gridPoint);
        incidentOut = incident(outsidePoint);
        incidentToDispatch = incident(countyPoint);
        ok(s.post("/api/v1/incidents/" + incidentToDispatch + "/transitions", "{\"to\":\"accepted\"}"));
        ok(s.post("/api/v1/incidents/" + incidentOut + "/transitions", "{\"to\":\"accepted\"}"));
        var accounts = s.server().auth().accounts();
        deviceKey = accounts.addDevice("M-IN", "T-1").secret();
        TOKENS.put(Who.DEVICE, deviceKey);
        revocableDevice = accounts.addDevice("M-SPARE", null).credential().id();
        revocableKey = accounts.addApiKey(null, "to revoke", Set.of(Role.SCREEN), List.of(INSIDE)).credential().id();
        s.user("target", Set.of(Role.SCREEN), INSIDE);
        s.quiesce();
    }

    private static void users(List<AdminArea> grids) throws Exception {
        String city = s.server().grids().hierarchy().city().code();
        s.user("m-screen", Set.of(Role.SCREEN), INSIDE);
        s.user("m-dispatcher", Set.of(Role.DISPATCHER), INSIDE);
        s.user("m-supervisor", Set.of(Role.SUPERVISOR), INSIDE);
        s.user("m-analyst", Set.of(Role.ANALYST), INSIDE);
        s.user("m-grid", Set.of(Role.GRID_WORKER), grids.stream().map(AdminArea::code).toArray(String[]::new));
        s.user("m-sysadmin", Set.of(Role.SYSADMIN), city);
        s.user("m-secadmin", Set.of(Role.SECADMIN), city);
        s.user("m-auditor", Set.of(Role.AUDITOR), city);
        s.user("m-refresher", Set.of(Role.SCREEN), INSIDE);   // logged in again and again by the refresh row
        for (Who w : USERS) {
            TOKENS.put(w, s.login(login(w)));
        }
        TOKENS.put(Who.GATEWAY, TestServer.key(s.server(), "gateway", Set.of(Role.GATEWAY), INSIDE));
    }

    static String login(Who w) {
        return "m-" + switch (w) {
            case GRID_WORKER -> "grid";
            default -> w.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    static void unit(String id, String township) throws Exception {
        ok(s.post("/api/v1/units", "{\"id\":\"" + id + "\",\"callSign\":\"" + id + "\",\"kind\":\"police_car\","
                + "\"agency\":\"测试\",\"homeTownshipCode\":\"" + township + "\"}"));
    }

    static long incident(Point p) throws Exception {
        HttpResponse<String> r = s.post("/api/v1/incidents", incidentBody(p));
        ok(r);
        return json(r).getLong("id");
    }

    static String incidentBody(Point p) {
        return "{\"category\":\"public_order\",\"source\":\"grid_report\",\"lon\":" + p.getX() + ",\"lat\":" + p.getY()
                + ",\"reportedAt\":\"" + T0 + "\",\"title\":\"矩阵\"}";
    }

    static String pos(String unit, Point p, Instant t) {
        return new JsonObject().put("unit", unit).put("lon", p.getX()).put("lat", p.getY()).put("time", t.toString()).encode();
    }

    static void ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.uri() + " " + r.body()).isBetween(200, 299);
    }

    static Instant next() {
        return T0.plusSeconds(10L * SEQ.incrementAndGet());
    }

    static String window() {
        return "from=" + enc(T0.minusSeconds(60).toString()) + "&to=" + enc(Instant.now().plusSeconds(60).toString());
    }

    static String square(Point p) {
        double x = p.getX();
        double y = p.getY();
        double d = 0.001;
        return enc("POLYGON ((" + (x - d) + " " + (y - d) + ", " + (x + d) + " " + (y - d) + ", " + (x + d) + " " + (y + d)
                + ", " + (x - d) + " " + (y + d) + ", " + (x - d) + " " + (y - d) + "))");
    }

    /** A fresh session of {@code login} (for logout and refresh, which end or rotate it). */
    static JsonObject freshLogin(String login) {
        try {
            HttpResponse<String> r = s.anonymous().post("/api/v1/auth/login", new JsonObject().put("username", login)
                    .put("password", TestServer.PASSWORD).encode());
            return json(r);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The z14 tile containing {@code p}, as {@code z/x/y}. */
    static String tile(Point p) {
        return "14/" + (int) Math.floor(org.gridwatch.tile.WebMercator.x(p.getX(), 14)) + "/"
                + (int) Math.floor(org.gridwatch.tile.WebMercator.y(p.getY(), 14));
    }

    static Function<Who, Req> get(String path) {
        return w -> new Req(path, null);
    }

    static Function<Who, Req> post(String path, String body) {
        return w -> new Req(path, body);
    }

    /** The matrix, route by route. Statuses of allowed principals are written down here; everyone else gets 401/403. */
    static List<Row> rows() {
        String p = "lon=" + gridPoint.getX() + "&lat=" + gridPoint.getY();
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("lookup", "GET", "/api/v1/lookup", get("/api/v1/lookup?" + p), allow(200, AREAS)));
        rows.add(new Row("lookup batch", "POST", "/api/v1/lookup", post("/api/v1/lookup", "{\"points\":[[" + gridPoint.getX()
                + "," + gridPoint.getY() + "]]}"), allow(200, AREAS)));
        rows.add(new Row("areas", "GET", "/api/v1/areas", get("/api/v1/areas?level=county"), allow(200, AREAS)));
        rows.add(new Row("area", "GET", "/api/v1/areas/:code", get("/api/v1/areas/" + INSIDE), allow(200, AREAS)));
        // The basemap is reference geography, like the areas: the same for every jurisdiction.
        rows.add(new Row("basemap style", "GET", "/basemap/style.json", get("/basemap/style.json"), allow(200, AREAS)));
        rows.add(new Row("basemap tilejson", "GET", "/basemap/:source.json", get("/basemap/city.json"), allow(200, AREAS)));
        rows.add(new Row("basemap tile", "GET", "/basemap/:source/:z/:x/:y", get("/basemap/city/6/52/24.pbf"),
                allow(200, AREAS)));

        // Incidents.
        rows.add(new Row("report in own grids", "POST", "/api/v1/incidents", post("/api/v1/incidents",
                incidentBody(gridPoint)), allow(201, Who.DISPATCHER, Who.GRID_WORKER)));
        rows.add(new Row("report in the county, outside the grid worker's grids", "POST", "/api/v1/incidents",
                post("/api/v1/incidents", incidentBody(countyPoint)), with(allow(201, Who.DISPATCHER), Who.GRID_WORKER, 403)));
        rows.add(new Row("report outside", "POST", "/api/v1/incidents", post("/api/v1/incidents", incidentBody(outsidePoint)),
                allow(403, Who.DISPATCHER, Who.GRID_WORKER)));
        rows.add(new Row("incidents", "GET", "/api/v1/incidents", get("/api/v1/incidents"), allow(200, READERS)));
        rows.add(new Row("incident inside", "GET", "/api/v1/incidents/:id", w -> new Req("/api/v1/incidents/" + incidentIn,
                null), allow(200, READERS)));
        rows.add(new Row("incident outside", "GET", "/api/v1/incidents/:id", w -> new Req("/api/v1/incidents/" + incidentOut,
                null), allow(404, READERS)));
        rows.add(new Row("transition inside", "POST", "/api/v1/incidents/:id/transitions", w -> new Req("/api/v1/incidents/"
                + incidentIn + "/transitions", "{\"to\":\"accepted\"}"), allow(200, Who.DISPATCHER)));
        rows.add(new Row("transition outside", "POST", "/api/v1/incidents/:id/transitions", w -> new Req("/api/v1/incidents/"
                + incidentOut + "/transitions", "{\"to\":\"closed\"}"), allow(404, Who.DISPATCHER)));
        rows.add(new Row("dispatch a unit outside", "POST", "/api/v1/incidents/:id/dispatch", w -> new Req("/api/v1/incidents/"
                + incidentToDispatch + "/dispatch", "{\"unit\":\"M-OUT\"}"), allow(404, Who.DISPATCHER)));
        rows.add(new Row("dispatch to an incident outside", "POST", "/api/v1/incidents/:id/dispatch", w -> new Req(
                "/api/v1/incidents/" + incidentOut + "/dispatch", "{\"unit\":\"M-IN\"}"), allow(404, Who.DISPATCHER)));
        rows.add(new Row("dispatch inside", "POST", "/api/v1/incidents/:id/dispatch", w -> new Req("/api/v1/incidents/"
                + incidentToDispatch + "/dispatch", "{\"unit\":\"M-IN\"}"), allow(200, Who.DISPATCHER)));
        // M-IN is on incidentToDispatch now (the row above): reassigning or recalling a unit that is not on a case is 409.
        rows.add(new Row("reassign outside", "POST", "/api/v1/incidents/:id/reassign", w -> new Req("/api/v1/incidents/"
                + incidentOut + "/reassign", "{\"from\":\"M-OUT\",\"unit\":\"M-IN\"}"), allow(404, Who.DISPATCHER)));
        rows.add(new Row("recall outside", "POST", "/api/v1/incidents/:id/recall", w -> new Req("/api/v1/incidents/"
                + incidentOut + "/recall", "{\"unit\":\"M-OUT\"}"), allow(404, Who.DISPATCHER)));
        rows.add(new Row("supervise inside", "POST", "/api/v1/incidents/:id/supervise", w -> new Req("/api/v1/incidents/"
                + incidentIn + "/supervise", "{\"due\":\"2099-01-01\",\"note\":\"限期办结\"}"),
                allow(200, Who.SUPERVISOR)));
        rows.add(new Row("supervise outside", "POST", "/api/v1/incidents/:id/supervise", w -> new Req("/api/v1/incidents/"
                + incidentOut + "/supervise", "{\"due\":\"2099-01-01\",\"note\":\"限期办结\"}"),
                allow(404, Who.SUPERVISOR)));
        rows.add(new Row("transfer inside", "POST", "/api/v1/incidents/:id/transfer", w -> new Req("/api/v1/incidents/"
                + incidentIn + "/transfer", "{\"level\":\"township\",\"note\":\"需镇街协调\"}"),
                allow(200, Who.DISPATCHER)));
        rows.add(new Row("transfer outside", "POST", "/api/v1/incidents/:id/transfer", w -> new Req("/api/v1/incidents/"
                + incidentOut + "/transfer", "{\"level\":\"township\",\"note\":\"需镇街协调\"}"),
                allow(404, Who.DISPATCHER)));
        rows.add(new Row("stats", "GET", "/api/v1/stats/incidents", get("/api/v1/stats/incidents?level=county"),
                allow(200, READERS)));
        rows.add(new Row("casework stats", "GET", "/api/v1/stats/casework", get("/api/v1/stats/casework?level=township"),
                allow(200, READERS)));

        // Positions: the gateway for units of its jurisdiction, the device for its own unit only.
        rows.add(new Row("positions inside", "POST", "/api/v1/positions", w -> new Req("/api/v1/positions", "[" + pos("M-IN",
                gridPoint, next()) + "]"), allow(200, Who.GATEWAY, Who.DEVICE)));
        rows.add(new Row("osmand (POST, bearer)", "POST", "/osmand", w -> new Req("/osmand?id=M-IN&lat=" + gridPoint.getY()
                + "&lon=" + gridPoint.getX() + "&timestamp=" + next().getEpochSecond(), null), allow(200, Who.GATEWAY, Who.DEVICE)));
        rows.add(new Row("osmand outside", "GET", "/osmand", w -> new Req("/osmand?id=M-OUT&lat=" + outsidePoint.getY()
                + "&lon=" + outsidePoint.getX() + "&timestamp=" + next().getEpochSecond(), null), allow(403, Who.GATEWAY, Who.DEVICE)));
        // The device key in the path (Traccar Client cannot send headers): the key is the principal, whoever sends it.
        rows.add(new Row("osmand key in path", "POST", "/osmand/:key", w -> new Req("/osmand/" + deviceKey + "?lat="
                + gridPoint.getY() + "&lon=" + gridPoint.getX() + "&timestamp=" + next().getEpochSecond(), null, ""), all(200)));
        rows.add(new Row("osmand key in path, another unit", "GET", "/osmand/:key", w -> new Req("/osmand/" + deviceKey
                + "?id=M-OUT&lat=" + gridPoint.getY() + "&lon=" + gridPoint.getX() + "&timestamp=" + next().getEpochSecond(),
                null, ""), all(403)));

        // Units.
        rows.add(new Row("units", "GET", "/api/v1/units", get("/api/v1/units"), allow(200, READERS)));
        rows.add(new Row("unit add inside", "POST", "/api/v1/units", w -> new Req("/api/v1/units", "{\"id\":\"N-" + w
                + SEQ.incrementAndGet() + "\",\"callSign\":\"新增\",\"kind\":\"foot_patrol\",\"agency\":\"测试\","
                + "\"homeTownshipCode\":\"" + townshipIn + "\"}"), allow(201, Who.DISPATCHER)));
        rows.add(new Row("unit add outside", "POST", "/api/v1/units", w -> new Req("/api/v1/units", "{\"id\":\"O-" + w
                + SEQ.incrementAndGet() + "\",\"callSign\":\"新增\",\"kind\":\"foot_patrol\",\"agency\":\"测试\","
                + "\"homeTownshipCode\":\"" + townshipOut + "\"}"), allow(403, Who.DISPATCHER)));
        rows.add(new Row("nearest", "GET", "/api/v1/units/nearest", get("/api/v1/units/nearest?" + p), allow(200, READERS)));
        rows.add(new Row("who passed here", "GET", "/api/v1/units/passed", get("/api/v1/units/passed?polygon="
                + square(gridPoint) + "&" + window()), allow(200, Who.DISPATCHER, Who.SUPERVISOR, Who.ANALYST)));
        // A grid worker's jurisdiction is grids: no unit's home township lies inside it.
        rows.add(new Row("unit inside", "GET", "/api/v1/units/:id", get("/api/v1/units/M-IN"),
                with(allow(200, Who.SCREEN, Who.DISPATCHER, Who.SUPERVISOR, Who.ANALYST), Who.GRID_WORKER, 404)));
        rows.add(new Row("unit outside", "GET", "/api/v1/units/:id", get("/api/v1/units/M-OUT"), allow(404, READERS)));
        rows.add(new Row("unit status inside", "PATCH", "/api/v1/units/:id", w -> new Req("/api/v1/units/M-SPARE",
                "{\"status\":\"off_duty\"}"), allow(200, Who.DISPATCHER)));
        rows.add(new Row("unit status outside", "PATCH", "/api/v1/units/:id", w -> new Req("/api/v1/units/M-OUT",
                "{\"status\":\"off_duty\"}"), allow(404, Who.DISPATCHER)));
        rows.add(new Row("track inside", "GET", "/api/v1/units/:id/track", get("/api/v1/units/M-IN/track?" + window()),
                allow(200, Who.DISPATCHER, Who.SUPERVISOR, Who.ANALYST)));
        rows.add(new Row("track outside", "GET", "/api/v1/units/:id/track", get("/api/v1/units/M-OUT/track?" + window()),
                allow(404, Who.DISPATCHER, Who.SUPERVISOR, Who.ANALYST)));

        // The situation.
        rows.add(new Row("alerts", "GET", "/api/v1/alerts", get("/api/v1/alerts"), allow(200, READERS)));
        rows.add(new Row("ack", "POST", "/api/v1/alerts/:id/ack", post("/api/v1/alerts/987654/ack", "{}"),
                allow(404, Who.DISPATCHER)));
        rows.add(new Row("alert groups", "GET", "/api/v1/alerts/groups", get("/api/v1/alerts/groups"), allow(200, READERS)));
        rows.add(new Row("group ack", "POST", "/api/v1/alerts/groups/:groupId/ack",
                post("/api/v1/alerts/groups/post_unstaffed.county.371602/ack", "{}"), allow(200, Who.DISPATCHER)));
        rows.add(new Row("heat", "GET", "/api/v1/heat", get("/api/v1/heat?window=24h"), allow(200, READERS)));
        rows.add(new Row("coverage", "GET", "/api/v1/coverage", get("/api/v1/coverage?level=county"), allow(200, READERS)));
        rows.add(new Row("rapid response", "GET", "/api/v1/rapid-response", get("/api/v1/rapid-response?minutes=5"),
                allow(200, READERS)));
        rows.add(new Row("risk zones", "GET", "/api/v1/risk-zones", get("/api/v1/risk-zones"), allow(200, READERS)));
        rows.add(new Row("posts", "GET", "/api/v1/posts", get("/api/v1/posts"), allow(200, READERS)));
        rows.add(new Row("posts stats", "GET", "/api/v1/posts/stats", get("/api/v1/posts/stats"), allow(200, READERS)));
        rows.add(new Row("key places", "GET", "/api/v1/key-places", get("/api/v1/key-places"), allow(200, READERS)));
        rows.add(new Row("school calendar", "GET", "/api/v1/calendar", get("/api/v1/calendar"), allow(200, READERS)));
        // Kept for the city, counties and townships: a grid worker's grids hold none of them whole.
        rows.add(new Row("daily history", "GET", "/api/v1/history/daily", get("/api/v1/history/daily"),
                with(allow(200, READERS), Who.GRID_WORKER, 403)));
        // Daily reports: read within the jurisdiction (another county's is not found), generated by the duty roles.
        String yesterday = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).minusDays(1).toString();
        rows.add(new Row("reports", "GET", "/api/v1/reports/daily", get("/api/v1/reports/daily"), allow(200, READERS)));
        rows.add(new Row("report outside", "GET", "/api/v1/reports/daily/:date", get("/api/v1/reports/daily/" + yesterday
                + "?area=" + OUTSIDE), allow(404, READERS)));
        rows.add(new Row("report generate", "POST", "/api/v1/reports/daily", post("/api/v1/reports/daily",
                "{\"date\":\"" + yesterday + "\",\"area\":\"" + INSIDE + "\"}"), allow(201, Who.DISPATCHER)));

        // Sessions.
        rows.add(new Row("login", "POST", "/api/v1/auth/login", post("/api/v1/auth/login", new JsonObject()
                .put("username", "target").put("password", TestServer.PASSWORD).encode()), all(200)));
        rows.add(new Row("refresh", "POST", "/api/v1/auth/refresh", w -> new Req("/api/v1/auth/refresh", new JsonObject()
                .put("refreshToken", freshLogin("m-refresher").getString("refreshToken")).encode()), all(200)));
        rows.add(new Row("logout", "POST", "/api/v1/auth/logout", w -> new Req("/api/v1/auth/logout", null,
                USERS.contains(w) ? freshLogin(login(w)).getString("accessToken") : null), allow(204, ACCOUNTS)));
        rows.add(new Row("me", "GET", "/api/v1/auth/me", get("/api/v1/auth/me"), allow(200, ACCOUNTS)));
        rows.add(new Row("ws ticket", "POST", "/api/v1/auth/ws-ticket", post("/api/v1/auth/ws-ticket", null),
                allow(200, READERS)));

        // Accounts: 三员分立.
        rows.add(new Row("users", "GET", "/api/v1/admin/users", get("/api/v1/admin/users"),
                allow(200, Who.SYSADMIN, Who.SECADMIN)));
        rows.add(new Row("user add", "POST", "/api/v1/admin/users", w -> new Req("/api/v1/admin/users", new JsonObject()
                .put("login", "new-" + SEQ.incrementAndGet()).put("password", TestServer.PASSWORD).encode()),
                allow(201, Who.SYSADMIN)));
        rows.add(new Row("user change", "PATCH", "/api/v1/admin/users/:login", w -> new Req("/api/v1/admin/users/target",
                "{\"displayName\":\"目标\"}"), allow(200, Who.SYSADMIN)));
        rows.add(new Row("grants", "PUT", "/api/v1/admin/users/:login/grants", w -> new Req(
                "/api/v1/admin/users/target/grants", "{\"roles\":[\"screen\",\"analyst\"],\"jurisdiction\":[\"" + INSIDE
                + "\"]}"), allow(200, Who.SECADMIN)));
        rows.add(new Row("devices", "GET", "/api/v1/admin/devices", get("/api/v1/admin/devices"),
                allow(200, Who.SYSADMIN, Who.SECADMIN)));
        rows.add(new Row("device add", "POST", "/api/v1/admin/devices", post("/api/v1/admin/devices", "{\"unit\":\"M-SPARE\"}"),
                allow(201, Who.SYSADMIN)));
        rows.add(new Row("device revoke", "DELETE", "/api/v1/admin/devices/:id", w -> new Req("/api/v1/admin/devices/"
                + revocableDevice, null), allow(204, Who.SYSADMIN)));
        rows.add(new Row("api keys", "GET", "/api/v1/admin/api-keys", get("/api/v1/admin/api-keys"),
                allow(200, Who.SYSADMIN, Who.SECADMIN)));
        rows.add(new Row("api key add", "POST", "/api/v1/admin/api-keys", post("/api/v1/admin/api-keys",
                "{\"name\":\"12345热线\",\"roles\":[\"screen\"],\"jurisdiction\":[\"" + INSIDE + "\"]}"),
                allow(201, Who.SECADMIN)));
        rows.add(new Row("api key revoke", "DELETE", "/api/v1/admin/api-keys/:id", w -> new Req("/api/v1/admin/api-keys/"
                + revocableKey, null), allow(204, Who.SECADMIN)));
        rows.add(new Row("audit", "GET", "/api/v1/audit", get("/api/v1/audit"), allow(200, Who.AUDITOR)));
        rows.add(new Row("audit csv", "GET", "/api/v1/audit.csv", get("/api/v1/audit.csv"), allow(200, Who.AUDITOR)));
        // Exports: an analyst exports (export); a reader without it does not. A layer needs its own read permission too.
        rows.add(new Row("export grids", "GET", "/api/v1/export/:layer", get("/api/v1/export/grids?format=csv"),
                allow(200, Who.ANALYST)));
        rows.add(new Row("export tracks", "GET", "/api/v1/export/:layer", get("/api/v1/export/tracks?format=csv"),
                allow(200, Who.ANALYST)));
        rows.add(new Row("incidents export", "GET", "/api/v1/incidents", get("/api/v1/incidents?format=csv"),
                allow(200, Who.ANALYST)));
        rows.add(new Row("units export", "GET", "/api/v1/units", get("/api/v1/units?format=xlsx"), allow(200, Who.ANALYST)));
        rows.add(new Row("coverage export", "GET", "/api/v1/coverage", get("/api/v1/coverage?format=csv"),
                allow(200, Who.ANALYST)));

        // Vector tiles: areas and grids with AREAS, the operational tilesets with READ; content inside the jurisdiction.
        String in = tile(gridPoint);
        String out = tile(outsidePoint);
        rows.add(new Row("tilesets", "GET", "/tiles", get("/tiles"), allow(200, AREAS)));
        rows.add(new Row("tile matrix set", "GET", "/tiles/tileMatrixSets/WebMercatorQuad",
                get("/tiles/tileMatrixSets/WebMercatorQuad"), allow(200, AREAS)));
        rows.add(new Row("areas tilejson", "GET", "/tiles/areas.json", get("/tiles/areas.json"), allow(200, AREAS)));
        rows.add(new Row("grids tilejson", "GET", "/tiles/grids.json", get("/tiles/grids.json"), allow(200, AREAS)));
        // Outside its jurisdiction a county's principal still sees the city's outline (context), as in /api/v1/areas.
        rows.add(new Row("areas tile", "GET", "/tiles/areas/:z/:x/:y.mvt", get("/tiles/areas/" + out + ".mvt"),
                allow(200, AREAS)));
        rows.add(new Row("grids tile inside", "GET", "/tiles/grids/:z/:x/:y.mvt", get("/tiles/grids/" + in + ".mvt"),
                allow(200, AREAS)));
        rows.add(new Row("grids tile outside", "GET", "/tiles/grids/:z/:x/:y.mvt", get("/tiles/grids/" + out + ".mvt"),
                with(with(allow(204, READERS), Who.SYSADMIN, 200), Who.SECADMIN, 200)));
        rows.add(new Row("operational tile", "GET", "/tiles/:layer/:z/:x/:y.mvt", get("/tiles/no-such-layer/" + in + ".mvt"),
                allow(404, READERS)));
        rows.add(new Row("incidents tile inside", "GET", "/tiles/:layer/:z/:x/:y.mvt", get("/tiles/incidents/" + in + ".mvt"),
                allow(200, READERS)));
        rows.add(new Row("incidents tile outside", "GET", "/tiles/:layer/:z/:x/:y.mvt", get("/tiles/incidents/" + out + ".mvt"),
                allow(204, READERS)));
        rows.add(new Row("units tilejson", "GET", "/tiles/:layer.json", get("/tiles/units.json"), allow(200, READERS)));
        rows.add(new Row("operational tilejson", "GET", "/tiles/:layer.json", get("/tiles/no-such-layer.json"),
                allow(404, READERS)));

        // Operations.
        rows.add(new Row("openapi", "GET", "/api/v1/openapi.json", get("/api/v1/openapi.json"), allow(200, ACCOUNTS)));
        // OGC API – Features: the collections of areas need AREAS, operational ones READ, tracks HISTORY.
        rows.add(new Row("ogc landing", "GET", "/ogcapi", get("/ogcapi"), allow(200, ACCOUNTS)));
        rows.add(new Row("ogc conformance", "GET", "/ogcapi/conformance", get("/ogcapi/conformance"), allow(200, ACCOUNTS)));
        rows.add(new Row("ogc api", "GET", "/ogcapi/api", get("/ogcapi/api"), allow(200, ACCOUNTS)));
        rows.add(new Row("ogc collections", "GET", "/ogcapi/collections", get("/ogcapi/collections"), allow(200, AREAS)));
        rows.add(new Row("ogc collection", "GET", "/ogcapi/collections/:collectionId", get("/ogcapi/collections/incidents"),
                allow(200, AREAS)));
        rows.add(new Row("ogc queryables", "GET", "/ogcapi/collections/:collectionId/queryables",
                get("/ogcapi/collections/grids/queryables"), allow(200, AREAS)));
        rows.add(new Row("ogc grids", "GET", "/ogcapi/collections/:collectionId/items", get("/ogcapi/collections/grids/items"),
                allow(200, AREAS)));
        rows.add(new Row("ogc incidents", "GET", "/ogcapi/collections/:collectionId/items",
                get("/ogcapi/collections/incidents/items"), allow(200, READERS)));
        rows.add(new Row("ogc incident outside", "GET", "/ogcapi/collections/:collectionId/items/:featureId",
                w -> new Req("/ogcapi/collections/incidents/items/" + incidentOut, null), allow(404, READERS)));
        rows.add(new Row("ogc tracks", "GET", "/ogcapi/collections/tracks/items", get("/ogcapi/collections/tracks/items"),
                allow(200, Who.DISPATCHER, Who.SUPERVISOR, Who.ANALYST)));
        rows.add(new Row("ogc track outside", "GET", "/ogcapi/collections/tracks/items/:featureId",
                get("/ogcapi/collections/tracks/items/M-OUT"), allow(404, Who.DISPATCHER, Who.SUPERVISOR, Who.ANALYST)));

        rows.add(new Row("vocabulary", "GET", "/api/v1/vocabulary", get("/api/v1/vocabulary"), allow(200, ACCOUNTS)));
        rows.add(new Row("live", "GET", HttpVerticle.LIVE_PATH, get(HttpVerticle.LIVE_PATH), allow(101, READERS)));
        rows.add(new Row("health", "GET", "/health", get("/health"), all(200)));
        rows.add(new Row("ready", "GET", "/ready", get("/ready"), all(200)));
        rows.add(new Row("metrics", "GET", "/metrics", get("/metrics"), allow(200, Who.SYSADMIN)));
        return rows;
    }

    static int send(Row row, Who w) throws Exception {
        Req req = row.request().apply(w);
        String token = req.token() != null ? (req.token().isEmpty() ? null : req.token())
                : w == Who.ANONYMOUS ? null : TOKENS.get(w);
        if (row.template().equals(HttpVerticle.LIVE_PATH)) {
            try (LiveClient c = LiveClient.connect(s.server().port(), req.path(), null, token)) {
                c.next("welcome", null);
                return 101;
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof UpgradeRejectedException u) {
                    return u.getStatus();
                }
                throw e;
            }
        }
        TestServer.Client client = token == null ? s.anonymous() : s.as(token);
        HttpResponse<String> r = client.send(row.method(), req.path(), req.body());
        if (r.statusCode() >= 400) {
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(row.label() + " by " + w + ": " + r.body())
                    .startsWith("application/problem+json");
        }
        if (r.statusCode() == 401) {
            assertThat(r.headers().firstValue("WWW-Authenticate")).as(row.label() + " by " + w).isPresent();
        }
        return r.statusCode();
    }

    @Test
    void everyRouteForEveryPrincipalInsideAndOutsideJurisdiction() throws Exception {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Row row : rows()) {
            for (Who w : Who.values()) {
                int expected = row.allowed().getOrDefault(w, w == Who.ANONYMOUS ? 401 : 403);
                int got = send(row, w);
                checked++;
                if (got != expected) {
                    wrong.add(row.label() + " (" + row.method() + " " + row.template() + ") by " + w + ": expected "
                            + expected + ", got " + got);
                }
            }
        }
        assertThat(wrong).as("of " + checked + " requests").isEmpty();
    }

    @Test
    void theMatrixCoversEveryRouteOfTheTable() {
        Set<String> table = new TreeSet<>();
        for (RouteSpec r : s.server().routes()) {
            table.add(r.method().name() + " " + r.path());
        }
        Set<String> matrix = new TreeSet<>();
        for (Row r : rows()) {
            matrix.add(r.method() + " " + r.template());
        }
        assertThat(matrix).isEqualTo(table);
    }

    @Test
    void onlyHealthReadinessLoginAndRefreshArePublic() {
        Set<String> pub = new TreeSet<>();
        for (RouteSpec r : s.server().routes()) {
            if (r.permission() == Permission.PUBLIC) {
                pub.add(r.method().name() + " " + r.path());
            }
        }
        assertThat(pub).containsExactlyInAnyOrder("GET /health", "GET /ready", "POST /api/v1/auth/login",
                "POST /api/v1/auth/refresh");
    }

    /** Every channel, for every principal that may open /live, answers with a snapshot; the rest cannot connect. */
    @Test
    void everyChannelForEveryReader() throws Exception {
        List<String> channels;
        try (LiveClient c = LiveClient.connect(s.server().port(), HttpVerticle.LIVE_PATH, null, TOKENS.get(Who.SCREEN))) {
            JsonArray names = c.next("welcome", null).getJsonArray("channels");
            channels = names.stream().map(Object::toString).toList();
        }
        assertThat(channels).contains("units", "heat", "coverage", "incidents", "posts", "alerts", "alertGroups", "stats", "tiles");
        for (Who w : READERS) {
            try (LiveClient c = LiveClient.connect(s.server().port(), HttpVerticle.LIVE_PATH, null, TOKENS.get(w))) {
                c.next("welcome", null);
                for (String ch : channels) {
                    c.send(new JsonObject().put("op", "subscribe").put("id", ch).put("channel", ch));
                    JsonObject f = c.next(x -> ch.equals(x.getString("id")) && ("snapshot".equals(x.getString("op"))
                            || "error".equals(x.getString("op"))), 10);
                    assertThat(f.getString("op")).as(ch + " for " + w + ": " + f.encode()).isEqualTo("snapshot");
                }
            }
        }
        // The page's way in: a one-time ticket in the URL. Used once, it opens nothing more.
        String ticket = json(s.as(TOKENS.get(Who.SCREEN)).post("/api/v1/auth/ws-ticket", null)).getString("ticket");
        try (LiveClient c = LiveClient.connect(s.server().port(), "/live?ticket=" + ticket, null, null)) {
            assertThat(c.next("welcome", null)).isNotNull();
        }
        assertThat(send(new Row("ticket reused", "GET", HttpVerticle.LIVE_PATH, get("/live?ticket=" + ticket), Map.of()),
                Who.ANONYMOUS)).isEqualTo(401);
    }
}
