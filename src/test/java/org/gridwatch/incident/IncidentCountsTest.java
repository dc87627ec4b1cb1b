package org.gridwatch.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.area.Scope;
import org.gridwatch.geo.Crs;
import org.gridwatch.testsupport.StatsRecount;
import org.gridwatch.testsupport.WktCity;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@link IncidentCounts} (through the {@link IncidentIndex} that keeps it) against the recount it
 * replaces ({@link StatsRecount}): every incident of the window from {@link IncidentIndex#forEach},
 * grouped by code prefix as {@code GET /api/v1/stats/incidents} did before the counts existed.
 */
class IncidentCountsTest {
    private static final AreaHierarchy AREAS = WktCity.hierarchy();
    /** A Sunday; the epoch-day blocks of 4, 16, 64 … days fall wherever they fall around it. */
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long HOUR = Duration.ofHours(1).toMillis();
    /**
     * The fixture's grids, plus grid codes the hierarchy lacks: an unknown grid of a known village,
     * an unknown township of a known county, a county outside the fixture, and another city.
     */
    private static final List<String> GRIDS;

    static {
        List<String> g = new ArrayList<>(AREAS.level(AdminLevel.GRID).stream().map(AdminArea::code).toList());
        g.addAll(List.of("371602001001009", "371602002001001", "371621001001001", "371700001001001"));
        GRIDS = List.copyOf(g);
    }

    /** Scopes of every level, two areas together, and areas the fixture has without incidents. */
    private static final List<Scope> SCOPES = List.of(
            new Scope(AREAS.city()), scope("371602"), scope("371603"), scope("371602001"), scope("371602001001"),
            scope("371602001001003"), new Scope(List.of(area("371602001001001"), area("371603001"))),
            scope("371603001001002"));

    @Provide
    Arbitrary<Scenario> scenarios() {
        // Built from a Random of jqwik's, so a failing run is reproduced by its seed.
        return Arbitraries.randomValue(Scenario::random);
    }

    @Property
    void incrementalCountsEqualTheRecountForEveryWindowLevelCategoryAndScope(@ForAll("scenarios") Scenario s) {
        IncidentIndex index = new IncidentIndex();
        Random r = new Random(s.seed());
        List<Incident> all = new ArrayList<>();
        for (int step = 0; step < s.writes(); step++) {
            if (all.isEmpty() || r.nextInt(3) != 0) {
                Incident i = newIncident(all.size() + 1, s.time(r, all), r);
                index.add(i);
                all.add(i);
            } else {
                int k = r.nextInt(all.size());
                Incident next = nextVersion(all.get(k), r);
                index.update(next);
                all.set(k, next);
            }
            if (r.nextInt(Math.max(1, s.writes() / 4)) == 0) {
                checkRandomQuery(index, all, r);
            }
        }
        assertThat(index.counts().size()).isEqualTo(all.size());
        for (int q = 0; q < 12; q++) {
            checkRandomQuery(index, all, r);
        }
    }

    private static void checkRandomQuery(IncidentIndex index, List<Incident> all, Random r) {
        Instant from = r.nextInt(5) == 0 ? null : instant(r, all);
        Instant to = r.nextInt(5) == 0 ? null : instant(r, all);
        AdminLevel level = AdminLevel.values()[r.nextInt(AdminLevel.values().length)];
        Scope scope = SCOPES.get(r.nextInt(SCOPES.size()));
        Set<Category> categories = EnumSet.noneOf(Category.class);
        if (r.nextBoolean()) {
            for (int k = 1 + r.nextInt(3); k > 0; k--) {
                categories.add(Category.values()[r.nextInt(Category.values().length)]);
            }
        }
        String query = "window [" + from + ", " + to + "), level " + level.id() + ", scope " + scope.key()
                + ", categories " + categories;
        assertThat(StatsRecount.rows(index.counts().byArea(from, to, AREAS, level, scope, categories))).as(query)
                .isEqualTo(StatsRecount.recount(index, AREAS, level, from, to, categories, scope));
    }

    /**
     * A run: how many writes (reports and new versions), and how report times are drawn.
     *
     * @param spreadDays reports fall within this many days after {@link #T0} (a few beyond, and a few before 1970)
     */
    record Scenario(long seed, int writes, int spreadDays) {
        static Scenario random(Random r) {
            int[] spreads = {1, 3, 20, 70, 400, 3000};
            return new Scenario(r.nextLong(), r.nextInt(400), spreads[r.nextInt(spreads.length)]);
        }

        /** A report time near day and hour boundaries, on an earlier one's time, or anywhere. */
        Instant time(Random r, List<Incident> earlier) {
            int mode = r.nextInt(12);
            if (mode == 0 && !earlier.isEmpty()) {
                return earlier.get(r.nextInt(earlier.size())).reportedAt();
            }
            if (mode == 1) {
                // Around the epoch: negative milliseconds and days.
                return Instant.EPOCH.plusMillis(r.nextInt((int) (3 * DAY)) - 2 * DAY);
            }
            long day = r.nextInt(spreadDays);
            long hour = r.nextInt(24);
            long ms = switch (r.nextInt(5)) {
                case 0 -> 0;
                case 1 -> -1;
                case 2 -> 1;
                case 3 -> HOUR - 1;
                default -> r.nextInt((int) HOUR);
            };
            Instant at = T0.plusMillis(day * DAY + hour * HOUR + ms);
            return r.nextInt(10) == 0 ? at.plusNanos(1 + r.nextInt(999_999)) : at;
        }
    }

    /** A window end: near an incident's time, on a day or hour boundary, or anywhere. */
    private static Instant instant(Random r, List<Incident> all) {
        Instant base = all.isEmpty() || r.nextBoolean() ? T0.plusMillis((r.nextInt(80) - 5) * DAY
                + (r.nextBoolean() ? 0 : r.nextInt(24) * HOUR)) : all.get(r.nextInt(all.size())).reportedAt();
        return switch (r.nextInt(6)) {
            case 0 -> base.minusMillis(1);
            case 1 -> base.plusMillis(1);
            case 2 -> base.plusNanos(1 + r.nextInt(999_999));
            case 3 -> base.plusMillis(r.nextInt((int) DAY));
            default -> base;
        };
    }

    private static Incident newIncident(long id, Instant at, Random r) {
        Category c = Category.values()[r.nextInt(Category.values().length)];
        String grid = GRIDS.get(r.nextInt(GRIDS.size()));
        Incident i = IncidentIndexTest.incident(id, 118.5, 37.5, at, c, Source.HOTLINE, grid);
        return r.nextInt(3) == 0 ? onScene(i, r) : i;
    }

    /** The incident after a workflow step, a change of category, or of the grid code (which counts allow). */
    private static Incident nextVersion(Incident i, Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> with(i, Category.values()[r.nextInt(Category.values().length)], i.gridCode(), i.history());
            case 1 -> with(i, i.category(), GRIDS.get(r.nextInt(GRIDS.size())), i.history());
            default -> i.responseTime().isPresent() || i.status() != Status.REPORTED ? with(i, i.category(), i.gridCode(),
                    i.history().subList(0, 1)) : onScene(i, r);
        };
    }

    /** Accepted, dispatched and on scene, the last after a random time (sometimes before the report: a clock skew). */
    private static Incident onScene(Incident i, Random r) {
        Instant arrived = i.reportedAt().plusMillis(r.nextInt(7_200_000) - 60_000);
        Incident a = i.apply(new Transition(Status.REPORTED, Status.ACCEPTED, "t", i.reportedAt(), null), null);
        Incident d = a.apply(new Transition(Status.ACCEPTED, Status.DISPATCHED, "t", i.reportedAt(), "U1"), null);
        return d.apply(new Transition(Status.DISPATCHED, Status.ON_SCENE, "t", arrived, "U1"), null);
    }

    private static Incident with(Incident i, Category c, String grid, List<Transition> history) {
        Status status = history.get(history.size() - 1).to();
        return new Incident(i.id(), i.source(), i.externalId(), c, i.severity(), i.lon(), i.lat(), Crs.WGS84, i.lon(),
                i.lat(), grid, i.title(), i.description(), i.reportedAt(), i.receivedAt(), status, i.rating(), history);
    }

    private static AdminArea area(String code) {
        return AREAS.find(code).orElseThrow();
    }

    private static Scope scope(String code) {
        return new Scope(area(code));
    }

    // ------------------------------------------------------------------ examples

    @Test
    void aWindowCountsFromItsFirstMillisecondUpToButNotItsEnd() {
        IncidentIndex index = new IncidentIndex();
        Instant midnight = T0.plus(Duration.ofDays(3));
        index.add(IncidentIndexTest.incident(1, 118.5, 37.5, midnight.minusMillis(1), Category.FRAUD, Source.HOTLINE,
                "371602001001001"));
        index.add(IncidentIndexTest.incident(2, 118.5, 37.5, midnight, Category.FRAUD, Source.HOTLINE, "371602001001001"));
        Scope city = new Scope(AREAS.city());
        assertThat(index.counts().byArea(midnight, midnight.plusMillis(1), AREAS, AdminLevel.CITY, city, Set.of()).total())
                .isEqualTo(1);
        assertThat(index.counts().byArea(midnight.minusMillis(1), midnight, AREAS, AdminLevel.CITY, city, Set.of()).total())
                .isEqualTo(1);
        assertThat(index.counts().byArea(null, null, AREAS, AdminLevel.CITY, city, Set.of()).total()).isEqualTo(2);
        assertThat(index.counts().byArea(midnight.plus(Duration.ofDays(2000)), null, AREAS, AdminLevel.CITY, city,
                Set.of()).total()).isZero();
    }

    @Test
    void aNewVersionMovesTheIncidentBetweenCategoriesAndAddsItsResponse() {
        IncidentIndex index = new IncidentIndex();
        Incident i = IncidentIndexTest.incident(1, 118.5, 37.5, T0, Category.FRAUD, Source.HOTLINE, "371603001001001");
        index.add(i);
        Incident arrived = onScene(with(i, Category.DISPUTE, i.gridCode(), i.history()), new Random(1));
        index.update(arrived);
        AreaCounts c = index.counts().byArea(null, null, AREAS, AdminLevel.COUNTY, new Scope(AREAS.city()), Set.of());
        int row = c.areas().indexOf(area("371603"));
        assertThat(c.count(row, Category.FRAUD)).isZero();
        assertThat(c.count(row, Category.DISPUTE)).isEqualTo(1);
        assertThat(c.responded(row)).isEqualTo(1);
        assertThat(c.responseSeconds(row)).isEqualTo(arrived.responseTime().orElseThrow().toSeconds());
    }

    @Test
    void anUpdateOfAnUncountedIncidentIsRefused() {
        IncidentCounts counts = new IncidentCounts();
        Incident i = IncidentIndexTest.incident(1, 118.5, 37.5, T0, Category.FRAUD, Source.HOTLINE, "371603001001001");
        assertThatThrownBy(() -> counts.update(i, i)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not counted");
    }

    /**
     * A reader racing the writer never counts an incident twice nor loses one that was added before
     * its read began: every total lies between the adds completed before and those begun after.
     */
    @Test
    void readersConcurrentWithTheWriterSeeTotalsBetweenTheWritesBeforeAndAfter() throws Exception {
        IncidentCounts counts = new IncidentCounts();
        Random r = new Random(3);
        int n = 200_000;
        List<Incident> incidents = new ArrayList<>(n);
        for (int k = 1; k <= n; k++) {
            incidents.add(IncidentIndexTest.incident(k, 118.5, 37.5, T0.plusMillis(r.nextLong(40 * DAY)),
                    Category.values()[r.nextInt(10)], Source.HOTLINE, GRIDS.get(r.nextInt(GRIDS.size()))));
        }
        AtomicInteger begun = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        CountDownLatch reading = new CountDownLatch(1);
        Thread writer = new Thread(() -> {
            try {
                reading.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            for (Incident i : incidents) {
                begun.incrementAndGet();
                counts.add(i);
                done.incrementAndGet();
            }
        });
        writer.start();
        Instant from = T0;
        Instant to = T0.plusMillis(40 * DAY);
        reading.countDown();
        while (done.get() < n) {
            int low = done.get();
            long total = total(counts.tally(from, to));
            int high = begun.get();
            assertThat(total).isBetween((long) low, (long) high);
        }
        writer.join();
        assertThat(total(counts.tally(from, to))).isEqualTo(n);
    }

    private static long total(IncidentCounts.Tally t) {
        long n = 0;
        for (int g = 0; g < t.grids(); g++) {
            for (Category c : Category.values()) {
                n += t.count(g, c);
            }
        }
        return n;
    }
}
