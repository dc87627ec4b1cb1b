package org.gridwatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.testsupport.TestServer.json;

import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.MvtReader;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.TagKeyValueMapConverter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsLayer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.gridwatch.auth.Role;
import org.gridwatch.testsupport.LiveClient;
import org.gridwatch.testsupport.TestServer;
import org.gridwatch.tile.WebMercator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/** {@code /tiles}: MVT tiles of the demo city decoded again, their tags, jurisdiction, and the live channel of changed tiles. */
class TileApiTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final double LON = 118.01;
    private static final double LAT = 37.43;
    @TempDir
    static Path dir;
    static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    static String tile(int z, double lon, double lat) {
        return z + "/" + (int) Math.floor(WebMercator.x(lon, z)) + "/" + (int) Math.floor(WebMercator.y(lat, z));
    }

    private static HttpResponse<byte[]> get(String token, String path, String... headers) throws Exception {
        return get(s, token, path, headers);
    }

    /** A GET of {@code server} as {@code token}, its body as bytes; {@code headers} are name, value pairs. */
    static HttpResponse<byte[]> get(TestServer server, String token, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path)).header("Authorization", "Bearer " + token);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static List<Geometry> decode(byte[] mvt, String layer) throws Exception {
        JtsLayer l = MvtReader.loadMvt(new ByteArrayInputStream(mvt), new GeometryFactory(),
                new TagKeyValueMapConverter(false, "mvt:id"), MvtReader.RING_CLASSIFIER_V2_1).getLayer(layer);
        return l == null ? List.of() : List.copyOf(l.getGeometries());
    }

    /** The county of the test point. */
    static String county() {
        return s.server().grids().locateGrid(LON, LAT).code().substring(0, 6);
    }

    /** A county other than {@link #county()}. */
    static String otherCounty() {
        return s.server().grids().hierarchy().children(s.server().grids().hierarchy().city().code()).stream()
                .map(a -> a.code()).filter(c -> !c.equals(county())).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> tags(Geometry g) {
        return (Map<String, Object>) g.getUserData();
    }

    @Test
    void aGridTileHoldsTheGridsWithTheirLiveAttributesAndAnEtag() throws Exception {
        HttpResponse<byte[]> r = get(s.token(), "/tiles/grids/" + tile(14, LON, LAT) + ".mvt");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(TileRoutes.MVT);
        String etag = r.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).startsWith("W/\"");
        List<Geometry> grids = decode(r.body(), "grids");
        String code = s.server().grids().locateGrid(LON, LAT).code();
        assertThat(grids).isNotEmpty().allSatisfy(g -> assertThat(g.isValid()).isTrue());
        assertThat(grids).extracting(g -> tags(g).get("code")).contains(code);
        Map<String, Object> t = tags(grids.stream().filter(g -> code.equals(tags(g).get("code"))).findFirst().orElseThrow());
        assertThat(t).containsEntry("mvt:id", Long.parseLong(code)).containsEntry("level", "grid").containsKey("coverage")
                .containsKey("dosageMinutes").containsKey("population");
        // The same tile again, with its tag: not modified.
        HttpResponse<byte[]> again = get(s.token(), "/tiles/grids/" + tile(14, LON, LAT) + ".mvt", "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        // Compressed when the client accepts it.
        HttpResponse<byte[]> gz = get(s.token(), "/tiles/grids/" + tile(14, LON, LAT) + ".mvt", "Accept-Encoding", "gzip");
        assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(new GZIPInputStream(new ByteArrayInputStream(gz.body())).readAllBytes()).isEqualTo(r.body());
        assertThat(get(s.token(), "/tiles/grids/" + tile(14, LON, LAT) + ".mvt", "Accept-Encoding", "gzip;q=0, identity")
                .headers().firstValue("Content-Encoding")).isEmpty();
    }

    @Test
    void aPatrolChangesTheTagOfItsGridTileAndOfNoOther() throws Exception {
        String here = "/tiles/grids/" + tile(14, LON, LAT) + ".mvt";
        String far = "/tiles/grids/" + tile(14, 117.60, 37.80) + ".mvt";
        String hereTag = get(s.token(), here).headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> farFirst = get(s.token(), far);
        String farTag = farFirst.headers().firstValue("ETag").orElseThrow();
        String unit = json(s.get("/api/v1/units?kind=foot_patrol")).getJsonArray("features").getJsonObject(0).getString("id");
        s.patch("/api/v1/units/" + unit, "{\"status\":\"available\"}");
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        s.post("/api/v1/positions", "[{\"unit\":\"" + unit + "\",\"lon\":" + LON + ",\"lat\":" + LAT + ",\"time\":\"" + t + "\"}]");
        s.quiesce();
        HttpResponse<byte[]> changed = get(s.token(), here, "If-None-Match", hereTag);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(hereTag);
        String code = s.server().grids().locateGrid(LON, LAT).code();
        assertThat(decode(changed.body(), "grids")).filteredOn(g -> code.equals(tags(g).get("code")))
                .singleElement().satisfies(g -> assertThat(tags(g)).containsEntry("coverage", "fresh").containsKey("lastVisit"));
        assertThat(get(s.token(), far, "If-None-Match", farTag).statusCode()).isEqualTo(304);
    }

    @Test
    void aTileHoldsOnlyWhatTheJurisdictionSees() throws Exception {
        String county = county();
        String other = otherCounty();
        String inCounty = TestServer.key(s.server(), "tiles-in", Set.of(Role.SCREEN), county);
        String elsewhere = TestServer.key(s.server(), "tiles-out", Set.of(Role.SCREEN), other);
        String path = "/tiles/grids/" + tile(9, LON, LAT) + ".mvt";   // about 60 km across: more than one county
        List<Geometry> mine = decode(get(inCounty, path).body(), "grids");
        assertThat(mine).isNotEmpty().allSatisfy(g -> assertThat((String) tags(g).get("code")).startsWith(county));
        HttpResponse<byte[]> theirs = get(elsewhere, path);
        if (theirs.statusCode() == 200) {
            assertThat(decode(theirs.body(), "grids")).allSatisfy(g -> assertThat((String) tags(g).get("code")).startsWith(other));
        } else {
            assertThat(theirs.statusCode()).isEqualTo(204);
        }
        // The city-wide caller's tile holds more than the county's (the two are cached apart).
        HttpResponse<byte[]> all = get(s.token(), path);
        assertThat(decode(all.body(), "grids")).extracting(g -> ((String) tags(g).get("code")).substring(0, 6))
                .contains(county).anyMatch(c -> !c.equals(county));
        assertThat(all.headers().firstValue("ETag")).isNotEqualTo(get(inCounty, path).headers().firstValue("ETag"));
    }

    @Test
    void theAreasTilesetHoldsEachLevelFromItsZoom() throws Exception {
        List<Geometry> z5 = decode(get(s.token(), "/tiles/areas/" + tile(5, LON, LAT) + ".mvt").body(), "areas");
        assertThat(z5).extracting(g -> tags(g).get("level")).containsOnly("city", "county").contains("city", "county");
        List<Geometry> z11 = decode(get(s.token(), "/tiles/areas/" + tile(11, LON, LAT) + ".mvt").body(), "areas");
        assertThat(z11).extracting(g -> tags(g).get("level")).contains("city", "county", "township", "village")
                .doesNotContain("grid");
        // Below the grids' minzoom: an empty tile.
        assertThat(get(s.token(), "/tiles/grids/" + tile(5, LON, LAT) + ".mvt").statusCode()).isEqualTo(204);
    }

    @Test
    void badAddressesAreProblemsNamingTheField() throws Exception {
        ApiTest.assertProblem(s.get("/tiles/grids/23/0/0.mvt"), 400, "z");
        ApiTest.assertProblem(s.get("/tiles/grids/3/8/0.mvt"), 400, "x");
        ApiTest.assertProblem(s.get("/tiles/grids/3/0/x.mvt"), 400, "y");
        assertThat(s.get("/tiles/nowhere/3/0/0.mvt").statusCode()).isEqualTo(404);
        assertThat(s.get("/tiles/nowhere.json").statusCode()).isEqualTo(404);
    }

    @Test
    void theDescriptionsPointAtTheTiles() throws Exception {
        JsonObject tj = json(s.get("/tiles/grids.json"));
        assertThat(tj.getString("tilejson")).isEqualTo("3.0.0");
        assertThat(tj.getJsonArray("tiles").getString(0)).isEqualTo("http://127.0.0.1:" + s.server().port() + "/tiles/grids/{z}/{x}/{y}.mvt");
        assertThat(tj.getInteger("minzoom")).isEqualTo(6);
        assertThat(tj.getInteger("maxzoom")).isEqualTo(14);
        JsonObject fields = tj.getJsonArray("vector_layers").getJsonObject(0).getJsonObject("fields");
        assertThat(fields.getString("coverage")).isEqualTo("String");
        assertThat(fields.getString("dosageMinutes")).isEqualTo("Number");
        JsonArray bounds = tj.getJsonArray("bounds");
        assertThat(bounds.getDouble(0)).isBetween(117.0, 118.5);
        JsonObject list = json(s.get("/tiles"));
        assertThat(list.getJsonArray("tilesets").stream().map(o -> ((JsonObject) o).getString("id")))
                .contains("areas", "grids");
        JsonObject tms = json(s.get("/tiles/tileMatrixSets/WebMercatorQuad"));
        assertThat(tms.getJsonArray("tileMatrices")).hasSize(23);
        assertThat(tms.getJsonArray("tileMatrices").getJsonObject(10).getLong("matrixWidth")).isEqualTo(1024);
    }

    @Test
    void liveSubscribersHearWhichTilesChangedInsideTheirScope() throws Exception {
        String county = county();
        String other = otherCounty();
        String elsewhere = TestServer.key(s.server(), "live-out", Set.of(Role.SCREEN), other);
        try (LiveClient mine = LiveClient.connect(s); LiveClient theirs = LiveClient.connect(s.server().port(),
                HttpVerticle.LIVE_PATH, null, elsewhere)) {
            for (LiveClient c : List.of(mine, theirs)) {
                c.next("welcome", null);
                c.send(new JsonObject().put("op", "subscribe").put("id", "t").put("channel", "tiles")
                        .put("params", new JsonObject().put("layers", new JsonArray().add("grids"))));
                assertThat(c.next("snapshot", "t").getJsonObject("data").getInteger("zoom")).isEqualTo(14);
            }
            String unit = json(s.get("/api/v1/units?kind=foot_patrol")).getJsonArray("features").getJsonObject(1).getString("id");
            Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            s.post("/api/v1/positions", "[{\"unit\":\"" + unit + "\",\"lon\":" + LON + ",\"lat\":" + LAT + ",\"time\":\"" + t + "\"}]");
            JsonObject delta = mine.next("delta", "t");
            String[] zxy = tile(14, LON, LAT).split("/");
            assertThat(delta.getJsonObject("data").getJsonArray("upsert").stream().map(o -> (JsonObject) o))
                    .allSatisfy(i -> assertThat(i.getString("layer")).isEqualTo("grids"))
                    .anySatisfy(i -> assertThat(i.getInteger("x") + "/" + i.getInteger("y")).isEqualTo(zxy[1] + "/" + zxy[2]));
            s.quiesce();
            s.server().live().drain().get();
            assertThat(theirs.drain()).noneMatch(f -> "delta".equals(f.getString("op")));
            mine.send(new JsonObject().put("op", "subscribe").put("id", "bad").put("channel", "tiles")
                    .put("params", new JsonObject().put("layers", "nosuch")));
            assertThat(mine.next("error", "bad").getString("message")).contains("layers");
        }
    }
}
