package org.gridwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.gridwatch.GridWatch;
import org.gridwatch.auth.DeviceKey;
import org.gridwatch.city.CityData;
import org.gridwatch.geo.Geo;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.Unit;
import org.gridwatch.patrol.UnitKind;
import org.gridwatch.testsupport.Jt808Units;
import org.gridwatch.testsupport.MutableClock;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo --jt808-terminals}: demo units bound to simulated terminals move through the server's
 * JT/T 808 port inside their townships, keep their terminals on the next start, and the city
 * simulator leaves them alone.
 */
class DemoTerminalsTest {
    @TempDir
    Path dir;

    @Test
    void demoUnitsMoveThroughTheDevicePortAndTheSimulatorLeavesThemAlone() throws Exception {
        // Fix times 10 minutes behind: a report every 100 ms moves its fix a second on.
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10));
        try (TestServer s = TestServer.start(dir, Map.of(), Clock.systemUTC(), true)) {
            GridWatch gw = s.server();
            List<Unit> roster = CityData.load(Path.of("gis-data/binzhou")).units();
            DemoTerminals.Server parts = new DemoTerminals.Server(gw.auth().accounts(), gw.terminals(), gw.positions(),
                    gw.grids(), gw.vertx(), "127.0.0.1", gw.jt808Port());
            Map<String, Instant> lastAcked = new ConcurrentHashMap<>();
            CountDownLatch acks = new CountDownLatch(12);
            TerminalFleet.Listener listener = new TerminalFleet.Listener() {
                @Override
                public void answered(TerminalFleet.Report r, int result, long nanos) {
                    if (result == 0) {
                        lastAcked.merge(r.unitId(), r.time(), (a, b) -> a.isAfter(b) ? a : b);
                        acks.countDown();
                    }
                }
            };
            Set<String> driven;
            Map<String, String> keys;
            try (DemoTerminals terminals = DemoTerminals.start(parts, roster, 3, SimSettings.defaults(),
                    Duration.ofMillis(100), clock, listener)) {
                driven = terminals.unitIds();
                assertThat(driven).hasSize(3);
                assertThat(driven.stream().map(id -> gw.positions().unit(id).orElseThrow().unit().kind()))
                        .as("police cars first").containsOnly(UnitKind.POLICE_CAR);
                assertThat(terminals.fleet().terminals().stream().filter(TerminalFleet.Terminal::v2019)).hasSize(1);
                terminals.fleet().allAuthenticated().get(30, TimeUnit.SECONDS);
                assertThat(acks.await(60, TimeUnit.SECONDS)).as("12 reports answered success").isTrue();
                keys = driven.stream().collect(Collectors.toMap(id -> id, id -> gw.terminals().ofUnit(id).orElseThrow().id()));

                // The city simulator, given the roster without them, reports every unit but those.
                MutableClock simClock = new MutableClock(clock.instant());
                DemoSimulation sim = DemoSimulation.create(new DemoSimulation.Server(gw.grids(), gw.incidents(),
                        gw.positions(), gw.dispatch(), gw.consoleDispatches(), gw.vertx(), gw.posts().zone(),
                        gw.posts().calendar()), terminals.without(roster.subList(0, 60)), List.of(),
                        SimSettings.defaults().withIncidentRate(0), simClock);
                simClock.advance(Duration.ofSeconds(30));   // three report intervals: every simulated unit reports
                Set<String> reported = sim.runOnce().get(60, TimeUnit.SECONDS).positions().stream()
                        .map(p -> p.unit()).collect(Collectors.toSet());
                assertThat(reported).isNotEmpty().doesNotContainAnyElementsOf(driven);
                sim.stop();
            }
            assertThat(Jt808Units.frames(gw, "0x0200", "ok")).isGreaterThanOrEqualTo(12);
            s.quiesce();
            for (String id : driven) {
                Position p = gw.positions().unit(id).orElseThrow().lastPosition();
                assertThat(p).as("moved through the device port").isNotNull();
                assertThat(p.time()).isAfterOrEqualTo(lastAcked.get(id));
                String township = gw.positions().unit(id).orElseThrow().unit().homeTownshipCode();
                assertThat(gw.grids().hierarchy().find(township).orElseThrow().geometry().covers(Geo.point(p.lon(), p.lat())))
                        .as("inside its home township").isTrue();
            }

            // The next start keeps each unit's terminal (no new binding).
            try (DemoTerminals again = DemoTerminals.start(parts, roster, 3, SimSettings.defaults(), Duration.ofMillis(100),
                    clock, null)) {
                assertThat(again.unitIds()).isEqualTo(driven);
                for (String id : driven) {
                    DeviceKey k = gw.terminals().ofUnit(id).orElseThrow();
                    assertThat(k.id()).isEqualTo(keys.get(id));
                }
            }
        }
    }
}
