package org.gridwatch.sim;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.GridIndex;
import org.gridwatch.auth.Accounts;
import org.gridwatch.auth.DeviceKey;
import org.gridwatch.auth.Terminals;
import org.gridwatch.geo.Crs;
import org.gridwatch.geo.Geo;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.PositionService;
import org.gridwatch.patrol.Unit;
import org.gridwatch.patrol.UnitKind;
import org.gridwatch.patrol.UnitRecord;
import org.locationtech.jts.geom.Geometry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's units that report as JT/T 808 terminals ({@code demo --jt808-terminals N}): N units of
 * the roster — police cars first, then foot patrols, police assistants, grid workers and security
 * guards, each kind by id — are bound to terminals {@code 1380} + a 7-digit number (the k-th such
 * unit gets k, so a unit keeps its terminal from one run to the next), and a
 * {@link TerminalFleet} in the server's own process drives them through the server's JT/T 808
 * port: registration, authentication, a fix every interval along a path through the unit's home
 * township at its kind's cruising speed, half of them with 2019 headers. The city simulator
 * must then leave those units alone ({@link #without}).
 *
 * <p>A unit bound to a terminal of someone else's (a real one) is left to that terminal and not
 * taken. Thread-safe.
 */
public final class DemoTerminals implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoTerminals.class);
    /** Kinds taken, in this order (police cars stand at no school gate, so the posts keep their staff). */
    private static final List<UnitKind> ORDER = List.of(UnitKind.POLICE_CAR, UnitKind.FOOT_PATROL,
            UnitKind.POLICE_ASSISTANT, UnitKind.GRID_WORKER, UnitKind.SECURITY_GUARD);

    private final TerminalFleet fleet;
    private final Set<String> unitIds;

    /**
     * The parts of a running server the terminals need.
     *
     * @param accounts  where the bindings are made
     * @param terminals the terminal directory the gateway reads (refreshed after the bindings)
     * @param positions the roster (last positions: where a unit starts)
     * @param grids     the city (home townships)
     * @param vertx     the server's Vert.x, whose event loops run the terminals
     * @param host      the JT/T 808 gateway's address
     * @param port      the JT/T 808 gateway's port
     */
    public record Server(Accounts accounts, Terminals terminals, PositionService positions, GridIndex grids, Vertx vertx,
                         String host, int port) {
    }

    private DemoTerminals(TerminalFleet fleet, Set<String> unitIds) {
        this.fleet = fleet;
        this.unitIds = Set.copyOf(unitIds);
    }

    /** The terminal phone number of the {@code k}-th demo terminal (from 1). */
    static String phone(int k) {
        return String.format("1380%07d", k);
    }

    /**
     * Binds up to {@code count} units of {@code roster} to demo terminals and starts their fleet,
     * waiting until it is deployed (the terminals log in by themselves). Blocking (store writes):
     * call from a plain thread.
     *
     * @param interval real time between two reports of a terminal
     * @param clock    the server's clock (the demo's simulation clock): the fix times
     * @param listener told of the fleet's reports, null for none
     */
    public static DemoTerminals start(Server server, List<Unit> roster, int count, SimSettings settings, Duration interval,
                                      Clock clock, TerminalFleet.Listener listener) {
        List<Unit> candidates = roster.stream().filter(u -> ORDER.contains(u.kind()))
                .sorted(Comparator.comparingInt((Unit u) -> ORDER.indexOf(u.kind())).thenComparing(Unit::id)).toList();
        Random random = new Random(settings.seed() ^ 0x808L);
        List<TerminalFleet.Terminal> terminals = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        int skipped = 0;
        for (int k = 0; k < candidates.size() && terminals.size() < count; k++) {
            Unit u = candidates.get(k);
            String phone = phone(k + 1);
            Optional<AdminArea> home = server.grids().hierarchy().find(u.homeTownshipCode());
            Optional<DeviceKey> bound = server.terminals().ofUnit(u.id());
            if (home.isEmpty() || bound.isPresent()
                    && !Terminals.normalised(bound.get().terminalId()).equals(Terminals.normalised(phone))) {
                skipped++;
                continue;
            }
            server.accounts().bindTerminal(u.id(), phone, Crs.WGS84);
            Geometry area = home.get().geometry();
            Position last = server.positions().unit(u.id()).map(UnitRecord::lastPosition).orElse(null);
            boolean v2019 = terminals.size() % 2 == 1;
            terminals.add(last != null && area.covers(Geo.point(last.lon(), last.lat()))
                    ? new TerminalFleet.Terminal(u.id(), phone, v2019, area, last.lon(), last.lat(), settings.cruise(u.kind()))
                    : TerminalFleet.Terminal.somewhereIn(u.id(), phone, v2019, area, settings.cruise(u.kind()), random));
            ids.add(u.id());
        }
        server.terminals().refresh();
        if (terminals.size() < count) {
            LOG.warn("--jt808-terminals {}: only {} units could be given a demo terminal ({} bound to other terminals"
                    + " or outside the city)", count, terminals.size(), skipped);
        }
        TerminalFleet.Settings fleetSettings = TerminalFleet.Settings.of(server.host(), server.port()).withInterval(interval)
                .withClock(clock).withSeed(settings.seed()).withRampUp(Duration.ofMillis(Math.min(5_000, terminals.size() * 2L)));
        TerminalFleet fleet;
        try {
            fleet = TerminalFleet.start(server.vertx(), fleetSettings, terminals, listener).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the demo terminals", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the demo terminals did not start: " + e, e);
        }
        LOG.info("{} demo units report as JT/T 808 terminals (1380…, 2013 and 2019 headers) to {}:{}, every {} ms",
                terminals.size(), server.host(), server.port(), interval.toMillis());
        return new DemoTerminals(fleet, ids);
    }

    /** The units the terminals drive. */
    public Set<String> unitIds() {
        return unitIds;
    }

    /** {@code roster} without the units the terminals drive: what the city simulator may move. */
    public List<Unit> without(List<Unit> roster) {
        return roster.stream().filter(u -> !unitIds.contains(u.id())).toList();
    }

    /** The fleet. */
    public TerminalFleet fleet() {
        return fleet;
    }

    /** Stops the terminals (their connections close; the bindings stay). */
    @Override
    public void close() {
        fleet.close();
        TerminalFleet.Stats s = fleet.stats();
        LOG.info("demo terminals stopped: {} reports sent, {} answered success, {} refused, {} unanswered, {} reconnections",
                s.sent(), s.acked(), s.refused(), s.unanswered(), Math.max(0, s.connects() - s.terminals()));
    }
}
