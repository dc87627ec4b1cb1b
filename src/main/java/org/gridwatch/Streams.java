package org.gridwatch;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridwatch.alert.AlertChange;
import org.gridwatch.analysis.CoverageIndex;
import org.gridwatch.analysis.DailyHistory;
import org.gridwatch.analysis.HeatIndex;
import org.gridwatch.analysis.NearRepeatMonitor;
import org.gridwatch.analysis.UncoveredGridMonitor;
import org.gridwatch.casework.OverdueMonitor;
import org.gridwatch.dispatch.AlarmStage;
import org.gridwatch.dispatch.DispatchService;
import org.gridwatch.incident.IncidentChange;
import org.gridwatch.incident.IncidentIndex;
import org.gridwatch.incident.IncidentIndexStage;
import org.gridwatch.live.LiveHub;
import org.gridwatch.patrol.CrsStage;
import org.gridwatch.patrol.JumpFilterStage;
import org.gridwatch.patrol.KnownUnitStage;
import org.gridwatch.patrol.OrderStage;
import org.gridwatch.patrol.PositionPipeline;
import org.gridwatch.patrol.Roster;
import org.gridwatch.patrol.RosterStage;
import org.gridwatch.patrol.UnitChange;
import org.gridwatch.patrol.ValidateStage;
import org.gridwatch.pipeline.Lane;
import org.gridwatch.pipeline.Pipeline;
import org.gridwatch.pipeline.Stage;
import org.gridwatch.pipeline.Ticker;
import org.gridwatch.post.DutyStage;
import org.gridwatch.post.KeyPlaceMonitor;
import org.gridwatch.post.KeyPlaceStage;
import org.gridwatch.post.PostChange;
import org.gridwatch.sim.ConsoleDispatches;
import org.gridwatch.tileset.TileChanges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every stream of change records and every stage of each, declared in this one place and run in
 * this order (like Traccar's list of position handlers). A write reaches its stream only after it
 * is committed; each stage is a class with its own test; a stage that fails is logged and counted
 * ({@code gridwatch_stage_failures_total{stream,stage}}) and the stream goes on. All stages run on
 * the state lane; a stage that causes a further write (an arrival, a unit freed, an alert) queues
 * it on the commit queue, and its change record comes down its own stream later: a straight line,
 * never a call back into the stage before.
 *
 * <table>
 * <caption>The streams</caption>
 * <tr><th>stream</th><th>before the commit</th><th>after the commit, in order</th></tr>
 * <tr><td>{@code positions} ({@link UnitChange})</td>
 *     <td>validate → crs → known unit → order → jump filter (position batches only)</td>
 *     <td>index → alarms (SOS and other terminal alarms → alerts) → arrival → coverage → duty → key places → tiles → live</td></tr>
 * <tr><td>{@code incidents} ({@link IncidentChange})</td><td>locate grid, workflow check</td>
 *     <td>index → heat → near-repeat → dispatch → overdue → sim (demo only) → tiles → live</td></tr>
 * <tr><td>{@code alerts} ({@link AlertChange})</td><td>—</td><td>live (told before the store
 *     confirms: an alert is the server's own finding)</td></tr>
 * <tr><td>{@code posts} ({@link PostChange})</td><td>—</td><td>tiles → live (from the duty stage and tick)</td></tr>
 * </table>
 *
 * The {@code tiles} stages ({@link TileChanges}) come after every stage that updates what a vector
 * tile reads (indexes, coverage, duty, key places), so a tile encoded after its version moved sees
 * the change, and before {@code live}, which tells clients which tiles changed.
 *
 * <table>
 * <caption>Periodic ticks (coalesced: a tick still queued is not queued again)</caption>
 * <tr><th>tick</th><th>every</th><th>lane</th></tr>
 * <tr><td>heat windows slide</td><td>1 s</td><td>state</td></tr>
 * <tr><td>post duty (window edges, stale fixes) → {@code posts}; key-place visibility; uncovered
 *     grids → alerts; overdue steps of cases → incidents (then alerts)</td><td>5 s</td><td>state</td></tr>
 * <tr><td>daily history: the day's 到岗率, 见警率 and coverage per area → the store (when changed,
 *     at most every 5 min; a day's final figures once it has ended)</td><td>60 s</td><td>state</td></tr>
 * <tr><td>{@code /live} heat, coverage (1 s), stats (5 s), session sweep (10 s)</td><td></td><td>live hub</td></tr>
 * <tr><td>store probe ({@code /ready})</td><td>1 s</td><td>Vert.x worker</td></tr>
 * </table>
 */
public final class Streams {
    private static final Logger LOG = LoggerFactory.getLogger(Streams.class);
    /** How often the heat windows slide, milliseconds. */
    static final long HEAT_TICK_MILLIS = 1_000;
    /** How often post duty, key-place visibility and uncovered grids are checked, milliseconds. */
    static final long MONITOR_TICK_MILLIS = 5_000;
    /** How often the daily history looks for figures to store, milliseconds. */
    static final long HISTORY_TICK_MILLIS = 60_000;

    private final Pipeline<UnitChange> positions;
    private final Pipeline<IncidentChange> incidents;
    private final Pipeline<AlertChange> alerts;
    private final Pipeline<PostChange> posts;
    private final Lane state;

    /** The four streams, their stages not yet declared. */
    Streams(Lane state, MeterRegistry registry) {
        this.state = state;
        this.positions = new Pipeline<>("positions", state, registry);
        this.incidents = new Pipeline<>("incidents", state, registry);
        this.alerts = new Pipeline<>("alerts", state, registry);
        this.posts = new Pipeline<>("posts", state, registry);
    }

    /** The stages of position ingest before the commit, in order. */
    public static PositionPipeline ingest(MeterRegistry registry) {
        return new PositionPipeline(List.of(
                new ValidateStage(PositionPipeline.FUTURE_SKEW),
                new CrsStage(),
                new KnownUnitStage(),
                new OrderStage(),
                new JumpFilterStage(PositionPipeline.MAX_SPEED, PositionPipeline.JUMP_SLACK_METRES)), registry);
    }

    Pipeline<UnitChange> positions() {
        return positions;
    }

    Pipeline<IncidentChange> incidents() {
        return incidents;
    }

    Pipeline<AlertChange> alerts() {
        return alerts;
    }

    Pipeline<PostChange> posts() {
        return posts;
    }

    /**
     * Declares the stages of every stream, in order.
     *
     * @param console the demo's {@code sim} stage, or null outside the demo
     */
    void declare(Roster roster, IncidentIndex index, HeatIndex heat, NearRepeatMonitor nearRepeat, CoverageIndex coverage,
                 DutyStage duty, KeyPlaceMonitor keyPlaces, Clock clock, DispatchService dispatch, OverdueMonitor overdue,
                 AlarmStage alarms, LiveHub live, ConsoleDispatches console, TileChanges tiles) {
        positions.declare(
                new RosterStage(roster),
                alarms,
                dispatch.arrivalStage(),
                coverage,
                duty,
                new KeyPlaceStage(keyPlaces, clock),
                tiles.positionsStage(),
                live.unitsStage());
        List<Stage<? super IncidentChange>> incidentStages = new ArrayList<>(List.of(
                new IncidentIndexStage(index),
                heat,
                nearRepeat,
                dispatch.assignmentStage(),
                overdue));
        if (console != null) {
            incidentStages.add(console);
        }
        incidentStages.add(tiles.incidentsStage());
        incidentStages.add(live.incidentsStage());
        incidents.declare(incidentStages);
        alerts.declare(live.alertsStage());
        posts.declare(tiles.postsStage(), live.postsStage());
    }

    /** Each stream's stage names, in their declared order (for tests and operators). */
    Map<String, List<String>> stages() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Pipeline<?> p : List.of(positions, incidents, alerts, posts)) {
            out.put(p.stream(), p.stageNames());
        }
        return out;
    }

    /** Starts the state lane's periodic ticks (see the class comment). */
    List<Ticker> startTicks(Vertx vertx, Clock clock, HeatIndex heat, DutyStage duty, KeyPlaceMonitor keyPlaces,
                            UncoveredGridMonitor uncovered, OverdueMonitor overdue, DailyHistory history) {
        return List.of(
                Ticker.every(vertx, state, HEAT_TICK_MILLIS, () -> heat.advance(clock.instant())),
                Ticker.every(vertx, state, MONITOR_TICK_MILLIS, () -> state.asConsequence(() -> {
                    contained("post duty", duty::tick);
                    contained("key places", () -> keyPlaces.tick(clock.instant()));
                    contained("uncovered grids", () -> uncovered.tick(clock.instant()));
                    contained("overdue steps", () -> overdue.tick(clock.instant()));
                })),
                Ticker.every(vertx, state, HISTORY_TICK_MILLIS, () -> state.asConsequence(
                        () -> contained("daily history", () -> history.tick(clock.instant())))));
    }

    /** Runs one part of a tick; a failure is logged and the next part still runs (the next tick tries again). */
    private static void contained(String what, Runnable part) {
        try {
            part.run();
        } catch (RuntimeException e) {
            LOG.error("{} tick failed", what, e);
        }
    }
}
