package org.gridwatch.sim;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.gridwatch.geo.Geo;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * A fleet of simulated JT/T 808 terminals, each on its own TCP connection to a gateway, all
 * non-blocking on the event loops of one Vert.x: the terminals are split into shards, one verticle
 * instance each, and every terminal lives on its shard's event loop. Each terminal
 * <ol>
 *   <li>connects (the first connections spread over {@link Settings#rampUp()}), registers (0x0100)
 *       and authenticates (0x0102) with the code the registration was answered (0x8100); on a
 *       reconnection it authenticates with that code again, and registers anew only when it is
 *       refused;</li>
 *   <li>reports a location (0x0200) every {@link Settings#interval()} while authenticated (and
 *       while {@link #reporting(boolean) reporting} is on): a fix along a plausible path through its
 *       area ({@link Terminal#area()}), at the fleet clock's time in whole seconds, always at least a
 *       second after its previous fix (the BCD time has no fraction), with speed, direction,
 *       satellites, signal and mileage; 2013 and 2019 headers as each terminal is made;</li>
 *   <li>times each report from its frame's write to the platform's general response 0x8001
 *       ({@link #ackLatency()}) and tells the {@link Listener};</li>
 *   <li>when the connection drops or cannot be made, reconnects after a random delay below
 *       {@link Settings#reconnectDelay()}, doubled (up to eight times) for every failure in a row.</li>
 * </ol>
 * Reports due while a terminal is not authenticated are skipped (the terminal moves on: no
 * blind-area batch afterwards); a report unanswered when its connection drops counts as
 * {@link Stats#unanswered()}. Terminals send no heartbeat: their reports keep the connection alive
 * when the interval is below the gateway's idle timeout.
 *
 * <p>{@link #reconnectStorm} drops every connection at once and has each terminal reconnect at a
 * random moment within a given time, completing when all are authenticated again.
 *
 * <p>Thread-safe: the public methods from any thread; the {@link Listener} is called on the
 * terminals' event loops and must not block.
 */
public final class TerminalFleet implements AutoCloseable {
    /**
     * One terminal.
     *
     * @param unitId          the unit it is bound to (for the listener; the gateway finds it by the phone)
     * @param phone           its terminal phone number, 1 to 12 digits (padded with leading zeros in the header)
     * @param v2019           true for a 2019 header and bodies, false for 2013
     * @param area            where it goes (a polygon, WGS84 lon/lat)
     * @param lon             where it starts, degrees
     * @param lat             where it starts, degrees
     * @param metresPerSecond its speed, m/s
     */
    public record Terminal(String unitId, String phone, boolean v2019, Geometry area, double lon, double lat,
                           double metresPerSecond) {
        public Terminal {
            Objects.requireNonNull(unitId, "unitId");
            Objects.requireNonNull(area, "area");
            if (phone == null || !phone.matches("[0-9]{1,12}")) {
                throw new IllegalArgumentException("phone must be 1 to 12 digits: " + phone);
            }
            if (!(metresPerSecond >= 0)) {
                throw new IllegalArgumentException("metresPerSecond must be at least 0: " + metresPerSecond);
            }
        }

        /** A terminal starting at a random point of its area (its interior point if none is found in 1,000 tries). */
        public static Terminal somewhereIn(String unitId, String phone, boolean v2019, Geometry area, double metresPerSecond,
                                           Random random) {
            Envelope e = area.getEnvelopeInternal();
            for (int i = 0; i < 1_000; i++) {
                double lon = e.getMinX() + random.nextDouble() * e.getWidth();
                double lat = e.getMinY() + random.nextDouble() * e.getHeight();
                if (area.covers(Geo.point(lon, lat))) {
                    return new Terminal(unitId, phone, v2019, area, lon, lat, metresPerSecond);
                }
            }
            Point p = area.getInteriorPoint();
            return new Terminal(unitId, phone, v2019, area, p.getX(), p.getY(), metresPerSecond);
        }
    }

    /**
     * How the fleet runs.
     *
     * @param host           the gateway's address
     * @param port           the gateway's TCP port
     * @param interval       time between two reports of a terminal (real time), at least 10 ms
     * @param rampUp         the first connections are spread evenly over this much time (0: all at once)
     * @param reconnectDelay a dropped terminal reconnects after a random delay below this (real time)
     * @param clock          the clock of the fix times (the server's: a demo's simulation clock)
     * @param seed           seed of the paths, phases and delays
     * @param shards         verticle instances the terminals are split over, at least 1 (usually the event loops)
     */
    public record Settings(String host, int port, Duration interval, Duration rampUp, Duration reconnectDelay, Clock clock,
                           long seed, int shards) {
        public Settings {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(clock, "clock");
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("port must be 1..65535: " + port);
            }
            if (interval.toMillis() < 10) {
                throw new IllegalArgumentException("interval must be at least 10 ms: " + interval);
            }
            if (rampUp.isNegative() || reconnectDelay.toMillis() < 1 || shards < 1) {
                throw new IllegalArgumentException("rampUp must not be negative, reconnectDelay at least 1 ms, shards at"
                        + " least 1: " + rampUp + ", " + reconnectDelay + ", " + shards);
            }
        }

        /**
         * A report every 5 s, connections at once, reconnection within 5 s, the system clock, seed 42,
         * a shard per default event loop.
         */
        public static Settings of(String host, int port) {
            return new Settings(host, port, Duration.ofSeconds(5), Duration.ZERO, Duration.ofSeconds(5), Clock.systemUTC(),
                    42, 2 * Runtime.getRuntime().availableProcessors());
        }

        public Settings withInterval(Duration d) {
            return new Settings(host, port, d, rampUp, reconnectDelay, clock, seed, shards);
        }

        public Settings withRampUp(Duration d) {
            return new Settings(host, port, interval, d, reconnectDelay, clock, seed, shards);
        }

        public Settings withReconnectDelay(Duration d) {
            return new Settings(host, port, interval, rampUp, d, clock, seed, shards);
        }

        public Settings withClock(Clock c) {
            return new Settings(host, port, interval, rampUp, reconnectDelay, c, seed, shards);
        }

        public Settings withSeed(long s) {
            return new Settings(host, port, interval, rampUp, reconnectDelay, clock, s, shards);
        }

        public Settings withShards(int n) {
            return new Settings(host, port, interval, rampUp, reconnectDelay, clock, seed, n);
        }
    }

    /**
     * One location report as sent.
     *
     * @param terminal  the terminal's index in the fleet's list
     * @param unitId    its unit
     * @param time      the fix time (whole seconds)
     * @param lon       degrees, as on the wire (rounded to 1e-6°)
     * @param lat       degrees, as on the wire (rounded to 1e-6°)
     * @param sentNanos {@link System#nanoTime()} just before its frame was written
     */
    public record Report(int terminal, String unitId, Instant time, double lon, double lat, long sentNanos) {
    }

    /** Told of every report; called on the terminal's event loop, so it must be quick and thread-safe. */
    public interface Listener {
        /** The report's frame is being written. */
        default void sent(Report r) {
        }

        /**
         * The platform answered the report with {@code result} ({@link org.gridwatch.jt808.Result}: 0
         * success, i.e. committed) {@code nanos} after it was sent.
         */
        default void answered(Report r, int result, long nanos) {
        }

        /** Terminal {@code terminal} is authenticated (again). */
        default void authenticated(int terminal) {
        }

        /**
         * The terminal's registration (0x0100) or authentication (0x0102), {@code messageId}, was
         * answered {@code result}, not success; it closes the connection and tries again later.
         */
        default void refused(int terminal, int messageId, int result) {
        }

        /** The terminal's connection closed: {@code dropped} when the fleet did not close it itself. */
        default void closed(int terminal, boolean dropped) {
        }
    }

    /**
     * Counters since the fleet started.
     *
     * @param terminals      terminals in the fleet
     * @param connected      terminals with an open connection now
     * @param authenticated  terminals authenticated now
     * @param connects       connections opened
     * @param connectFailures connections that could not be opened
     * @param drops          connections that closed without the fleet closing them
     * @param registrationRefused registrations answered other than success
     * @param authRefused    authentications answered other than success
     * @param sent           location reports sent
     * @param acked          reports answered success
     * @param refused        reports answered other than success
     * @param unanswered     reports without an answer when their connection closed
     * @param skipped        reports due while the terminal was not authenticated (not sent)
     * @param malformed      frames from the platform the terminals could not read
     */
    public record Stats(int terminals, int connected, int authenticated, long connects, long connectFailures, long drops,
                        long registrationRefused, long authRefused, long sent, long acked, long refused, long unanswered,
                        long skipped, long malformed) {
        /** Connection and login failures: failed connections, drops, refused registrations and authentications. */
        public long errors() {
            return connectFailures + drops + registrationRefused + authRefused;
        }
    }

    final Settings settings;
    final Listener listener;
    final Latencies ackLatency = new Latencies();
    final AtomicBoolean reporting = new AtomicBoolean(true);
    final AtomicInteger connected = new AtomicInteger();
    final AtomicInteger authenticated = new AtomicInteger();
    final AtomicLong connects = new AtomicLong();
    final AtomicLong connectFailures = new AtomicLong();
    final AtomicLong drops = new AtomicLong();
    final AtomicLong registrationRefused = new AtomicLong();
    final AtomicLong authRefused = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong acked = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong unanswered = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    final AtomicLong malformed = new AtomicLong();

    private final Vertx vertx;
    private final List<Terminal> terminals;
    private final List<Shard> shards = new ArrayList<>();
    private final List<CompletableFuture<Void>> allInWaiters = new ArrayList<>();
    private final Random random;
    private volatile String deploymentId;
    /** The storm in progress: terminals still to authenticate after it, and its end. */
    private volatile StormState storm;

    private record StormState(AtomicInteger pending, long startNanos, CompletableFuture<Duration> done) {
    }

    private TerminalFleet(Vertx vertx, Settings settings, List<Terminal> terminals, Listener listener) {
        this.vertx = vertx;
        this.settings = settings;
        this.terminals = List.copyOf(terminals);
        this.listener = listener == null ? new Listener() { } : listener;
        this.random = new Random(settings.seed());
    }

    /**
     * Starts the fleet on {@code vertx}: the shards are deployed and the terminals begin to connect.
     * Completes (on a Vert.x thread) once every shard is deployed, not when the terminals are in:
     * see {@link #allAuthenticated()}.
     *
     * @param listener told of every report; null for none
     */
    public static CompletableFuture<TerminalFleet> start(Vertx vertx, Settings settings, List<Terminal> terminals,
                                                         Listener listener) {
        TerminalFleet fleet = new TerminalFleet(vertx, settings, terminals, listener);
        int n = Math.max(1, Math.min(settings.shards(), fleet.terminals.size()));
        List<List<FleetTerminal.Spec>> parts = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            parts.add(new ArrayList<>());
        }
        long ramp = settings.rampUp().toMillis();
        for (int i = 0; i < fleet.terminals.size(); i++) {
            long firstConnect = fleet.terminals.size() < 2 ? 0 : ramp * i / (fleet.terminals.size() - 1);
            long phase = (long) (fleet.random.nextDouble() * settings.interval().toMillis());
            parts.get(i % n).add(new FleetTerminal.Spec(i, fleet.terminals.get(i), firstConnect, phase,
                    settings.seed() * 1_000_003 + i));
        }
        Iterator<List<FleetTerminal.Spec>> next = parts.iterator();
        return vertx.deployVerticle(() -> {
            Shard shard = fleet.new Shard(next.next());
            synchronized (fleet.shards) {
                fleet.shards.add(shard);
            }
            return shard;
        }, new DeploymentOptions().setInstances(n)).map(id -> {
            fleet.deploymentId = id;
            return fleet;
        }).toCompletionStage().toCompletableFuture();
    }

    /** Counters now. */
    public Stats stats() {
        return new Stats(terminals.size(), connected.get(), authenticated.get(), connects.get(), connectFailures.get(),
                drops.get(), registrationRefused.get(), authRefused.get(), sent.get(), acked.get(), refused.get(),
                unanswered.get(), skipped.get(), malformed.get());
    }

    /** Report → general response latencies of every report answered (any result); {@link Latencies#reset} to start over. */
    public Latencies ackLatency() {
        return ackLatency;
    }

    /** Turns the reports on or off (on from the start); connections and logins go on either way. */
    public void reporting(boolean on) {
        reporting.set(on);
    }

    /** The terminals, in the order given. */
    public List<Terminal> terminals() {
        return terminals;
    }

    /** Completes once every terminal is authenticated at the same time (at once if they are now). */
    public CompletableFuture<Void> allAuthenticated() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        synchronized (allInWaiters) {
            allInWaiters.add(f);
        }
        checkAllIn();
        return f;
    }

    /**
     * A reconnect storm: every connection is dropped now, and each terminal reconnects (and
     * authenticates with its code) at a random moment within {@code within}. Completes with the
     * time from the drop until every terminal has authenticated again.
     *
     * @throws IllegalStateException if a storm is in progress
     */
    public synchronized CompletableFuture<Duration> reconnectStorm(Duration within) {
        if (storm != null && !storm.done().isDone()) {
            throw new IllegalStateException("a reconnect storm is in progress");
        }
        StormState s = new StormState(new AtomicInteger(terminals.size()), System.nanoTime(), new CompletableFuture<>());
        storm = s;
        long span = Math.max(1, within.toMillis());
        List<Shard> all;
        synchronized (shards) {
            all = List.copyOf(shards);
        }
        for (Shard shard : all) {
            long[] delays = new long[shard.members.size()];
            for (int i = 0; i < delays.length; i++) {
                delays[i] = (long) (random.nextDouble() * span);
            }
            shard.run(() -> {
                for (int i = 0; i < delays.length; i++) {
                    shard.members.get(i).storm(delays[i]);
                }
            });
        }
        if (terminals.isEmpty()) {
            s.done().complete(Duration.ZERO);
        }
        return s.done();
    }

    /** Stops every terminal (connections closed, nothing reconnects) and undeploys the shards. */
    public CompletableFuture<Void> stop() {
        String id = deploymentId;
        deploymentId = null;
        return id == null ? CompletableFuture.completedFuture(null)
                : vertx.undeploy(id).toCompletionStage().toCompletableFuture();
    }

    /** {@link #stop}, waiting up to 30 s. Not on an event loop. */
    @Override
    public void close() {
        try {
            stop().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the terminal fleet did not stop within 30 s", e);
        }
    }

    // ------------------------------------------------------------------ called by the terminals

    void authenticatedNow(boolean stormed) {
        authenticated.incrementAndGet();
        StormState s = storm;
        if (stormed && s != null && s.pending().decrementAndGet() == 0) {
            s.done().complete(Duration.ofNanos(System.nanoTime() - s.startNanos()));
        }
        checkAllIn();
    }

    private void checkAllIn() {
        if (authenticated.get() < terminals.size()) {
            return;
        }
        List<CompletableFuture<Void>> ready;
        synchronized (allInWaiters) {
            ready = new ArrayList<>(allInWaiters);
            allInWaiters.clear();
        }
        ready.forEach(f -> f.complete(null));
    }

    /** One verticle instance: a share of the terminals on its event loop, with its own client. */
    private final class Shard extends VerticleBase {
        final List<FleetTerminal.Spec> specs;
        final List<FleetTerminal> members = new ArrayList<>();
        private NetClient client;

        Shard(List<FleetTerminal.Spec> specs) {
            this.specs = specs;
        }

        @Override
        public Future<?> start() {
            client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(10_000).setTcpNoDelay(true));
            // Terminals of one township share its prepared polygon.
            Map<Geometry, PreparedGeometry> prepared = new IdentityHashMap<>();
            for (FleetTerminal.Spec spec : specs) {
                PreparedGeometry area = prepared.computeIfAbsent(spec.terminal().area(), PreparedGeometryFactory::prepare);
                FleetTerminal t = new FleetTerminal(TerminalFleet.this, spec, area, vertx, client);
                members.add(t);
                t.start();
            }
            return Future.succeededFuture();
        }

        @Override
        public Future<?> stop() {
            members.forEach(FleetTerminal::stop);
            return client.close();
        }

        void run(Runnable r) {
            context.runOnContext(v -> r.run());
        }
    }
}
