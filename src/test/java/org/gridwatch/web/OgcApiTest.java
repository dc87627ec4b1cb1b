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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.auth.Role;
import org.gridwatch.feature.FeatureLayer;
import org.gridwatch.geo.Geo;
import org.gridwatch.geo.GeoJson;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;

/**
 * OGC API – Features at {@code /ogcapi} on a real server over the demo city: the Part 1 resources
 * and their links, paging, bbox, datetime, Part 2 CRSs with their axis order, the refusals, HTML,
 * and the permissions of each collection. Expected answers are computed independently of the
 * routes: from the area hierarchy with JTS, and from the fixtures posted.
 */
class OgcApiTest {
    @TempDir
    static Path dir;
    static TestServer s;
    static AreaHierarchy areas;
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3 * 3600);
    static Point p;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(dir, Map.of("GRIDWATCH_HTTP_RATE_LIMIT_WRITES_PER_SECOND", "10000",
                "GRIDWATCH_HTTP_METRICS_PUBLIC", "true"));
        areas = s.server().grids().hierarchy();
        AdminArea grid = areas.level(AdminLevel.GRID).get(100);
        p = grid.geometry().getInteriorPoint();
        // Two incidents two hours apart at one point.
        for (Instant at : List.of(T0, T0.plusSeconds(7200))) {
            s.report(p.getX(), p.getY(), at, "OGC 测试");
        }
        String unit = s.server().positions().units().get(0).id();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        s.positions(TestServer.walk(new JsonArray(), unit, p.getX(), p.getY(), 5, 0.0005, now.minusSeconds(600)));
        s.quiesce();
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    static String href(JsonArray links, String rel) {
        return links.stream().map(x -> (JsonObject) x).filter(l -> l.getString("rel").equals(rel)).findFirst()
                .orElseThrow(() -> new AssertionError("no link " + rel + " in " + links)).getString("href");
    }

    /** GET of an absolute link of the API. */
    static HttpResponse<String> follow(String absolute) throws Exception {
        String path = absolute.substring(absolute.indexOf("/ogcapi"));
        return s.get(path);
    }

    static Set<String> ids(JsonObject fc) {
        Set<String> ids = new HashSet<>();
        fc.getJsonArray("features").forEach(f -> ids.add(((JsonObject) f).getString("id")));
        return ids;
    }

    @Test
    void landingPageLinksTheApiTheConformanceAndTheData() throws Exception {
        HttpResponse<String> r = s.get("/ogcapi");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        JsonArray links = json(r).getJsonArray("links");
        assertThat(href(links, "service-desc")).endsWith("/ogcapi/api");
        assertThat(href(links, "conformance")).endsWith("/ogcapi/conformance");
        assertThat(href(links, "data")).endsWith("/ogcapi/collections");
        assertThat(href(links, "self")).startsWith("http://");

        JsonArray conf = json(s.get("/ogcapi/conformance")).getJsonArray("conformsTo");
        assertThat(conf.getList()).contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
                "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
                "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
                "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs");

        HttpResponse<String> api = s.get("/ogcapi/api");
        assertThat(api.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/vnd.oai.openapi+json");
        JsonObject doc = json(api);
        assertThat(doc.getString("openapi")).startsWith("3.0");
        for (FeatureLayer l : s.server().layers().all()) {
            assertThat(doc.getJsonObject("paths").fieldNames()).contains("/collections/" + l.id() + "/items",
                    "/collections/" + l.id() + "/items/{featureId}");
        }
    }

    @Test
    void everyLayerIsACollection() throws Exception {
        JsonObject cs = json(s.get("/ogcapi/collections"));
        List<String> listed = cs.getJsonArray("collections").stream().map(x -> ((JsonObject) x).getString("id")).toList();
        assertThat(listed).containsExactly("city", "counties", "townships", "villages", "grids", "incidents", "units",
                "tracks", "posts", "key-places", "alerts", "risk-zones", "heat");
        JsonObject incidents = json(s.get("/ogcapi/collections/incidents"));
        JsonArray interval = incidents.getJsonObject("extent").getJsonObject("temporal").getJsonArray("interval")
                .getJsonArray(0);
        // The fixtures' two incidents are all the server holds: their span, widened to whole hours.
        assertThat(interval.getString(0)).isEqualTo(T0.truncatedTo(ChronoUnit.HOURS).toString());
        assertThat(interval.getString(1)).isEqualTo(T0.plusSeconds(7200).truncatedTo(ChronoUnit.HOURS).plusSeconds(3600)
                .toString());
        assertThat(incidents.getJsonArray("crs").getList()).contains("http://www.opengis.net/def/crs/EPSG/0/4490",
                "http://www.opengis.net/def/crs/EPSG/0/4527");
        JsonObject q = json(s.get("/ogcapi/collections/incidents/queryables"));
        assertThat(q.getJsonObject("properties").fieldNames()).contains("category", "status", "reportedAt", "geometry");
    }

    @Test
    void itemsPageThroughNextLinksWithNumbersMatchedAndReturned() throws Exception {
        JsonObject first = json(s.get("/ogcapi/collections/grids/items?limit=3"));
        assertThat(first.getInteger("numberReturned")).isEqualTo(3);
        assertThat(first.getLong("numberMatched")).isEqualTo(areas.level(AdminLevel.GRID).size());
        JsonObject second = json(follow(href(first.getJsonArray("links"), "next")));
        assertThat(second.getInteger("numberReturned")).isEqualTo(3);
        assertThat(ids(second)).doesNotContainAnyElementsOf(ids(first));

        // The whole county layer, two at a time, by next links only.
        List<String> all = new ArrayList<>();
        String next = "/ogcapi/collections/counties/items?limit=2";
        HttpResponse<String> r = s.get(next);
        while (true) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonObject page = json(r);
            page.getJsonArray("features").forEach(f -> all.add(((JsonObject) f).getString("id")));
            JsonArray links = page.getJsonArray("links");
            if (links.stream().noneMatch(l -> ((JsonObject) l).getString("rel").equals("next"))) {
                break;
            }
            r = follow(href(links, "next"));
        }
        assertThat(all).containsExactlyElementsOf(areas.level(AdminLevel.COUNTY).stream().map(AdminArea::code).toList());
    }

    /** Queries the query pool has answered so far. */
    private static double poolQueries() throws Exception {
        return QueryBoundsTest.metric(s, "gridwatch_queries_total", "pool", "query", "outcome", "done");
    }

    @Test
    void smallPagesAreAnsweredOnTheEventLoopAndTheSameAsFromTheQueryPool() throws Exception {
        String box = (p.getX() - 0.01) + "," + (p.getY() - 0.01) + "," + (p.getX() + 0.01) + "," + (p.getY() + 0.01);
        double before = poolQueries();
        JsonObject inline = json(s.get("/ogcapi/collections/grids/items?limit=100&bbox=" + box));
        JsonObject incidents = json(s.get("/ogcapi/collections/incidents/items?bbox=" + box));
        assertThat(poolQueries()).as("a few grids and incidents: no hop to the query pool").isEqualTo(before);
        assertThat(incidents.getInteger("numberReturned")).isEqualTo(2);

        // The same grids through the query pool (a filter always goes there; this one keeps every grid).
        JsonObject pooled = json(s.get("/ogcapi/collections/grids/items?limit=100&bbox=" + box + "&filter="
                + enc("population >= 0")));
        assertThat(poolQueries()).isEqualTo(before + 1);
        assertThat(inline.getInteger("numberReturned")).isPositive();
        assertThat(inline.getJsonArray("features")).isEqualTo(pooled.getJsonArray("features"));

        // A page the budget cannot hold (every grid of the city) goes to the pool, whole.
        JsonObject all = json(s.get("/ogcapi/collections/grids/items?limit=10000"));
        assertThat(poolQueries()).isEqualTo(before + 2);
        assertThat(all.getInteger("numberReturned")).isEqualTo(Math.min(10_000, areas.level(AdminLevel.GRID).size()));
    }

    @Test
    void bboxKeepsTheFeaturesThatIntersectIt() throws Exception {
        Envelope box = new Envelope(p.getX() - 0.01, p.getX() + 0.01, p.getY() - 0.01, p.getY() + 0.01);
        Geometry boxGeom = Geo.FACTORY.toGeometry(box);
        Set<String> expected = new HashSet<>();
        for (AdminArea g : areas.level(AdminLevel.GRID)) {
            if (g.geometry().intersects(boxGeom)) {
                expected.add(g.code());
            }
        }
        JsonObject fc = json(s.get("/ogcapi/collections/grids/items?limit=10000&bbox=" + box.getMinX() + "," + box.getMinY()
                + "," + box.getMaxX() + "," + box.getMaxY()));
        assertThat(expected).isNotEmpty();
        assertThat(ids(fc)).isEqualTo(expected);
        assertThat(fc.getLong("numberMatched")).isEqualTo(expected.size());

        // The same box in EPSG:3857 finds the same grids (give or take the grids touching its curved edges).
        double r = 6378137.0;
        double x1 = Math.toRadians(box.getMinX()) * r;
        double x2 = Math.toRadians(box.getMaxX()) * r;
        double y1 = r * Math.log(Math.tan(Math.PI / 4 + Math.toRadians(box.getMinY()) / 2));
        double y2 = r * Math.log(Math.tan(Math.PI / 4 + Math.toRadians(box.getMaxY()) / 2));
        JsonObject merc = json(s.get("/ogcapi/collections/grids/items?limit=10000&bbox=" + x1 + "," + y1 + "," + x2 + "," + y2
                + "&bbox-crs=" + enc("http://www.opengis.net/def/crs/EPSG/0/3857")));
        assertThat(ids(merc)).isEqualTo(expected);
    }

    @Test
    void datetimeKeepsTheIncidentsOfTheInterval() throws Exception {
        String near = "&bbox=" + (p.getX() - 1e-4) + "," + (p.getY() - 1e-4) + "," + (p.getX() + 1e-4) + "," + (p.getY() + 1e-4);
        JsonObject both = json(s.get("/ogcapi/collections/incidents/items?limit=100" + near));
        assertThat(both.getInteger("numberReturned")).isEqualTo(2);
        JsonObject early = json(s.get("/ogcapi/collections/incidents/items?limit=100" + near + "&datetime="
                + enc(T0.minusSeconds(60) + "/" + T0.plusSeconds(60))));
        assertThat(early.getInteger("numberReturned")).isEqualTo(1);
        assertThat(early.getJsonArray("features").getJsonObject(0).getJsonObject("properties").getString("reportedAt"))
                .isEqualTo(T0.toString());
        JsonObject late = json(s.get("/ogcapi/collections/incidents/items?limit=100" + near + "&datetime="
                + enc(T0.plusSeconds(3600) + "/..")));
        assertThat(late.getJsonArray("features").getJsonObject(0).getJsonObject("properties").getString("reportedAt"))
                .isEqualTo(T0.plusSeconds(7200).toString());
        JsonObject instant = json(s.get("/ogcapi/collections/incidents/items?limit=100" + near + "&datetime=" + enc(T0.toString())));
        assertThat(instant.getInteger("numberReturned")).isEqualTo(1);
        // ISO 8601 start/duration and duration/end.
        assertThat(json(s.get("/ogcapi/collections/incidents/items?limit=100" + near + "&datetime=" + enc(T0.minusSeconds(30)
                + "/PT1M"))).getInteger("numberReturned")).isEqualTo(1);
        assertThat(json(s.get("/ogcapi/collections/incidents/items?limit=100" + near + "&datetime=" + enc("P1D/"
                + T0.plusSeconds(7200)))).getInteger("numberReturned")).isEqualTo(2);
        assertThat(s.get("/ogcapi/collections/incidents/items?datetime=" + enc(T0 + "/P1X")).statusCode()).isEqualTo(400);
    }

    @Test
    void crsAnswersInTheRegisteredAxisOrderAndNamesIt() throws Exception {
        String code = areas.level(AdminLevel.GRID).get(100).code();
        JsonObject plain = json(s.get("/ogcapi/collections/grids/items/" + code));
        JsonArray c84 = plain.getJsonObject("geometry").getJsonArray("coordinates").getJsonArray(0).getJsonArray(0);
        double lon = c84.getDouble(0);
        double lat = c84.getDouble(1);
        assertThat(lon).isBetween(117.0, 119.0);

        HttpResponse<String> r = s.get("/ogcapi/collections/grids/items/" + code + "?crs=" + enc("http://www.opengis.net/def/crs/EPSG/0/4490"));
        assertThat(r.headers().firstValue("Content-Crs").orElseThrow()).isEqualTo("<http://www.opengis.net/def/crs/EPSG/0/4490>");
        JsonArray cg = json(r).getJsonObject("geometry").getJsonArray("coordinates").getJsonArray(0).getJsonArray(0);
        assertThat(cg.getDouble(0)).isEqualTo(lat);
        assertThat(cg.getDouble(1)).isEqualTo(lon);

        JsonArray m = json(s.get("/ogcapi/collections/grids/items/" + code + "?crs=" + enc("http://www.opengis.net/def/crs/EPSG/0/3857")))
                .getJsonObject("geometry").getJsonArray("coordinates").getJsonArray(0).getJsonArray(0);
        assertThat(m.getDouble(0)).isCloseTo(Math.toRadians(lon) * 6378137.0, org.assertj.core.data.Offset.offset(0.01));

        // Gauss–Krüger zone 39 (CM 117°E): northing first, the easting carries the zone number.
        JsonArray gk = json(s.get("/ogcapi/collections/grids/items/" + code + "?crs=" + enc("http://www.opengis.net/def/crs/EPSG/0/4527")))
                .getJsonObject("geometry").getJsonArray("coordinates").getJsonArray(0).getJsonArray(0);
        assertThat(gk.getDouble(0)).isBetween(4_000_000.0, 4_300_000.0);
        assertThat(gk.getDouble(1)).isBetween(39_500_000.0, 39_700_000.0);
        JsonObject cgcs = json(s.get("/ogcapi/collections/grids/items/" + code + "?crs=EPSG:4548"));
        assertThat(cgcs.getJsonObject("geometry").getJsonArray("coordinates").getJsonArray(0).getJsonArray(0).getDouble(1))
                .isCloseTo(gk.getDouble(1) - 39_000_000.0, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void aFeatureIsTheAreaTheRestApiAnswers() throws Exception {
        String code = areas.level(AdminLevel.GRID).get(7).code();
        JsonObject f = json(s.get("/ogcapi/collections/grids/items/" + code));
        JsonObject rest = json(s.get("/api/v1/areas/" + code));
        assertThat(f.getString("id")).isEqualTo(code);
        assertThat(GeoJson.read(f.getJsonObject("geometry")).equalsExact(GeoJson.read(rest.getJsonObject("geometry")), 1e-7))
                .isTrue();
        assertThat(f.getJsonObject("properties").getString("coverage")).isIn("never", "fresh", "covered", "uncovered");
        assertThat(s.get("/ogcapi/collections/grids/items/999").statusCode()).isEqualTo(404);
        assertThat(s.get("/ogcapi/collections/nothing/items").statusCode()).isEqualTo(404);
    }

    @Test
    void tracksAreLinesOfTheStoredFixes() throws Exception {
        String unit = s.server().positions().units().get(0).id();
        HttpResponse<String> tr = s.get("/ogcapi/collections/tracks/items/" + enc(unit));
        assertThat(tr.statusCode()).as(tr.body()).isEqualTo(200);
        JsonObject f = json(tr);
        assertThat(f.getJsonObject("geometry").getString("type")).isEqualTo("LineString");
        assertThat(f.getJsonObject("properties").getInteger("fixes")).isEqualTo(5);
        HttpResponse<String> tooLong = s.get("/ogcapi/collections/tracks/items?datetime="
                + enc(Instant.now().minusSeconds(3 * 86400) + "/" + Instant.now()));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(json(tooLong).getString("field")).isEqualTo("datetime");
    }

    @Test
    void cql2FiltersInTextAndJsonWithSpatialAndTemporalOperators() throws Exception {
        String near = "S_INTERSECTS(geometry, BBOX(" + (p.getX() - 1e-4) + "," + (p.getY() - 1e-4) + "," + (p.getX() + 1e-4)
                + "," + (p.getY() + 1e-4) + "))";
        JsonObject both = json(s.get("/ogcapi/collections/incidents/items?limit=100&filter=" + enc(near + " AND category = 'criminal'")));
        assertThat(both.getInteger("numberReturned")).isEqualTo(2);
        assertThat(both.getLong("numberMatched")).isEqualTo(2);
        JsonObject none = json(s.get("/ogcapi/collections/incidents/items?filter=" + enc(near + " AND category = 'traffic'")));
        assertThat(none.getInteger("numberReturned")).isZero();
        JsonObject early = json(s.get("/ogcapi/collections/incidents/items?filter=" + enc(near + " AND T_INTERSECTS(reportedAt, "
                + "INTERVAL('" + T0.minusSeconds(60) + "','" + T0.plusSeconds(60) + "'))")));
        assertThat(early.getInteger("numberReturned")).isEqualTo(1);
        JsonObject before = json(s.get("/ogcapi/collections/incidents/items?filter=" + enc(near + " AND T_BEFORE(datetime, TIMESTAMP('"
                + T0.plusSeconds(3600) + "'))")));
        assertThat(before.getInteger("numberReturned")).isEqualTo(1);

        String jsonFilter = new JsonObject().put("op", "and").put("args", new JsonArray()
                .add(new JsonObject().put("op", "s_intersects").put("args", new JsonArray()
                        .add(new JsonObject().put("property", "geometry"))
                        .add(new JsonObject().put("bbox", new JsonArray().add(p.getX() - 1e-4).add(p.getY() - 1e-4)
                                .add(p.getX() + 1e-4).add(p.getY() + 1e-4)))))
                .add(new JsonObject().put("op", "=").put("args", new JsonArray().add(new JsonObject().put("property", "title"))
                        .add("OGC 测试")))).encode();
        JsonObject viaJson = json(s.get("/ogcapi/collections/incidents/items?filter-lang=cql2-json&filter=" + enc(jsonFilter)));
        assertThat(viaJson.getInteger("numberReturned")).isEqualTo(2);

        // The grid containing the point, found with S_WITHIN of a point given in EPSG:3857.
        double x = Math.toRadians(p.getX()) * 6378137.0;
        double y = 6378137.0 * Math.log(Math.tan(Math.PI / 4 + Math.toRadians(p.getY()) / 2));
        JsonObject grid = json(s.get("/ogcapi/collections/grids/items?filter-crs=" + enc("http://www.opengis.net/def/crs/EPSG/0/3857")
                + "&filter=" + enc("S_CONTAINS(geometry, POINT(" + x + " " + y + "))")));
        assertThat(ids(grid)).containsExactly(s.server().grids().locateGrid(p.getX(), p.getY()).code());

        HttpResponse<String> unknown = s.get("/ogcapi/collections/incidents/items?filter=" + enc("catgory = 'fraud'"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).getString("field")).isEqualTo("filter");
        assertThat(json(unknown).getString("detail")).contains("catgory");
        HttpResponse<String> broken = s.get("/ogcapi/collections/incidents/items?filter=" + enc("category = 'fraud"));
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(json(s.get("/ogcapi/collections/incidents/items?filter=x&filter-lang=sql")).getString("field"))
                .isEqualTo("filter-lang");
        assertThat(json(s.get("/ogcapi/collections/incidents/items?filter-lang=cql2-text")).getString("field"))
                .isEqualTo("filter-lang");
        JsonArray conf = json(s.get("/ogcapi/conformance")).getJsonArray("conformsTo");
        assertThat(conf.getList()).contains("http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
                "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text");
    }

    @Test
    void badParametersAreRefusedNamingThem() throws Exception {
        for (String[] c : new String[][] {
                {"/ogcapi/collections/grids/items?catgory=x", "catgory"},
                {"/ogcapi/collections/grids/items?limit=0", "limit"},
                {"/ogcapi/collections/grids/items?limit=x", "limit"},
                {"/ogcapi/collections/grids/items?bbox=1,2,3", "bbox"},
                {"/ogcapi/collections/grids/items?bbox=118,38,117,37", "bbox"},
                {"/ogcapi/collections/grids/items?bbox=117,37,118,38&bbox-crs=EPSG:9999", "bbox-crs"},
                {"/ogcapi/collections/grids/items?crs=EPSG:2000", "crs"},
                {"/ogcapi/collections/incidents/items?datetime=yesterday", "datetime"},
                {"/ogcapi/collections/incidents/items?datetime=" + enc("2026-02-02T00:00:00Z/2026-01-01T00:00:00Z"), "datetime"},
                {"/ogcapi/collections/incidents/items?cursor=nonsense", "cursor"},
                {"/ogcapi/collections/grids/items?f=xml", "f"},
                {"/ogcapi?x=1", "x"}}) {
            HttpResponse<String> r = s.get(c[0]);
            assertThat(r.statusCode()).as(c[0] + " " + r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
            assertThat(json(r).getString("field")).as(c[0]).isEqualTo(c[1]);
        }
        // A box across the antimeridian is two boxes, neither near the city.
        HttpResponse<String> wrap = s.get("/ogcapi/collections/grids/items?bbox=177,65,-177,70");
        assertThat(wrap.statusCode()).as(wrap.body()).isEqualTo(200);
        assertThat(json(wrap).getInteger("numberReturned")).isZero();
        // Beyond the maximum the server answers the maximum (Part 1 permits it).
        assertThat(json(s.get("/ogcapi/collections/grids/items?limit=100000")).getInteger("numberReturned"))
                .isEqualTo(OgcRoutes.MAX_LIMIT);
    }

    @Test
    void htmlForAPersonWithABrowser() throws Exception {
        HttpResponse<String> r = s.get("/ogcapi/collections", "Accept", "text/html,application/xhtml+xml");
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(r.body()).contains("图层集合", "网格", "href=\"collections/grids?f=html\"");
        HttpResponse<String> items = s.get("/ogcapi/collections/counties/items?f=html");
        assertThat(items.body()).contains("<table>", areas.level(AdminLevel.COUNTY).get(0).name());
    }

    @Test
    void eachCollectionRequiresThePermissionOfItsData() throws Exception {
        s.user("ops", Set.of(Role.SYSADMIN), areas.city().code());
        TestServer.Client ops = s.as(s.login("ops"));
        assertThat(ops.get("/ogcapi/collections/grids/items?limit=1").statusCode()).isEqualTo(200);
        assertThat(ops.get("/ogcapi/collections/incidents/items?limit=1").statusCode()).isEqualTo(403);
        s.user("screen", Set.of(Role.SCREEN), areas.city().code());
        TestServer.Client screen = s.as(s.login("screen"));
        assertThat(screen.get("/ogcapi/collections/incidents/items?limit=1").statusCode()).isEqualTo(200);
        assertThat(screen.get("/ogcapi/collections/tracks/items?limit=1").statusCode()).isEqualTo(403);
        assertThat(s.anonymous().get("/ogcapi/collections").statusCode()).isEqualTo(401);
    }
}
