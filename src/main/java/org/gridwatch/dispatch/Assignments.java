package org.gridwatch.dispatch;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.gridwatch.pipeline.Lane;
import org.gridwatch.patrol.UnitRecord;

/**
 * Which unit is on its way to which incident (dispatched, not yet on scene), and the unit-busy
 * writes a dispatch is waiting for. Confined to the state lane (checked); rebuilt at start-up from
 * the incidents' histories ({@link DispatchService#recover()}).
 */
final class Assignments {
    private final Lane state;
    /** Unit id → the incident it is heading to. */
    private final Map<String, Long> enRoute = new HashMap<>();
    /** Incident id → the write making its unit busy, for the dispatch request waiting on it. */
    private final Map<Long, CompletableFuture<UnitRecord>> busy = new HashMap<>();

    Assignments(Lane state) {
        this.state = state;
    }

    /** Start-up only (before the lanes run): a unit recovered as on its way. */
    void recover(String unitId, long incidentId) {
        enRoute.put(unitId, incidentId);
    }

    void heading(String unitId, long incidentId) {
        state.checkCurrent();
        enRoute.put(unitId, incidentId);
    }

    Optional<Long> incidentOf(String unitId) {
        state.checkCurrent();
        return Optional.ofNullable(enRoute.get(unitId));
    }

    /** The unit no longer heads to {@code incidentId} (arrived, recalled, case ended). */
    void arrived(String unitId, long incidentId) {
        state.checkCurrent();
        enRoute.remove(unitId, incidentId);
    }

    void busyWrite(long incidentId, CompletableFuture<UnitRecord> write) {
        state.checkCurrent();
        busy.put(incidentId, write);
    }

    /** The unit-busy write of a dispatch to {@code incidentId}, taken once; null when there is none. */
    CompletableFuture<UnitRecord> takeBusyWrite(long incidentId) {
        state.checkCurrent();
        return busy.remove(incidentId);
    }

    /** Units on their way (tests). */
    int size() {
        state.checkCurrent();
        return enRoute.size();
    }
}
