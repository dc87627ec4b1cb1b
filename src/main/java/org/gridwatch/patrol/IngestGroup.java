package org.gridwatch.patrol;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What the ingest stages know of one group commit: when it is checked, the roster, and the fix of
 * each unit accepted earlier in the group (so several fixes of one unit in one group are checked
 * against each other). Not thread-safe: one per group, on the state thread.
 */
public final class IngestGroup {
    private final Instant now;
    private final Function<String, UnitRecord> roster;
    private final Map<String, Position> latest = new HashMap<>();

    /**
     * @param now    the receipt time of the group
     * @param roster unit id → current record, or null for an unknown unit
     */
    public IngestGroup(Instant now, Function<String, UnitRecord> roster) {
        this.now = now;
        this.roster = roster;
    }

    /** The receipt time. */
    public Instant now() {
        return now;
    }

    /** The unit's current record, or null. */
    public UnitRecord unit(String id) {
        return roster.apply(id);
    }

    /** The unit's latest accepted fix: earlier in this group, else its stored last position; null if none. */
    public Position last(UnitRecord unit) {
        Position inGroup = latest.get(unit.id());
        return inGroup != null ? inGroup : unit.lastPosition();
    }

    /** Records an accepted fix. */
    void accept(Position p) {
        latest.put(p.unitId(), p);
    }
}
