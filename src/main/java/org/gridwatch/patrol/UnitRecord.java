package org.gridwatch.patrol;

import java.util.Objects;

/**
 * A unit as the store keeps it: its roster entry, its current duty status and its last known
 * position. The live index holds the same three things in memory; this is what survives a restart.
 *
 * <p>Immutable and thread-safe.
 *
 * @param unit         the roster entry
 * @param status       current duty status
 * @param lastPosition the latest position by fix time, or null when the unit never reported one;
 *                     its {@link Position#unitId()} is {@code unit.id()}
 */
public record UnitRecord(Unit unit, UnitStatus status, Position lastPosition) {
    public UnitRecord {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(status, "status");
        if (lastPosition != null && !lastPosition.unitId().equals(unit.id())) {
            throw new IllegalArgumentException("unit " + unit.id() + ": last position belongs to unit "
                    + lastPosition.unitId());
        }
    }

    /** The unit's roster id. */
    public String id() {
        return unit.id();
    }

    /** This record with {@code status} instead. */
    public UnitRecord withStatus(UnitStatus status) {
        return new UnitRecord(unit, status, lastPosition);
    }

    /** This record with {@code position} as last position. */
    public UnitRecord withLastPosition(Position position) {
        return new UnitRecord(unit, status, position);
    }
}
