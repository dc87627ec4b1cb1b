package org.gridwatch.patrol;

/**
 * A change record: a unit before and after one write (a position, a status change, a new unit).
 * Push, coverage and alerts derive from these.
 *
 * @param before the unit before, or null for a new unit
 * @param after  the unit after
 */
public record UnitChange(UnitRecord before, UnitRecord after) {
}
