package org.gridwatch.live;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A state feed computed from a live index on a period: per group, the complete current items are
 * recomputed and compared with the previous ones, and the difference is published. Suits values
 * that change by time as well as by events (heat windows sliding, coverage ageing) and bounds the
 * push rate to one delta per period. Hub thread only.
 */
abstract class PolledFeed implements Feed {
    private record State(Map<String, Item> items, long computedAt, long version) {
    }

    final LiveHub hub;
    private final long periodMillis;
    private final Map<String, State> groups = new HashMap<>();

    PolledFeed(LiveHub hub, long periodMillis) {
        this.hub = hub;
        this.periodMillis = periodMillis;
    }

    /** The complete current items of a group, by key. */
    abstract Map<String, Item> compute(Object settings, Instant now);

    /** A number that changes when the source changes, or -1 when it must always be recomputed. */
    long version() {
        return -1;
    }

    /** The recomputation period, ms. */
    long periodMillis() {
        return periodMillis;
    }

    /** Recomputes every group with subscribers and publishes the differences. */
    void tick(Instant now) {
        Map<String, Object> active = hub.activeGroups(channel());
        groups.keySet().retainAll(active.keySet());
        active.forEach((group, settings) -> refresh(group, settings, now, true));
    }

    private State refresh(String group, Object settings, Instant now, boolean periodic) {
        State prev = groups.get(group);
        long v = version();
        if (prev != null && v != -1 && v == prev.version) {
            return prev;
        }
        if (prev != null && !periodic && now.toEpochMilli() - prev.computedAt < periodMillis) {
            return prev; // fresh enough for a snapshot; the next tick publishes what changed since
        }
        State next = new State(compute(settings, now), now.toEpochMilli(), v);
        groups.put(group, next);
        if (prev != null) {
            hub.publish(channel(), group, diff(prev.items, next.items));
        }
        return next;
    }

    private static List<Change> diff(Map<String, Item> before, Map<String, Item> after) {
        List<Change> out = new ArrayList<>();
        for (Map.Entry<String, Item> e : before.entrySet()) {
            Item now = after.get(e.getKey());
            if (now == null) {
                out.add(new Change(e.getKey(), e.getValue(), null));
            } else if (!now.json().equals(e.getValue().json())) {
                out.add(new Change(e.getKey(), e.getValue(), now));
            }
        }
        for (Map.Entry<String, Item> e : after.entrySet()) {
            if (!before.containsKey(e.getKey())) {
                out.add(new Change(e.getKey(), null, e.getValue()));
            }
        }
        return out;
    }

    @Override
    public Snapshot snapshot(Subscription s, Instant now) {
        State st = refresh(s.spec.group(), s.spec.settings(), now, false);
        return new Snapshot(Feed.matching(st.items.values(), s), extra(s.spec.settings()));
    }

    /** Further fields of a snapshot's data. */
    io.vertx.core.json.JsonObject extra(Object settings) {
        return new io.vertx.core.json.JsonObject();
    }

    /** An ordered map for {@link #compute} results. */
    static Map<String, Item> items() {
        return new LinkedHashMap<>();
    }
}
