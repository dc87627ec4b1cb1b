package org.gridwatch.analysis;

import org.gridwatch.patrol.Fixes;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.area.GridIndex;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.UnitChange;
import org.gridwatch.pipeline.Stage;
import org.gridwatch.patrol.UnitRecord;

/**
 * Patrol coverage per grid: when an on-duty unit (status available or busy) was last reported
 * inside each grid, and the coverage rate of any area for a window — the share of its grids
 * visited within the window — from the stream of {@link UnitChange} records.
 *
 * <p>A visit is a reported position inside the grid (by {@link GridIndex}'s rule); off-duty
 * units do not count. Fix times, not receipt times, are used, so late positions count for when
 * they were taken.
 *
 * <p><b>Dosage</b> (巡逻剂量): on-duty unit time spent in each grid over the last 24 h, in
 * unit-minutes. Between two consecutive fixes of a unit, the time from the earlier fix is
 * credited to the grid of the earlier fix, capped at {@code dosageCap} (a unit that falls silent
 * does not accrue hours); nothing is credited when the earlier fix was off duty or outside every
 * grid, or when the unit went off duty between the two fixes. Credit is kept in
 * {@value #BUCKET_MINUTES}-minute buckets of fix time; the 24 h window ends at the reading time and
 * starts at the beginning of the bucket 24 h earlier (so it spans 24 h to 24 h
 * {@value #BUCKET_MINUTES} min). Fixes before start-up are not replayed: a unit's first fix after
 * start-up credits the gap from its stored last fix (capped).
 *
 * <p><b>Visits per hour</b>, for the daily report: which grids an on-duty unit visited in each
 * hour of fix time (UTC hours, so any whole-hour time zone's days are unions of them), kept for
 * {@value #VISIT_RETAIN_HOURS} hours after the latest one recorded; {@link #visited} reads them.
 *
 * <p><b>Thread-safety.</b> Single writer ({@link #apply}), lock-free readers (atomic per-grid
 * times, buckets and visit bits; a reading concurrent with a write may miss that write's credit).
 * Readers keep each grid's last dosage sum with the window and credit count it was read for (an
 * atomic memo, replaced whole), so reading a grid again before either moves costs no sum.
 */
public final class CoverageIndex implements Stage<UnitChange> {
    private final GridIndex grids;
    private final AreaHierarchy areas;
    private final Map<String, Integer> slot = new HashMap<>();
    private final List<AdminArea> gridList;
    /** Dosage bucket length, minutes. */
    public static final int BUCKET_MINUTES = 10;
    /** Default cap on the time credited from one fix, minutes. */
    public static final int DEFAULT_DOSAGE_CAP_MINUTES = 10;
    private static final long BUCKET_MS = BUCKET_MINUTES * 60_000L;
    /** Buckets in the dosage window before the current one. */
    private static final int WINDOW_BUCKETS = 24 * 60 / BUCKET_MINUTES;
    /** Ring size: the window, the current bucket and two ahead (fixes up to a few minutes in the future). */
    private static final int RING = WINDOW_BUCKETS + 3;

    /** A grid's dosage sum (ms) over the window starting at bucket {@code firstBucket}, after {@code credits} credits. */
    private record DosageMemo(long firstBucket, long credits, long millis) {
    }

    /** The last fix of a unit, as dosage needs it. */
    private record Track(long fixMillis, int grid, boolean onDuty) {
    }

    /** Per grid (in code order): epoch ms of the latest on-duty visit, or Long.MIN_VALUE. */
    private final AtomicLongArray lastVisit;
    /** Per grid × RING: credited unit-milliseconds of the bucket named in {@link #bucketOf}. */
    private final AtomicLongArray dosage;
    /** Per grid × RING: the bucket number (epoch ms / BUCKET_MS) a ring slot holds, or Long.MIN_VALUE. */
    private final AtomicLongArray bucketOf;
    /** Per grid: credits written so far (raised after each credit's buckets are written). */
    private final AtomicLongArray credits;
    /**
     * Per grid: the last dosage sum read and what it was read for, so that a grid's dosage is
     * summed over its {@value #RING} buckets once per window step and credit, not on every read.
     */
    private final java.util.concurrent.atomic.AtomicReferenceArray<DosageMemo> dosageMemo;
    private final long capMillis;
    /** Local days whose visited grids are kept. */
    private static final int DAY_SLOTS = 3;
    private final ZoneId zone;
    /**
     * Per grid × {@value #DAY_SLOTS}: a local day (epoch day) with an on-duty visit, in slot
     * {@code day mod DAY_SLOTS}, so the running day and the two before are known (the daily
     * history reads a day until the end of the next).
     */
    private final AtomicLongArray visitDays;
    /** Writer only: each unit's last fix. */
    private final Map<String, Track> tracks = new HashMap<>();
    /** Hours of visit bits kept after the latest recorded (31 days, as the duty monitors keep their days). */
    public static final int VISIT_RETAIN_HOURS = 31 * 24;
    private static final long HOUR_MS = 3_600_000L;
    /** Epoch hour (UTC) → one bit per grid (code order): visited by an on-duty unit in that hour. */
    private final Map<Long, AtomicLongArray> visitHours = new java.util.concurrent.ConcurrentHashMap<>();
    /** Writer only: the latest epoch hour with visit bits. */
    private long latestVisitHour = Long.MIN_VALUE;

    /** Coverage with the default dosage cap of {@value #DEFAULT_DOSAGE_CAP_MINUTES} minutes. */
    public CoverageIndex(GridIndex grids, ZoneId zone) {
        this(grids, Duration.ofMinutes(DEFAULT_DOSAGE_CAP_MINUTES), zone);
    }

    /**
     * @param dosageCap most time credited from one fix to the next (&gt; 0, at most an hour)
     * @param zone      the city's time zone, whose local days {@link #dayCoverage} counts
     */
    public CoverageIndex(GridIndex grids, Duration dosageCap, ZoneId zone) {
        if (dosageCap.isNegative() || dosageCap.isZero() || dosageCap.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("dosage cap must be in (0, 60 min]: " + dosageCap);
        }
        this.grids = grids;
        this.areas = grids.hierarchy();
        this.gridList = areas.level(AdminLevel.GRID);
        this.capMillis = dosageCap.toMillis();
        this.zone = java.util.Objects.requireNonNull(zone, "zone");
        this.visitDays = new AtomicLongArray(gridList.size() * DAY_SLOTS);
        for (int i = 0; i < visitDays.length(); i++) {
            visitDays.set(i, Long.MIN_VALUE);
        }
        this.lastVisit = new AtomicLongArray(gridList.size());
        this.dosage = new AtomicLongArray(gridList.size() * RING);
        this.bucketOf = new AtomicLongArray(gridList.size() * RING);
        this.credits = new AtomicLongArray(gridList.size());
        this.dosageMemo = new java.util.concurrent.atomic.AtomicReferenceArray<>(gridList.size());
        for (int i = 0; i < gridList.size(); i++) {
            slot.put(gridList.get(i).code(), i);
            lastVisit.set(i, Long.MIN_VALUE);
        }
        for (int i = 0; i < bucketOf.length(); i++) {
            bucketOf.set(i, Long.MIN_VALUE);
        }
    }

    @Override
    public String name() {
        return "coverage";
    }

    /** Records the visits and dosage in a batch of change records. Writer only (stage {@code coverage}). */
    @Override
    public void apply(List<? extends UnitChange> changes) {
        for (UnitChange c : changes) {
            UnitRecord u = c.after();
            Position p = u.lastPosition();
            boolean newFix = p != null && (c.before() == null || !Fixes.sameFix(p, c.before().lastPosition()));
            if (!newFix) {
                Track t = tracks.get(u.id());
                if (t != null && t.onDuty() && !Fixes.onDuty(u)) {
                    tracks.put(u.id(), new Track(t.fixMillis(), t.grid(), false)); // off duty: the gap is not patrol
                }
                continue;
            }
            AdminArea g = grids.locateGrid(p.lon(), p.lat());
            int i = g == null ? -1 : slot.get(g.code());
            long t = p.time().toEpochMilli();
            Track previous = tracks.put(u.id(), new Track(t, i, Fixes.onDuty(u)));
            if (previous != null && previous.onDuty() && previous.grid() >= 0 && t > previous.fixMillis()) {
                credit(previous.grid(), previous.fixMillis(), Math.min(t - previous.fixMillis(), capMillis));
            }
            if (i >= 0 && Fixes.onDuty(u)) {
                if (t > lastVisit.get(i)) {
                    lastVisit.set(i, t);
                }
                long day = LocalDate.ofInstant(p.time(), zone).toEpochDay();
                int k = i * DAY_SLOTS + (int) Math.floorMod(day, DAY_SLOTS);
                if (visitDays.get(k) < day) {
                    visitDays.set(k, day); // a fix days late finds its slot taken by a later day: dropped
                }
            }
            if (i >= 0 && Fixes.onDuty(u)) {
                markVisit(i, t);
            }
        }
    }

    /** Sets grid {@code i}'s bit of the hour of {@code fixMillis}, dropping hours past the retention. Writer only. */
    private void markVisit(int i, long fixMillis) {
        long hour = Math.floorDiv(fixMillis, HOUR_MS);
        if (latestVisitHour != Long.MIN_VALUE && hour <= latestVisitHour - VISIT_RETAIN_HOURS) {
            return; // older than what is kept
        }
        AtomicLongArray bits = visitHours.computeIfAbsent(hour, h -> new AtomicLongArray((gridList.size() + 63) / 64));
        long mask = 1L << (i & 63);
        if ((bits.get(i >>> 6) & mask) == 0) {
            bits.accumulateAndGet(i >>> 6, mask, (a, b) -> a | b);
        }
        if (hour > latestVisitHour) {
            latestVisitHour = hour;
            visitHours.keySet().removeIf(h -> h <= hour - VISIT_RETAIN_HOURS);
        }
    }

    /**
     * Grids of every area of {@code level} (ordered by code) visited by an on-duty unit at some fix
     * time in {@code [from, to)}, counted by whole UTC hours (a bound inside an hour counts that whole
     * hour). {@code dosageMinutes} is 0: the visit bits keep no time. Hours older than
     * {@value #VISIT_RETAIN_HOURS} hours before the latest visit, and fixes before start-up, are not
     * held: a window reaching there counts fewer visits. Lock-free, any thread.
     */
    public List<Coverage> visited(AdminLevel level, Instant from, Instant to) {
        long[] union = new long[(gridList.size() + 63) / 64];
        long last = Math.floorDiv(to.toEpochMilli() - 1, HOUR_MS);
        for (long h = Math.floorDiv(from.toEpochMilli(), HOUR_MS); h <= last; h++) {
            AtomicLongArray bits = visitHours.get(h);
            for (int w = 0; bits != null && w < union.length; w++) {
                union[w] |= bits.get(w);
            }
        }
        int prefix = level == AdminLevel.CITY ? 0 : level.codeLength();
        Map<String, int[]> counts = new HashMap<>();
        for (int i = 0; i < gridList.size(); i++) {
            String key = level == AdminLevel.CITY ? areas.city().code() : gridList.get(i).code().substring(0, prefix);
            int[] c = counts.computeIfAbsent(key, k -> new int[2]);
            c[1]++;
            if ((union[i >>> 6] & (1L << (i & 63))) != 0) {
                c[0]++;
            }
        }
        return areas.level(level).stream().map(a -> {
            int[] c = counts.getOrDefault(a.code(), new int[2]);
            return new Coverage(a, c[0], c[1], 0);
        }).toList();
    }

    /** Credits [from, from + millis) to grid {@code i}, split over the buckets it spans. */
    private void credit(int i, long from, long millis) {
        long end = from + millis;
        for (long b = Math.floorDiv(from, BUCKET_MS); b * BUCKET_MS < end; b++) {
            long part = Math.min(end, (b + 1) * BUCKET_MS) - Math.max(from, b * BUCKET_MS);
            int k = i * RING + (int) Math.floorMod(b, (long) RING);
            long held = bucketOf.get(k);
            if (held > b) {
                continue; // the slot already holds a later bucket: this credit is older than the window
            }
            if (held < b) {
                dosage.set(k, 0);
                bucketOf.set(k, b);
            }
            dosage.addAndGet(k, part);
        }
        credits.incrementAndGet(i);
    }

    /**
     * Dosage of a grid: on-duty unit time credited to it in the 24 h window ending at {@code now}
     * (see the class comment); zero for an unknown grid.
     */
    public Duration dosage(String gridCode, Instant now) {
        Integer i = slot.get(gridCode);
        return Duration.ofMillis(i == null ? 0 : dosageMillis(i, Math.floorDiv(now.toEpochMilli(), BUCKET_MS) - WINDOW_BUCKETS));
    }

    /**
     * The dosage of grid {@code i} over the window from {@code firstBucket}: the memo when neither
     * the window nor the grid's credits moved since it was summed, else summed again (and kept).
     * The credit count is read before the buckets: a credit landing during the sum raises it, so
     * the memo of that sum is not reused.
     */
    private long dosageMillis(int i, long firstBucket) {
        long seen = credits.get(i);
        DosageMemo m = dosageMemo.get(i);
        if (m != null && m.firstBucket() == firstBucket && m.credits() == seen) {
            return m.millis();
        }
        long sum = sumBuckets(i, firstBucket);
        dosageMemo.set(i, new DosageMemo(firstBucket, seen, sum));
        return sum;
    }

    private long sumBuckets(int i, long firstBucket) {
        long sum = 0;
        for (int k = i * RING; k < (i + 1) * RING; k++) {
            if (bucketOf.get(k) >= firstBucket) {
                sum += dosage.get(k);
            }
        }
        return sum;
    }

    /** When an on-duty unit was last inside the grid, or null if never (since start-up). */
    public Instant lastVisit(String gridCode) {
        Integer i = slot.get(gridCode);
        if (i == null) {
            return null;
        }
        long t = lastVisit.get(i);
        return t == Long.MIN_VALUE ? null : Instant.ofEpochMilli(t);
    }

    /**
     * Coverage of an area: grids inside it, how many of them were visited in
     * {@code (now − window, now]}, and their dosage over the last 24 h.
     *
     * @param area          any admin area (its grids are those whose code starts with its prefix)
     * @param visited       grids visited within the window
     * @param grids         grids in the area
     * @param dosageMinutes on-duty unit-minutes in the area's grids over the last 24 h (see {@link #dosage})
     */
    public record Coverage(AdminArea area, int visited, int grids, double dosageMinutes) {
        /** visited / grids, 0 for an area without grids. */
        public double rate() {
            return grids == 0 ? 0 : (double) visited / grids;
        }
    }

    /** Coverage of every area of {@code level} (ordered by code) for the window ending at {@code now}. */
    public List<Coverage> coverage(AdminLevel level, Instant now, Duration window) {
        long from = now.minus(window).toEpochMilli();
        long to = now.toEpochMilli();
        long firstBucket = Math.floorDiv(to, BUCKET_MS) - WINDOW_BUCKETS;
        int prefix = level == AdminLevel.CITY ? 0 : level.codeLength();
        Map<String, long[]> counts = new HashMap<>();
        for (int i = 0; i < gridList.size(); i++) {
            String key = level == AdminLevel.CITY ? areas.city().code() : gridList.get(i).code().substring(0, prefix);
            long[] c = counts.computeIfAbsent(key, k -> new long[3]);
            c[1]++;
            long t = lastVisit.get(i);
            if (t > from && t <= to) {
                c[0]++;
            }
            c[2] += dosageMillis(i, firstBucket);
        }
        return areas.level(level).stream().map(a -> {
            long[] c = counts.getOrDefault(a.code(), new long[3]);
            return new Coverage(a, (int) c[0], (int) c[1], c[2] / 60_000.0);
        }).toList();
    }

    /**
     * Patrol coverage of one local day for one area: how many of its grids an on-duty unit was
     * inside at some fix taken that day.
     *
     * @param area    the city, a county or a township
     * @param visited grids visited that day
     * @param grids   grids in the area
     */
    public record DayCoverage(AdminArea area, int visited, int grids) {
        /** visited / grids, 0 for an area without grids. */
        public double rate() {
            return grids == 0 ? 0 : (double) visited / grids;
        }
    }

    /**
     * The coverage of local day {@code date} (the city's time zone) for the city, then each county,
     * then each township (code order). Known for the running day and the two before (fixes since
     * start-up); an older or later day counts no visit. Lock-free, any thread.
     */
    public List<DayCoverage> dayCoverage(LocalDate date) {
        long day = date.toEpochDay();
        org.gridwatch.area.AreaTally tally = new org.gridwatch.area.AreaTally(2);
        int county = AdminLevel.COUNTY.codeLength();
        for (int i = 0; i < gridList.size(); i++) {
            String code = gridList.get(i).code();
            tally.add(code.substring(0, county), code, 1, 1);
            if (visitDays.get(i * DAY_SLOTS + (int) Math.floorMod(day, DAY_SLOTS)) == day) {
                tally.add(code.substring(0, county), code, 0, 1);
            }
        }
        return tally.allRows(areas, (a, c) -> new DayCoverage(a, c[0], c[1]));
    }

    /** The city's time zone of {@link #dayCoverage}. */
    public ZoneId zone() {
        return zone;
    }
}
