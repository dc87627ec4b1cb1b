package org.gridwatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.testsupport.TestServer.json;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GDAL reads a tile of every tileset: {@code ogrinfo} (its MVT driver) lists the tileset's layer and
 * as many features as the tile holds. Runs where {@code ogrinfo} is installed; under {@code CI=true}
 * it must be ({@code apt-get install gdal-bin}).
 */
class TileGdalTest {
    private static final String OGRINFO = "/usr/bin/ogrinfo";
    private static final double LON = 118.01;
    private static final double LAT = 37.43;
    @TempDir
    Path dir;

    @Test
    void ogrinfoReadsATileOfEveryTileset() throws Exception {
        boolean present = Files.isExecutable(Path.of(OGRINFO));
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(OGRINFO + " is required under CI=true (apt-get install gdal-bin)");
        }
        Assumptions.assumeTrue(present, OGRINFO + " not installed");
        try (TestServer s = TestServer.start(dir.resolve("store"))) {
            Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            String unit = json(s.get("/api/v1/units?kind=foot_patrol")).getJsonArray("features").getJsonObject(0).getString("id");
            s.patch("/api/v1/units/" + unit, "{\"status\":\"available\"}");
            s.post("/api/v1/positions", "[{\"unit\":\"" + unit + "\",\"lon\":" + LON + ",\"lat\":" + LAT + ",\"time\":\"" + t + "\"}]");
            s.post("/api/v1/incidents", "{\"category\":\"fraud\",\"source\":\"grid_report\",\"lon\":" + LON + ",\"lat\":" + LAT
                    + ",\"reportedAt\":\"" + t + "\",\"title\":\"GDAL\"}");
            s.quiesce();
            Map<String, double[]> at = new LinkedHashMap<>();
            for (String set : List.of("areas", "grids", "incidents", "units", "heat")) {
                at.put(set, new double[] {LON, LAT});
            }
            at.put("posts", first(s, "/api/v1/posts"));
            at.put("key-places", first(s, "/api/v1/key-places"));
            JsonArray listed = json(s.get("/tiles")).getJsonArray("tilesets");
            assertThat(listed.stream().map(o -> ((JsonObject) o).getString("id"))).containsExactlyInAnyOrderElementsOf(at.keySet());
            for (Map.Entry<String, double[]> e : at.entrySet()) {
                String zxy = TileApiTest.tile(12, e.getValue()[0], e.getValue()[1]);
                HttpResponse<byte[]> r = TileApiTest.get(s, s.token(), "/tiles/" + e.getKey() + "/" + zxy + ".mvt");
                assertThat(r.statusCode()).as(e.getKey()).isEqualTo(200);
                Path file = dir.resolve(zxy.replace('/', '-') + "-" + e.getKey() + ".mvt");
                Files.write(file, r.body());
                int expected = TileApiTest.decode(r.body(), e.getKey()).size();
                String out = ogrinfo(file);
                assertThat(out).as(e.getKey()).contains("Layer name: " + e.getKey());
                Matcher m = Pattern.compile("Feature Count: (\\d+)").matcher(out);
                assertThat(m.find()).as(out).isTrue();
                assertThat(Integer.parseInt(m.group(1))).as(e.getKey() + ": " + out).isEqualTo(expected).isPositive();
            }
        }
    }

    /** The place of the first feature of a GeoJSON list route. */
    private static double[] first(TestServer s, String path) throws Exception {
        JsonArray c = json(s.get(path)).getJsonArray("features").getJsonObject(0).getJsonObject("geometry")
                .getJsonArray("coordinates");
        return new double[] {c.getDouble(0), c.getDouble(1)};
    }

    /** {@code ogrinfo -ro -so -al -oo CLIP=NO MVT:file}: every feature, the buffer's too. */
    private static String ogrinfo(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(OGRINFO, "-ro", "-so", "-al", "-oo", "CLIP=NO", "MVT:" + file)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
