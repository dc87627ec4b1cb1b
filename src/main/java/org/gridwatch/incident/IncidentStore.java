package org.gridwatch.incident;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Incidents and their histories in the system of record.
 *
 * <p>Every method blocks (disk or network I/O): call it from the store executor or a worker, never
 * from an event loop or the state thread. A write returns only after it is durable (committed), so
 * the caller may acknowledge it; a failed write throws {@link org.gridwatch.error.StoreException}
 * and leaves the store unchanged (unless the exception says it may have been stored).
 * Implementations are thread-safe. Coordinates are WGS84 lon/lat degrees (x = longitude).
 */
public interface IncidentStore {
    /** Largest incident id stored, or 0 when there is none. */
    long maxIncidentId();

    /**
     * Stores a new incident together with its history.
     *
     * @throws org.gridwatch.error.StoreException if the id exists already or the write fails
     */
    void insertIncident(Incident incident);

    /**
     * Stores a new incident with its history and the idempotency key of its report (a hash naming
     * the reporter and the client's {@code Idempotency-Key}), in one transaction: a retry of the
     * report finds the incident by the key, even after a restart.
     *
     * @throws org.gridwatch.error.StoreException if the id or the key exists already or the write fails
     */
    void insertIncident(Incident incident, String idempotencyKey);

    /** Every stored idempotency key with the id of its incident. */
    Map<String, Long> incidentKeys();

    /**
     * Stores several new incidents in one transaction (all or nothing).
     *
     * @throws org.gridwatch.error.StoreException if any id exists already or the write fails
     */
    void insertIncidents(List<Incident> incidents);

    /**
     * Records a status change: appends {@code transition} to the incident's history and stores
     * {@code updated} (whose status is {@code transition.to()}) in one transaction.
     *
     * @throws org.gridwatch.error.StoreException if the incident does not exist or the write fails
     */
    void updateIncident(Incident updated, Transition transition);

    /** Feeds every stored incident, with its full history, to {@code sink}, in id order. */
    void forEachIncident(Consumer<Incident> sink);

    /** The stored incident with this id, with its history, if any (to settle a write whose outcome was unknown). */
    Optional<Incident> incident(long id);
}
