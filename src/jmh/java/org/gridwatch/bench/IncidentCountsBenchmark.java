package org.gridwatch.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.area.GridIndex;
import org.gridwatch.area.Scope;
import org.gridwatch.city.CityData;
import org.gridwatch.incident.AreaCounts;
import org.gridwatch.incident.IncidentIndex;
import org.gridwatch.testsupport.StatsRecount;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Incident counts per grid for the whole city (the numbers of {@code GET /api/v1/stats/incidents
 * ?level=grid&from=…}, before the JSON), on {@value #INCIDENTS} incidents: the recount the route
 * made until issue 12 ({@code recount*}: {@link StatsRecount}, every incident of the window from
 * {@link IncidentIndex#forEach} grouped by grid code, the rows as text) against the counts maintained per day and
 * category ({@code counts*}: {@link org.gridwatch.incident.IncidentCounts#byArea}).
 *
 * <p><b>Data</b> (built once per trial, fixed seed): {@link BenchIncidents}, {@code reportedAt}
 * uniform over the 30 days before {@link #NOW}, 40% of them reached on scene. {@code NOW} is not on
 * a day boundary, so each window ("from" 30 or 7 days before now, open end, as the peers' harness
 * asks) has a partial day at both edges, counted from the incidents. Whole-city scope, all
 * categories. Results are average time per query in <b>milliseconds</b>, single-threaded; set-up
 * prints the totals and the counts' memory.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class IncidentCountsBenchmark {
    static final int INCIDENTS = 1_000_000;
    /** End of the data and "now" of every query: 15:20 UTC, inside a day. */
    static final Instant NOW = Instant.parse("2026-11-27T15:20:00Z");

    AreaHierarchy hierarchy;
    IncidentIndex index;
    Scope city;
    Instant month;
    Instant week;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        long t0 = System.nanoTime();
        hierarchy = AreaHierarchy.of(CityData.load(GridLookupBenchmark.cityDir()).areas());
        GridIndex grids = GridIndex.build(hierarchy);
        index = new IncidentIndex();
        BenchIncidents.generate(hierarchy, grids, new SplittableRandom(20261202L), INCIDENTS, NOW, Duration.ofDays(30), 40,
                index::add);
        long t1 = System.nanoTime();
        city = new Scope(hierarchy.city());
        month = NOW.minus(Duration.ofDays(30));
        week = NOW.minus(Duration.ofDays(7));
        System.out.printf("%n[counts] %d incidents indexed and counted in %.1f s; counts: %s%n", index.size(),
                (t1 - t0) / 1e9, index.counts().footprint());
        System.out.printf("[counts] 30 days: recount %s, counts total %d, same rows: %b; 7 days: recount %s,"
                        + " counts total %d, same rows: %b%n",
                recount(month).get(0), counts30(), StatsRecount.rows(byGrid(month)).equals(recount(month)),
                recount(week).get(0), counts7(), StatsRecount.rows(byGrid(week)).equals(recount(week)));
    }

    /** Before: the recount of the last 30 days; ms per query. */
    @Benchmark
    public List<String> recount30Days() {
        return recount(month);
    }

    /** Before: the recount of the last 7 days; ms per query. */
    @Benchmark
    public List<String> recount7Days() {
        return recount(week);
    }

    /** After: the maintained counts of the last 30 days, rolled up to the 10,860 grids; ms per query. */
    @Benchmark
    public long counts30Days() {
        return counts30();
    }

    /** After: the maintained counts of the last 7 days; ms per query. */
    @Benchmark
    public long counts7Days() {
        return counts7();
    }

    private long counts30() {
        return byGrid(month).total();
    }

    private long counts7() {
        return byGrid(week).total();
    }

    private AreaCounts byGrid(Instant from) {
        return index.counts().byArea(from, null, hierarchy, AdminLevel.GRID, city, Set.of());
    }

    private List<String> recount(Instant from) {
        return StatsRecount.recount(index, hierarchy, AdminLevel.GRID, from, null, Set.of(), city);
    }
}
