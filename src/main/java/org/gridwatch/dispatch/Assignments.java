package org.gridwatch.dispatch;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.gridwatch.pipeline.Lane;

/**
 * Which unit is on its way to which incident (dispatched, not yet on scene). Confined to the state lane (checked); rebuilt at start-up from
 * the incidents' histories ({@link DispatchService#recover()}).
 */
final class Assignments {
    private final Lane state;
    /** Unit id → the incident it is heading to. */
    private final Map<String, Long> enRoute = new HashMap<>();

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

    /** Units on their way (tests). */
    int size() {
        state.checkCurrent();
        return enRoute.size();
    }
}
