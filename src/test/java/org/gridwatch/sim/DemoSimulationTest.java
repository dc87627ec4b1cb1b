package org.gridwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gridwatch.GridWatch;
import org.gridwatch.area.Scope;
import org.gridwatch.geo.Crs;
import org.gridwatch.incident.Category;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.IncidentQuery;
import org.gridwatch.incident.IncidentReport;
import org.gridwatch.incident.Source;
import org.gridwatch.incident.Status;
import org.gridwatch.patrol.RejectReason;
import org.gridwatch.patrol.Unit;
import org.gridwatch.patrol.UnitKind;
import org.gridwatch.patrol.UnitStatus;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator driving a real server (temp store, the server on a simulation clock the test
 * moves to each step's instant): positions accepted, dispatched units reach their incidents, which turn on
 * scene by the server's own arrival rule, then close and free the unit; rejected positions do
 * not stop the simulation.
 */
class DemoSimulationTest {
    @TempDir
    Path dir;

    @Test
    void dispatchedUnitsReachTheirIncidentsWhichCloseAndFreeThem() throws Exception {
        Instant t0 = Instant.parse("2026-06-01T23:40:00Z"); // Tuesday 07:40 in Beijing: grid workers start at 08:00
        SimClock clock = new SimClock(t0, 1, () -> 0L); // real time frozen: moved only by jumpTo
        try (TestServer s = TestServer.start(dir, Map.of(), clock, true)) {
            GridWatch gw = s.server();
            List<Unit> roster = new ArrayList<>(SimCity.units(SimCity.COUNTY));
            // A unit the server does not know: its positions are rejected, and the simulation goes on.
            Unit ghost = new Unit("GHOST", "幽灵1号", UnitKind.FOOT_PATROL, "测试", SimCity.COUNTY,
                    roster.get(0).homeTownshipCode(), true);
            roster.add(ghost);
            SimSettings settings = SimSettings.defaults().withIncidentRate(10).withDispatchShare(1)
                    .withReportInterval(Duration.ofSeconds(20));
            DemoSimulation sim = DemoSimulation.create(new DemoSimulation.Server(gw.grids(), gw.incidents(), gw.positions(), gw.dispatch(),
                    gw.consoleDispatches(), gw.vertx(), gw.posts().zone(), gw.posts().calendar()), roster, List.of(), settings, clock);
            String worker = roster.stream().filter(u -> u.kind() == UnitKind.GRID_WORKER).findFirst().orElseThrow().id();
            List<Tick> ticks = new ArrayList<>();
            for (Instant t = t0.plusSeconds(20); !t.isAfter(t0.plus(Duration.ofMinutes(100))); t = t.plusSeconds(20)) {
                clock.jumpTo(t);
                ticks.add(sim.runOnce().get(60, TimeUnit.SECONDS));
                if (ticks.size() == 1) {
                    assertThat(gw.positions().unit(worker).orElseThrow().status()).isEqualTo(UnitStatus.OFF_DUTY);
                }
            }
            assertThat(gw.positions().unit(worker).orElseThrow().status()).isIn(UnitStatus.AVAILABLE, UnitStatus.BUSY);
            assertThat(sim.acceptedPositions()).isPositive();
            Map<RejectReason, Long> rejected = sim.rejectedPositions();
            long ghostReports = ticks.stream().flatMap(t -> t.positions().stream())
                    .filter(p -> p.unit().equals(ghost.id())).count();
            assertThat(ghostReports).isPositive();
            assertThat(rejected.get(RejectReason.UNKNOWN_UNIT)).isEqualTo(ghostReports);
            rejected.remove(RejectReason.UNKNOWN_UNIT);
            assertThat(rejected.values()).containsOnly(0L);

            // The server's incidents by report time (the simulator's reports carry distinct instants).
            Scope city = new Scope(gw.grids().hierarchy().city());
            Map<Instant, Incident> byReportedAt = new HashMap<>();
            gw.incidents().index().forEach(IncidentQuery.all(city, 0), i -> byReportedAt.put(i.reportedAt(), i));
            Map<Long, Instant> reportedAt = new HashMap<>();
            Map<Long, String> unitOf = new HashMap<>();
            List<Long> finished = new ArrayList<>();
            Map<String, Integer> dispatches = new HashMap<>();
            for (Tick t : ticks) {
                for (SimCommand c : t.commands()) {
                    if (c instanceof SimCommand.ReportIncident r) {
                        reportedAt.put(r.ref(), r.report().reportedAt());
                    } else if (c instanceof SimCommand.Dispatch d) {
                        unitOf.put(d.ref(), d.unitId());
                        dispatches.merge(d.unitId(), 1, Integer::sum);
                    } else if (c instanceof SimCommand.Finish f) {
                        finished.add(f.ref());
                    }
                }
            }
            assertThat(reportedAt).isNotEmpty();
            assertThat(byReportedAt.keySet()).containsAll(reportedAt.values());
            List<Long> finishedByKnownUnits = finished.stream().filter(ref -> !unitOf.get(ref).equals(ghost.id())).toList();
            assertThat(finishedByKnownUnits).isNotEmpty();
            for (long ref : finishedByKnownUnits) {
                Incident i = gw.incidents().index().get(byReportedAt.get(reportedAt.get(ref)).id()).orElseThrow();
                String unit = unitOf.get(ref);
                assertThat(i.assignedUnit()).contains(unit);
                // On scene by the server's arrival rule (the unit's own fix within 50 m), then closed.
                assertThat(i.history()).anySatisfy(tr -> {
                    assertThat(tr.to()).isEqualTo(Status.ON_SCENE);
                    assertThat(tr.unitId()).isEqualTo(unit);
                });
                assertThat(i.status()).isEqualTo(Status.CLOSED);
                assertThat(i.responseTime()).isPresent();
                if (dispatches.get(unit) == 1) {
                    s.quiesce();
                    assertThat(gw.positions().unit(unit).orElseThrow().status()).isEqualTo(UnitStatus.AVAILABLE);
                }
            }
            // Cases still running keep their unit busy.
            for (var e : unitOf.entrySet()) {
                if (!finished.contains(e.getKey()) && !e.getValue().equals(ghost.id())) {
                    assertThat(gw.positions().unit(e.getValue()).orElseThrow().status()).isEqualTo(UnitStatus.BUSY);
                }
            }
        }
    }

    @Test
    void aUnitDispatchedFromTheConsoleDrivesToItsIncident() throws Exception {
        Instant t0 = Instant.parse("2026-06-02T02:00:00Z");
        SimClock clock = new SimClock(t0, 1, () -> 0L);
        try (TestServer s = TestServer.start(dir, Map.of(), clock, true)) {
            GridWatch gw = s.server();
            Unit car = SimCity.units(SimCity.COUNTY).stream().filter(u -> u.kind() == UnitKind.POLICE_CAR)
                    .findFirst().orElseThrow();
            SimSettings settings = SimSettings.defaults().withIncidentRate(0);
            DemoSimulation sim = DemoSimulation.create(new DemoSimulation.Server(gw.grids(), gw.incidents(), gw.positions(), gw.dispatch(),
                    gw.consoleDispatches(), gw.vertx(), gw.posts().zone(), gw.posts().calendar()), List.of(car), List.of(), settings, clock);
            Instant t = t0.plusSeconds(20);
            clock.jumpTo(t);
            sim.runOnce().get(60, TimeUnit.SECONDS);
            var at = gw.positions().unit(car.id()).orElseThrow().lastPosition();
            // An incident about 1.5 km east, accepted and dispatched by a person at the console.
            var report = new IncidentReport(Source.POLICE_CALL, null,
                    Category.PUBLIC_ORDER, 1, at.lon() + 0.017, at.lat(),
                    Crs.WGS84, t, "打架", "", "接警员");
            Scope city = new Scope(gw.grids().hierarchy().city());
            long id = gw.incidents().report(report).get(10, TimeUnit.SECONDS).incident().id();
            gw.incidents().transition(city, id, Status.ACCEPTED, "调度员李", null, null).get(10, TimeUnit.SECONDS);
            gw.dispatch().dispatch(city, id, car.id(), "调度员李").get(10, TimeUnit.SECONDS);
            for (int i = 0; i < 45; i++) { // 15 minutes: 1.5 km at 36 km/h takes 2.5
                t = t.plusSeconds(20);
                clock.jumpTo(t);
                sim.runOnce().get(60, TimeUnit.SECONDS);
            }
            s.quiesce();
            assertThat(gw.incidents().index().get(id).orElseThrow().status()).isEqualTo(Status.ON_SCENE);
            // The person closes the case, not the simulator.
            assertThat(sim.refusedCommands()).isZero();
            assertThat(gw.positions().unit(car.id()).orElseThrow().status()).isEqualTo(UnitStatus.BUSY);
        }
    }
}
