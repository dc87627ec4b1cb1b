package org.gridwatch.layer;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.area.Scope;
import org.gridwatch.feature.Feature;
import org.gridwatch.feature.FeatureLayer;
import org.gridwatch.feature.FeatureQuery;
import org.gridwatch.feature.Property;
import org.gridwatch.geo.Geo;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;

/**
 * The {@link FeatureLayer} contract, checked on every layer of a running server over the demo city
 * with incidents (three at one point: a near-repeat alert and risk zone), unit positions and tracks:
 * a stable order, resumption after a cursor, a sink that stops the scan, the schema in order, the
 * geometry kind, the exact box test, the scope as a subset, counts, and get by id.
 */
class FeatureLayerContractTest {
    @TempDir
    static Path dir;
    static TestServer s;
    static AreaHierarchy areas;
    static Scope city;
    static Scope county;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(dir, Map.of("GRIDWATCH_HTTP_RATE_LIMIT_WRITES_PER_SECOND", "10000"));
        areas = s.server().grids().hierarchy();
        city = new Scope(areas.city());
        AdminArea c = areas.level(AdminLevel.COUNTY).get(0);
        county = new Scope(c);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<AdminArea> grids = areas.level(AdminLevel.GRID);
        for (int g = 0; g < 40; g++) {
            Point p = grids.get(g * 250).geometry().getInteriorPoint();
            int times = g % 10 == 0 ? 3 : 1;
            for (int k = 0; k < times; k++) {
                s.report(p.getX(), p.getY(), now.minusSeconds(600 + g * 60L - k), "契约测试");
            }
        }
        JsonArray fixes = new JsonArray();
        for (int u = 0; u < 30; u++) {
            Point p = grids.get(u * 300).geometry().getInteriorPoint();
            TestServer.walk(fixes, s.server().positions().units().get(u * 50).id(), p.getX(), p.getY(), 3, 0.0003,
                    now.minusSeconds(900));
        }
        s.positions(fixes);
        s.quiesce();
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    static Stream<String> layers() {
        return Stream.of("city", "counties", "townships", "villages", "grids", "incidents", "units", "tracks", "posts",
                "key-places", "alerts", "risk-zones", "heat");
    }

    static FeatureLayer layer(String id) {
        return s.server().layers().find(id).orElseThrow();
    }

    static List<Feature> scan(FeatureLayer l, FeatureQuery q) {
        List<Feature> out = new ArrayList<>();
        l.scan(q, out::add);
        return out;
    }

    /** A box 0.04° wide around the middle feature of a scan. */
    static Envelope boxAroundTheMiddle(List<Feature> all) {
        Envelope e = all.get(all.size() / 2).geometry().getEnvelopeInternal();
        return new Envelope(e.centre().x - 0.02, e.centre().x + 0.02, e.centre().y - 0.02, e.centre().y + 0.02);
    }

    static List<String> ids(List<Feature> fs) {
        return fs.stream().map(Feature::id).toList();
    }

    @ParameterizedTest
    @MethodSource("layers")
    void scansAreStableResumableAndStoppable(String id) {
        FeatureLayer l = layer(id);
        List<Feature> all = scan(l, FeatureQuery.all(city));
        assertThat(all).as(id + " has features in the fixture").isNotEmpty();
        assertThat(ids(scan(l, FeatureQuery.all(city)))).isEqualTo(ids(all));
        assertThat(ids(all)).doesNotHaveDuplicates();
        int k = all.size() / 2;
        List<Feature> rest = scan(l, FeatureQuery.all(city).resumingAfter(l.cursor(all.get(k))));
        assertThat(ids(rest)).isEqualTo(ids(all.subList(k + 1, all.size())));
        List<Feature> few = new ArrayList<>();
        l.scan(FeatureQuery.all(city), f -> {
            few.add(f);
            return few.size() < 2;
        });
        assertThat(few).hasSize(Math.min(2, all.size()));
        // What a sink expects is a hint for reading, never a limit: one that expects one feature and
        // takes every one gets them all, in order; upTo(n) stops at n.
        List<Feature> hinted = new ArrayList<>();
        l.scan(FeatureQuery.all(city), new FeatureLayer.Sink() {
            @Override
            public boolean accept(Feature f) {
                hinted.add(f);
                return true;
            }

            @Override
            public int expected() {
                return 1;
            }
        });
        assertThat(ids(hinted)).isEqualTo(ids(all));
        List<Feature> three = new ArrayList<>();
        l.scan(FeatureQuery.all(city), FeatureLayer.Sink.upTo(3, three));
        assertThat(ids(three)).isEqualTo(ids(all.subList(0, Math.min(3, all.size()))));
        long count = l.count(FeatureQuery.all(city));
        assertThat(count == -1 || count == all.size()).as(id + " count " + count).isTrue();
    }

    @ParameterizedTest
    @MethodSource("layers")
    void featuresFollowTheSchemaAndTheGeometryKind(String id) {
        FeatureLayer l = layer(id);
        List<String> names = l.properties().stream().map(Property::name).toList();
        for (Feature f : scan(l, FeatureQuery.all(city))) {
            assertThat(List.copyOf(f.properties().keySet())).as(id).isEqualTo(names);
            String type = f.geometry().getGeometryType();
            switch (l.geometryKind()) {
                case POINT -> assertThat(type).isEqualTo("Point");
                case LINESTRING -> assertThat(type).isEqualTo("LineString");
                case POLYGON -> assertThat(type).isEqualTo("Polygon");
                case MULTIPOLYGON -> assertThat(type).isEqualTo("MultiPolygon");
                case POLYGONAL -> assertThat(type).isIn("Polygon", "MultiPolygon");
            }
            l.temporalProperty().ifPresent(t -> assertThat(f.get(t)).as(id + " time").isEqualTo(f.start()));
            assertThat(f.geometry().isValid()).as(id + " " + f.id()).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("layers")
    void aBoxKeepsExactlyTheFeaturesThatIntersectIt(String id) {
        FeatureLayer l = layer(id);
        List<Feature> all = scan(l, FeatureQuery.all(city));
        Envelope box = boxAroundTheMiddle(all);
        Geometry boxGeom = Geo.FACTORY.toGeometry(box);
        List<String> expected = all.stream().filter(f -> f.geometry().intersects(boxGeom)).map(Feature::id).toList();
        assertThat(expected).isNotEmpty();
        assertThat(ids(scan(l, FeatureQuery.all(city).within(box)))).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest
    @MethodSource("layers")
    void workIsAnUpperBoundOfWhatAScanFinds(String id) {
        FeatureLayer l = layer(id);
        List<Feature> all = scan(l, FeatureQuery.all(city));
        Envelope box = boxAroundTheMiddle(all);
        for (FeatureQuery q : List.of(FeatureQuery.all(city), FeatureQuery.all(city).within(box), FeatureQuery.all(county))) {
            long work = l.work(q, Long.MAX_VALUE);
            // Each feature found costs at least one unit; a layer that cannot tell says Long.MAX_VALUE.
            assertThat(work).as(id + " " + q.bbox()).isGreaterThanOrEqualTo(scan(l, q).size());
            // A cap below the bound: the answer is still above the cap.
            if (work != Long.MAX_VALUE && work > 1) {
                assertThat(l.work(q, work / 2)).as(id + " capped").isGreaterThan(work / 2);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("layers")
    void aNarrowerScopeSeesASubsetAndGetAgrees(String id) {
        FeatureLayer l = layer(id);
        List<String> all = ids(scan(l, FeatureQuery.all(city)));
        List<Feature> mine = scan(l, FeatureQuery.all(county));
        if (!id.equals("heat")) {
            // Heat cells on the county's border count only the county's incidents: same cells, other counts.
            assertThat(all).containsAll(ids(mine));
        }
        if (!id.equals("city") && !id.equals("alerts")) {
            assertThat(mine.size()).as(id + ": the county sees less than the city").isLessThan(all.size());
        }
        for (Feature f : mine.subList(0, Math.min(5, mine.size()))) {
            assertThat(l.get(f.id(), county)).as(id + " " + f.id()).map(Feature::id).contains(f.id());
        }
    }
}
