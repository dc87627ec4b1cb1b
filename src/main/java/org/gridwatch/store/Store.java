package org.gridwatch.store;

import java.util.List;
import java.util.function.Consumer;
import org.gridwatch.area.AdminArea;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.Transition;

/**
 * The system of record for areas and incidents (later units, tracks and alerts).
 *
 * <p>Every method blocks (disk or network I/O): call it from a worker thread, never from a
 * Vert.x event loop. A write method returns only after the write is durable (committed), so the
 * caller may acknowledge it. Implementations are thread-safe; writes are serialised internally.
 * A failed write throws {@link StoreException} and leaves the store unchanged.
 */
public interface Store extends AutoCloseable {

    /** Areas at every level, in no particular order; empty when none were ever saved. */
    List<AdminArea> loadAreas();

    /** Replaces all areas with {@code areas} in one transaction. */
    void replaceAreas(List<AdminArea> areas);

    /** Largest incident id stored, or 0 when there is none. */
    long maxIncidentId();

    /**
     * Stores a new incident together with its history.
     *
     * @throws StoreException if the id exists already or the write fails
     */
    void insertIncident(Incident incident);

    /**
     * Stores several new incidents in one transaction (all or nothing).
     *
     * @throws StoreException if any id exists already or the write fails
     */
    void insertIncidents(List<Incident> incidents);

    /**
     * Records a status change: appends {@code transition} to the incident's history and stores
     * {@code updated} (whose status is {@code transition.to()}) in one transaction.
     *
     * @throws StoreException if the incident does not exist or the write fails
     */
    void updateIncident(Incident updated, Transition transition);

    /** Feeds every stored incident, with its full history, to {@code sink}, in id order. */
    void forEachIncident(Consumer<Incident> sink);

    /** Releases connections and files. Idempotent. */
    @Override
    void close();
}
