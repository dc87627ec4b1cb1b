package org.gridwatch.dispatch;

import java.util.List;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.Transition;
import org.gridwatch.patrol.UnitRecord;

/**
 * Dispatch's part of the system of record: a dispatch, a reassignment or a recall changes an
 * incident and its units together.
 * Blocking, like every store method: the store lane only.
 */
public interface DispatchStore {
    /**
     * Records a dispatch (reassignment, recall) in one transaction, all or nothing: appends
     * {@code transition} to the incident's history and stores {@code updated} (as
     * {@code updateIncident} does), and stores the units' new records {@code units} (as
     * {@code upsertUnits} does: the unit sent made busy, the one taken off made available).
     *
     * @throws org.gridwatch.error.StoreException of kind NOT_FOUND if the incident does not exist, or
     *         when the write fails; either way neither the incident nor the unit changed
     */
    void recordDispatch(Incident updated, Transition transition, List<UnitRecord> units);
}
