package org.gridwatch.analysis;

import java.time.Duration;
import java.time.Instant;
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

/**
 * Patrol coverage per grid: when an on-duty unit (status available or busy) was last reported
 * inside each grid, and the coverage rate of any area for a window — the share of its grids
 * visited within the window — from the stream of {@link UnitChange} records.
 *
 * <p>A visit is a reported position inside the grid (by {@link GridIndex}'s rule); off-duty
 * units do not count. Fix times, not receipt times, are used, so late positions count for when
 * they were taken.
 *
 * <p><b>Thread-safety.</b> Single writer ({@link #apply}), lock-free readers (atomic per-grid
 * times).
 */
public final class CoverageIndex {
    private final GridIndex grids;
    private final AreaHierarchy areas;
    private final Map<String, Integer> slot = new HashMap<>();
    private final List<AdminArea> gridList;
    /** Per grid (in code order): epoch ms of the latest on-duty visit, or Long.MIN_VALUE. */
    private final AtomicLongArray lastVisit;

    public CoverageIndex(GridIndex grids) {
        this.grids = grids;
        this.areas = grids.hierarchy();
        this.gridList = areas.level(AdminLevel.GRID);
        this.lastVisit = new AtomicLongArray(gridList.size());
        for (int i = 0; i < gridList.size(); i++) {
            slot.put(gridList.get(i).code(), i);
            lastVisit.set(i, Long.MIN_VALUE);
        }
    }

    /** Records the visits in a batch of change records. Writer only. */
    public void apply(List<UnitChange> changes) {
        for (UnitChange c : changes) {
            Position p = Fixes.newOnDutyFix(c);
            if (p == null) {
                continue;
            }
            AdminArea g = grids.locateGrid(p.lon(), p.lat());
            if (g == null) {
                continue;
            }
            int i = slot.get(g.code());
            long t = p.time().toEpochMilli();
            if (t > lastVisit.get(i)) {
                lastVisit.set(i, t);
            }
        }
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
     * Coverage of an area: grids inside it and how many of them were visited in
     * {@code (now − window, now]}.
     *
     * @param area    any admin area (its grids are those whose code starts with its prefix)
     * @param visited grids visited within the window
     * @param grids   grids in the area
     */
    public record Coverage(AdminArea area, int visited, int grids) {
        /** visited / grids, 0 for an area without grids. */
        public double rate() {
            return grids == 0 ? 0 : (double) visited / grids;
        }
    }

    /** Coverage of every area of {@code level} (ordered by code) for the window ending at {@code now}. */
    public List<Coverage> coverage(AdminLevel level, Instant now, Duration window) {
        long from = now.minus(window).toEpochMilli();
        long to = now.toEpochMilli();
        int prefix = level == AdminLevel.CITY ? 0 : level.codeLength();
        Map<String, int[]> counts = new HashMap<>();
        for (int i = 0; i < gridList.size(); i++) {
            String key = level == AdminLevel.CITY ? areas.city().code() : gridList.get(i).code().substring(0, prefix);
            int[] c = counts.computeIfAbsent(key, k -> new int[2]);
            c[1]++;
            long t = lastVisit.get(i);
            if (t > from && t <= to) {
                c[0]++;
            }
        }
        return areas.level(level).stream().map(a -> {
            int[] c = counts.getOrDefault(a.code(), new int[2]);
            return new Coverage(a, c[0], c[1]);
        }).toList();
    }
}
