package org.gridwatch.analysis;

import org.gridwatch.testsupport.LocalTimes;
import org.gridwatch.patrol.Fixes;
import org.gridwatch.post.PostDutyMonitor;
import org.gridwatch.testsupport.PatrolStream;
import org.gridwatch.testsupport.TestUnits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.testsupport.LocalTimes.FRIDAY;
import static org.gridwatch.testsupport.LocalTimes.at;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.GridIndex;
import org.gridwatch.geo.Geo;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.UnitChange;
import org.gridwatch.post.KeyPeriod;
import org.gridwatch.post.KeyPlace;
import org.gridwatch.post.KeyPlaceKind;
import org.gridwatch.testsupport.WktCity;
import org.junit.jupiter.api.Test;

/**
 * {@link UncoveredGridMonitor} on the WKT fixture city: a seeded random patrol over two days checked
 * against a minute-by-minute reading of the key periods, and focused cases.
 */
class UncoveredGridMonitorTest {
    static final GridIndex GRIDS = GridIndex.build(WktCity.hierarchy());
    static final Duration LIMIT = Duration.ofMinutes(30);

    static KeyPlace place(String id, double x, double y, String grid, String... periods) {
        List<KeyPeriod> ps = new ArrayList<>();
        for (String p : periods) {
            String[] se = p.split("-");
            ps.add(new KeyPeriod(LocalTime.parse(se[0]), LocalTime.parse(se[1])));
        }
        return new KeyPlace(id, "部位" + id, KeyPlaceKind.SQUARE, Geo.point(WktCity.lon(x), WktCity.lat(y)), ps, 60, grid,
                grid.substring(0, 6), true);
    }

    /** Grid 004 (8 % of the fixture): overlapping day periods and one across midnight; the hole grid: a working day. */
    static final List<KeyPlace> PLACES = List.of(
            place("A", 1.75, 0.25, "371602001001004", "08:00-11:00", "22:00-01:30"),
            place("B", 1.70, 0.20, "371602001001004", "10:30-13:00"),
            place("C", 2.50, 0.50, "371603001001002", "09:00-17:00"));

    record Raised(String grid, Instant at) {
    }

    @Test
    void matchesAMinuteByMinuteReadingOfTheRules() {
        CoverageIndex coverage = new CoverageIndex(GRIDS, LocalTimes.ZONE);
        List<Raised> raised = new ArrayList<>();
        Instant[] clock = new Instant[1];
        Instant since = at(FRIDAY, "06:00");
        UncoveredGridMonitor m = new UncoveredGridMonitor(coverage, GRIDS.hierarchy(), PLACES,
                (kind, severity, title, detail, area, lon, lat) -> raised.add(new Raised(area, clock[0])), LIMIT, since, LocalTimes.ZONE);
        assertThat(m.watched()).isEqualTo(2);
        Random r = new Random(5);
        PatrolStream stream = new PatrolStream(r, 3, List.of(), new double[] {117.95, 36.98, 121.05, 38.02});
        Map<String, Instant> lastVisit = new HashMap<>();
        Set<String> alertedAnchors = new HashSet<>();
        List<Raised> expected = new ArrayList<>();
        Instant t = since.plusSeconds(1);
        while (t.isBefore(since.plus(Duration.ofHours(48)))) {
            clock[0] = t;
            if (r.nextInt(4) == 0) {
                m.tick(t);
                for (String grid : List.of("371602001001004", "371603001001002")) {
                    Instant start = keyStart(grid, t);
                    if (start == null) {
                        continue;
                    }
                    Instant anchor = start.isAfter(since) ? start : since;
                    Instant last = lastVisit.get(grid);
                    if (last != null && last.isAfter(anchor)) {
                        anchor = last;
                    }
                    if (!t.isBefore(anchor.plus(LIMIT)) && alertedAnchors.add(grid + anchor)) {
                        expected.add(new Raised(grid, t));
                    }
                }
            } else {
                List<UnitChange> batch = stream.changes(t, 1, Duration.ZERO).changes();
                for (UnitChange c : batch) {
                    Position p = c.after().lastPosition();
                    if (p != null && p != c.before().lastPosition() && Fixes.onDuty(c.after())) {
                        AdminArea g = GRIDS.locateGrid(p.lon(), p.lat());
                        if (g != null) {
                            lastVisit.merge(g.code(), p.time(), (a, b) -> a.isAfter(b) ? a : b);
                        }
                    }
                }
                coverage.apply(batch);
            }
            t = t.plusSeconds(20 + r.nextInt(280));
        }
        assertThat(raised).isEqualTo(expected);
        assertThat(expected.stream().map(Raised::grid).distinct()).hasSize(2);
        assertThat(expected.size()).isGreaterThan(4);
    }

    /** Start of the run of key minutes containing {@code t}, found by walking back minute by minute; null outside. */
    static Instant keyStart(String grid, Instant t) {
        Instant m = t.truncatedTo(ChronoUnit.MINUTES);
        if (!key(grid, m)) {
            return null;
        }
        while (key(grid, m.minus(Duration.ofMinutes(1)))) {
            m = m.minus(Duration.ofMinutes(1));
        }
        return m;
    }

    static boolean key(String grid, Instant t) {
        LocalTime local = LocalTime.ofInstant(t, LocalTimes.ZONE);
        return PLACES.stream().filter(p -> p.gridCode().equals(grid))
                .anyMatch(p -> p.keyPeriods().stream().anyMatch(k -> k.contains(local)));
    }

    @Test
    void oneAlertPerUncoveredSpellWithTheGridAndItsPlaces() {
        CoverageIndex coverage = new CoverageIndex(GRIDS, LocalTimes.ZONE);
        List<String> titles = new ArrayList<>();
        List<String> areas = new ArrayList<>();
        UncoveredGridMonitor m = new UncoveredGridMonitor(coverage, GRIDS.hierarchy(), PLACES.subList(0, 2),
                (kind, severity, title, detail, area, lon, lat) -> {
                    assertThat(kind).isEqualTo(UncoveredGridMonitor.ALERT_KIND);
                    assertThat(detail).contains("部位A、部位B");
                    assertThat(GRIDS.locateGrid(lon, lat).code()).isEqualTo(area);
                    titles.add(title);
                    areas.add(area);
                }, Duration.ofHours(2), at(FRIDAY, "06:00"), LocalTimes.ZONE);
        m.tick(at(FRIDAY, "07:59"));
        m.tick(at(FRIDAY, "09:59:59"));
        assertThat(titles).isEmpty();
        m.tick(at(FRIDAY, "10:00"));      // two hours into 08:00–13:00 without a visit
        m.tick(at(FRIDAY, "10:30"));
        assertThat(areas).containsExactly("371602001001004");
        assertThat(titles.get(0)).isEqualTo("甲社区第4网格重点时段超过 2 小时无巡逻");
        TestUnits units = new TestUnits(WktCity.lon(1.75), WktCity.lat(0.25));
        coverage.apply(units.report("U", 0, at(FRIDAY, "10:40")));
        m.tick(at(FRIDAY, "12:39"));
        assertThat(areas).hasSize(1);
        m.tick(at(FRIDAY, "12:40"));      // two hours after the visit, still in the merged key interval
        assertThat(areas).hasSize(2);
        m.tick(at(FRIDAY, "13:30"));      // between key periods: nothing, however long
        m.tick(at(FRIDAY, "23:59"));      // 22:00–01:30: the morning visit is long past, the spell counts from 22:00
        assertThat(areas).hasSize(2);
        m.tick(at(FRIDAY.plusDays(1), "00:00"));
        assertThat(areas).hasSize(3);
        assertThat(m.watched()).isEqualTo(1);
    }
}
