package org.gridwatch.analysis;

import org.gridwatch.testsupport.LocalTimes;
import org.gridwatch.testsupport.PatrolStream;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.GridIndex;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.Unit;
import org.gridwatch.patrol.UnitChange;
import org.gridwatch.patrol.UnitKind;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.patrol.UnitStatus;
import org.gridwatch.testsupport.WktCity;
import org.junit.jupiter.api.Test;

/** {@link CoverageIndex} against a recount from every visit, on the WKT fixture city. */
class CoverageIndexTest {
    static final Instant T0 = Instant.parse("2026-11-27T00:00:00Z");

    @Test
    void coverageMatchesARecountOfAllVisits() {
        GridIndex grids = GridIndex.build(WktCity.hierarchy());
        CoverageIndex coverage = new CoverageIndex(grids, LocalTimes.ZONE);
        Random r = new Random(17);
        Map<String, UnitRecord> units = new HashMap<>();
        for (int u = 0; u < 6; u++) {
            Unit unit = new Unit("U" + u, "U" + u, UnitKind.FOOT_PATROL, "a", "371602", "371602001", true);
            units.put(unit.id(), new UnitRecord(unit, UnitStatus.AVAILABLE, null));
        }
        Map<String, List<Instant>> visits = new HashMap<>(); // grid → on-duty visit times
        Instant now = T0;
        for (int step = 0; step < 2_000; step++) {
            now = now.plusSeconds(5 + r.nextInt(60));
            List<UnitChange> batch = new ArrayList<>();
            for (UnitRecord before : units.values()) {
                UnitRecord after;
                if (r.nextInt(20) == 0) {
                    after = before.withStatus(UnitStatus.values()[r.nextInt(3)]); // no new fix
                } else {
                    double lon = WktCity.lon(-0.1 + r.nextDouble() * 3.2);
                    double lat = WktCity.lat(-0.05 + r.nextDouble() * 1.1);
                    after = before.withLastPosition(Position.of(before.id(), lon, lat, now.minusSeconds(r.nextInt(5))));
                    AdminArea g = grids.locateGrid(lon, lat);
                    if (g != null && after.status() != UnitStatus.OFF_DUTY) {
                        visits.computeIfAbsent(g.code(), k -> new ArrayList<>()).add(after.lastPosition().time());
                    }
                }
                batch.add(new UnitChange(before, after));
            }
            batch.forEach(c -> units.put(c.after().id(), c.after()));
            coverage.apply(batch);
            if (step % 50 == 0) {
                Duration window = Duration.ofMinutes(1 + r.nextInt(30));
                for (AdminLevel level : AdminLevel.values()) {
                    for (CoverageIndex.Coverage c : coverage.coverage(level, now, window)) {
                        String prefix = level.descendantPrefix(c.area().code());
                        int total = 0;
                        int visited = 0;
                        for (AdminArea g : grids.hierarchy().level(AdminLevel.GRID)) {
                            if (!g.code().startsWith(prefix)) {
                                continue;
                            }
                            total++;
                            Instant from = now.minus(window);
                            Instant end = now;
                            if (visits.getOrDefault(g.code(), List.of()).stream().anyMatch(t -> t.isAfter(from) && !t.isAfter(end))) {
                                visited++;
                            }
                        }
                        assertThat(c.grids()).isEqualTo(total);
                        assertThat(c.visited()).as("%s at step %d, window %s", c.area().code(), step, window).isEqualTo(visited);
                    }
                }
            }
        }
        assertThat(coverage.lastVisit("371602001001001")).isNotNull();
        assertThat(coverage.lastVisit("999")).isNull();
        // Visits per hour: windows of whole hours (a day of the report is 24 of them) against the recount.
        for (int startHour = 0; startHour < 20; startHour += 3) {
            for (int hours : new int[] {1, 5, 24}) {
                Instant from = T0.plus(Duration.ofHours(startHour));
                Instant to = from.plus(Duration.ofHours(hours));
                for (AdminLevel level : List.of(AdminLevel.CITY, AdminLevel.COUNTY, AdminLevel.TOWNSHIP)) {
                    for (CoverageIndex.Coverage c : coverage.visited(level, from, to)) {
                        String prefix = level.descendantPrefix(c.area().code());
                        long expected = visits.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                                .filter(e -> e.getValue().stream().anyMatch(t -> !t.isBefore(from) && t.isBefore(to)))
                                .count();
                        assertThat(c.visited()).as("%s in %s .. %s", c.area().code(), from, to).isEqualTo((int) expected);
                        assertThat(c.grids()).isEqualTo((int) grids.hierarchy().level(AdminLevel.GRID).stream()
                                .filter(g -> g.code().startsWith(prefix)).count());
                    }
                }
            }
        }
        assertThat(coverage.visited(AdminLevel.CITY, T0.minus(Duration.ofDays(1)), T0).get(0).visited())
                .as("nothing before the first fix").isZero();
    }

    @Test
    void dosageMatchesARecountFromEveryUnitsFixes() {
        GridIndex grids = GridIndex.build(WktCity.hierarchy());
        Duration cap = Duration.ofMinutes(10);
        CoverageIndex coverage = new CoverageIndex(grids, cap, LocalTimes.ZONE);
        Random r = new Random(24);
        PatrolStream stream = new PatrolStream(r, 6, List.of(), new double[] {117.9, 36.95, 121.2, 38.05});
        Map<String, List<long[]>> credited = new HashMap<>(); // grid → [from, to) ms intervals
        Map<String, Position> previous = new HashMap<>();
        Map<String, Boolean> patrolling = new HashMap<>(); // on duty at the previous fix and ever since
        Instant now = T0;
        int checks = 0;
        while (now.isBefore(T0.plus(Duration.ofHours(30)))) {
            now = now.plusSeconds(10 + r.nextInt(290));
            List<UnitChange> batch = stream.changes(now, 2, Duration.ofSeconds(30)).changes();
            for (UnitChange c : batch) {
                UnitRecord u = c.after();
                Position p = u.lastPosition();
                if (c.before().lastPosition() == p) { // a status change
                    if (u.status() == UnitStatus.OFF_DUTY) {
                        patrolling.put(u.id(), false);
                    }
                    continue;
                }
                Position prev = previous.get(u.id());
                if (prev != null && patrolling.get(u.id()) && p.time().isAfter(prev.time())) {
                    AdminArea g = grids.locateGrid(prev.lon(), prev.lat());
                    if (g != null) {
                        long from = prev.time().toEpochMilli();
                        long gap = p.time().toEpochMilli() - from;
                        credited.computeIfAbsent(g.code(), k -> new ArrayList<>())
                                .add(new long[] {from, from + Math.min(gap, cap.toMillis())});
                    }
                }
                previous.put(u.id(), p);
                patrolling.put(u.id(), u.status() != UnitStatus.OFF_DUTY);
            }
            // Every grid's dosage read (and memoised) before the batch: the checks below read what
            // the batch's credits, and the window's steps, must have made stale.
            Instant before = now;
            grids.hierarchy().level(AdminLevel.GRID).forEach(g -> coverage.dosage(g.code(), before));
            coverage.apply(batch);
            if (r.nextInt(25) == 0) {
                checks++;
                long bucket = CoverageIndex.BUCKET_MINUTES * 60_000L;
                long windowStart = Math.floorDiv(now.toEpochMilli(), bucket) * bucket - Duration.ofHours(24).toMillis();
                Map<String, Long> expected = new HashMap<>();
                for (AdminArea g : grids.hierarchy().level(AdminLevel.GRID)) {
                    long sum = 0;
                    for (long[] iv : credited.getOrDefault(g.code(), List.of())) {
                        sum += Math.max(0, iv[1] - Math.max(iv[0], windowStart));
                    }
                    expected.put(g.code(), sum);
                    assertThat(coverage.dosage(g.code(), now).toMillis()).as("%s at %s", g.code(), now).isEqualTo(sum);
                }
                for (CoverageIndex.Coverage c : coverage.coverage(AdminLevel.COUNTY, now, Duration.ofMinutes(30))) {
                    long sum = expected.entrySet().stream().filter(e -> e.getKey().startsWith(c.area().code()))
                            .mapToLong(Map.Entry::getValue).sum();
                    assertThat(c.dosageMinutes()).isEqualTo(sum / 60_000.0);
                }
            }
        }
        assertThat(checks).isGreaterThan(10);
        assertThat(coverage.dosage("371602001001001", now)).isPositive();
        assertThat(coverage.dosage("999", now)).isZero();
    }

    @Test
    void dosageIsCappedPerFixAndStopsWhenAUnitGoesOffDuty() {
        GridIndex grids = GridIndex.build(WktCity.hierarchy());
        CoverageIndex coverage = new CoverageIndex(grids, Duration.ofMinutes(10), LocalTimes.ZONE);
        Unit unit = new Unit("U1", "U1", UnitKind.FOOT_PATROL, "a", "371602", "371602001", true);
        UnitRecord u0 = new UnitRecord(unit, UnitStatus.AVAILABLE, null);
        double lon = WktCity.lon(0.5);
        double lat = WktCity.lat(0.75); // grid 371602001001001
        UnitRecord u1 = u0.withLastPosition(Position.of("U1", lon, lat, T0));
        UnitRecord u2 = u1.withLastPosition(Position.of("U1", lon, lat, T0.plusSeconds(240)));
        UnitRecord u3 = u2.withLastPosition(Position.of("U1", lon, lat, T0.plusSeconds(3600))); // silent for 56 min
        UnitRecord u4 = u3.withStatus(UnitStatus.OFF_DUTY);
        UnitRecord u5 = u4.withStatus(UnitStatus.AVAILABLE);
        UnitRecord u6 = u5.withLastPosition(Position.of("U1", lon, lat, T0.plusSeconds(3660)));
        coverage.apply(List.of(new UnitChange(u0, u1), new UnitChange(u1, u2), new UnitChange(u2, u3), new UnitChange(u3, u4),
                new UnitChange(u4, u5), new UnitChange(u5, u6)));
        assertThat(coverage.dosage("371602001001001", T0.plusSeconds(3660))).isEqualTo(Duration.ofMinutes(4 + 10));
        assertThat(coverage.dosage("371602001001001", T0.plus(Duration.ofHours(25)))).isZero();
    }
}
