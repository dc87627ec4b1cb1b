package org.gridwatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.feature.FeatureLayer;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Point;

/**
 * GDAL, the library behind QGIS and most GIS scripts, reads {@code /ogcapi} with its own OGC API –
 * Features client (the OAPIF driver): it lists every collection and reads each with a bbox. Runs
 * when {@code ogrinfo} is installed; under {@code CI=true} it must be ({@code .ci/run} installs gdal-bin).
 */
class OgcGdalTest {
    @TempDir
    static Path dir;
    static TestServer s;
    static String key;
    static Point p;

    @BeforeAll
    static void start() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Gdal.available() || Gdal.required(), "ogrinfo is not installed");
        s = TestServer.start(dir, Map.of("GRIDWATCH_HTTP_RATE_LIMIT_WRITES_PER_SECOND", "10000"));
        key = s.token();
        AdminArea grid = s.server().grids().hierarchy().level(AdminLevel.GRID).get(100);
        p = grid.geometry().getInteriorPoint();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3 * 3600);
        for (Instant at : List.of(t0, t0.plusSeconds(7200))) {
            HttpResponse<String> r = s.post("/api/v1/incidents", new JsonObject().put("category", "criminal")
                    .put("source", "police_call").put("lon", p.getX()).put("lat", p.getY()).put("reportedAt", at.toString())
                    .put("title", "GDAL 测试").encode());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
        s.quiesce();
    }

    @AfterAll
    static void stop() throws Exception {
        if (s != null) {
            s.close();
        }
    }

    String url() {
        return "OAPIF:" + s.uri("/ogcapi");
    }

    @Test
    void ogrinfoListsEveryCollection() throws Exception {
        String out = Gdal.ogrinfo(key, "-ro", "-q", url());
        for (FeatureLayer l : s.server().layers().all()) {
            assertThat(out).as(out).contains(": " + l.id() + " (");
        }
    }

    @Test
    void ogrinfoReadsEachCollectionWithABbox() throws Exception {
        String box = (p.getX() - 0.05) + " " + (p.getY() - 0.05) + " " + (p.getX() + 0.05) + " " + (p.getY() + 0.05);
        for (FeatureLayer l : s.server().layers().all()) {
            List<String> args = new ArrayList<>(List.of("-ro", "-so", "-spat"));
            args.addAll(List.of(box.split(" ")));
            args.add(url());
            args.add(l.id());
            String out = Gdal.ogrinfo(key, args.toArray(String[]::new));
            assertThat(out).as(l.id() + ": " + out).contains("Layer name: " + l.id()).contains("Feature Count:");
        }
        String grids = Gdal.ogrinfo(key, "-ro", "-so", "-spat", String.valueOf(p.getX() - 0.01), String.valueOf(p.getY() - 0.01),
                String.valueOf(p.getX() + 0.01), String.valueOf(p.getY() + 0.01), url(), "grids");
        long expected = s.server().layers().find("grids").orElseThrow().count(new org.gridwatch.feature.FeatureQuery(
                new org.gridwatch.area.Scope(s.server().grids().hierarchy().city()),
                new org.locationtech.jts.geom.Envelope(p.getX() - 0.01, p.getX() + 0.01, p.getY() - 0.01, p.getY() + 0.01),
                null, null, null, null, null));
        assertThat(grids).contains("Feature Count: " + expected);
    }

    /** Runs ogrinfo with the API key in GDAL's HTTP headers. */
    static final class Gdal {
        static final Path OGRINFO = Path.of("/usr/bin/ogrinfo");

        static boolean available() {
            return Files.isExecutable(OGRINFO);
        }

        static boolean required() {
            return "true".equals(System.getenv("CI"));
        }

        static String ogrinfo(String key, String... args) throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>(List.of(OGRINFO.toString(), "--config", "GDAL_HTTP_HEADERS",
                    "Authorization: Bearer " + key));
            cmd.addAll(List.of(args));
            Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(proc.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(proc.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
            return out;
        }
    }
}
