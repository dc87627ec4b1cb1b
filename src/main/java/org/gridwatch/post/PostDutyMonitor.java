package org.gridwatch.post;

import org.gridwatch.alert.AlertKind;
import org.gridwatch.alert.AlertSeverity;
import org.gridwatch.alert.AlertSink;
import org.gridwatch.area.AreaTally;
import org.gridwatch.geo.CircleLocator;
import org.gridwatch.patrol.Fixes;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.UnitChange;
import org.gridwatch.patrol.UnitRecord;

/**
 * School-guard post duty monitoring (护学岗到岗): per post and duty window of each school day,
 * {@link DutyState#PENDING} → {@link DutyState#STAFFED} | {@link DutyState#UNDERSTAFFED} |
 * {@link DutyState#MISSED}, an alert when a post is not staffed at window start + grace, and the
 * daily on-post rate per county and city.
 *
 * <p><b>Rules.</b>
 * <ul>
 * <li>Windows are local times, in the city's time zone, of the school days of the post's school
 *     kind by the {@link SchoolCalendar} (weekends, national holidays, make-up working days 调休,
 *     winter and summer breaks): on any other day a post has no window, so no state and no alert.</li>
 * <li>A unit is <i>present</i> at a post at time t when it is on duty (available or busy), its last
 *     position lies within the post's radius of the gate (geodesic, boundary inclusive) and that
 *     fix is at most {@code maxFixAge} old at t (a silent device stops counting).</li>
 * <li>Positions are states: a unit is where it last reported from the moment the report is
 *     processed. Presence is evaluated at the window start and whenever a change record concerns
 *     the post (a unit arriving, leaving, reporting again or changing status near the gate).</li>
 * <li>The window is {@link DutyState#STAFFED} from the first evaluation (within the window) at
 *     which at least {@code requiredStaff} units are present at once; the state then sticks for the
 *     window (到岗 records the arrival; {@link PostStatus#present()} stays live).</li>
 * <li>At the deadline, start + grace (clamped to the window end), a window not yet staffed becomes
 *     {@link DutyState#UNDERSTAFFED} if any unit was present at some evaluation since the start,
 *     else {@link DutyState#MISSED}, and one {@value #ALERT_KIND} alert is raised for it (exactly
 *     once per post and window). Staff arriving exactly at the deadline are on time.</li>
 * <li>After the deadline a window can still improve until its end: MISSED → UNDERSTAFFED when a
 *     unit appears, → STAFFED with {@link PostStatus#late()} set when the required staff are present
 *     at once. The alert stays (acknowledged by people, not withdrawn).</li>
 * <li>On-post rate of a day ({@link #onPostRate}): windows staffed on time / decided windows, where
 *     a window is decided once staffed on time or once its deadline has passed.</li>
 * <li>State lives in memory: after a restart, windows of the start-up day whose deadline had passed
 *     are not monitored (no state, alert or count); open ones resume from the units' last fixes.
 *     The last {@value #RETAIN_DAYS} days are kept for {@link #onPostRate}.</li>
 * </ul>
 *
 * <p><b>Cost.</b> Gates are static, so a {@link CircleLocator} (hash of ~1 km cells, exact geodesic
 * test) maps each change record to the few posts it concerns: O(1) per position, whatever the number
 * of posts; each post keeps the on-duty units inside its radius. Window edges are a sorted
 * schedule per day, so {@link #apply} and {@link #tick} only look at edges that came due. A tick
 * refreshes every post's live count (O(posts), for fixes going stale).
 *
 * <p><b>Thread-safety.</b> Single writer ({@link #apply}, {@link #tick}, on the state
 * thread), lock-free readers ({@link #statuses}, {@link #onPostRate}) from any thread: each status
 * and each window outcome is an immutable value published atomically.
 */
public final class PostDutyMonitor {
    /** Days of window outcomes kept for {@link #onPostRate}. */
    public static final int RETAIN_DAYS = 31;
    /** Kind of the alerts raised. */
    public static final String ALERT_KIND = AlertKind.POST_UNSTAFFED.id();

    /**
     * Duty outcome of one day for one area.
     *
     * @param area         a county, or the city
     * @param windows      monitored (post, window) pairs of the day
     * @param decided      windows staffed on time or past their deadline
     * @param onTime       windows staffed by start + grace
     * @param late         windows staffed after start + grace
     * @param understaffed decided windows with some but not all staff so far
     * @param missed       decided windows with nobody so far
     */
    public record PostRate(AdminArea area, int windows, int decided, int onTime, int late, int understaffed, int missed) {
        /** onTime / decided; 0 when nothing is decided yet. */
        public double rate() {
            return decided == 0 ? 0 : (double) onTime / decided;
        }
    }

    /** Edges of a window, in the order they are handled when they fall on the same instant. */
    private enum Edge { DEADLINE, END, START }

    private record Transition(Instant time, int run, Edge edge) {
    }

    /** One window of one post on one day. Mutable, writer only. */
    private static final class Run {
        final int post;
        final DutyWindow window;
        final Instant start;
        final Instant deadline;
        final Instant end;
        boolean open;
        boolean decided;
        boolean staffed;
        boolean late;
        boolean alerted;
        int maxPresent;

        Run(int post, DutyWindow window, Instant start, Instant deadline, Instant end) {
            this.post = post;
            this.window = window;
            this.start = start;
            this.deadline = deadline;
            this.end = end;
        }

        DutyState state() {
            if (staffed) {
                return DutyState.STAFFED;
            }
            if (!decided) {
                return DutyState.PENDING;
            }
            return maxPresent > 0 ? DutyState.UNDERSTAFFED : DutyState.MISSED;
        }
    }

    /** Immutable outcome of a run, for readers. */
    private record Outcome(int post, DutyState state, boolean late) {
    }

    /** One day's schedule; {@code outcomes} is read by any thread. */
    private record Day(LocalDate date, Run[] runs, AtomicReferenceArray<Outcome> outcomes, Transition[] transitions) {
    }

    private final List<SchoolPost> posts;
    private final AreaHierarchy areas;
    private final CircleLocator gates;
    private final AlertSink alerts;
    private final Duration grace;
    private final Duration maxFixAge;
    private final StatusBoard<PostStatus> board;
    private final ZoneId zone;
    private final SchoolCalendar calendar;
    private final Map<LocalDate, Day> days = new ConcurrentHashMap<>();
    // Writer-only state.
    /** Per post: id → fix time of the on-duty units whose last fix lies within the radius. */
    private final List<Map<String, Instant>> near;
    private final int[] shown;
    /** Per post: the units counted present while its duty window is open (writer only). */
    private final List<Set<String>> staff;
    /** Unit id → number of posts it is counted at while their window is open; read from any thread. */
    private final Map<String, Integer> onDuty = new ConcurrentHashMap<>();
    private Day today;
    private int cursor;
    private Instant last;

    /**
     * @param posts     the posts to watch
     * @param areas     the area hierarchy (counties and city of the rates)
     * @param alerts    where {@value #ALERT_KIND} alerts go
     * @param grace     time after a window's start by which it must be staffed (&gt; 0)
     * @param maxFixAge a unit's last fix counts for presence while at most this old (&gt; 0)
     * @param since     when monitoring begins: windows of that day whose deadline is earlier are skipped
     * @param zone      the city's time zone: duty windows are its wall-clock times, days its local days
     * @param calendar  which local days are school days of each school kind
     */
    public PostDutyMonitor(List<SchoolPost> posts, AreaHierarchy areas, AlertSink alerts, Duration grace,
                           Duration maxFixAge, Instant since, ZoneId zone, SchoolCalendar calendar) {
        if (grace.isNegative() || grace.isZero() || maxFixAge.isNegative() || maxFixAge.isZero()) {
            throw new IllegalArgumentException("grace and maxFixAge must be positive: " + grace + ", " + maxFixAge);
        }
        this.posts = List.copyOf(posts);
        this.areas = areas;
        this.alerts = alerts;
        this.grace = grace;
        this.maxFixAge = maxFixAge;
        this.zone = java.util.Objects.requireNonNull(zone, "zone");
        this.calendar = java.util.Objects.requireNonNull(calendar, "calendar");
        int n = this.posts.size();
        double[] lon = new double[n];
        double[] lat = new double[n];
        double[] radius = new double[n];
        this.near = new ArrayList<>(n);
        this.staff = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            staff.add(Set.of());
            SchoolPost p = this.posts.get(i);
            lon[i] = p.gate().getX();
            lat[i] = p.gate().getY();
            radius[i] = p.radiusMetres();
            near.add(new HashMap<>(4));
        }
        this.gates = new CircleLocator(lon, lat, radius);
        this.board = new StatusBoard<>(n, true);
        this.shown = new int[n];
        this.last = since;
        startDay(LocalDate.ofInstant(since, zone), since);
        board.takeChanges(); // the first statuses are not changes: start the tracking afresh
    }

    /** The city's time zone of the windows and days. */
    public ZoneId zone() {
        return zone;
    }

    /** The school calendar in use. */
    public SchoolCalendar calendar() {
        return calendar;
    }

    /** Grace after a window's start. */
    public Duration grace() {
        return grace;
    }

    /**
     * The statuses changed since the last call (by {@link #apply} and {@link #tick}), each once,
     * as change records for the {@code posts} stream. Writer only.
     */
    public List<PostChange> takeChanges() {
        return board.takeChanges().stream().map(c -> new PostChange(c.before(), c.after())).toList();
    }

    /** The current status of every post, in the order of the posts given. Lock-free, any thread. */
    public List<PostStatus> statuses() {
        return board.all();
    }

    /**
     * Applies a batch of change records processed at {@code now}. Writer only.
     *
     * @param now processing time; earlier than a previous call counts as that call's time
     */
    public void apply(List<? extends UnitChange> changes, Instant now) {
        now = monotone(now);
        advance(now, false);
        BitSet touched = new BitSet();
        for (UnitChange c : changes) {
            UnitRecord b = c.before();
            if (b != null && b.lastPosition() != null) {
                for (int i : gates.containing(b.lastPosition().lon(), b.lastPosition().lat())) {
                    if (near.get(i).remove(b.id()) != null) {
                        touched.set(i);
                    }
                }
            }
            UnitRecord a = c.after();
            Position p = a.lastPosition();
            if (p != null && Fixes.onDuty(a)) {
                for (int i : gates.containing(p.lon(), p.lat())) {
                    near.get(i).put(a.id(), p.time());
                    touched.set(i);
                }
            }
        }
        for (int i = touched.nextSetBit(0); i >= 0; i = touched.nextSetBit(i + 1)) {
            observe(i, now);
        }
        advance(now, true);
    }

    /** Handles the window edges due by {@code now} and refreshes every live count. Writer only. */
    public void tick(Instant now) {
        now = monotone(now);
        advance(now, true);
        Instant stale = now.minus(maxFixAge);
        for (int i = 0; i < posts.size(); i++) {
            near.get(i).values().removeIf(t -> t.isBefore(stale)); // times only grow: stale for good
            refresh(i, present(i, now));
        }
    }

    /**
     * The on-post rate of a day per county (code order) and, last, for the city; empty when the
     * day is not on record (before monitoring began, older than {@value #RETAIN_DAYS} days, or to
     * come). Lock-free, any thread; today's figures move as windows are decided.
     */
    public List<PostRate> onPostRate(LocalDate date) {
        AreaTally tally = tally(date);
        return tally == null ? List.of() : tally.rows(areas, PostDutyMonitor::rate);
    }

    /**
     * The on-post rate of a day for the city, then each county, then each township (code order);
     * empty when the day is not on record, as {@link #onPostRate}. Lock-free, any thread.
     */
    public List<PostRate> onPostRateAllLevels(LocalDate date) {
        AreaTally tally = tally(date);
        return tally == null ? List.of() : tally.allRows(areas, PostDutyMonitor::rate);
    }

    private static PostRate rate(AdminArea a, int[] c) {
        return new PostRate(a, c[0], c[1], c[2], c[3], c[4], c[5]);
    }

    private AreaTally tally(LocalDate date) {
        Day d = days.get(date);
        if (d == null) {
            return null;
        }
        AreaTally tally = new AreaTally(6);
        for (int i = 0; i < d.outcomes().length(); i++) {
            Outcome o = d.outcomes().get(i);
            SchoolPost post = posts.get(o.post());
            tally.add(post.countyCode(), post.gridCode(), 0, 1);
            int counter = switch (o.state()) {
                case STAFFED -> o.late() ? 3 : 2;
                case UNDERSTAFFED -> 4;
                case MISSED -> 5;
                default -> -1;
            };
            if (counter > 0) {
                tally.add(post.countyCode(), post.gridCode(), 1, 1); // decided
                tally.add(post.countyCode(), post.gridCode(), counter, 1);
            }
        }
        return tally;
    }

    // ------------------------------------------------------------------ writer

    private Instant monotone(Instant now) {
        if (now.isBefore(last)) {
            return last;
        }
        last = now;
        return now;
    }

    /** Handles the edges before {@code now} (and at it when inclusive), day by day. */
    private void advance(Instant now, boolean inclusive) {
        while (true) {
            Transition[] ts = today.transitions();
            while (cursor < ts.length) {
                int cmp = ts[cursor].time().compareTo(now);
                if (cmp > 0 || (cmp == 0 && !inclusive)) {
                    break;
                }
                handle(ts[cursor++]);
            }
            if (!today.date().isBefore(LocalDate.ofInstant(now, zone))) {
                return;
            }
            startDay(today.date().plusDays(1), null); // every edge of the ended day came before now
        }
    }

    private void startDay(LocalDate date, Instant since) {
        List<Run> runs = new ArrayList<>();
        Arrays.fill(shown, -1);
        Map<SchoolKind, Boolean> school = new java.util.EnumMap<>(SchoolKind.class);
        for (SchoolKind k : SchoolKind.values()) {
            school.put(k, calendar.isSchoolDay(date, k));
        }
        for (int p = 0; p < posts.size(); p++) {
            if (school.get(posts.get(p).kind())) {
                for (DutyWindow w : posts.get(p).dutyWindows()) {
                    Instant start = date.atTime(w.start()).atZone(zone).toInstant();
                    Instant end = date.atTime(w.end()).atZone(zone).toInstant();
                    Instant deadline = start.plus(grace).isBefore(end) ? start.plus(grace) : end;
                    if (since != null && deadline.isBefore(since)) {
                        continue;
                    }
                    if (shown[p] < 0) {
                        shown[p] = runs.size();
                    }
                    runs.add(new Run(p, w, start, deadline, end));
                }
            }
        }
        Run[] rs = runs.toArray(new Run[0]);
        List<Transition> ts = new ArrayList<>(rs.length * 3);
        AtomicReferenceArray<Outcome> outcomes = new AtomicReferenceArray<>(rs.length);
        for (int i = 0; i < rs.length; i++) {
            ts.add(new Transition(rs[i].start, i, Edge.START));
            ts.add(new Transition(rs[i].deadline, i, Edge.DEADLINE));
            ts.add(new Transition(rs[i].end, i, Edge.END));
            outcomes.set(i, new Outcome(rs[i].post, DutyState.PENDING, false));
        }
        ts.sort(Comparator.comparing(Transition::time).thenComparing(Transition::edge).thenComparingInt(Transition::run));
        today = new Day(date, rs, outcomes, ts.toArray(new Transition[0]));
        cursor = 0;
        days.put(date, today);
        days.keySet().removeIf(d -> d.isBefore(date.minusDays(RETAIN_DAYS - 1)));
        Instant at = since != null ? since : date.atStartOfDay(zone).toInstant();
        for (int p = 0; p < posts.size(); p++) {
            refresh(p, present(p, at));
        }
    }

    private void handle(Transition t) {
        Run r = today.runs()[t.run()];
        int p = r.post;
        switch (t.edge()) {
            case START -> {
                r.open = true;
                shown[p] = t.run();
                int n = present(p, t.time());
                r.maxPresent = n;
                r.staffed = n >= posts.get(p).requiredStaff();
                refresh(p, n);
            }
            case DEADLINE -> {
                r.decided = true;
                if (!r.staffed) {
                    raise(r);
                }
                refresh(p, present(p, t.time()));
            }
            case END -> {
                r.open = false;
                refresh(p, present(p, t.time()));
            }
        }
        today.outcomes().set(t.run(), new Outcome(p, r.state(), r.late));
    }

    /** A change record concerned post {@code p}: count who is present now. */
    private void observe(int p, Instant now) {
        int n = present(p, now);
        int ri = shown[p];
        if (ri >= 0) {
            Run r = today.runs()[ri];
            if (r.open && now.isBefore(r.end) && !r.staffed) {
                r.maxPresent = Math.max(r.maxPresent, n);
                if (n >= posts.get(p).requiredStaff()) {
                    r.staffed = true;
                    r.late = r.decided;
                }
                today.outcomes().set(ri, new Outcome(p, r.state(), r.late));
            }
        }
        refresh(p, n);
    }

    private void raise(Run r) {
        SchoolPost post = posts.get(r.post);
        boolean nobody = r.maxPresent == 0;
        alerts.raise(ALERT_KIND, (nobody ? AlertSeverity.CRITICAL : AlertSeverity.WARNING).id(),
                post.name() + "护学岗" + (nobody ? DutyState.MISSED.label() : DutyState.UNDERSTAFFED.label()),
                "值守时段 " + r.window.start() + "–" + r.window.end() + "，开始 " + grace.toMinutes() + " 分钟内最多同时到岗 "
                        + r.maxPresent + "/" + post.requiredStaff() + " 人",
                post.gridCode(), post.gate().getX(), post.gate().getY());
        r.alerted = true;
    }

    /**
     * Writer: the units counted at post {@code p} become its staff on duty while its window is open
     * ({@code at} non-null: fixes no older than {@code maxFixAge} before it), none otherwise.
     */
    private void updateStaff(int p, Instant at) {
        Set<String> was = staff.get(p);
        if (at == null && was.isEmpty()) {
            return; // the usual case: a closed window, nobody counted
        }
        Set<String> now = new HashSet<>();
        if (at != null) {
            Instant oldest = at.minus(maxFixAge);
            near.get(p).forEach((id, t) -> {
                if (!t.isBefore(oldest)) {
                    now.add(id);
                }
            });
        }
        for (String id : was) {
            if (!now.contains(id)) {
                onDuty.computeIfPresent(id, (k, n) -> n > 1 ? n - 1 : null);
            }
        }
        for (String id : now) {
            if (!was.contains(id)) {
                onDuty.merge(id, 1, Integer::sum);
            }
        }
        staff.set(p, now);
    }

    /**
     * True while the unit is counted present at a school post (护学岗) whose duty window is open:
     * it guards the gate and is not to be sent elsewhere. Lock-free, any thread; as of the last
     * change record or tick the writer handled.
     */
    public boolean onPostDuty(String unitId) {
        return onDuty.containsKey(unitId);
    }

    private int present(int p, Instant at) {
        Instant oldest = at.minus(maxFixAge);
        int n = 0;
        for (Instant t : near.get(p).values()) {
            if (!t.isBefore(oldest)) {
                n++;
            }
        }
        return n;
    }

    private void refresh(int p, int present) {
        SchoolPost post = posts.get(p);
        int ri = shown[p];
        Run r = ri < 0 ? null : today.runs()[ri];
        updateStaff(p, r != null && r.open ? last : null);
        PostStatus s = new PostStatus(post.id(), post.name(), post.countyCode(), post.gridCode(), post.gate().getX(),
                post.gate().getY(), r == null ? DutyState.NONE : r.state(), present, post.requiredStaff(),
                r == null ? null : r.start, r == null ? null : r.end, r != null && r.late, r != null && r.alerted);
        board.set(p, s);
    }
}
