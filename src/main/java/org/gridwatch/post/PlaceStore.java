package org.gridwatch.post;

import java.util.List;

/**
 * School-guard posts (护学岗) and key places (重点部位) in the system of record.
 *
 * <p>Every method blocks (disk or network I/O): call it from the store executor or a worker, never
 * from an event loop or the state thread. A write returns only after it is durable (committed), so
 * the caller may acknowledge it; a failed write throws {@link org.gridwatch.error.StoreException}
 * and leaves the store unchanged (unless the exception says it may have been stored).
 * Implementations are thread-safe. Coordinates are WGS84 lon/lat degrees (x = longitude).
 */
public interface PlaceStore {
    /**
     * Every school-guard post (护学岗) with all its fields, in id order; empty when none was ever
     * saved. Duty windows come back in their stored order.
     */
    List<SchoolPost> loadSchoolPosts();

    /**
     * Every key place (重点部位) with all its fields, in id order; empty when none was ever saved.
     * Key periods come back in their stored order.
     */
    List<KeyPlace> loadKeyPlaces();

    /**
     * Inserts or replaces school-guard posts and key places in one transaction (all or nothing).
     * A post or place whose id is stored already is replaced entirely by the one given; those not
     * named are left alone. Either list may be empty. Grid and county codes are stored as given
     * (the caller checks them against the areas).
     *
     * @throws org.gridwatch.error.StoreException if a list names the same id twice (the message names it) or the
     *                        write fails
     */
    void upsertPlaces(List<SchoolPost> posts, List<KeyPlace> keyPlaces);
}
