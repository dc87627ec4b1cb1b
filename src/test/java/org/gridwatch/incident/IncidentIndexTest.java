package org.gridwatch.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.Scope;
import org.gridwatch.geo.Crs;
import org.gridwatch.geo.Geo;
import org.gridwatch.geo.Geodesy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/** {@link IncidentIndex} against a brute-force oracle on random incidents and random queries. */
class IncidentIndexTest {
    private static final Instant T0 = Instant.parse("2026-09-01T00:00:00Z");
    private static final String[] COUNTIES = {"371602", "371603", "371621"};
    private static final int N = 20_000;

    private static IncidentIndex index;
    private static List<Incident> all;
    private static Scope city;

    @BeforeAll
    static void fill() throws ParseException {
        city = scope("371600", AdminLevel.CITY);
        Random r = new Random(42);
        index = new IncidentIndex();
        all = new ArrayList<>();
        for (int i = 1; i <= N; i++) {
            // Clustered around a few centres, plus a share of exact duplicates of time and place.
            double lon = 117.9 + r.nextGaussian() * 0.05 + (i % 3) * 0.1;
            double lat = 37.4 + r.nextGaussian() * 0.05;
            Instant at = T0.plusSeconds(r.nextInt(90 * 24 * 3600));
            if (i > 10 && r.nextInt(20) == 0) {
                Incident twin = all.get(r.nextInt(all.size()));
                lon = twin.lon();
                lat = twin.lat();
                at = twin.reportedAt();
            }
            Incident inc = incident(i, lon, lat, at, Category.values()[r.nextInt(Category.values().length)],
                    Source.values()[r.nextInt(Source.values().length)],
                    COUNTIES[r.nextInt(COUNTIES.length)] + "001001001");
            index.add(inc);
            all.add(inc);
        }
        // Move some through the workflow so statuses vary.
        for (int i = 0; i < N; i += 7) {
            Incident inc = all.get(i);
            Incident next = inc.apply(new Transition(Status.REPORTED, Status.ACCEPTED, "test", inc.reportedAt().plusSeconds(60), null), null);
            index.update(next);
            all.set(i, next);
        }
    }

    static Incident incident(long id, double lon, double lat, Instant at, Category c, Source s, String grid) {
        return new Incident(id, s, null, c, 1, lon, lat, Crs.WGS84, lon, lat, grid, "t" + id, "", at, at,
                Status.REPORTED, null, List.of(new Transition(null, Status.REPORTED, "test", at, null)));
    }

    static Scope scope(String code, AdminLevel level) throws ParseException {
        Geometry g = new WKTReader(Geo.FACTORY).read("POLYGON ((117 36, 119 36, 119 39, 117 39, 117 36))");
        return new Scope(new AdminArea(code, code, level, level == AdminLevel.CITY ? null : "371600", g, 0, 0, 0, null, true));
    }

    /** Pages through the index and returns everything, checking page sizes. */
    static List<Incident> pageAll(IncidentQuery q) {
        List<Incident> out = new ArrayList<>();
        IncidentQuery page = q;
        for (int guard = 0; guard < 10_000; guard++) {
            IncidentIndex.Page p = index.query(page);
            assertThat(p.items().size()).isLessThanOrEqualTo(q.limit());
            out.addAll(p.items());
            if (p.next() == null) {
                return out;
            }
            assertThat(p.items()).hasSize(q.limit());
            page = new IncidentQuery(q.scope(), q.bbox(), q.polygon(), q.circle(), q.from(), q.to(), q.categories(),
                    q.statuses(), q.sources(), p.next(), q.limit());
        }
        throw new AssertionError("paging did not end");
    }

    static List<Incident> oracle(Predicate<Incident> p) {
        return all.stream().filter(p)
                .sorted(Comparator.comparing(Incident::reportedAt).reversed().thenComparing(Comparator.comparingLong(Incident::id).reversed()))
                .toList();
    }

    static void check(IncidentQuery q, Predicate<Incident> p) {
        List<Incident> expected = oracle(p);
        assertThat(pageAll(q)).containsExactlyElementsOf(expected);
        assertThat(index.count(q)).isEqualTo(expected.size());
        // The cost estimate bounds what the query reads, hence what it finds; with a cap below it, it
        // says "more than the cap" (never a figure under the cap).
        long work = index.work(q, Long.MAX_VALUE);
        assertThat(work).isGreaterThanOrEqualTo(expected.size()).isLessThanOrEqualTo(N);
        if (work > 0) {
            assertThat(index.work(q, work - 1)).isGreaterThan(work - 1);
        }
    }

    @Test
    void spanIsTheEarliestAndTheLatestReportTime() {
        IncidentIndex fresh = new IncidentIndex();
        assertThat(fresh.span()).isNull();
        Instant t = Instant.parse("2026-11-01T08:00:00Z");
        // Out of order, over five weeks (several partitions), the extremes in the middle of their weeks.
        long id = 1;
        for (int d : new int[] {17, 3, 30, 9, 24, 2, 33, 12}) {
            fresh.add(incident(id++, 117.5 + d * 0.01, 37.4, t.plus(java.time.Duration.ofDays(d)).plusSeconds(id), Category.CRIMINAL,
                    Source.POLICE_CALL, "371602001001001"));
        }
        Instant[] span = fresh.span();
        assertThat(span[0]).isEqualTo(t.plus(java.time.Duration.ofDays(2)).plusSeconds(7));
        assertThat(span[1]).isEqualTo(t.plus(java.time.Duration.ofDays(33)).plusSeconds(8));
    }

    @Test
    void everythingPagedNewestFirst() {
        check(IncidentQuery.all(city, 997), i -> true);
    }

    @Test
    void randomBboxTimeAndAttributeQueriesMatchBruteForce() {
        Random r = new Random(7);
        for (int k = 0; k < 60; k++) {
            double x = 117.8 + r.nextDouble() * 0.4;
            double y = 37.3 + r.nextDouble() * 0.2;
            Envelope bbox = new Envelope(x, x + r.nextDouble() * 0.15, y, y + r.nextDouble() * 0.15);
            Instant from = r.nextBoolean() ? null : T0.plus(Duration.ofHours(r.nextInt(60 * 24)));
            Instant to = from == null || r.nextBoolean() ? null : from.plus(Duration.ofHours(1 + r.nextInt(30 * 24)));
            Set<Category> cats = r.nextBoolean() ? Set.of() : EnumSet.of(Category.values()[r.nextInt(10)], Category.FRAUD);
            Set<Status> sts = r.nextInt(3) == 0 ? EnumSet.of(Status.ACCEPTED) : Set.of();
            Set<Source> srcs = r.nextInt(3) == 0 ? EnumSet.of(Source.CITIZEN, Source.HOTLINE) : Set.of();
            IncidentQuery q = new IncidentQuery(city, bbox, null, null, from, to, cats, sts, srcs, null, 1 + r.nextInt(300));
            check(q, i -> bbox.covers(i.lon(), i.lat())
                    && (from == null || !i.reportedAt().isBefore(from))
                    && (to == null || i.reportedAt().isBefore(to))
                    && (cats.isEmpty() || cats.contains(i.category()))
                    && (sts.isEmpty() || sts.contains(i.status()))
                    && (srcs.isEmpty() || srcs.contains(i.source())));
        }
    }

    @Test
    void radiusQueriesMatchGeodesicBruteForce() {
        Random r = new Random(11);
        for (int k = 0; k < 40; k++) {
            Incident centre = all.get(r.nextInt(N));
            double radius = 50 + r.nextDouble() * 5_000;
            IncidentQuery q = new IncidentQuery(city, null, null, new IncidentQuery.Circle(centre.lon(), centre.lat(), radius),
                    null, null, null, null, null, null, 500);
            check(q, i -> Geodesy.distance(centre.lon(), centre.lat(), i.lon(), i.lat()) <= radius);
            if (radius < 500) {
                assertThat(index.work(q, Long.MAX_VALUE)).as("a small circle reads its few cells").isLessThan(N / 10);
            }
        }
    }

    @Test
    void polygonQueriesMatchBruteForceIncludingHoles() throws ParseException {
        Polygon p = (Polygon) new WKTReader(Geo.FACTORY).read(
                "POLYGON ((117.85 37.35, 118.15 37.33, 118.2 37.5, 117.9 37.46, 117.85 37.35),"
                        + " (117.95 37.38, 118.05 37.38, 118.05 37.42, 117.95 37.42, 117.95 37.38))");
        IncidentQuery q = new IncidentQuery(city, null, p, null, null, null, null, null, null, null, 250);
        check(q, i -> p.covers(Geo.point(i.lon(), i.lat())));
    }

    @Test
    void scopeRestrictsToTheCounty() throws ParseException {
        Scope county = scope("371603", AdminLevel.COUNTY);
        check(IncidentQuery.all(county, 400), i -> i.gridCode().startsWith("371603"));
    }

    @Test
    void bboxBoundaryIsInclusive() {
        Incident i = all.get(123);
        Envelope exact = new Envelope(i.lon(), i.lon(), i.lat(), i.lat());
        IncidentQuery q = new IncidentQuery(city, exact, null, null, null, null, null, null, null, null, 10);
        assertThat(index.query(q).items()).extracting(Incident::id).contains(i.id());
    }

    @Test
    void lookupsAndGuards() {
        assertThat(index.get(5)).contains(all.get(4));
        assertThat(index.get(N + 1)).isEmpty();
        assertThatThrownBy(() -> index.add(all.get(0))).isInstanceOf(IllegalArgumentException.class);
        Incident moved = incident(1, 1, 1, T0, Category.OTHER, Source.VIDEO, "371602001001001");
        assertThatThrownBy(() -> index.update(moved)).hasMessageContaining("immutable");
        assertThat(index.size()).isEqualTo(N);
    }

    @Test
    void readersSeeConsistentDataWhileTheWriterAdds() throws Exception {
        IncidentIndex idx = new IncidentIndex();
        Scope s = city;
        Thread writer = new Thread(() -> {
            for (int i = 1; i <= 50_000; i++) {
                idx.add(incident(i, 118 + (i % 100) * 1e-4, 37.4, T0.plusSeconds(i), Category.OTHER, Source.VIDEO, "371602001001001"));
            }
        });
        writer.start();
        long last = 0;
        while (writer.isAlive()) {
            long n = idx.count(IncidentQuery.all(s, 0));
            assertThat(n).isGreaterThanOrEqualTo(last);
            last = n;
        }
        writer.join();
        assertThat(idx.count(IncidentQuery.all(s, 0))).isEqualTo(50_000);
        assertThat(idx.query(IncidentQuery.all(s, 1)).items().get(0).id()).isEqualTo(50_000);
    }

    @Test
    void cursorRoundTrips() {
        IncidentQuery.Cursor c = new IncidentQuery.Cursor(T0.toEpochMilli(), 12345);
        assertThat(IncidentQuery.Cursor.decode(c.encode())).isEqualTo(c);
        assertThatThrownBy(() -> IncidentQuery.Cursor.decode("zz")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IncidentQuery.Cursor.decode("a.b!")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptyTimeWindowFindsNothing() {
        IncidentQuery q = new IncidentQuery(city, null, null, null, T0.plusSeconds(10), T0.plusSeconds(10), null, null, null, null, 10);
        assertThat(index.query(q).items()).isEmpty();
    }
}
