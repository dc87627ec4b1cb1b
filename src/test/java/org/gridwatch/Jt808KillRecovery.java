package org.gridwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.gridwatch.auth.DeviceKey;
import org.gridwatch.auth.Secrets;
import org.gridwatch.city.CityData;
import org.gridwatch.config.ConfigLoader;
import org.gridwatch.jt808.Result;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.Unit;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.patrol.UnitStatus;
import org.gridwatch.sim.TerminalFleet;
import org.gridwatch.store.Store;
import org.gridwatch.testsupport.ServerProcess;
import org.gridwatch.testsupport.TestServer;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTReader;

/**
 * Durability of the JT/T 808 path under {@code kill -9}, a part of {@link KillRecoveryContract}
 * (so run against each store): simulated terminals ({@link TerminalFleet}) report to a server in a
 * child JVM, each location answered 0x8001 only after its commit; once enough were answered
 * success the server is killed with SIGKILL while reports are still in flight; a new server on the
 * same store must hold every location that was answered success. Locations without an answer may
 * or may not be there. The figures go to the log.
 */
final class Jt808KillRecovery {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Jt808KillRecovery.class);
    private static final int TERMINALS = 16;
    private static final int MIN_ACKED = 500;
    /** Where the terminals go: the centre of 滨城区. */
    private static final String AREA = "POLYGON ((117.95 37.35, 118.05 37.35, 118.05 37.45, 117.95 37.45, 117.95 37.35))";

    private Jt808KillRecovery() {
    }

    /**
     * The operator's set-up, written into a new store before the server first starts: the units
     * {@code U000001}… of the demo city, each bound to a terminal (half of them 2019 ones).
     */
    private static List<TerminalFleet.Terminal> provision(Map<String, String> env, Geometry area) throws Exception {
        List<Unit> city = CityData.load(Path.of("gis-data/binzhou")).units().subList(0, TERMINALS);
        List<TerminalFleet.Terminal> terminals = new ArrayList<>();
        try (Store store = GridWatch.openStore(ConfigLoader.load(null, env, w -> { }).store())) {
            store.upsertUnits(city.stream().map(u -> new UnitRecord(u, UnitStatus.AVAILABLE, null)).toList());
            for (int i = 0; i < city.size(); i++) {
                String phone = String.format("1370000%04d", i + 1);
                store.insertDevice(new DeviceKey(Secrets.newId("dev-"), city.get(i).id(), phone,
                        Secrets.sha256(Secrets.newSecret(Secrets.DEVICE)), Instant.now(), null));
                terminals.add(new TerminalFleet.Terminal(city.get(i).id(), phone, i % 2 == 1, area, 117.96 + i * 0.005, 37.40,
                        1.3));
            }
        }
        return terminals;
    }

    /**
     * Runs the check on the store {@code env} selects, whose data (and the server's log) live under {@code dir}.
     *
     * @param what names the store set-up in the log
     */
    static void check(Path dir, Map<String, String> env, String what) throws Exception {
        Geometry area = new WKTReader().read(AREA);
        // Fix times from 50 minutes ago, a second apart per report (every 50 ms): never in the future.
        Instant base = Instant.now().minus(50, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        ConcurrentLinkedQueue<TerminalFleet.Report> acked = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Integer> notSuccess = new ConcurrentLinkedQueue<>();
        CountDownLatch enough = new CountDownLatch(MIN_ACKED);
        TerminalFleet.Listener listener = new TerminalFleet.Listener() {
            @Override
            public void answered(TerminalFleet.Report r, int result, long nanos) {
                if (result == Result.SUCCESS) {
                    acked.add(r);
                    enough.countDown();
                } else {
                    notSuccess.add(result);
                }
            }
        };
        List<TerminalFleet.Terminal> terminals = provision(env, area);
        Vertx vertx = Vertx.vertx();
        TerminalFleet.Stats atKill;
        try (ServerProcess server = ServerProcess.start(env, dir.resolve("server.log"), 180)) {
            TerminalFleet.Settings settings = TerminalFleet.Settings.of("127.0.0.1", server.jt808Port())
                    .withInterval(Duration.ofMillis(50)).withClock(Clock.offset(Clock.systemUTC(),
                            Duration.between(Instant.now(), base))).withShards(2);
            TerminalFleet fleet = TerminalFleet.start(vertx, settings, terminals, listener).get(30, TimeUnit.SECONDS);
            try {
                fleet.allAuthenticated().get(60, TimeUnit.SECONDS);
                assertThat(enough.await(3, TimeUnit.MINUTES)).as("%d locations answered success before the deadline; "
                        + "server log:\n%s", MIN_ACKED, server.log()).isTrue();
                server.kill();   // while the terminals are reporting
                atKill = fleet.stats();
            } finally {
                fleet.close();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        assertThat(notSuccess).as("answers other than success before the kill").isEmpty();
        List<TerminalFleet.Report> answered = List.copyOf(acked);

        try (TestServer s = TestServer.start(dir, env)) {
            Map<String, List<Position>> stored = new HashMap<>();
            int found = 0;
            for (TerminalFleet.Report r : answered) {
                List<Position> track = stored.computeIfAbsent(r.unitId(),
                        id -> s.server().store().track(id, base.minusSeconds(1), base.plus(2, ChronoUnit.HOURS)));
                assertThat(track).as("location of %s at %s answered success before kill -9", r.unitId(), r.time())
                        .anySatisfy(p -> {
                            assertThat(p.time()).isEqualTo(r.time());
                            assertThat(p.lon()).isEqualTo(r.lon());
                            assertThat(p.lat()).isEqualTo(r.lat());
                        });
                found++;
            }
            long storedTotal = stored.values().stream().mapToLong(List::size).sum();
            LOG.info("JT/T 808 kill -9 ({}): {} locations sent, {} answered success before the kill, {} of them found "
                    + "after the restart; {} stored in all (sent but unanswered: {})", what,
                    atKill.sent(), answered.size(), found, storedTotal, atKill.sent() - atKill.acked() - atKill.refused());
        }
    }
}
