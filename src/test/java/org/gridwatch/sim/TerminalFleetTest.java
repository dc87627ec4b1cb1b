package org.gridwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.gridwatch.jt808.MessageIds;
import org.gridwatch.jt808.RegistrationResult;
import org.gridwatch.patrol.Position;
import org.gridwatch.testsupport.Jt808Units;
import org.gridwatch.testsupport.TcpProxy;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTReader;

/**
 * A small fleet of simulated JT/T 808 terminals against a real server: they log in, report along
 * their paths (2013 and 2019 headers), every report answered success is in the store; they come
 * back by themselves after the network drops their connections, and after a reconnect storm with the code they
 * were given (no new registration). Waits on the fleet's and the server's signals.
 */
class TerminalFleetTest {
    /** A box around the centre of 滨城区, where the terminals go. */
    private static final String AREA = "POLYGON ((117.95 37.35, 118.05 37.35, 118.05 37.45, 117.95 37.45, 117.95 37.35))";

    @TempDir
    static Path dir;
    static TestServer server;
    static Vertx vertx;
    static Geometry area;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir);
        vertx = Vertx.vertx();
        area = new WKTReader().read(AREA);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } finally {
            server.close();
        }
    }

    static String bind(String kind, int n, String phone) throws Exception {
        return Jt808Units.bind(server, kind, n, phone);
    }

    static double metric(String msg, String result) {
        return Jt808Units.frames(server.server(), msg, result);
    }

    /** Fix times 10 minutes behind: a report every 100 ms moves its fix a second on, never into the future. */
    static TerminalFleet.Settings settings(int port) {
        return TerminalFleet.Settings.of("127.0.0.1", port).withInterval(Duration.ofMillis(100))
                .withReconnectDelay(Duration.ofMillis(100)).withClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10)))
                .withShards(2);
    }

    static TerminalFleet.Terminal terminal(String unit, String phone, boolean v2019, double metresPerSecond) {
        return new TerminalFleet.Terminal(unit, phone, v2019, area, 118.0, 37.4, metresPerSecond);
    }

    /** Counts what the fleet tells: answered reports, logins, closes, refusals. */
    static final class Recorder implements TerminalFleet.Listener {
        final Queue<TerminalFleet.Report> acked = new ConcurrentLinkedQueue<>();
        final Queue<Integer> notSuccess = new ConcurrentLinkedQueue<>();
        final Queue<Integer> refusals = new ConcurrentLinkedQueue<>();
        volatile CountDownLatch acks = new CountDownLatch(0);
        volatile CountDownLatch drops = new CountDownLatch(0);
        volatile CountDownLatch refused = new CountDownLatch(0);

        @Override
        public void answered(TerminalFleet.Report r, int result, long nanos) {
            if (result == 0) {
                acked.add(r);
                acks.countDown();
            } else {
                notSuccess.add(result);
            }
        }

        @Override
        public void closed(int terminal, boolean dropped) {
            if (dropped) {
                drops.countDown();
            }
        }

        @Override
        public void refused(int terminal, int messageId, int result) {
            refusals.add(messageId << 8 | result);
            refused.countDown();
        }
    }

    @Test
    void terminalsLogInReportAlongTheirPathsAndEveryAnsweredFixIsStored() throws Exception {
        List<TerminalFleet.Terminal> terminals = List.of(
                terminal(bind("police_car", 0, "13900000101"), "13900000101", false, 8),
                terminal(bind("police_car", 1, "13900000102"), "13900000102", true, 8),
                terminal(bind("foot_patrol", 0, "13900000103"), "13900000103", false, 1.3),
                terminal(bind("foot_patrol", 1, "13900000104"), "13900000104", true, 1.3));
        Recorder rec = new Recorder();
        rec.acks = new CountDownLatch(40);
        Instant from = Instant.now().minus(Duration.ofMinutes(11));
        double registrations = metric("0x0100", "ok");
        TerminalFleet fleet = TerminalFleet.start(vertx, settings(server.server().jt808Port()), terminals, rec)
                .get(30, TimeUnit.SECONDS);
        try {
            fleet.allAuthenticated().get(30, TimeUnit.SECONDS);
            assertThat(rec.acks.await(60, TimeUnit.SECONDS)).as("40 reports answered success").isTrue();
        } finally {
            fleet.close();
        }
        TerminalFleet.Stats stats = fleet.stats();
        assertThat(rec.notSuccess).isEmpty();
        assertThat(stats.errors()).isZero();
        assertThat(stats.connected()).as("closed").isZero();
        assertThat(stats.acked()).isGreaterThanOrEqualTo(40);
        assertThat(fleet.ackLatency().count()).isEqualTo(stats.acked() + stats.refused());
        assertThat(fleet.ackLatency().percentile(0.5)).isBetween(0L, 10_000L);
        assertThat(metric("0x0100", "ok")).as("one registration each").isEqualTo(registrations + 4);

        server.quiesce();
        Map<String, List<TerminalFleet.Report>> byUnit = new ConcurrentHashMap<>();
        rec.acked.forEach(r -> byUnit.computeIfAbsent(r.unitId(), k -> new ArrayList<>()).add(r));
        assertThat(byUnit.keySet()).as("2013 and 2019 terminals all reported")
                .containsExactlyInAnyOrderElementsOf(terminals.stream().map(TerminalFleet.Terminal::unitId).toList());
        for (var e : byUnit.entrySet()) {
            List<Position> track = server.server().positions().tracks().track(e.getKey(), from, Instant.now());
            for (TerminalFleet.Report r : e.getValue()) {
                assertThat(track).as("acknowledged fix of %s at %s", r.unitId(), r.time()).anySatisfy(p -> {
                    assertThat(p.time()).isEqualTo(r.time());
                    assertThat(p.lon()).isEqualTo(r.lon());
                    assertThat(p.lat()).isEqualTo(r.lat());
                });
                assertThat(area.covers(org.gridwatch.geo.Geo.point(r.lon(), r.lat()))).isTrue();
            }
            // Fixes a second or more apart, never implausibly far: none was dropped as a jump or duplicate.
            assertThat(track).hasSizeGreaterThanOrEqualTo(e.getValue().size());
        }
        assertThat(metric("0x0200", "dropped_implausible_jump") + metric("0x0200", "dropped_duplicate")
                + metric("0x0200", "dropped_out_of_order")).isZero();
    }

    @Test
    void droppedTerminalsComeBackAndAStormBringsEveryoneBackWithTheirCodes() throws Exception {
        List<TerminalFleet.Terminal> terminals = List.of(
                terminal(bind("police_car", 2, "13900000201"), "13900000201", false, 8),
                terminal(bind("police_car", 3, "13900000202"), "13900000202", true, 8),
                terminal(bind("police_car", 4, "13900000203"), "13900000203", false, 8));
        Recorder rec = new Recorder();
        try (TcpProxy network = TcpProxy.start("127.0.0.1", server.server().jt808Port())) {
            TerminalFleet fleet = TerminalFleet.start(vertx, settings(network.port()), terminals, rec).get(30, TimeUnit.SECONDS);
            try {
                fleet.allAuthenticated().get(30, TimeUnit.SECONDS);
                double registrations = metric("0x0100", "ok");

                // The network loses every connection: they come back by themselves.
                rec.drops = new CountDownLatch(3);
                network.drop();
                assertThat(rec.drops.await(30, TimeUnit.SECONDS)).as("every connection seen dropped").isTrue();
                fleet.allAuthenticated().get(30, TimeUnit.SECONDS);
                rec.acks = new CountDownLatch(6);
                assertThat(rec.acks.await(30, TimeUnit.SECONDS)).as("reporting again").isTrue();
                TerminalFleet.Stats afterDrop = fleet.stats();
                assertThat(afterDrop.drops()).isEqualTo(3);
                assertThat(afterDrop.connects()).isGreaterThanOrEqualTo(6);

                // A storm: all dropped by the fleet, back within half a second each.
                double authentications = metric("0x0102", "ok");
                Duration back = fleet.reconnectStorm(Duration.ofMillis(500)).get(30, TimeUnit.SECONDS);
                assertThat(back).isLessThan(Duration.ofSeconds(30));
                TerminalFleet.Stats afterStorm = fleet.stats();
                assertThat(afterStorm.authenticated()).isEqualTo(3);
                assertThat(afterStorm.connects()).isGreaterThanOrEqualTo(afterDrop.connects() + 3);
                assertThat(afterStorm.drops()).as("the storm's closes are the fleet's own").isEqualTo(afterDrop.drops());
                assertThat(afterStorm.registrationRefused() + afterStorm.authRefused()).isZero();
                assertThat(metric("0x0102", "ok")).isGreaterThanOrEqualTo(authentications + 3);
                assertThat(metric("0x0100", "ok")).as("they came back with their codes, no new registration")
                        .isEqualTo(registrations);
                rec.acks = new CountDownLatch(6);
                assertThat(rec.acks.await(30, TimeUnit.SECONDS)).as("reporting after the storm").isTrue();
            } finally {
                fleet.close();
            }
        }
        assertThat(rec.notSuccess).isEmpty();
    }

    @Test
    void anUnboundTerminalIsRefusedItsRegistrationAndKeepsTrying() throws Exception {
        Recorder rec = new Recorder();
        rec.refused = new CountDownLatch(2);
        TerminalFleet fleet = TerminalFleet.start(vertx, settings(server.server().jt808Port()),
                List.of(terminal("NOBODY", "13999999999", true, 1.3)), rec).get(30, TimeUnit.SECONDS);
        try {
            assertThat(rec.refused.await(30, TimeUnit.SECONDS)).as("refused twice").isTrue();
        } finally {
            fleet.close();
        }
        assertThat(rec.refusals).allMatch(r -> r == (MessageIds.REGISTRATION << 8 | RegistrationResult.NO_SUCH_TERMINAL));
        assertThat(fleet.stats().registrationRefused()).isGreaterThanOrEqualTo(2);
        assertThat(fleet.stats().sent()).isZero();
    }
}
