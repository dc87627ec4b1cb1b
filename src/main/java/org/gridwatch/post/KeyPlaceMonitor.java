package org.gridwatch.post;

import org.gridwatch.area.AreaTally;
import org.gridwatch.geo.CircleLocator;
import org.gridwatch.patrol.Fixes;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.UnitChange;

/**
 * Police visibility (见警率) of key places (重点部位): per place its live status
 * ({@link KeyPlaceStatus}) and, per county and city, the share of required patrol slots that saw
 * a unit.
 *
 * <p><b>Rules.</b>
 * <ul>
 * <li>A <i>visit</i> is a new fix of an on-duty unit (available or busy) within
 *     {@code radiusMetres} of the place (geodesic, boundary inclusive). It counts at its fix time,
 *     so a late fix still counts for when it was taken. Status changes are not visits.</li>
 * <li>Key periods are local times (the city's time zone) of every day; a
 *     period crossing midnight belongs to the day it starts on.</li>
 * <li>Each occurrence of a key period is cut into consecutive <i>slots</i> of the place's patrol
 *     interval from its start (the last one shorter when the period is not a multiple). A slot is
 *     <i>seen</i> when a visit falls in it ([start, end)).</li>
 * <li>见警率 of a day ({@link #visibilityRate}): seen slots / completed slots (ended by the time
 *     asked) of the key-period occurrences starting that day, per county and city. Slots that began
 *     before monitoring started are left out.</li>
 * <li>Live: during a key period a place is <i>overdue</i> from {@code dueBy} = the latest of its last
 *     visit, the period start and the monitoring start, plus the interval. {@link #currentVisibility}
 *     is the share of places in a key period that are not overdue.</li>
 * <li>State lives in memory: of the time before start-up only each unit's last stored fix is
 *     applied (as the server seeds it); {@value #RETAIN_DAYS} days of slots are kept.</li>
 * </ul>
 *
 * <p><b>Cost.</b> Places are static: a {@link CircleLocator} maps each fix to the places around it
 * in O(1); a tick refreshes every place's status (O(places)).
 *
 * <p><b>Thread-safety.</b> Single writer ({@link #apply}, {@link #tick}, on the state
 * thread), lock-free readers ({@link #statuses}, {@link #visibilityRate}, {@link #currentVisibility}).
 */
public final class KeyPlaceMonitor {
    /** Days of slots kept for {@link #visibilityRate}. */
    public static final int RETAIN_DAYS = 31;

    /**
     * 见警率 of a day for one area.
     *
     * @param area  a county, or the city
     * @param slots completed patrol slots of the day's key periods
     * @param seen  those with a visit
     */
    public record VisibilityRate(AdminArea area, int slots, int seen) {
        /** seen / slots; 0 without slots. */
        public double rate() {
            return slots == 0 ? 0 : (double) seen / slots;
        }
    }

    /**
     * Live visibility of one area.
     *
     * @param area     a county, or the city
     * @param inPeriod places in a key period now
     * @param inTime   those not overdue
     */
    public record CurrentVisibility(AdminArea area, int inPeriod, int inTime) {
        /** inTime / inPeriod; 0 when no place is in a key period. */
        public double rate() {
            return inPeriod == 0 ? 0 : (double) inTime / inPeriod;
        }
    }

    /** Seen flags of the slots of the key-period occurrences starting on one day. */
    private record Day(LocalDate date, int[][] offsets, AtomicIntegerArray seen) {
    }

    private final List<KeyPlace> places;
    private final AreaHierarchy areas;
    private final CircleLocator locator;
    private final Instant since;
    private final LocalDate firstDay;
    private final StatusBoard<KeyPlaceStatus> board;
    private final ZoneId zone;
    private final Map<LocalDate, Day> days = new ConcurrentHashMap<>();
    // Writer-only state.
    private final Instant[] lastVisit;
    private Instant last;

    /**
     * @param places       the key places
     * @param areas        the area hierarchy (counties and city of the rates)
     * @param radiusMetres a unit this near a place visits it, metres (&gt; 0)
     * @param since        when monitoring begins
     * @param zone         the city's time zone: key periods are its wall-clock times, days its local days
     */
    public KeyPlaceMonitor(List<KeyPlace> places, AreaHierarchy areas, double radiusMetres, Instant since, ZoneId zone) {
        if (!(radiusMetres > 0) || !Double.isFinite(radiusMetres)) {
            throw new IllegalArgumentException("radius must be positive: " + radiusMetres);
        }
        this.places = List.copyOf(places);
        this.areas = areas;
        this.since = since;
        this.last = since;
        this.zone = java.util.Objects.requireNonNull(zone, "zone");
        this.firstDay = LocalDate.ofInstant(since, zone).minusDays(1); // periods crossing into it
        int n = this.places.size();
        double[] lon = new double[n];
        double[] lat = new double[n];
        double[] radius = new double[n];
        for (int i = 0; i < n; i++) {
            lon[i] = this.places.get(i).location().getX();
            lat[i] = this.places.get(i).location().getY();
            radius[i] = radiusMetres;
        }
        this.locator = new CircleLocator(lon, lat, radius);
        this.board = new StatusBoard<>(n, false);
        this.lastVisit = new Instant[n];
        tick(since);
    }

    /** The status of every place, in the order of the places given, as of the last write or tick. Lock-free. */
    public List<KeyPlaceStatus> statuses() {
        return board.all();
    }

    /** Records the visits in a batch of change records processed at {@code now}. Writer only. */
    public void apply(List<? extends UnitChange> changes, Instant now) {
        now = monotone(now);
        BitSet touched = new BitSet();
        for (UnitChange c : changes) {
            Position p = Fixes.newOnDutyFix(c);
            if (p == null) {
                continue;
            }
            for (int i : locator.containing(p.lon(), p.lat())) {
                visit(i, p.time());
                touched.set(i);
            }
        }
        for (int i = touched.nextSetBit(0); i >= 0; i = touched.nextSetBit(i + 1)) {
            refresh(i, now);
        }
    }

    /** Refreshes every status (periods starting and ending, visits coming due). Writer only. */
    public void tick(Instant now) {
        now = monotone(now);
        LocalDate today = LocalDate.ofInstant(now, zone);
        day(today.minusDays(1));
        day(today);
        for (int i = 0; i < places.size(); i++) {
            refresh(i, now);
        }
    }

    /**
     * 见警率 of the key-period occurrences starting on {@code date}, counting the slots completed by
     * {@code now}, per county (code order) and, last, for the city; empty when the day is not on record.
     * Lock-free, any thread.
     */
    public List<VisibilityRate> visibilityRate(LocalDate date, Instant now) {
        AreaTally tally = tally(date, now);
        return tally == null ? List.of() : tally.rows(areas, (a, c) -> new VisibilityRate(a, c[0], c[1]));
    }

    /**
     * {@link #visibilityRate} for the city, then each county, then each township (code order);
     * empty when the day is not on record. Lock-free, any thread.
     */
    public List<VisibilityRate> visibilityRateAllLevels(LocalDate date, Instant now) {
        AreaTally tally = tally(date, now);
        return tally == null ? List.of() : tally.allRows(areas, (a, c) -> new VisibilityRate(a, c[0], c[1]));
    }

    private AreaTally tally(LocalDate date, Instant now) {
        Day d = days.get(date);
        if (d == null) {
            return null;
        }
        AreaTally tally = new AreaTally(2);
        for (int i = 0; i < places.size(); i++) {
            KeyPlace kp = places.get(i);
            Duration interval = Duration.ofMinutes(kp.patrolIntervalMinutes());
            for (int k = 0; k < kp.keyPeriods().size(); k++) {
                Instant start = start(date, kp.keyPeriods().get(k));
                Instant end = end(date, kp.keyPeriods().get(k));
                int j = 0;
                for (Instant s = start; s.isBefore(end); s = s.plus(interval), j++) {
                    Instant e = s.plus(interval).isBefore(end) ? s.plus(interval) : end;
                    if (!s.isBefore(since) && !e.isAfter(now)) {
                        tally.add(kp.countyCode(), kp.gridCode(), 0, 1);
                        tally.add(kp.countyCode(), kp.gridCode(), 1, d.seen().get(d.offsets()[i][k] + j));
                    }
                }
            }
        }
        return tally;
    }

    /** Live visibility per county (code order) and, last, for the city, from {@link #statuses()}. Lock-free. */
    public List<CurrentVisibility> currentVisibility() {
        AreaTally tally = new AreaTally(2);
        for (KeyPlaceStatus s : statuses()) {
            if (s.inPeriod()) {
                tally.add(s.countyCode(), 0, 1);
                tally.add(s.countyCode(), 1, s.overdue() ? 0 : 1);
            }
        }
        return tally.rows(areas, (a, c) -> new CurrentVisibility(a, c[0], c[1]));
    }

    // ------------------------------------------------------------------ writer

    private Instant monotone(Instant now) {
        if (now.isBefore(last)) {
            return last;
        }
        last = now;
        return now;
    }

    /** The start of the occurrence of {@code p} that begins on local day {@code date} of {@code zone}. */
    public static Instant start(LocalDate date, KeyPeriod p, ZoneId zone) {
        return date.atTime(p.start()).atZone(zone).toInstant();
    }

    /** The end of the occurrence of {@code p} that begins on local day {@code date} of {@code zone}. */
    public static Instant end(LocalDate date, KeyPeriod p, ZoneId zone) {
        return (p.crossesMidnight() ? date.plusDays(1) : date).atTime(p.end()).atZone(zone).toInstant();
    }

    private Instant start(LocalDate date, KeyPeriod p) {
        return start(date, p, zone);
    }

    private Instant end(LocalDate date, KeyPeriod p) {
        return end(date, p, zone);
    }

    private void visit(int i, Instant t) {
        if (lastVisit[i] == null || t.isAfter(lastVisit[i])) {
            lastVisit[i] = t;
        }
        KeyPlace kp = places.get(i);
        LocalDate date = LocalDate.ofInstant(t, zone);
        for (LocalDate d : new LocalDate[] {date.minusDays(1), date}) {
            Day day = day(d);
            if (day == null) {
                continue;
            }
            for (int k = 0; k < kp.keyPeriods().size(); k++) {
                Instant start = start(d, kp.keyPeriods().get(k));
                if (!t.isBefore(start) && t.isBefore(end(d, kp.keyPeriods().get(k)))) {
                    long slot = Duration.between(start, t).toMinutes() / kp.patrolIntervalMinutes();
                    day.seen().set(day.offsets()[i][k] + (int) slot, 1);
                }
            }
        }
    }

    /** The slots of the day, made on first use; null before monitoring or older than kept. */
    private Day day(LocalDate date) {
        Day d = days.get(date);
        if (d != null || date.isBefore(firstDay) || date.isBefore(LocalDate.ofInstant(last, zone)
                .minusDays(RETAIN_DAYS))) {
            return d;
        }
        int[][] offsets = new int[places.size()][];
        int n = 0;
        for (int i = 0; i < places.size(); i++) {
            KeyPlace kp = places.get(i);
            offsets[i] = new int[kp.keyPeriods().size()];
            for (int k = 0; k < offsets[i].length; k++) {
                offsets[i][k] = n;
                n += (int) ((kp.keyPeriods().get(k).minutes() + kp.patrolIntervalMinutes() - 1) / kp.patrolIntervalMinutes());
            }
        }
        d = new Day(date, offsets, new AtomicIntegerArray(n));
        days.put(date, d);
        LocalDate oldest = LocalDate.ofInstant(last, zone).minusDays(RETAIN_DAYS);
        days.keySet().removeIf(x -> x.isBefore(oldest));
        return d;
    }

    private void refresh(int i, Instant now) {
        KeyPlace kp = places.get(i);
        LocalDate date = LocalDate.ofInstant(now, zone);
        Instant periodStart = null;
        Instant periodEnd = null;
        for (LocalDate d : new LocalDate[] {date.minusDays(1), date}) {
            for (KeyPeriod p : kp.keyPeriods()) {
                Instant s = start(d, p);
                Instant e = end(d, p);
                if (!now.isBefore(s) && now.isBefore(e) && (periodStart == null || s.isBefore(periodStart))) {
                    periodStart = s;
                    periodEnd = e;
                }
            }
        }
        Instant dueBy = null;
        if (periodStart != null) {
            Instant anchor = periodStart.isAfter(since) ? periodStart : since;
            if (lastVisit[i] != null && lastVisit[i].isAfter(anchor)) {
                anchor = lastVisit[i];
            }
            dueBy = anchor.plus(Duration.ofMinutes(kp.patrolIntervalMinutes()));
        }
        KeyPlaceStatus s = new KeyPlaceStatus(kp.id(), kp.name(), kp.kind(), kp.countyCode(), kp.gridCode(),
                kp.location().getX(), kp.location().getY(), kp.patrolIntervalMinutes(), periodStart != null, periodStart,
                periodEnd, lastVisit[i], dueBy, dueBy != null && !now.isBefore(dueBy));
        board.set(i, s);
    }
}
