package org.gridwatch.sim;

import org.gridwatch.testsupport.LocalTimes;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gridwatch.area.AdminArea;
import org.gridwatch.geo.Geo;
import org.gridwatch.geo.Geodesy;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.PositionReport;
import org.gridwatch.patrol.Unit;
import org.gridwatch.patrol.UnitKind;
import org.gridwatch.patrol.UnitStatus;
import org.gridwatch.post.DutyWindow;
import org.gridwatch.post.SchoolPost;
import org.junit.jupiter.api.Test;

/** The simulator as a pure step function on the Binzhou demo city, stepped through explicit instants. */
class CitySimulatorTest {
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    /** Monday 1 June 2026, 03:00 in Beijing. */
    private static final Instant MONDAY_0300 = LocalDateTime.parse("2026-06-01T03:00").atZone(BEIJING).toInstant();
    /** Monday 1 June 2026, 05:30 in Beijing. */
    private static final Instant MONDAY_0530 = MONDAY_0300.plus(Duration.ofMinutes(150));

    private static CitySimulator simulator(SimSettings s, List<Unit> roster, List<SchoolPost> posts,
                                           Map<String, Position> initial, Instant start) {
        PostStaffing.Plan plan = PostStaffing.plan(posts, roster);
        List<Unit> all = new ArrayList<>(roster);
        all.addAll(plan.guards());
        return new CitySimulator(SimCity.grids(), all, plan, initial, s, start, BEIJING, LocalTimes.WEEKDAYS);
    }

    private static List<Tick> run(CitySimulator sim, Instant from, Duration step, Duration total) {
        List<Tick> ticks = new ArrayList<>();
        for (Instant t = from.plus(step); !t.isAfter(from.plus(total)); t = t.plus(step)) {
            ticks.add(sim.step(t));
        }
        return ticks;
    }

    private static Map<String, List<PositionReport>> byUnit(List<Tick> ticks) {
        Map<String, List<PositionReport>> m = new HashMap<>();
        for (Tick t : ticks) {
            for (PositionReport r : t.positions()) {
                m.computeIfAbsent(r.unit(), k -> new ArrayList<>()).add(r);
            }
        }
        return m;
    }

    private static AdminArea township(String code) {
        return SimCity.grids().hierarchy().find(code).orElseThrow();
    }

    @Test
    void sameSeedAndStepsGiveTheSameTicksAnotherSeedOthers() {
        SimSettings s = SimSettings.defaults().withSeed(11).withIncidentRate(20);
        List<Unit> units = SimCity.units(SimCity.COUNTY);
        List<SchoolPost> posts = SimCity.posts(SimCity.COUNTY);
        Duration step = Duration.ofSeconds(20);
        Duration total = Duration.ofHours(2);
        List<Tick> a = run(simulator(s, units, posts, Map.of(), MONDAY_0530), MONDAY_0530, step, total);
        List<Tick> b = run(simulator(s, units, posts, Map.of(), MONDAY_0530), MONDAY_0530, step, total);
        List<Tick> c = run(simulator(s.withSeed(12), units, posts, Map.of(), MONDAY_0530), MONDAY_0530, step, total);
        assertThat(a).isEqualTo(b);
        List<SimCommand> commands = a.stream().flatMap(t -> t.commands().stream()).toList();
        // The comparison covers every kind of output.
        assertThat(commands).hasAtLeastOneElementOfType(SimCommand.ReportIncident.class)
                .hasAtLeastOneElementOfType(SimCommand.Dispatch.class)
                .hasAtLeastOneElementOfType(SimCommand.Finish.class)
                .hasAtLeastOneElementOfType(SimCommand.Leave.class);
        assertThat(a.stream().mapToInt(t -> t.positions().size()).sum()).isPositive();
        assertThat(c.get(0).positions()).isNotEqualTo(a.get(0).positions());
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void consecutiveFixesRespectEachKindsSpeed() {
        SimSettings s = SimSettings.defaults().withIncidentRate(20);
        List<Tick> ticks = run(simulator(s, SimCity.units(SimCity.COUNTY), SimCity.posts(SimCity.COUNTY), Map.of(),
                MONDAY_0530), MONDAY_0530, Duration.ofSeconds(30), Duration.ofHours(3));
        Map<String, UnitKind> kinds = new HashMap<>();
        SimCity.units(SimCity.COUNTY).forEach(u -> kinds.put(u.id(), u.kind()));
        Map<UnitKind, Double> fastest = new EnumMap<>(UnitKind.class);
        for (var e : byUnit(ticks).entrySet()) {
            UnitKind kind = kinds.getOrDefault(e.getKey(), UnitKind.SECURITY_GUARD); // dedicated school guards
            double limit = s.cruise(kind) * SimSettings.RESPONSE_FACTOR;
            List<PositionReport> rs = e.getValue();
            for (int i = 1; i < rs.size(); i++) {
                PositionReport p = rs.get(i - 1);
                PositionReport q = rs.get(i);
                double dt = Duration.between(p.time(), q.time()).toMillis() / 1000.0;
                double metres = Geodesy.distance(p.lon(), p.lat(), q.lon(), q.lat());
                assertThat(dt % s.reportInterval().toSeconds()).isZero(); // off-duty grid workers skip reports
                // Both fixes may be off by the largest GPS error.
                assertThat(metres).as("unit %s from %s to %s", e.getKey(), p.time(), q.time())
                        .isLessThanOrEqualTo(limit * dt + 2 * SimUnit.GPS_MAX_METRES + 0.01);
                assertThat(q.speed()).isLessThanOrEqualTo(limit + 0.01);
                assertThat(q.heading()).isBetween(0.0, 360.0);
                fastest.merge(kind, (metres - 2 * SimUnit.GPS_MAX_METRES) / dt, Math::max);
            }
        }
        for (UnitKind k : UnitKind.values()) {
            // Every kind really moves at close to its speed at some point.
            assertThat(fastest.get(k)).as(k.id()).isGreaterThan(0.6 * s.cruise(k));
        }
    }

    @Test
    void patrolsStayInTheirTownshipAndUnitsOutsideGoBack() {
        SimSettings s = SimSettings.defaults().withDispatchShare(0).withIncidentRate(5);
        List<Unit> units = SimCity.units(SimCity.COUNTY);
        // Start the first ten units in another unit's township, far from their own.
        Map<String, Position> initial = new HashMap<>();
        List<Unit> strays = units.subList(0, 10);
        for (Unit u : strays) {
            Unit other = units.stream().filter(x -> !x.homeTownshipCode().equals(u.homeTownshipCode()))
                    .findFirst().orElseThrow();
            var p = township(other.homeTownshipCode()).geometry().getInteriorPoint();
            initial.put(u.id(), Position.of(u.id(), p.getX(), p.getY(), MONDAY_0300.minusSeconds(3600)));
        }
        List<Tick> ticks = run(simulator(s, units, List.of(), initial, MONDAY_0300), MONDAY_0300,
                Duration.ofMinutes(1), Duration.ofHours(8));
        Map<String, List<PositionReport>> reports = byUnit(ticks);
        double toleranceDegrees = (SimUnit.GPS_MAX_METRES + 1) / 100_000; // > 10 m at 37° N either way
        for (Unit u : units) {
            var home = township(u.homeTownshipCode()).geometry();
            var prepared = org.locationtech.jts.geom.prep.PreparedGeometryFactory.prepare(home);
            List<PositionReport> rs = reports.get(u.id());
            assertThat(rs).isNotEmpty();
            boolean stray = strays.contains(u);
            assertThat(home.distance(Geo.point(rs.get(0).lon(), rs.get(0).lat())) > 0).isEqualTo(stray);
            boolean inside = !stray;
            for (PositionReport r : rs) {
                var p = Geo.point(r.lon(), r.lat());
                boolean in = prepared.covers(p) || home.distance(p) <= toleranceDegrees;
                if (inside) {
                    assertThat(in).as("unit %s at %s left %s", u.id(), r.time(), u.homeTownshipCode()).isTrue();
                }
                inside |= in;
            }
            assertThat(inside).as("unit %s came home", u.id()).isTrue();
        }
    }

    @Test
    void postStaffStandAtTheGateThroughTheirWindowsAndAFewAreLateOrAbsent() {
        SimSettings s = SimSettings.defaults().withDispatchShare(0).withIncidentRate(0);
        List<SchoolPost> posts = SimCity.posts(SimCity.COUNTY);
        List<Unit> roster = SimCity.units(SimCity.COUNTY);
        CitySimulator sim = simulator(s, roster, posts, Map.of(), MONDAY_0300);
        List<Tick> ticks = run(sim, MONDAY_0300, Duration.ofSeconds(30), Duration.ofHours(9)); // past the noon windows
        Map<String, List<PositionReport>> reports = byUnit(ticks);
        LocalDate monday = LocalDate.parse("2026-06-01");
        int checked = 0;
        int late = 0;
        int absent = 0;
        int staff = 0;
        for (SimUnit u : sim.units()) {
            if (u.post == null) {
                continue;
            }
            staff++;
            List<DutyWindow> windows = u.post.dutyWindows();
            for (int w = 0; w < windows.size(); w++) {
                PostStaffing.Attendance a = PostStaffing.attendance(s.seed(), u.id(), monday, w, s.absentShare(),
                        s.lateShare());
                if (a.absent()) {
                    absent++;
                    continue;
                }
                if (a.late()) {
                    late++;
                }
                Instant start = monday.atTime(windows.get(w).start()).atZone(BEIJING).toInstant()
                        .plus(Duration.ofMinutes(Math.max(0, a.offsetMinutes())));
                Instant end = monday.atTime(windows.get(w).end()).atZone(BEIJING).toInstant();
                for (PositionReport r : reports.get(u.id())) {
                    if (!r.time().isBefore(start) && r.time().isBefore(end)) {
                        double d = Geodesy.distance(r.lon(), r.lat(), u.post.gate().getX(), u.post.gate().getY());
                        assertThat(d).as("%s at %s (post %s, window %d)", u.id(), r.time(), u.post.id(), w)
                                .isLessThanOrEqualTo(u.post.radiusMetres());
                        checked++;
                    }
                }
            }
        }
        int required = posts.stream().mapToInt(SchoolPost::requiredStaff).sum();
        assertThat(staff).isEqualTo(required);
        assertThat(checked).isGreaterThan(staff * 2 * 100); // two windows of 30–40 minutes, a fix every 10 s
        // So that the duty monitor has something to report, but not much.
        assertThat(absent).isPositive().isLessThan(staff / 10);
        assertThat(late).isPositive().isLessThan(staff / 6);
    }

    @Test
    void noOneGoesToTheGatesAtTheWeekend() {
        SimSettings s = SimSettings.defaults().withDispatchShare(0).withIncidentRate(0)
                .withReportInterval(Duration.ofMinutes(5));
        Instant saturday = MONDAY_0300.minus(Duration.ofDays(2));
        List<SchoolPost> posts = SimCity.posts(SimCity.COUNTY);
        CitySimulator sim = simulator(s, SimCity.units(SimCity.COUNTY), posts, Map.of(), saturday);
        run(sim, saturday, Duration.ofMinutes(2), Duration.ofHours(10));
        assertThat(sim.units()).noneMatch(u -> u.mode == SimUnit.Mode.POST || u.lastDuty >= 0);
        // Monday morning they do.
        run(sim, saturday.plus(Duration.ofHours(10)), Duration.ofMinutes(2), Duration.ofHours(42));
        assertThat(sim.units()).anyMatch(u -> u.mode == SimUnit.Mode.POST);
    }

    @Test
    void gridWorkersWithoutAPostGoOffDutyAtNightAndAreNotDispatched() {
        SimSettings s = SimSettings.defaults().withIncidentRate(20).withDispatchShare(1)
                .withReportInterval(Duration.ofSeconds(30));
        List<Unit> roster = SimCity.units(SimCity.COUNTY);
        CitySimulator sim = simulator(s, roster, List.of(), Map.of(), MONDAY_0300);
        List<Tick> ticks = run(sim, MONDAY_0300, Duration.ofMinutes(1), Duration.ofHours(7));
        List<String> workers = roster.stream().filter(u -> u.kind() == UnitKind.GRID_WORKER).map(Unit::id).toList();
        assertThat(workers).isNotEmpty();
        Instant eight = MONDAY_0300.plus(Duration.ofHours(5));
        assertThat(ticks.get(0).statuses()).containsAll(workers.stream()
                .map(id -> new Tick.StatusChange(id, UnitStatus.OFF_DUTY)).toList());
        Tick atEight = ticks.stream().filter(t -> t.at().equals(eight)).findFirst().orElseThrow();
        assertThat(atEight.statuses()).containsAll(workers.stream()
                .map(id -> new Tick.StatusChange(id, UnitStatus.AVAILABLE)).toList());
        Map<String, List<PositionReport>> reports = byUnit(ticks.subList(1, ticks.size()));
        for (String w : workers) {
            // The shift starts at the first step at or after 08:00, the unit moving from the step before.
            assertThat(reports.get(w)).allSatisfy(r -> assertThat(r.time()).isAfter(eight.minus(Duration.ofMinutes(1))))
                    .anySatisfy(r -> assertThat(r.time()).isAfter(eight.plus(Duration.ofHours(1))));
        }
        List<String> sentBeforeEight = ticks.stream().filter(t -> t.at().isBefore(eight))
                .flatMap(t -> t.commands().stream()).filter(c -> c instanceof SimCommand.Dispatch)
                .map(c -> ((SimCommand.Dispatch) c).unitId()).toList();
        assertThat(sentBeforeEight).isNotEmpty().doesNotContainAnyElementsOf(workers);
        List<String> sentAfter = ticks.stream().filter(t -> !t.at().isBefore(eight))
                .flatMap(t -> t.commands().stream()).filter(c -> c instanceof SimCommand.Dispatch)
                .map(c -> ((SimCommand.Dispatch) c).unitId()).toList();
        assertThat(sentAfter).containsAnyElementsOf(workers);
    }
}
