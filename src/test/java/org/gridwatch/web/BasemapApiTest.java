package org.gridwatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridwatch.testsupport.TestServer.json;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.gridwatch.GridWatch;
import org.gridwatch.config.ConfigException;
import org.gridwatch.config.ConfigLoader;
import org.gridwatch.config.GridWatchConfig;
import org.gridwatch.testsupport.TestServer;
import org.gridwatch.testsupport.TileArchives;
import org.gridwatch.testsupport.TileArchives.PmSettings;
import org.gridwatch.testsupport.TileArchives.Zxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /basemap/…} on a server with two sources: {@code city}, a vector MBTiles file
 * (gzip-compressed tiles), and {@code imagery}, a raster PMTiles file; then without a basemap and
 * with a broken one.
 */
class BasemapApiTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final byte[] MVT = "a vector tile (bytes as stored)".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};
    @TempDir
    static Path dir;
    static TestServer s;
    static String origin;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("name", "城市底图");
        meta.put("format", "pbf");
        meta.put("minzoom", "6");
        meta.put("maxzoom", "14");
        meta.put("bounds", "117.3,36.7,118.4,38.3");
        meta.put("json", new JsonObject().put("vector_layers", new JsonArray()
                .add(new JsonObject().put("id", "roads").put("fields", new JsonObject()))
                .add(new JsonObject().put("id", "water").put("fields", new JsonObject()))).encode());
        Path mbtiles = TileArchives.mbtiles(dir.resolve("city.mbtiles"), meta,
                Map.of(new Zxy(10, 847, 391), TileArchives.gzip(MVT)));
        TreeMap<Long, byte[]> raster = new TreeMap<>();
        raster.put(org.gridwatch.basemap.PmTilesTestAccess.tileId(8, 211, 97), PNG);
        Path pmtiles = TileArchives.pmtiles(dir.resolve("imagery.pmtiles"), new PmSettings(2, 1, 2, 6, 12,
                new double[] {117.3, 36.7, 118.4, 38.3}, new double[] {117.9, 37.4, 8}, new JsonObject().put("name", "影像"), 0),
                raster);
        s = TestServer.start(dir.resolve("store"), Map.of("GRIDWATCH_BASEMAP_SOURCES",
                "city=" + mbtiles + ",imagery=" + pmtiles));
        origin = "http://127.0.0.1:" + s.server().port();
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(s.uri(path)).header("Authorization", "Bearer " + s.token());
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<String> text(String path) throws Exception {
        return s.get(path);
    }

    /** Every http(s) URL in a document. */
    static List<String> urls(String doc) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("https?://[^\"\\s]+").matcher(doc);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    @Test
    void theStyleDrawsEverySourceFromThisServer() throws Exception {
        HttpResponse<String> r = text("/basemap/style.json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        JsonObject style = json(r);
        assertThat(style.getInteger("version")).isEqualTo(8);
        assertThat(style.getJsonObject("sources").getJsonObject("city").getString("url")).isEqualTo(origin + "/basemap/city.json");
        assertThat(style.getJsonObject("sources").getJsonObject("imagery").getString("type")).isEqualTo("raster");
        assertThat(style.getString("glyphs")).isEqualTo(origin + "/glyphs/{fontstack}/{range}.pbf");
        assertThat(urls(r.body())).isNotEmpty().allSatisfy(u -> assertThat(u).startsWith(origin + "/"));
        List<String> layers = style.getJsonArray("layers").stream().map(l -> ((JsonObject) l).getString("id")).toList();
        assertThat(layers).contains("basemap-imagery", "basemap-city-water-fill", "basemap-city-roads-line",
                "basemap-city-roads-label");
        // fills under lines under labels
        assertThat(layers.indexOf("basemap-city-water-fill")).isLessThan(layers.indexOf("basemap-city-roads-line"));
        assertThat(layers.indexOf("basemap-city-roads-line")).isLessThan(layers.indexOf("basemap-city-water-label"));
        // the same style, asked by another name of the server, points at that name
        try (org.gridwatch.testsupport.RawHttp raw = org.gridwatch.testsupport.RawHttp.connect(s)) {
            org.gridwatch.testsupport.RawHttp.Response other = raw.send("GET /basemap/style.json HTTP/1.1\r\nHost: "
                    + "gridwatch.example:8080\r\nAuthorization: Bearer " + s.token() + "\r\n\r\n").read();
            assertThat(other.status()).isEqualTo(200);
            assertThat(other.body()).contains("\"http://gridwatch.example:8080/basemap/city.json\"");
        }
    }

    @Test
    void tileJsonOfEachSource() throws Exception {
        JsonObject city = json(text("/basemap/city.json"));
        assertThat(city.getString("tilejson")).isEqualTo("3.0.0");
        assertThat(city.getJsonArray("tiles")).containsExactly(origin + "/basemap/city/{z}/{x}/{y}.pbf");
        assertThat(city.getInteger("minzoom")).isEqualTo(6);
        assertThat(city.getInteger("maxzoom")).isEqualTo(14);
        assertThat(city.getJsonArray("bounds")).containsExactly(117.3, 36.7, 118.4, 38.3);
        assertThat(city.getJsonArray("vector_layers")).hasSize(2);
        assertThat(city.getString("name")).isEqualTo("城市底图");
        JsonObject imagery = json(text("/basemap/imagery.json"));
        assertThat(imagery.getJsonArray("tiles")).containsExactly(origin + "/basemap/imagery/{z}/{x}/{y}.png");
        assertThat(imagery.containsKey("vector_layers")).isFalse();
        ApiTest.assertProblem(text("/basemap/nowhere.json"), 404, null);
    }

    @Test
    void aVectorTileAsStoredWithItsEncodingAndETag() throws Exception {
        HttpResponse<byte[]> r = get("/basemap/city/10/847/391.pbf", "Accept-Encoding", "gzip");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/vnd.mapbox-vector-tile");
        assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("private, max-age=3600");
        assertThat(new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes()).isEqualTo(MVT);
        String etag = r.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).matches("\"[0-9a-f]{24}\"");

        HttpResponse<byte[]> again = get("/basemap/city/10/847/391.mvt", "Accept-Encoding", "gzip", "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).hasValue(etag);
        assertThat(get("/basemap/city/10/847/391.pbf", "Accept-Encoding", "gzip", "If-None-Match", "\"other\"").statusCode())
                .isEqualTo(200);

        // a client that does not take gzip gets the tile decompressed, under another ETag
        HttpResponse<byte[]> plain = get("/basemap/city/10/847/391.pbf");
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(plain.body()).isEqualTo(MVT);
        assertThat(plain.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
    }

    @Test
    void aRasterTile() throws Exception {
        HttpResponse<byte[]> r = get("/basemap/imagery/8/211/97.png", "Accept-Encoding", "gzip");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(r.headers().firstValue("Content-Encoding").orElse("identity")).isEqualTo("identity"); // not compressed again
        assertThat(r.body()).isEqualTo(PNG);
    }

    @Test
    void tilesNotHeldAre404AndAddressesOutOfRange400() throws Exception {
        ApiTest.assertProblem(text("/basemap/city/10/848/391.pbf"), 404, null);  // not held
        ApiTest.assertProblem(text("/basemap/city/15/0/0.pbf"), 404, null);      // above the source's zooms
        ApiTest.assertProblem(text("/basemap/city/10/847/391.png"), 404, null);  // not what the source holds
        ApiTest.assertProblem(text("/basemap/nowhere/10/847/391.pbf"), 404, null);
        ApiTest.assertProblem(text("/basemap/city/10/1024/391.pbf"), 400, "x");
        ApiTest.assertProblem(text("/basemap/city/10/847/4000.pbf"), 400, "y");
        ApiTest.assertProblem(text("/basemap/city/31/0/0.pbf"), 400, "z");
        ApiTest.assertProblem(text("/basemap/city/ten/847/391.pbf"), 400, "z");
        ApiTest.assertProblem(text("/basemap/city/10/847/391"), 400, "y");
        ApiTest.assertProblem(text("/basemap/city/10/-1/391.pbf"), 400, "x");
    }

    @Test
    void withoutABasemapTheStyleIs404(@TempDir Path other) throws Exception {
        try (TestServer plain = TestServer.start(other)) {
            ApiTest.assertProblem(plain.get("/basemap/style.json"), 404, null);
            ApiTest.assertProblem(plain.get("/basemap/city.json"), 404, null);
            ApiTest.assertProblem(plain.get("/basemap/city/6/52/24.pbf"), 404, null);
        }
    }

    @Test
    void aCorruptArchiveStopsTheStartNamingTheKey(@TempDir Path other) throws Exception {
        Path broken = Files.write(other.resolve("broken.pmtiles"), "PMTiles\3 and then nothing".getBytes(StandardCharsets.US_ASCII));
        GridWatchConfig config = ConfigLoader.load(null, Map.of("GRIDWATCH_BASEMAP_SOURCES", "city=" + broken), w -> { })
                .withPort(0).withJt808Port(0).withStorePath(other.resolve("gridwatch.gpkg"));
        Vertx vertx = Vertx.vertx();
        try {
            assertThatThrownBy(() -> GridWatch.start(vertx, config, GridWatch.newRegistry()).toCompletionStage()
                    .toCompletableFuture().get())
                    .hasCauseInstanceOf(ConfigException.class)
                    .hasMessageContaining("basemap.sources[0].path (city)")
                    .hasMessageContaining("127-byte PMTiles header");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }
}
