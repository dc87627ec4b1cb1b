package org.gridwatch.store;

import org.gridwatch.alert.AlertStore;
import org.gridwatch.analysis.HistoryStore;
import org.gridwatch.area.AreaStore;
import org.gridwatch.audit.AuditStore;
import org.gridwatch.auth.AuthStore;
import org.gridwatch.dispatch.DispatchStore;
import org.gridwatch.error.StoreException;
import org.gridwatch.incident.IncidentStore;
import org.gridwatch.patrol.UnitStore;
import org.gridwatch.post.CalendarStore;
import org.gridwatch.post.PlaceStore;

/**
 * The system of record for areas, school-guard posts and key places, incidents, the unit roster
 * with each unit's status and last position, position tracks, alerts, accounts and the audit
 * trail: every per-aggregate contract ({@link AreaStore}, {@link PlaceStore}, {@link IncidentStore},
 * {@link UnitStore}, {@link AlertStore}, {@link DispatchStore}, {@link AuthStore},
 * {@link AuditStore}, the school calendar {@link CalendarStore} and the daily duty history
 * {@link HistoryStore}) in one store, the {@link JournalCheckpoints} of a position journal written
 * into it and the daily reports ({@link ReportArchive}), with one shared test suite ({@code StoreContractTest}) run
 * against each implementation.
 *
 * <p>Every method blocks (disk or network I/O): call it from the store executor or a worker,
 * never from a Vert.x event loop or the state thread. A write method returns only after the write
 * is durable (committed), so the caller may acknowledge it. Implementations are thread-safe;
 * writes are serialised internally. A failed write throws {@link StoreException} and leaves the
 * store unchanged.
 *
 * <p>Units: coordinates are WGS84 longitude/latitude in degrees (x = longitude); speeds m/s,
 * headings degrees clockwise from north, accuracies metres. Instants round-trip to the
 * microsecond (finer digits are truncated). Time windows are half-open: {@code from} inclusive,
 * {@code to} exclusive.
 */
public interface Store extends AreaStore, PlaceStore, IncidentStore, UnitStore, AlertStore, DispatchStore, AuthStore,
        AuditStore, JournalCheckpoints, CalendarStore, HistoryStore, ReportArchive, AutoCloseable {

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
