package org.gridwatch.live;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.locationtech.jts.geom.Envelope;

/**
 * The subscriptions of one group bucketed by the cells of a fixed lon/lat grid their bbox
 * overlaps, so that a change is offered to the few subscriptions whose bbox may hold it instead of
 * to all of them: with 1,000 township-sized views, a unit's move meets a handful, not 1,000.
 * Subscriptions without a bbox, or with one over more than {@link #MAX_CELLS} cells, are
 * candidates for every item.
 *
 * <p>Candidates are a superset of the matches: callers still test {@link Filter#matches}. Built
 * once per change of the group's membership; confined to the hub thread.
 */
final class SubscriptionIndex {
    /** Cell size, degrees (about 5.5 km north–south). */
    static final double CELL = 0.05;
    /** A bbox covering more cells than this is treated as everywhere. */
    static final int MAX_CELLS = 256;

    private final List<Subscription> everywhere = new ArrayList<>();
    private final Map<Long, List<Subscription>> cells = new HashMap<>();
    private final List<Subscription> all;
    private int stamp;

    SubscriptionIndex(List<Subscription> subscriptions) {
        this.all = List.copyOf(subscriptions);
        for (Subscription s : all) {
            s.indexVisit = 0;     // stamps of an earlier index of the group mean nothing here
            Envelope b = s.filter.bbox();
            if (b == null || cellCount(b) > MAX_CELLS) {
                everywhere.add(s);
                continue;
            }
            for (long x = cell(b.getMinX()); x <= cell(b.getMaxX()); x++) {
                for (long y = cell(b.getMinY()); y <= cell(b.getMaxY()); y++) {
                    cells.computeIfAbsent(key(x, y), k -> new ArrayList<>()).add(s);
                }
            }
        }
    }

    /**
     * Calls {@code action} once for each subscription whose bbox may intersect {@code a} or
     * {@code b} (either may be null: no item; an item without extent reaches every subscription).
     */
    void candidates(Item a, Item b, Consumer<Subscription> action) {
        if ((a != null && a.extent() == null) || (b != null && b.extent() == null)) {
            all.forEach(action);
            return;
        }
        int visit = ++stamp;
        for (Subscription s : everywhere) {
            once(s, visit, action);
        }
        if (a != null) {
            visit(a.extent(), visit, action);
        }
        if (b != null) {
            visit(b.extent(), visit, action);
        }
    }

    private void visit(Envelope e, int visit, Consumer<Subscription> action) {
        if (cellCount(e) > MAX_CELLS) {
            for (Subscription s : all) {
                once(s, visit, action);
            }
            return;
        }
        for (long x = cell(e.getMinX()); x <= cell(e.getMaxX()); x++) {
            for (long y = cell(e.getMinY()); y <= cell(e.getMaxY()); y++) {
                List<Subscription> subs = cells.get(key(x, y));
                if (subs != null) {
                    for (Subscription s : subs) {
                        once(s, visit, action);
                    }
                }
            }
        }
    }

    private static void once(Subscription s, int visit, Consumer<Subscription> action) {
        if (s.indexVisit != visit) {
            s.indexVisit = visit;
            action.accept(s);
        }
    }

    private static long cellCount(Envelope e) {
        return (cell(e.getMaxX()) - cell(e.getMinX()) + 1) * (cell(e.getMaxY()) - cell(e.getMinY()) + 1);
    }

    private static long cell(double degrees) {
        return (long) Math.floor(degrees / CELL);
    }

    private static long key(long x, long y) {
        return (x << 32) ^ (y & 0xffffffffL);
    }
}
