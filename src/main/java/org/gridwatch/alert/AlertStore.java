package org.gridwatch.alert;

import java.time.Instant;
import java.util.List;

/**
 * Alerts in the system of record.
 *
 * <p>Every method blocks (disk or network I/O): call it from the store executor or a worker, never
 * from an event loop or the state thread. A write returns only after it is durable (committed), so
 * the caller may acknowledge it; a failed write throws {@link org.gridwatch.error.StoreException}
 * and leaves the store unchanged (unless the exception says it may have been stored).
 * Implementations are thread-safe. Coordinates are WGS84 lon/lat degrees (x = longitude).
 */
public interface AlertStore {
    /**
     * Stores a new alert (acknowledged or not).
     *
     * @throws org.gridwatch.error.DuplicateIdException if an alert with its id exists already (the message names it)
     * @throws org.gridwatch.error.StoreException if the write fails
     */
    void insertAlert(Alert alert);

    /**
     * Acknowledges open alert {@code id}: records {@code by} and {@code at}.
     *
     * @throws org.gridwatch.error.StoreException if there is no alert {@code id}, or it is acknowledged already (the
     *                        first acknowledgement stands), or the write fails
     */
    void ackAlert(long id, String by, Instant at);

    /**
     * Acknowledges every alert of {@code ids} at once (a group acknowledgement): all in one
     * transaction, recording {@code by} and {@code at} on each, or none of them.
     *
     * @throws org.gridwatch.error.StoreException if one of them does not exist or is acknowledged already (the
     *                        message names it; nothing was changed), or the write fails
     */
    void ackAlerts(List<Long> ids, String by, Instant at);

    /** Alerts raised at or after {@code since}, acknowledged or not, in id order. */
    List<Alert> loadAlerts(Instant since);

    /** Largest alert id stored, or 0 when there is none. */
    long maxAlertId();
}
