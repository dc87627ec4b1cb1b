package org.gridwatch.sim;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import org.gridwatch.post.SchoolCalendar;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.GridIndex;
import org.gridwatch.geo.Geodesy;
import org.gridwatch.geo.LonLat;
import org.gridwatch.incident.Category;
import org.gridwatch.incident.IncidentReport;
import org.gridwatch.patrol.MovingPointIndex;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.PositionReport;
import org.gridwatch.patrol.Unit;
import org.gridwatch.patrol.UnitKind;
import org.gridwatch.patrol.UnitStatus;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated city as a pure step function: {@link #step(Instant)} advances every unit, the
 * incident stream and the simulated dispatcher to a simulated instant and returns what the server
 * should be told ({@link Tick}). It never talks to the server itself and never reads a clock, so
 * the same inputs, seed and step instants give the same ticks.
 *
 * <ul>
 *   <li><b>Patrol.</b> Units drive or walk between random waypoints of their home township at
 *       their kind's cruising speed, dwelling a little at each, and report a fix with GPS error,
 *       speed and heading every report interval.</li>
 *   <li><b>Incidents.</b> {@link IncidentArrivals}. A share of them is taken by the simulated
 *       dispatcher one to three minutes after the report: the available unit of a fitting kind
 *       with the shortest straight-line time (at most 30 minutes) is sent, found with the same
 *       {@link MovingPointIndex} nearest search as the server's, over the positions reported; it
 *       drives there at 1.2× cruising speed, handles the case for 10–40 minutes and asks for the
 *       case to be closed, then patrols back into its township.</li>
 *   <li><b>School posts.</b> On school days (Monday–Friday, Beijing time) each post's staff
 *       ({@link PostStaffing}) leave in time to stand at the gate 2–8 minutes before each duty
 *       window and stay until it ends; a deterministic few arrive late or not at all. Staff are
 *       not dispatched from 90 minutes before a window to its end.</li>
 *   <li><b>Shifts.</b> Grid workers without a post work 08:00–18:00: outside it they go off duty
 *       (status {@code off_duty}), stay where they are and report nothing.</li>
 * </ul>
 *
 * <p>Not thread-safe: one simulation thread calls {@link #step} (and {@link #redirect}).
 */
final class CitySimulator {
    private static final Logger LOG = LoggerFactory.getLogger(CitySimulator.class);
    /** Who the simulated dispatcher's transitions name. */
    static final String ACTOR = "模拟调度";
    /** Who the simulated reports name. */
    static final String REPORTER = "模拟上报";
    /** Longest straight-line time to an incident the dispatcher accepts, milliseconds. */
    private static final long MAX_RESPONSE_MS = 30 * 60_000;
    /** Search radius for units, metres: 30 minutes of a police car responding. */
    private static final double SEARCH_METRES = 30 * 60 * 30 / 3.6 * SimSettings.RESPONSE_FACTOR;
    /** Staff are kept for their post from this long before a window, milliseconds. */
    private static final long DUTY_HOLD_MS = 90 * 60_000;
    private static final Set<Category> POLICE_CASES = EnumSet.of(Category.PUBLIC_ORDER, Category.CRIMINAL,
            Category.FRAUD, Category.TRAFFIC, Category.STABILITY, Category.CULT);
    private static final Set<UnitKind> POLICE_KINDS = EnumSet.of(UnitKind.POLICE_CAR, UnitKind.FOOT_PATROL,
            UnitKind.POLICE_ASSISTANT);
    private static final Set<UnitKind> COMMUNITY_KINDS = EnumSet.of(UnitKind.GRID_WORKER, UnitKind.POLICE_ASSISTANT,
            UnitKind.SECURITY_GUARD);

    /** Grid workers' working day, Beijing time. */
    static final LocalTime GRID_WORKER_SHIFT_START = LocalTime.of(8, 0);
    static final LocalTime GRID_WORKER_SHIFT_END = LocalTime.of(18, 0);

    private final SimSettings settings;
    private final ZoneId zone;
    private final SchoolCalendar calendar;
    private final long intervalMs;
    private final List<SimUnit> units;
    private final Map<String, SimUnit> byId = new HashMap<>();
    private final MovingPointIndex<SimUnit> index = new MovingPointIndex<>();
    private final IncidentArrivals arrivals;
    private final Random dispatcher;
    private final PriorityQueue<PendingCall> calls = new PriorityQueue<>(
            Comparator.comparingLong(PendingCall::atMs).thenComparingLong(PendingCall::ref));
    private final List<Order> orders = new ArrayList<>();
    private long nowMs;
    private long lastRef;

    /** A case waiting for the dispatcher. */
    private record PendingCall(long atMs, long ref, double lon, double lat, Category category) {
    }

    /** A unit sent somewhere by someone else (the dispatcher console). */
    private record Order(String unitId, double lon, double lat) {
    }

    /**
     * @param grids     the city (townships for patrol areas, grids for incident locations)
     * @param roster    the units to simulate (with any dedicated school guards of {@code staffing})
     * @param staffing  who staffs which post
     * @param initial   last known position per unit id, where a unit starts (others start at a
     *                  random point of their township, or at their guard room)
     * @param start     the simulated instant the simulation starts at
     * @param zone      the city's time zone (shifts, duty windows, the hours of incident arrivals)
     * @param calendar  the school calendar: guards go to their posts on their school's school days only
     */
    CitySimulator(GridIndex grids, List<Unit> roster, PostStaffing.Plan staffing, Map<String, Position> initial,
                  SimSettings settings, Instant start, ZoneId zone, SchoolCalendar calendar) {
        this.settings = settings;
        this.zone = zone;
        this.calendar = calendar;
        this.intervalMs = settings.reportInterval().toMillis();
        this.nowMs = start.toEpochMilli();
        this.arrivals = new IncidentArrivals(settings.seed(), grids, settings.incidentRate(), start, REPORTER, zone);
        this.dispatcher = new Random(settings.seed() * 31 + 7);
        Map<String, PreparedGeometry> homes = new HashMap<>();
        Set<String> guards = new HashSet<>();
        staffing.guards().forEach(g -> guards.add(g.id()));
        List<SimUnit> list = new ArrayList<>();
        roster.stream().sorted(Comparator.comparing(Unit::id)).forEach(u -> {
            AdminArea township = grids.hierarchy().find(u.homeTownshipCode()).orElse(null);
            if (township == null) {
                LOG.warn("unit {}: home township {} is not in the city; not simulated", u.id(), u.homeTownshipCode());
                return;
            }
            PreparedGeometry home = homes.computeIfAbsent(township.code(),
                    c -> PreparedGeometryFactory.prepare(township.geometry()));
            Position p = initial.get(u.id());
            SimUnit s = new SimUnit(u, home, settings.seed(), settings.cruise(u.kind()), intervalMs,
                    staffing.postOfUnit().get(u.id()), guards.contains(u.id()),
                    p == null ? null : new LonLat(p.lon(), p.lat()), nowMs);
            list.add(s);
            byId.put(u.id(), s);
            LonLat at = s.at(nowMs);
            index.put(u.id(), at.lon(), at.lat(), s);
        });
        this.units = List.copyOf(list);
    }

    /** The simulated units, by id. */
    List<SimUnit> units() {
        return units;
    }

    /** The simulated instant of the last step. */
    Instant now() {
        return Instant.ofEpochMilli(nowMs);
    }

    /**
     * Sends a unit to (lon, lat) at the next step, for a call the simulator does not own (a person
     * dispatched it): it handles the call and returns to patrol, and the person closes the case.
     */
    void redirect(String unitId, double lon, double lat) {
        orders.add(new Order(unitId, lon, lat));
    }

    /**
     * Advances the city to {@code now}. A {@code now} not after the previous step's returns an
     * empty tick.
     */
    Tick step(Instant now) {
        long t = now.toEpochMilli();
        List<Tick.StatusChange> statuses = new ArrayList<>();
        List<PositionReport> positions = new ArrayList<>();
        List<SimCommand> commands = new ArrayList<>();
        if (t <= nowMs) {
            return new Tick(now, statuses, positions, commands);
        }
        LocalTime clock = now.atZone(zone).toLocalTime();
        for (SimUnit u : units) {
            boolean onShift = onShift(u, clock);
            if (u.offDuty && onShift) {
                u.offDuty = false;
                statuses.add(new Tick.StatusChange(u.id(), UnitStatus.AVAILABLE));
                u.patrol(nowMs);
            }
            while (u.nextReportMs <= t) {
                advance(u, u.nextReportMs, commands);
                if (!u.offDuty) {
                    PositionReport r = u.report(u.nextReportMs);
                    positions.add(r);
                    index.put(u.id(), r.lon(), r.lat(), u);
                }
                u.nextReportMs += intervalMs;
            }
            advance(u, t, commands);
            if (!onShift && !u.offDuty && u.mode == SimUnit.Mode.PATROL) {
                u.offDuty = true;
                statuses.add(new Tick.StatusChange(u.id(), UnitStatus.OFF_DUTY));
                LonLat here = u.at(t);
                u.go(t, here.lon(), here.lat(), u.cruise, Long.MAX_VALUE / 4 - t, 0);
            }
        }
        for (Order o : orders) {
            SimUnit u = byId.get(o.unitId());
            if (u != null) {
                respond(u, t, -1, o.lon(), o.lat());
            }
        }
        orders.clear();
        LocalDate today = now.atZone(zone).toLocalDate();
        for (SimUnit u : units) {
            if (u.post != null && u.mode == SimUnit.Mode.PATROL && calendar.isSchoolDay(today, u.post.kind())) {
                goToPostIfDue(u, t, today);
            }
        }
        for (IncidentReport r : arrivals.until(now)) {
            long ref = ++lastRef;
            commands.add(new SimCommand.ReportIncident(ref, r));
            if (dispatcher.nextDouble() < settings.dispatchShare()) {
                long delay = 60_000 + (long) (dispatcher.nextDouble() * 120_000);
                calls.add(new PendingCall(r.reportedAt().toEpochMilli() + delay, ref, r.lon(), r.lat(), r.category()));
            } else {
                commands.add(new SimCommand.Leave(ref));
            }
        }
        while (!calls.isEmpty() && calls.peek().atMs() <= t) {
            PendingCall c = calls.poll();
            SimUnit u = nearestFree(c, t, today);
            if (u != null) {
                commands.add(new SimCommand.Dispatch(c.ref(), u.id()));
                respond(u, t, c.ref(), c.lon(), c.lat());
            } else {
                commands.add(new SimCommand.Leave(c.ref()));
            }
        }
        nowMs = t;
        return new Tick(now, statuses, positions, commands);
    }

    /**
     * Whether the unit is on shift at this Beijing time: grid workers who staff no school post
     * work {@link #GRID_WORKER_SHIFT_START}–{@link #GRID_WORKER_SHIFT_END}; everyone else is on
     * duty around the clock (police crews change, the car stays on patrol).
     */
    private static boolean onShift(SimUnit u, LocalTime clock) {
        if (u.kind() != UnitKind.GRID_WORKER || u.post != null) {
            return true;
        }
        return !clock.isBefore(GRID_WORKER_SHIFT_START) && clock.isBefore(GRID_WORKER_SHIFT_END);
    }

    /** Runs the unit's legs that end by {@code t}, starting the next one at each end. */
    private void advance(SimUnit u, long t, List<SimCommand> commands) {
        while (u.legEnd() <= t) {
            long end = u.legEnd();
            if (u.mode == SimUnit.Mode.RESPOND && u.caseRef > 0) {
                commands.add(new SimCommand.Finish(u.caseRef, u.rating));
            }
            u.caseRef = -1;
            u.patrol(end);
            if (u.legEnd() == end) {
                // A unit that cannot move (degenerate township) waits one report interval.
                u.go(end, u.at(end).lon(), u.at(end).lat(), u.cruise, intervalMs, 0);
            }
        }
    }

    private void respond(SimUnit u, long t, long ref, double lon, double lat) {
        u.mode = SimUnit.Mode.RESPOND;
        u.caseRef = ref;
        u.rating = 3 + pickRating();
        long handling = 10 * 60_000 + (long) (dispatcher.nextDouble() * 30 * 60_000);
        u.go(t, lon, lat, u.cruise * SimSettings.RESPONSE_FACTOR, handling, 0);
    }

    /** 0, 1 or 2 (rating 3, 4 or 5) with probabilities 0.1, 0.3 and 0.6. */
    private int pickRating() {
        double x = dispatcher.nextDouble();
        return x < 0.1 ? 0 : x < 0.4 ? 1 : 2;
    }

    private SimUnit nearestFree(PendingCall c, long t, LocalDate today) {
        Set<UnitKind> kinds = POLICE_CASES.contains(c.category()) ? POLICE_KINDS : COMMUNITY_KINDS;
        SimUnit best = null;
        double bestMs = MAX_RESPONSE_MS;
        for (MovingPointIndex.Hit<SimUnit> h : index.nearest(c.lon(), c.lat(), 24, SEARCH_METRES,
                u -> kinds.contains(u.kind()) && free(u, t, today))) {
            SimUnit u = h.entry().value();
            double ms = h.metres() / (u.cruise * SimSettings.RESPONSE_FACTOR) * 1000;
            if (ms < bestMs) {
                bestMs = ms;
                best = u;
            }
        }
        return best;
    }

    /** On patrol, not a dedicated school guard, and not held for a duty window of {@code day} (when a school day). */
    private boolean free(SimUnit u, long t, LocalDate day) {
        if (u.mode != SimUnit.Mode.PATROL || u.schoolGuard || u.offDuty) {
            return false;
        }
        if (u.post == null || !calendar.isSchoolDay(day, u.post.kind())) {
            return true;
        }
        long[] starts = u.windowStarts(day, zone);
        long[] ends = u.windowEnds(day, zone);
        for (int w = 0; w < starts.length; w++) {
            if (t >= starts[w] - DUTY_HOLD_MS && t < ends[w]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Starts the unit towards its post when it must leave now to be at the gate in time for its
     * next window of {@code day}, a school day.
     */
    private void goToPostIfDue(SimUnit u, long t, LocalDate day) {
        long[] starts = u.windowStarts(day, zone);
        long[] ends = u.windowEnds(day, zone);
        for (int w = 0; w < starts.length; w++) {
            if (t >= ends[w] - 60_000) {
                continue;
            }
            long key = day.toEpochDay() * 8 + w;
            if (key == u.lastDuty) {
                continue;
            }
            PostStaffing.Attendance a = PostStaffing.attendance(settings.seed(), u.id(), day, w,
                    settings.absentShare(), settings.lateShare());
            LonLat here = u.at(t);
            double metres = Geodesy.approxDistance(here.lon(), here.lat(), u.stand.lon(), u.stand.lat());
            long travel = (long) (metres / u.cruise * 1000 * 1.15) + 30_000;
            long arriveBy = starts[w] + a.offsetMinutes() * 60_000L;
            if (t < arriveBy - travel) {
                return; // not yet; later windows come later still
            }
            u.lastDuty = key;
            if (!a.absent()) {
                u.mode = SimUnit.Mode.POST;
                u.go(t, u.stand.lon(), u.stand.lat(), u.cruise, 0, ends[w]);
            }
            return;
        }
    }

}
