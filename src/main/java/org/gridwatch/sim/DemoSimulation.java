package org.gridwatch.sim;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.gridwatch.area.GridIndex;
import org.gridwatch.area.Scope;
import org.gridwatch.dispatch.DispatchService;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.IncidentQuery;
import org.gridwatch.incident.IncidentService;
import org.gridwatch.incident.Status;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.PositionReport;
import org.gridwatch.patrol.PositionService;
import org.gridwatch.patrol.RejectReason;
import org.gridwatch.patrol.Unit;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.pipeline.Lane;
import org.gridwatch.pipeline.Ticker;
import org.gridwatch.post.SchoolPost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator behind {@code demo}: drives a {@link CitySimulator} from a periodic tick on its own
 * lane ({@code gridwatch-sim}, a Vert.x worker thread) and applies each {@link Tick} to a running
 * server through its services, in process — positions through {@link PositionService#ingest} (one batch in flight;
 * fixes reported meanwhile wait and go in the next batch), incidents through
 * {@link IncidentService} and {@link DispatchService}, each case's commands in order.
 *
 * <p>Never blocks an event loop or the state thread: the step runs on the simulation lane, and the
 * services' futures complete on the server's state lane, where only bookkeeping runs. A rejected
 * position or a refused transition is counted and logged at debug level, and the simulation goes
 * on. Units a person dispatches from the console are sent to their incident too
 * ({@link ConsoleDispatches}, a stage of the {@code incidents} stream).
 *
 * <p>Thread-safe: {@link #start} and {@link #stop} from any thread; everything else is confined
 * to the simulation lane.
 */
public final class DemoSimulation implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoSimulation.class);
    /** Most positions waiting while a batch is in flight; beyond it the oldest wait is dropped. */
    private static final int MAX_WAITING_POSITIONS = 200_000;

    private final CitySimulator simulator;
    private final Clock clock;
    private final IncidentService incidents;
    private final PositionService positions;
    private final DispatchService dispatch;
    private final Scope city;
    private final Vertx vertx;
    private final Lane lane;
    private final ConsoleDispatches consoleDispatches;
    private Ticker ticker;
    /** Server incident id per case reference, as a chain: each command of a case runs after the previous. */
    private final Map<Long, CompletableFuture<Long>> cases = new HashMap<>();
    private List<PositionReport> waiting = new ArrayList<>();
    private CompletableFuture<?> inFlight = CompletableFuture.completedFuture(null);
    private final AtomicLong accepted = new AtomicLong();
    private final Map<RejectReason, AtomicLong> rejected = new EnumMap<>(RejectReason.class);
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong failedBatches = new AtomicLong();

    private DemoSimulation(CitySimulator simulator, Clock clock, Server server) {
        this.simulator = simulator;
        this.clock = clock;
        this.incidents = server.incidents();
        this.positions = server.positions();
        this.dispatch = server.dispatch();
        this.consoleDispatches = server.consoleDispatches();
        this.vertx = server.vertx();
        this.city = new Scope(server.grids().hierarchy().city());
        for (RejectReason r : RejectReason.values()) {
            rejected.put(r, new AtomicLong());
        }
        this.lane = new Lane(vertx, "gridwatch-sim", 10_000);
    }

    /**
     * The parts of a running server the simulation drives.
     *
     * @param grids     the grid index (the city's areas)
     * @param incidents incidents
     * @param positions the unit roster and position stream
     * @param dispatch  dispatch of units to incidents
     * @param consoleDispatches the {@code sim} stage of the server's {@code incidents} stream
     * @param vertx     the server's Vert.x (the simulation lane and its tick)
     * @param zone      the city's time zone
     * @param calendar  the school calendar the server's post duty follows
     */
    public record Server(GridIndex grids, IncidentService incidents, PositionService positions, DispatchService dispatch,
                         ConsoleDispatches consoleDispatches, Vertx vertx, java.time.ZoneId zone,
                         org.gridwatch.post.SchoolCalendar calendar) {
    }

    /**
     * Prepares a simulation of {@code roster} and {@code posts} on a running server whose clock is
     * {@code clock}: adds the dedicated school guards the posts need to the server's roster (if
     * missing) and starts each unit at its last stored position. Blocks while adding units; call
     * from a plain thread, before {@link #start}.
     */
    public static DemoSimulation create(Server server, List<Unit> roster, List<SchoolPost> posts,
                                        SimSettings settings, Clock clock) {
        PostStaffing.Plan staffing = PostStaffing.plan(posts, roster);
        PositionService ps = server.positions();
        List<CompletableFuture<UnitRecord>> added = new ArrayList<>();
        for (Unit g : staffing.guards()) {
            if (ps.unit(g.id()).isEmpty()) {
                added.add(ps.add(g));
            }
        }
        CompletableFuture.allOf(added.toArray(CompletableFuture[]::new)).join();
        if (!added.isEmpty()) {
            LOG.info("added {} school guards (护学岗保安) to the roster", added.size());
        }
        List<Unit> all = new ArrayList<>(roster);
        all.addAll(staffing.guards());
        Map<String, Position> initial = new HashMap<>();
        for (Unit u : all) {
            ps.unit(u.id()).map(UnitRecord::lastPosition).ifPresent(p -> initial.put(u.id(), p));
        }
        CitySimulator sim = new CitySimulator(server.grids(), all, staffing, initial, settings, clock.instant(), server.zone(),
                server.calendar());
        LOG.info("simulating {} units and {} school posts (seed {}, a fix every {} s, incident rate ×{})",
                sim.units().size(), posts.size(), settings.seed(), settings.reportInterval().toSeconds(),
                settings.incidentRate());
        DemoSimulation d = new DemoSimulation(sim, clock, server);
        d.closeLeftovers();
        return d;
    }

    /**
     * Closes the cases an earlier run of the simulator dispatched and left open (the process
     * stopped mid-case), so that their units are free again. Blocks.
     */
    private void closeLeftovers() {
        List<Long> open = new ArrayList<>();
        incidents.index().forEach(IncidentQuery.all(city, 0), i -> {
            if (!i.status().isTerminal() && i.history().stream()
                    .anyMatch(t -> t.to() == Status.DISPATCHED && CitySimulator.ACTOR.equals(t.actor()))) {
                open.add(i.id());
            }
        });
        CompletableFuture.allOf(open.stream().map(id -> close(id, 4).handle((x, e) -> null))
                .toArray(CompletableFuture[]::new)).join();
        if (!open.isEmpty()) {
            LOG.info("closed {} cases an earlier simulation left open", open.size());
        }
    }

    /** Steps the simulation every {@code period} of real time (coalesced: a slow step is not queued twice), until {@link #stop}. */
    public void start(Duration period) {
        Runnable step = () -> {
            try {
                runOnce();
            } catch (RuntimeException e) {
                LOG.error("simulation step failed; going on", e);
            }
        };
        lane.execute(step);
        ticker = Ticker.every(vertx, lane, period.toMillis(), step);
    }

    /**
     * One step at the clock's now, applied to the server. Completes when this step's commands and
     * the batch carrying its positions are answered (failures included). Simulation thread, or a
     * test's thread when the scheduler is not started.
     */
    CompletableFuture<Tick> runOnce() {
        for (Incident i; (i = consoleDispatches.poll()) != null; ) {
            // Every unit sent from the console and still on its way (a lead, its support, a reassigned one).
            for (var u : i.units()) {
                if (!u.onScene()) {
                    simulator.redirect(u.unitId(), i.lon(), i.lat());
                }
            }
        }
        Tick tick = simulator.step(clock.instant());
        List<CompletableFuture<?>> done = new ArrayList<>();
        // Before the positions: a unit coming on duty is available when its first fix lands.
        for (Tick.StatusChange c : tick.statuses()) {
            done.add(positions.setStatus(c.unitId(), c.status()).whenComplete((x, e) -> {
                if (e != null) {
                    refused.incrementAndGet();
                    LOG.debug("unit {}: status {} refused: {}", c.unitId(), c.status().id(), e.toString());
                }
            }));
        }
        for (SimCommand c : tick.commands()) {
            done.add(apply(c));
        }
        done.add(send(tick.positions()));
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).handle((x, e) -> tick);
    }

    private CompletableFuture<?> send(List<PositionReport> reports) {
        waiting.addAll(reports);
        if (waiting.size() > MAX_WAITING_POSITIONS) {
            LOG.warn("the server is not keeping up: dropping {} waiting positions", waiting.size() - MAX_WAITING_POSITIONS);
            waiting = new ArrayList<>(waiting.subList(waiting.size() - MAX_WAITING_POSITIONS, waiting.size()));
        }
        if (!inFlight.isDone() || waiting.isEmpty()) {
            return inFlight;
        }
        List<PositionReport> batch = waiting;
        waiting = new ArrayList<>();
        inFlight = positions.ingest(batch).handle((r, e) -> {
            if (e != null) {
                failedBatches.incrementAndGet();
                LOG.debug("position batch of {} failed: {}", batch.size(), e.toString());
                return null;
            }
            accepted.addAndGet(r.accepted());
            for (PositionService.Rejected x : r.rejected()) {
                rejected.get(x.reason()).incrementAndGet();
                if (LOG.isDebugEnabled()) {
                    LOG.debug("position of {} rejected: {}", batch.get(x.index()).unit(), x.reason().id());
                }
            }
            return null;
        });
        return inFlight;
    }

    private CompletableFuture<?> apply(SimCommand c) {
        if (c instanceof SimCommand.Leave) {
            cases.remove(c.ref());
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Long> next;
        if (c instanceof SimCommand.ReportIncident r) {
            next = incidents.report(r.report()).thenApply(x -> x.incident().id());
        } else if (c instanceof SimCommand.Dispatch d) {
            next = then(d.ref(), id -> incidents.transition(city, id, Status.ACCEPTED, CitySimulator.ACTOR, "受理", null)
                    .thenCompose(x -> dispatch.dispatch(city, id, d.unitId(), CitySimulator.ACTOR)));
        } else {
            next = then(c.ref(), id -> close(id, ((SimCommand.Finish) c).rating()));
        }
        CompletableFuture<Long> logged = next.whenComplete((id, e) -> {
            if (e != null) {
                refused.incrementAndGet();
                LOG.debug("case {}: {} failed: {}", c.ref(), c.getClass().getSimpleName(), e.toString());
            }
        });
        if (c instanceof SimCommand.Finish) {
            cases.remove(c.ref());
        } else {
            cases.put(c.ref(), logged);
        }
        return logged;
    }

    /** Runs {@code step} on the case's incident id after the case's previous command, whatever its outcome. */
    private CompletableFuture<Long> then(long ref, Function<Long, CompletableFuture<?>> step) {
        CompletableFuture<Long> previous = cases.get(ref);
        if (previous == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("unknown case " + ref));
        }
        return previous.handle((id, e) -> id).thenCompose(id -> id == null
                ? CompletableFuture.failedFuture(new IllegalStateException("case " + ref + " was not stored"))
                : step.apply(id).thenApply(x -> id));
    }

    /** Walks the incident from wherever it is to closed (a refused dispatch leaves it accepted; recalled if still dispatched). */
    private CompletableFuture<Incident> close(long id, int rating) {
        Incident i = incidents.index().get(id).orElse(null);
        if (i == null || i.status().isTerminal()) {
            return CompletableFuture.completedFuture(i);
        }
        Status to = switch (i.status()) {
            case REPORTED, DISPATCHED -> Status.ACCEPTED;
            case ACCEPTED, ON_SCENE -> Status.HANDLED;
            case HANDLED -> Status.VERIFIED;
            default -> Status.CLOSED;
        };
        String note = switch (to) {
            case ACCEPTED -> "受理";
            case HANDLED -> "处置完毕";
            case VERIFIED -> "核查属实";
            default -> "结案";
        };
        return incidents.transition(city, id, to, CitySimulator.ACTOR, note, to == Status.CLOSED ? rating : null)
                .thenCompose(x -> close(id, rating));
    }

    /** Positions the server accepted so far. */
    long acceptedPositions() {
        return accepted.get();
    }

    /** Positions the server rejected so far, by reason. */
    Map<RejectReason, Long> rejectedPositions() {
        Map<RejectReason, Long> m = new EnumMap<>(RejectReason.class);
        rejected.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    /** Case commands the server refused so far. */
    long refusedCommands() {
        return refused.get();
    }

    /** The simulated instant of the last step. */
    Instant now() {
        return simulator.now();
    }

    /** Stops stepping and waits (up to 10 s) for the step in progress and the batch in flight. */
    public void stop() {
        if (ticker != null) {
            ticker.close();
        }
        try {
            lane.drain().get(10, TimeUnit.SECONDS);
            lane.close();
            inFlight.handle((x, e) -> null).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("the last simulation step or position batch did not finish within 10 s: {}", e.toString());
        }
        LOG.info("simulation stopped at {}: {} positions accepted, rejected {}; {} batches and {} case or status "
                + "commands failed", simulator.now(), accepted.get(), rejectedPositions(), failedBatches.get(), refused.get());
    }

    @Override
    public void close() {
        stop();
    }
}
