package org.gridwatch.dispatch;

import org.gridwatch.incident.Incident;
import org.gridwatch.incident.Transition;
import org.gridwatch.patrol.UnitRecord;

/**
 * Dispatch's part of the system of record: a dispatch changes an incident and a unit together.
 * Blocking, like every store method: the store lane only.
 */
public interface DispatchStore {
    /**
     * Records a dispatch in one transaction, all or nothing: appends {@code transition} to the
     * incident's history and stores {@code updated} (as {@code updateIncident} does), and stores
     * the unit's new record {@code unit} (as {@code upsertUnits} does).
     *
     * @throws org.gridwatch.error.StoreException of kind NOT_FOUND if the incident does not exist, or
     *         when the write fails; either way neither the incident nor the unit changed
     */
    void recordDispatch(Incident updated, Transition transition, UnitRecord unit);
}
