package org.gridwatch.dispatch;

import java.util.List;
import org.gridwatch.incident.IncidentChange;
import org.gridwatch.incident.CaseAction;
import org.gridwatch.incident.CaseUnit;
import org.gridwatch.patrol.PositionService;
import org.gridwatch.patrol.UnitStatus;
import org.gridwatch.pipeline.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage {@code dispatch} of the {@code incidents} stream: a unit sent (lead, support, or the new
 * unit of a reassignment) is put on its way (the write that sent it made it busy); a unit that
 * left the case or arrived is taken off the way; units released by a change of status (back to
 * accepted, on to handled, the end of the case) are made available again (a new write each, whose
 * change record comes down the {@code positions} stream); those released by a reassignment or a
 * recall were made available by that write. State thread.
 */
public final class AssignmentStage implements Stage<IncidentChange> {
    private static final Logger LOG = LoggerFactory.getLogger(AssignmentStage.class);

    private final Assignments assignments;
    private final PositionService units;

    AssignmentStage(Assignments assignments, PositionService units) {
        this.assignments = assignments;
        this.units = units;
    }

    @Override
    public String name() {
        return "dispatch";
    }

    @Override
    public void apply(List<? extends IncidentChange> changes) {
        for (IncidentChange c : changes) {
            if (c.isReport()) {
                continue;
            }
            long id = c.after().id();
            List<CaseUnit> after = c.after().units();
            for (CaseUnit u : after) {
                if (!u.onScene() && c.before().unit(u.unitId()).isEmpty()) {
                    assignments.heading(u.unitId(), id);
                }
            }
            for (CaseUnit u : c.before().units()) {
                var now = c.after().unit(u.unitId());
                if (now.isEmpty() || now.get().onScene()) {
                    assignments.arrived(u.unitId(), id);
                }
                if (now.isEmpty() && releasesByStatus(c.transition().action())) {
                    free(u.unitId(), id);
                }
            }
        }
    }

    /** True for the steps whose released units this stage frees (the others free them in their own write). */
    private static boolean releasesByStatus(CaseAction a) {
        return a != CaseAction.REASSIGN && a != CaseAction.RECALL;
    }

    private void free(String unitId, long incidentId) {
        units.unit(unitId).filter(u -> u.status() == UnitStatus.BUSY)
                .ifPresent(u -> units.setStatus(u.id(), UnitStatus.AVAILABLE).whenComplete((x, e) -> {
                    if (e != null) {
                        LOG.warn("unit {} released by incident {} could not be made available: {}", u.id(), incidentId,
                                e.toString());
                    }
                }));
    }
}
