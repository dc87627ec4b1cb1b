package org.gridwatch.analysis;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.gridwatch.area.AdminArea;
import org.gridwatch.pipeline.CommitQueue;
import org.gridwatch.post.KeyPlaceMonitor;
import org.gridwatch.post.PostDutyMonitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily duty history: per local day (the city's time zone) and per area (the city, each county,
 * each township) the day's 护学岗 on-post figures ({@link PostDutyMonitor}), 见警率
 * ({@link KeyPlaceMonitor}) and patrol coverage ({@link CoverageIndex#dayCoverage}), written to
 * the store ({@link HistoryStore}) so that they outlive the monitors' memory and restarts.
 *
 * <p><b>When figures are written.</b> Through the commit queue (committed on the store lane), by
 * {@link #tick} on the state lane: the running day's figures every {@link #WRITE_EVERY} when they
 * changed; a day is <i>open</i> from its start until the end of the next day (a key period that
 * crosses midnight ends then), its figures written as it goes, and written once more, marked
 * {@link DailyFigures#complete()}, at the first tick after that; and by {@link #flush} (at shutdown)
 * for every open day. The change record of such a write is the list of rows written.
 *
 * <p><b>Restarts.</b> The monitors start empty: windows of the start-up day whose deadline passed
 * before the start, and patrol slots begun before it, are not measured again. So the figures of the
 * start-up day are those stored before the start (read once, at construction) with what is
 * measured since added ({@link DailyFigures#after}); days before it are left as stored. Coverage
 * after a restart is a lower bound (see {@code after}).
 *
 * <p><b>Thread-safety.</b> {@link #tick} and the write's apply step on the state lane (single
 * writer); {@link #flush} from any thread; {@link #measure} and {@link #openDays} from any thread
 * (the monitors' lock-free readers and immutable start-up state).
 */
public final class DailyHistory {
    private static final Logger LOG = LoggerFactory.getLogger(DailyHistory.class);
    /** How often the running day's figures are written (when they changed). */
    public static final Duration WRITE_EVERY = Duration.ofMinutes(5);

    private final PostDutyMonitor posts;
    private final KeyPlaceMonitor places;
    private final CoverageIndex coverage;
    private final ZoneId zone;
    private final HistoryStore store;
    private final CommitQueue writes;
    private final LocalDate startDay;
    /** The start-up day's figures stored before the start, by area code; immutable. */
    private final Map<String, DailyFigures> before;
    /** The oldest open day (written, not yet complete); read from any thread. */
    private volatile LocalDate oldestOpen;
    // Writer (state lane) only.
    private Instant lastWrite;
    /** A write is on its way (set on the state lane, cleared wherever it completes). */
    private volatile boolean writing;
    /** Counts last written, by day and area, as {@code at(EPOCH)} (compared without their time). */
    private final Map<LocalDate, Map<String, DailyFigures>> written = new HashMap<>();

    /**
     * @param since  when monitoring began (the monitors' start)
     * @param stored the figures of the start-up day stored before this start (any areas; others ignored)
     */
    public DailyHistory(PostDutyMonitor posts, KeyPlaceMonitor places, CoverageIndex coverage, ZoneId zone,
                        HistoryStore store, CommitQueue writes, Instant since, List<DailyFigures> stored) {
        this.posts = posts;
        this.places = places;
        this.coverage = coverage;
        this.zone = zone;
        this.store = store;
        this.writes = writes;
        this.startDay = LocalDate.ofInstant(since, zone);
        Map<String, DailyFigures> b = new HashMap<>();
        for (DailyFigures f : stored) {
            if (f.day().equals(startDay)) {
                b.put(f.areaCode(), f);
            }
        }
        this.before = Map.copyOf(b);
        this.oldestOpen = startDay;
    }

    /** The city's time zone of the days. */
    public ZoneId zone() {
        return zone;
    }

    /**
     * The figures of local day {@code date} measured at {@code now}: the city's row, then each
     * county's, then each township's (code order); for the start-up day with the figures stored
     * before the start added. Days the monitors no longer (or never) held count zero. Any thread.
     *
     * @param complete what the rows say of the day
     */
    public List<DailyFigures> measure(LocalDate date, Instant now, boolean complete) {
        List<PostDutyMonitor.PostRate> duty = posts.onPostRateAllLevels(date);
        List<KeyPlaceMonitor.VisibilityRate> seen = places.visibilityRateAllLevels(date, now);
        List<CoverageIndex.DayCoverage> visited = coverage.dayCoverage(date);
        List<DailyFigures> out = new ArrayList<>(visited.size());
        for (int i = 0; i < visited.size(); i++) {
            CoverageIndex.DayCoverage c = visited.get(i);
            AdminArea a = c.area();
            PostDutyMonitor.PostRate p = duty.isEmpty() ? null : duty.get(i); // the same area order (AreaTally.allRows)
            KeyPlaceMonitor.VisibilityRate v = seen.isEmpty() ? null : seen.get(i);
            DailyFigures f = new DailyFigures(date, a.code(), a.level(), p == null ? 0 : p.decided(),
                    p == null ? 0 : p.onTime(), p == null ? 0 : p.late(), p == null ? 0 : p.understaffed(),
                    p == null ? 0 : p.missed(), v == null ? 0 : v.slots(), v == null ? 0 : v.seen(), c.grids(),
                    c.visited(), complete, now);
            DailyFigures was = date.equals(startDay) ? before.get(a.code()) : null;
            out.add(was == null ? f : f.after(was));
        }
        return out;
    }

    /**
     * The days whose figures are still being measured (the oldest open day through {@code now}'s
     * day): for them the live {@link #measure} is newer than the store. Any thread.
     */
    public List<LocalDate> openDays(Instant now) {
        List<LocalDate> out = new ArrayList<>();
        LocalDate today = LocalDate.ofInstant(now, zone);
        for (LocalDate d = oldestOpen; !d.isAfter(today); d = d.plusDays(1)) {
            out.add(d);
        }
        return out;
    }

    /**
     * The periodic check (state lane, as a consequence): writes the figures of the days that ended
     * for good (complete) and, every {@link #WRITE_EVERY}, those of the open days that changed.
     */
    public void tick(Instant now) {
        if (writing) {
            return; // the next tick writes what changed meanwhile
        }
        LocalDate today = LocalDate.ofInstant(now, zone);
        boolean due = lastWrite == null || !now.isBefore(lastWrite.plus(WRITE_EVERY));
        boolean ended = oldestOpen.isBefore(today.minusDays(1));
        if (due || ended) {
            write(now, today, false);
        }
    }

    /** Writes the figures of every open day now, whether or not they changed since (at shutdown). Any thread. */
    public CompletableFuture<Void> flush(Instant now) {
        return writes.submit(() -> {
            LocalDate today = LocalDate.ofInstant(now, zone);
            List<DailyFigures> rows = rows(now, today, true);
            return CommitQueue.Plan.of(() -> store.upsertDailyFigures(rows), () -> {
                remember(rows, today);
                return null;
            });
        });
    }

    private void write(Instant now, LocalDate today, boolean all) {
        List<DailyFigures> rows = rows(now, today, all);
        lastWrite = now;
        if (rows.isEmpty()) {
            return;
        }
        writing = true;
        writes.submit(() -> CommitQueue.Plan.<Void>of(() -> store.upsertDailyFigures(rows), () -> {
            remember(rows, today);
            return null;
        })).whenComplete((v, e) -> {
            writing = false; // also when the write was refused before it was prepared (the queue full)
            if (e != null) {
                LOG.warn("daily history: {} rows not stored, tried again at the next tick: {}", rows.size(), e.toString());
            }
        });
    }

    /**
     * The rows to write: each open day's that changed since last written (all of them with
     * {@code all}); a day before yesterday is complete (and no longer open once they are stored).
     */
    private List<DailyFigures> rows(Instant now, LocalDate today, boolean all) {
        List<DailyFigures> out = new ArrayList<>();
        LocalDate first = oldestOpen;
        for (LocalDate d = first; !d.isAfter(today); d = d.plusDays(1)) {
            boolean complete = d.isBefore(today.minusDays(1));
            Map<String, DailyFigures> was = written.getOrDefault(d, Map.of());
            for (DailyFigures f : measure(d, now, complete)) {
                if (all || complete || !f.at(Instant.EPOCH).equals(was.get(f.areaCode()))) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    /**
     * The rows were stored (state lane): they are what was last written, and the days that were
     * complete in them are no longer open.
     */
    private void remember(List<DailyFigures> rows, LocalDate today) {
        LocalDate open = today.minusDays(1).isBefore(oldestOpen) ? oldestOpen : today.minusDays(1);
        oldestOpen = open;
        written.keySet().removeIf(d -> d.isBefore(open));
        for (DailyFigures f : rows) {
            if (!f.day().isBefore(oldestOpen)) {
                written.computeIfAbsent(f.day(), d -> new HashMap<>()).put(f.areaCode(), f.at(Instant.EPOCH));
            }
        }
    }
}
