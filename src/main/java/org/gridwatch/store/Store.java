package org.gridwatch.store;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.gridwatch.analysis.Alert;
import org.gridwatch.area.AdminArea;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.Transition;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.post.KeyPlace;
import org.gridwatch.post.SchoolPost;
import org.locationtech.jts.geom.Envelope;

/**
 * The system of record for areas, school-guard posts and key places, incidents, the unit roster
 * with each unit's status and last position, position tracks, and alerts.
 *
 * <p>Every method blocks (disk or network I/O): call it from a worker thread, never from a
 * Vert.x event loop. A write method returns only after the write is durable (committed), so the
 * caller may acknowledge it. Implementations are thread-safe; writes are serialised internally.
 * A failed write throws {@link StoreException} and leaves the store unchanged.
 *
 * <p>Units: coordinates are WGS84 longitude/latitude in degrees (x = longitude); speeds m/s,
 * headings degrees clockwise from north, accuracies metres. Instants round-trip to the
 * microsecond (finer digits are truncated). Time windows are half-open: {@code from} inclusive,
 * {@code to} exclusive.
 */
public interface Store extends AutoCloseable {

    /** Areas at every level, in no particular order; empty when none were ever saved. */
    List<AdminArea> loadAreas();

    /** Replaces all areas with {@code areas} in one transaction. */
    void replaceAreas(List<AdminArea> areas);

    // ------------------------------------------------------------ posts and key places

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
     * @throws StoreException if a list names the same id twice (the message names it) or the
     *                        write fails
     */
    void upsertPlaces(List<SchoolPost> posts, List<KeyPlace> keyPlaces);

    // ------------------------------------------------------------ incidents

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

    // ------------------------------------------------------------ units

    /** Every unit of the roster with its status and last position, in id order; empty when none. */
    List<UnitRecord> loadUnits();

    /**
     * Inserts or replaces units in one transaction (all or nothing). A unit whose id is stored
     * already is replaced entirely: roster fields, status and last position (null clears it)
     * become those of the record. Units not in {@code units} are left alone.
     *
     * @throws StoreException if {@code units} names the same id twice or the write fails
     */
    void upsertUnits(List<UnitRecord> units);

    // ------------------------------------------------------------ positions and tracks

    /**
     * Appends positions to the units' tracks in one transaction (all or nothing); callers batch
     * (group commit, typically thousands per call). Positions may come in any order, several per
     * unit; duplicates are stored as given. Each unit's last position becomes its latest position
     * by {@link Position#time()} among the stored one and those appended (on equal times the one
     * appended last wins). NaN speed, heading and accuracy round-trip as NaN.
     *
     * @throws StoreException if a position's unit is not in the roster (the message names it) or
     *                        the write fails
     */
    void appendPositions(List<Position> positions);

    /**
     * The track of unit {@code unitId} with {@code from <= time < to}, in time order (equal times
     * in append order); empty when the unit is unknown or has no position in the window.
     */
    List<Position> track(String unitId, Instant from, Instant to);

    /**
     * Ids of units with at least one position inside {@code bbox} (lon/lat degrees, boundary
     * included) whose time is in {@code from <= time < to}, each once, in id order. This is the
     * index phase of "who passed here": the caller tests the exact polygon on the tracks.
     */
    List<String> unitsPassed(Envelope bbox, Instant from, Instant to);

    // ------------------------------------------------------------ alerts

    /**
     * Stores a new alert (acknowledged or not).
     *
     * @throws DuplicateIdException if an alert with its id exists already (the message names it)
     * @throws StoreException if the write fails
     */
    void insertAlert(Alert alert);

    /**
     * Acknowledges open alert {@code id}: records {@code by} and {@code at}.
     *
     * @throws StoreException if there is no alert {@code id}, or it is acknowledged already (the
     *                        first acknowledgement stands), or the write fails
     */
    void ackAlert(long id, String by, Instant at);

    /** Alerts raised at or after {@code since}, acknowledged or not, in id order. */
    List<Alert> loadAlerts(Instant since);

    /** Largest alert id stored, or 0 when there is none. */
    long maxAlertId();

    /**
     * True when the store can be reached now: a quick probe (it returns within a few seconds) for
     * readiness checks. Never throws. Blocking, like every method here. The default answers true:
     * right for a store that cannot lose its connection.
     */
    default boolean isAvailable() {
        return true;
    }

    /** Releases connections and files. Idempotent. */
    @Override
    void close();
}
