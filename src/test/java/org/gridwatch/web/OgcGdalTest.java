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
import org.gridwatch.area.Scope;
import org.gridwatch.feature.Feature;
import org.gridwatch.feature.FeatureLayer;
import org.gridwatch.feature.FeatureQuery;
import org.gridwatch.feature.Property;
import org.gridwatch.feature.PropertyType;
import org.locationtech.jts.geom.Envelope;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Point;

/**
 * GDAL, the library behind QGIS and most GIS scripts, reads {@code /ogcapi} with its own OGC API –
 * Features client (the OAPIF driver): it lists every collection and reads each with a bbox, a CQL2
 * filter and a datetime, all evaluated by the server. Runs
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
        // One three hours ago, then three at one point a quarter of an hour ago (a near-repeat: an alert, a risk zone).
        Instant recent = t0.plusSeconds(3 * 3600 - 900);
        for (Instant at : List.of(t0, recent, recent.plusSeconds(1), recent.plusSeconds(2))) {
            s.report(p.getX(), p.getY(), at, "GDAL 测试");
        }
        String unit = s.server().positions().units().get(0).id();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        s.positions(TestServer.walk(new io.vertx.core.json.JsonArray(), unit, p.getX(), p.getY(), 3, 0.0005,
                now.minusSeconds(600)));
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

    /**
     * Each collection read with a bbox, a CQL2 filter on one of its text properties and, for a
     * collection with time, a datetime: GDAL sends all three to the server (its debug log shows the
     * requests), and counts what the layer itself holds for the same question.
     */
    @Test
    void ogrinfoReadsEachCollectionWithABboxACql2FilterAndADatetime() throws Exception {
        Scope city = new Scope(s.server().grids().hierarchy().city());
        for (FeatureLayer l : s.server().layers().all()) {
            List<Feature> all = new ArrayList<>();
            l.scan(FeatureQuery.all(city), all::add);
            assertThat(all).as(l.id()).isNotEmpty();
            Feature sample = all.get(all.size() / 2);
            Property text = l.properties().stream().filter(p -> p.type() == PropertyType.STRING && !p.name().equals("id")
                    && sample.get(p.name()) != null).findFirst().orElseThrow();
            Object value = sample.get(text.name());
            Envelope e = sample.geometry().getEnvelopeInternal();
            Envelope box = new Envelope(e.getMinX() - 0.05, e.getMaxX() + 0.05, e.getMinY() - 0.05, e.getMaxY() + 0.05);
            String where = text.name() + " = '" + value + "'";
            Instant from = null;
            if (l.temporalProperty().isPresent() && sample.start() != null) {
                from = sample.start().minusSeconds(1);
                where += " AND " + l.temporalProperty().get() + " >= '" + from + "'";
            }
            FeatureQuery q = new FeatureQuery(city, box, from, null, f -> value.equals(f.get(text.name())), null, null);
            long expected = l.count(q) >= 0 ? l.count(q) : countByScan(l, q);
            String out = Gdal.ogrinfo(key, "--debug", "on", "-ro", "-so", "-spat", String.valueOf(box.getMinX()),
                    String.valueOf(box.getMinY()), String.valueOf(box.getMaxX()), String.valueOf(box.getMaxY()), "-where", where,
                    url(), l.id());
            assertThat(out).as(l.id() + ": " + where).contains("Feature Count: " + expected);
            String itemsUrl = out.lines().filter(x -> x.contains("Fetch(") && x.contains("/items?")).reduce((a, b) -> b)
                    .orElseThrow();
            assertThat(itemsUrl).as(l.id()).contains("bbox=").contains("filter=").contains("filter-lang=cql-text");
            if (from != null) {
                // The time alone: GDAL 3.6 asks it in the filter once the server reads CQL text (datetime= otherwise).
                FeatureQuery inTime = new FeatureQuery(city, null, from, null, null, null, null);
                long n = l.count(inTime) >= 0 ? l.count(inTime) : countByScan(l, inTime);
                String timed = Gdal.ogrinfo(key, "--debug", "on", "-ro", "-so", "-where", l.temporalProperty().get() + " >= '"
                        + from + "'", url(), l.id());
                assertThat(timed).as(l.id()).contains("Feature Count: " + n);
                assertThat(timed.lines().filter(x -> x.contains("Fetch(") && x.contains("/items?")).reduce((a, b) -> b)
                        .orElseThrow()).as(l.id()).contains("filter=" + l.temporalProperty().get());
            }
        }
    }

    private static long countByScan(FeatureLayer l, FeatureQuery q) {
        long[] n = {0};
        l.scan(q, f -> {
            n[0]++;
            return true;
        });
        return n[0];
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
