package org.gridwatch.patrol;

import java.time.Instant;
import java.util.List;
import org.gridwatch.pipeline.ReadBudget;
import org.locationtech.jts.geom.Envelope;

/**
 * The unit roster (status and last position of each unit) and the position tracks in the system of
 * record. Instants round-trip to the microsecond; time windows are half-open.
 *
 * <p>Every method blocks (disk or network I/O): call it from the store executor or a worker, never
 * from an event loop or the state thread. A write returns only after it is durable (committed), so
 * the caller may acknowledge it; a failed write throws {@link org.gridwatch.error.StoreException}
 * and leaves the store unchanged (unless the exception says it may have been stored).
 * Implementations are thread-safe. Coordinates are WGS84 lon/lat degrees (x = longitude).
 */
public interface UnitStore {
    /** Every unit of the roster with its status and last position, in id order; empty when none. */
    List<UnitRecord> loadUnits();

    /**
     * Inserts or replaces units in one transaction (all or nothing). A unit whose id is stored
     * already is replaced entirely: roster fields, status and last position (null clears it)
     * become those of the record. Units not in {@code units} are left alone.
     *
     * @throws org.gridwatch.error.StoreException if {@code units} names the same id twice or the write fails
     */
    void upsertUnits(List<UnitRecord> units);

    /**
     * Appends positions to the units' tracks in one transaction (all or nothing); callers batch
     * (group commit, typically thousands per call). Positions may come in any order, several per
     * unit; duplicates are stored as given. Each unit's last position becomes its latest position
     * by {@link Position#time()} among the stored one and those appended (on equal times the one
     * appended last wins). NaN speed, heading and accuracy round-trip as NaN.
     *
     * @throws org.gridwatch.error.StoreException if a position's unit is not in the roster (the message names it) or
     *                        the write fails
     */
    void appendPositions(List<Position> positions);

    /**
     * The track of unit {@code unitId} with {@code from <= time < to}, in time order (equal times
     * in append order); empty when the unit is unknown or has no position in the window. Unbounded:
     * {@link #track(String, Instant, Instant, ReadBudget)} is the bounded read a client's query uses.
     */
    default List<Position> track(String unitId, Instant from, Instant to) {
        return track(unitId, from, to, ReadBudget.unbounded());
    }

    /**
     * The track as {@link #track(String, Instant, Instant)}, within {@code budget}: never a partial
     * answer.
     *
     * @throws ReadBudget.Exceeded if the window holds more than {@link ReadBudget#maxRows()} positions of the unit
     * @throws ReadBudget.Stopped  if the budget was stopped before the read was done (its statement is cancelled)
     */
    List<Position> track(String unitId, Instant from, Instant to, ReadBudget budget);

    /**
     * Ids of units with at least one position inside {@code bbox} (lon/lat degrees, boundary
     * included) whose time is in {@code from <= time < to}, each once, in id order. This is the
     * index phase of "who passed here": the caller tests the exact polygon on the tracks.
     */
    List<String> unitsPassed(Envelope bbox, Instant from, Instant to);

    /**
     * Every position of any unit inside {@code bbox} (lon/lat degrees, boundary included) whose
     * time is in {@code from <= time < to}, in no particular order, within {@code budget}: the one
     * read of "who passed here" (the caller tests the exact polygon on them). Its cost grows with
     * the positions of the window (all units) and of the box; never a partial answer.
     *
     * @throws ReadBudget.Exceeded if more than {@link ReadBudget#maxRows()} positions match
     * @throws ReadBudget.Stopped  if the budget was stopped before the read was done (its statement is cancelled)
     */
    List<Position> positionsIn(Envelope bbox, Instant from, Instant to, ReadBudget budget);

    /**
     * Track retention: deletes the positions of the UTC days before {@code firstKeptDay} (every
     * position whose time is before that day's 00:00 UTC), in pieces of at most about
     * {@code maxPositions} positions per call where the store deletes row by row (a store that drops
     * whole days at once may exceed it), so that a long backlog is cleared in several short writes.
     * The units' last positions ({@link #loadUnits()}) are left as they are, however old.
     *
     * @return true when no position before {@code firstKeptDay} is left; false when the caller
     *         should call again
     * @throws org.gridwatch.error.StoreException if the write fails (what was deleted by earlier
     *         calls stays deleted)
     */
    boolean deleteTracksBefore(java.time.LocalDate firstKeptDay, int maxPositions);
}
