package org.gridwatch.sim;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Random;
import org.gridwatch.geo.Geodesy;
import org.gridwatch.jt808.Authentication;
import org.gridwatch.jt808.Decoded;
import org.gridwatch.jt808.Edition;
import org.gridwatch.jt808.FrameDecoder;
import org.gridwatch.jt808.GeneralResponse;
import org.gridwatch.jt808.Header;
import org.gridwatch.jt808.Jt808Exception;
import org.gridwatch.jt808.Location;
import org.gridwatch.jt808.Message;
import org.gridwatch.jt808.MessageIds;
import org.gridwatch.jt808.Registration;
import org.gridwatch.jt808.RegistrationResponse;
import org.gridwatch.jt808.RegistrationResult;
import org.gridwatch.jt808.Result;
import org.gridwatch.jt808.TerminalFrames;
import org.locationtech.jts.geom.prep.PreparedGeometry;

/**
 * One simulated terminal of a {@link TerminalFleet}: its connection, login and reports, as the
 * class comment of the fleet describes. Every method runs on its shard's event loop.
 */
final class FleetTerminal {
    /** Reports kept waiting for their answer; an older one is given up (counted unanswered). */
    private static final int MAX_PENDING = 64;
    /** Failures in a row beyond which the reconnection delay stops doubling. */
    private static final int MAX_BACKOFF_DOUBLINGS = 3;

    /**
     * What the fleet gives a terminal.
     *
     * @param index        its index in the fleet
     * @param terminal     what it is
     * @param firstConnect delay of its first connection, ms
     * @param phase        delay of its first report timer, ms (spreads the reports over the interval)
     * @param seed         its random seed
     */
    record Spec(int index, TerminalFleet.Terminal terminal, long firstConnect, long phase, long seed) {
    }

    private enum State { IDLE, CONNECTING, REGISTERING, AUTHENTICATING, REPORTING }

    private record Pending(int serial, TerminalFleet.Report report) {
    }

    private final TerminalFleet fleet;
    private final Spec spec;
    private final Vertx vertx;
    private final NetClient client;
    private final Random random;
    private final PatrolPath path;
    private final Registration registration;
    private final String imei;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private FrameDecoder decoder;
    private State state = State.IDLE;
    private NetSocket socket;
    private String authCode;
    private int serial;
    private Instant lastFix;
    private double mileageMetres;
    private int failures;
    private long reportTimer = -1;
    private boolean stopped;
    /** Told to reconnect after the storm's drop: counts for the storm when next authenticated. */
    private boolean stormed;
    /** The delay of the reconnection after the storm's drop, ms; -1 when the next close is not the storm's. */
    private long stormDelay = -1;
    /** Whether the fleet itself is closing the current connection (not a drop). */
    private boolean closing;

    FleetTerminal(TerminalFleet fleet, Spec spec, PreparedGeometry area, Vertx vertx, NetClient client) {
        this.fleet = fleet;
        this.spec = spec;
        this.vertx = vertx;
        this.client = client;
        this.random = new Random(spec.seed());
        TerminalFleet.Terminal t = spec.terminal();
        this.path = new PatrolPath(area, t.lon(), t.lat(), random.nextDouble() * 360, t.metresPerSecond());
        String digits = t.phone();
        String id7 = digits.length() > 7 ? digits.substring(digits.length() - 7) : digits;
        this.registration = new Registration(37, 1602, "GWSIM", "GW-FLEET-" + (t.v2019() ? "2019" : "2013"),
                t.v2019() ? "GW" + digits : id7, 1, "鲁M" + id7.substring(Math.max(0, id7.length() - 5)),
                t.v2019() ? Edition.V2019 : Edition.V2013);
        this.imei = "86" + String.format("%013d", Long.parseLong(digits) % 10_000_000_000_000L);
    }

    /** Schedules the first connection and the report timer. */
    void start() {
        vertx.setTimer(Math.max(1, spec.firstConnect()), id -> connect());
        long interval = fleet.settings.interval().toMillis();
        reportTimer = vertx.setPeriodic(Math.max(1, spec.phase()), interval, id -> due());
    }

    /** Closes the connection for good. */
    void stop() {
        stopped = true;
        if (reportTimer >= 0) {
            vertx.cancelTimer(reportTimer);
        }
        if (socket != null) {
            closing = true;
            socket.close();
        }
    }

    /** The storm: drop the connection now and reconnect after {@code delayMs}. */
    void storm(long delayMs) {
        stormed = true;
        if (socket != null) {
            stormDelay = delayMs;
            closing = true;
            socket.close();
        }
    }

    private void connect() {
        if (stopped) {
            return;
        }
        state = State.CONNECTING;
        client.connect(fleet.settings.port(), fleet.settings.host()).onComplete(ar -> {
            if (ar.failed()) {
                fleet.connectFailures.incrementAndGet();
                state = State.IDLE;
                failures++;
                reconnectLater(-1);
            } else if (stopped) {
                ar.result().close();
            } else {
                opened(ar.result());
            }
        });
    }

    private void opened(NetSocket s) {
        socket = s;
        closing = false;
        decoder = new FrameDecoder(FrameDecoder.STANDARD_MAX_FRAME_BYTES);
        fleet.connects.incrementAndGet();
        fleet.connected.incrementAndGet();
        s.handler(this::read);
        s.closeHandler(v -> closed(s));
        s.exceptionHandler(e -> { });   // the close handler follows; the drop is counted there
        if (authCode == null) {
            state = State.REGISTERING;
            write(TerminalFrames.registration(header(MessageIds.REGISTRATION), registration));
        } else {
            authenticate();
        }
    }

    private void authenticate() {
        state = State.AUTHENTICATING;
        boolean v2019 = spec.terminal().v2019();
        write(TerminalFrames.authentication(header(MessageIds.AUTHENTICATION),
                new Authentication(authCode, v2019 ? imei : null, v2019 ? "GW-FLEET 1.0" : null)));
    }

    private void closed(NetSocket s) {
        if (s != socket) {
            return;
        }
        socket = null;
        fleet.connected.decrementAndGet();
        if (state == State.REPORTING) {
            fleet.authenticated.decrementAndGet();
        } else {
            failures++;   // dropped before it was in: back off
        }
        if (!closing) {
            fleet.drops.incrementAndGet();
        }
        fleet.listener.closed(spec.index(), !closing);
        fleet.unanswered.addAndGet(pending.size());
        pending.clear();
        state = State.IDLE;
        long delay = stormDelay;
        stormDelay = -1;
        if (!stopped) {
            reconnectLater(delay);
        }
    }

    /** Reconnects after {@code delayMs}, or (when negative) after a random delay backed off by the failures in a row. */
    private void reconnectLater(long delayMs) {
        long delay = delayMs;
        if (delay < 0) {
            long max = fleet.settings.reconnectDelay().toMillis() << Math.min(failures, MAX_BACKOFF_DOUBLINGS);
            delay = (long) (random.nextDouble() * max);
        }
        vertx.setTimer(Math.max(1, delay), id -> connect());
    }

    private void read(Buffer data) {
        byte[] bytes = data.getBytes();
        decoder.feed(bytes, 0, bytes.length, this::received);
    }

    private void received(Decoded d) {
        if (!(d instanceof Message m)) {
            fleet.malformed.incrementAndGet();
            return;
        }
        try {
            switch (m.header().messageId()) {
                case MessageIds.REGISTRATION_RESPONSE -> registered(RegistrationResponse.decode(m));
                case MessageIds.PLATFORM_GENERAL_RESPONSE -> answered(GeneralResponse.decode(m));
                default -> write(TerminalFrames.generalResponse(header(MessageIds.TERMINAL_GENERAL_RESPONSE),
                        new GeneralResponse(m.header().serial(), m.header().messageId(), Result.NOT_SUPPORTED)));
            }
        } catch (Jt808Exception e) {
            fleet.malformed.incrementAndGet();
        }
    }

    private void registered(RegistrationResponse r) {
        if (state != State.REGISTERING) {
            return;
        }
        if (r.result() != RegistrationResult.SUCCESS) {
            fleet.registrationRefused.incrementAndGet();
            fleet.listener.refused(spec.index(), MessageIds.REGISTRATION, r.result());
            drop();
            return;
        }
        authCode = r.authCode();
        authenticate();
    }

    private void answered(GeneralResponse g) {
        if (g.replyMessageId() == MessageIds.AUTHENTICATION) {
            if (state != State.AUTHENTICATING) {
                return;
            }
            if (g.result() != Result.SUCCESS) {
                fleet.authRefused.incrementAndGet();
                fleet.listener.refused(spec.index(), MessageIds.AUTHENTICATION, g.result());
                authCode = null;   // register again for a new code
                drop();
                return;
            }
            state = State.REPORTING;
            failures = 0;
            boolean counts = stormed;
            stormed = false;
            fleet.authenticatedNow(counts);
            fleet.listener.authenticated(spec.index());
        } else if (g.replyMessageId() == MessageIds.LOCATION) {
            long now = System.nanoTime();
            for (var it = pending.iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (p.serial() == g.replySerial()) {
                    it.remove();
                    long nanos = now - p.report().sentNanos();
                    fleet.ackLatency.record(nanos);
                    (g.result() == Result.SUCCESS ? fleet.acked : fleet.refused).incrementAndGet();
                    fleet.listener.answered(p.report(), g.result(), nanos);
                    return;
                }
            }
        }
    }

    /** Closes the connection as a failure: reconnects after a backed-off delay. */
    private void drop() {
        if (socket != null) {
            closing = true;
            socket.close();
        }
    }

    /** The report timer fired. */
    private void due() {
        if (!fleet.reporting.get()) {
            return;
        }
        if (state != State.REPORTING) {
            fleet.skipped.incrementAndGet();
            return;
        }
        Instant now = fleet.settings.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        Instant time = lastFix == null || now.isAfter(lastFix) ? now : lastFix.plusSeconds(1);
        double seconds = lastFix == null ? 0 : (time.toEpochMilli() - lastFix.toEpochMilli()) / 1000.0;
        double fromLon = path.lon();
        double fromLat = path.lat();
        path.advance(seconds, random);
        mileageMetres += Geodesy.approxDistance(fromLon, fromLat, path.lon(), path.lat());
        lastFix = time;
        double lon = Math.round(path.lon() * 1e6) / 1e6;
        double lat = Math.round(path.lat() * 1e6) / 1e6;
        Location l = Location.builder(lat, lon, time).statusFlags(Location.STATUS_POSITIONED | Location.STATUS_ACC)
                .speedKmh(seconds > 0 ? path.metresPerSecond() * 3.6 : 0).direction((int) path.heading() % 360)
                .altitude(10 + random.nextInt(8)).satellites(8 + random.nextInt(6)).signal(18 + random.nextInt(10))
                .mileageKm(mileageMetres / 1000).build();
        Header h = header(MessageIds.LOCATION);
        TerminalFleet.Report r = new TerminalFleet.Report(spec.index(), spec.terminal().unitId(), time, lon, lat,
                System.nanoTime());
        if (pending.size() == MAX_PENDING) {
            pending.poll();
            fleet.unanswered.incrementAndGet();
        }
        pending.add(new Pending(h.serial(), r));
        fleet.sent.incrementAndGet();
        fleet.listener.sent(r);
        write(TerminalFrames.location(h, l));
    }

    private Header header(int messageId) {
        int s = serial;
        serial = (serial + 1) & 0xffff;
        TerminalFleet.Terminal t = spec.terminal();
        return t.v2019() ? Header.of2019(messageId, 1, t.phone(), s) : Header.of2013(messageId, t.phone(), s);
    }

    private void write(byte[] frame) {
        if (socket != null) {
            socket.write(Buffer.buffer(frame));
        }
    }
}
