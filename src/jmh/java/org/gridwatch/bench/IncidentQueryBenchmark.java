package org.gridwatch.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.city.CityData;
import org.gridwatch.area.GridIndex;
import org.gridwatch.area.Scope;
import org.gridwatch.geo.Crs;
import org.gridwatch.incident.Category;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.IncidentIndex;
import org.gridwatch.incident.IncidentQuery;
import org.gridwatch.incident.Source;
import org.gridwatch.incident.Status;
import org.gridwatch.incident.Transition;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Point;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link IncidentIndex} queries on the demo city holding {@value #INCIDENTS} incidents.
 *
 * <p><b>Data</b> (built once per trial, fixed seed): {@link BenchIncidents}, with {@code reportedAt}
 * uniform over the 365 days before {@link #NOW} (2026-11-27T00:00Z), none on scene. The city is read
 * from gis-data/binzhou, or the directory named by the system property {@code gridwatch.bench.city}.
 *
 * <p><b>Queries</b> run in the whole-city scope. Circle centres are the locations of
 * {@value #CENTRES} random incidents (queries go where incidents are), walked in order by a
 * per-thread cursor; each operation is <b>one query</b>, results are average time per query in
 * <b>microseconds</b>, single-threaded. Result sizes are printed at set-up.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@State(org.openjdk.jmh.annotations.Scope.Thread)
public class IncidentQueryBenchmark {
    static final int INCIDENTS = 1_000_000;
    /** End of the data and "now" of every query. */
    static final Instant NOW = Instant.parse("2026-11-27T00:00:00Z");
    static final int CENTRES = 1 << 12;
    private static final int MASK = CENTRES - 1;
    private static final int PAGE = 100;

    /** The city, the filled index and the prepared queries, built once per trial. */
    @State(org.openjdk.jmh.annotations.Scope.Benchmark)
    public static class Data {
        IncidentIndex index;
        IncidentQuery[] radius500Page;
        IncidentQuery[] radius2kPage;
        IncidentQuery[] radius500Count;
        IncidentQuery[] radius2kCount;
        IncidentQuery countyBbox;
        IncidentQuery cityWeek;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            long t0 = System.nanoTime();
            AreaHierarchy hierarchy = AreaHierarchy.of(CityData.load(GridLookupBenchmark.cityDir()).areas());
            GridIndex grids = GridIndex.build(hierarchy);
            SplittableRandom random = new SplittableRandom(20261127L);

            index = new IncidentIndex();
            List<Incident> sample = new ArrayList<>(CENTRES);
            double[][] seats = BenchIncidents.generate(hierarchy, grids, random, INCIDENTS, NOW, Duration.ofDays(365), 0,
                    incident -> {
                        index.add(incident);
                        if (random.nextInt(INCIDENTS / CENTRES) == 0 && sample.size() < CENTRES) {
                            sample.add(incident);
                        }
                    });
            while (sample.size() < CENTRES) {
                sample.add(index.get(1 + random.nextInt(INCIDENTS)).orElseThrow());
            }
            long t1 = System.nanoTime();

            Scope city = new Scope(hierarchy.city());
            Instant month = NOW.minus(Duration.ofDays(30));
            radius500Page = new IncidentQuery[CENTRES];
            radius2kPage = new IncidentQuery[CENTRES];
            radius500Count = new IncidentQuery[CENTRES];
            radius2kCount = new IncidentQuery[CENTRES];
            for (int i = 0; i < CENTRES; i++) {
                Incident c = sample.get(i);
                radius500Page[i] = circle(city, c, 500, month, PAGE);
                radius2kPage[i] = circle(city, c, 2_000, month, PAGE);
                radius500Count[i] = circle(city, c, 500, month, 0);
                radius2kCount[i] = circle(city, c, 2_000, month, 0);
            }
            AdminArea county = hierarchy.level(AdminLevel.COUNTY).stream().max(Comparator.comparingLong(AdminArea::population)).orElseThrow();
            Envelope box = county.geometry().getEnvelopeInternal();
            countyBbox = new IncidentQuery(city, box, null, null, null, null, null, null, null, null, 0);
            cityWeek = new IncidentQuery(city, null, null, null, NOW.minus(Duration.ofDays(7)), null,
                    null, null, null, null, PAGE);

            System.out.printf("%n[incidents] %d indexed in %.1f s; seats %s%n", index.size(), (t1 - t0) / 1e9,
                    Arrays.deepToString(seats));
            System.out.printf("[incidents] mean matches, last 30 days: r=500 m %.1f, r=2 km %.1f;"
                            + " county box %s %s (%.3f° × %.3f°, whole year): %d; whole city, 7 days: %d%n",
                    meanCount(radius500Count), meanCount(radius2kCount), county.code(), county.name(),
                    box.getWidth(), box.getHeight(), index.count(countyBbox), index.count(cityWeek));
        }

        private double meanCount(IncidentQuery[] queries) {
            long n = 0;
            for (IncidentQuery q : queries) {
                n += index.count(q);
            }
            return (double) n / queries.length;
        }
    }

    /** Per-thread position in the query arrays. */
    private int cursor;

    /** Circle of 500 m, last 30 days, first page of 100 newest; µs per query. */
    @Benchmark
    public IncidentIndex.Page radius500mPage(Data d) {
        return d.index.query(d.radius500Page[cursor++ & MASK]);
    }

    /** Circle of 500 m, last 30 days, number of matches; µs per query. */
    @Benchmark
    public long radius500mCount(Data d) {
        return d.index.count(d.radius500Count[cursor++ & MASK]);
    }

    /** Circle of 2 km, last 30 days, first page of 100 newest; µs per query. */
    @Benchmark
    public IncidentIndex.Page radius2kmPage(Data d) {
        return d.index.query(d.radius2kPage[cursor++ & MASK]);
    }

    /** Circle of 2 km, last 30 days, number of matches; µs per query. */
    @Benchmark
    public long radius2kmCount(Data d) {
        return d.index.count(d.radius2kCount[cursor++ & MASK]);
    }

    /**
     * Number of incidents of the whole year in the envelope of the most populous county (a
     * county-sized box, about 40 × 40 km); µs per query.
     */
    @Benchmark
    public long countyBboxCount(Data d) {
        return d.index.count(d.countyBbox);
    }

    /** Whole city, last 7 days, first page of 100 newest; µs per query. */
    @Benchmark
    public IncidentIndex.Page cityWeekPage(Data d) {
        return d.index.query(d.cityWeek);
    }

    private static IncidentQuery circle(Scope scope, Incident centre, double radiusMetres, Instant from, int limit) {
        return new IncidentQuery(scope, null, null, new IncidentQuery.Circle(centre.lon(), centre.lat(), radiusMetres),
                from, null, null, null, null, null, limit);
    }
}
