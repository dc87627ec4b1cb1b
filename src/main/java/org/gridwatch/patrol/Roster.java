package org.gridwatch.patrol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The units in memory: each unit's current record by id, and the live {@link MovingPointIndex} of
 * the positioned ones (lon/lat WGS84 degrees). Single writer ({@link #apply}: the {@code index}
 * stage of the {@code positions} stream on the state thread, or start-up), lock-free readers from
 * any thread.
 */
public final class Roster {
    private final Map<String, UnitRecord> units = new ConcurrentHashMap<>();
    private final MovingPointIndex<UnitRecord> index = new MovingPointIndex<>();

    /** Makes {@code u} the unit's current record, moving it in the index. Single writer. */
    public void apply(UnitRecord u) {
        units.put(u.id(), u);
        Position p = u.lastPosition();
        if (p != null) {
            index.put(u.id(), p.lon(), p.lat(), u);
        }
    }

    /** The unit with this id. */
    public Optional<UnitRecord> unit(String id) {
        return Optional.ofNullable(id == null ? null : units.get(id));
    }

    /** The unit with this id, or null. */
    UnitRecord get(String id) {
        return id == null ? null : units.get(id);
    }

    /** Every unit, positioned or not, in no particular order (a copy). */
    public List<UnitRecord> units() {
        return new ArrayList<>(units.values());
    }

    /** Number of units. */
    public int size() {
        return units.size();
    }

    /** The live index of positioned units (value: the unit's current record). */
    public MovingPointIndex<UnitRecord> index() {
        return index;
    }
}
