package org.gridwatch.area;

import java.util.List;

/**
 * The admin areas and grids of the system of record.
 *
 * <p>Every method blocks (disk or network I/O): call it from the store executor or a worker, never
 * from an event loop or the state thread. A write returns only after it is durable (committed), so
 * the caller may acknowledge it; a failed write throws {@link org.gridwatch.error.StoreException}
 * and leaves the store unchanged (unless the exception says it may have been stored).
 * Implementations are thread-safe. Coordinates are WGS84 lon/lat degrees (x = longitude).
 */
public interface AreaStore {
    /** Areas at every level, in no particular order; empty when none were ever saved. */
    List<AdminArea> loadAreas();

    /** Replaces all areas with {@code areas} in one transaction. */
    void replaceAreas(List<AdminArea> areas);
}
