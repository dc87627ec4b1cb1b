package org.gridwatch.dispatch;

import java.util.List;
import org.gridwatch.incident.IncidentChange;
import org.gridwatch.incident.Status;
import org.gridwatch.incident.Transition;
import org.gridwatch.patrol.PositionService;
import org.gridwatch.patrol.UnitStatus;
import org.gridwatch.pipeline.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage {@code dispatch} of the {@code incidents} stream: a committed dispatch puts its unit on its
 * way (the dispatch made it busy in the same write); an incident that leaves {@code dispatched}
 * takes its unit off the way; the end of a case (closed, rejected, merged) makes its busy unit
 * available again (a new write, whose change record comes down the {@code positions} stream).
 * State thread.
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
            Transition t = c.transition();
            long id = c.after().id();
            if (t.to() == Status.DISPATCHED && t.unitId() != null) {
                assignments.heading(t.unitId(), id);
            } else if (t.from() == Status.DISPATCHED || c.after().status().isTerminal()) {
                c.before().assignedUnit().ifPresent(u -> assignments.arrived(u, id));
            }
            if (c.after().status().isTerminal()) {
                c.after().assignedUnit().flatMap(units::unit).filter(u -> u.status() == UnitStatus.BUSY)
                        .ifPresent(u -> units.setStatus(u.id(), UnitStatus.AVAILABLE).whenComplete((x, e) -> {
                            if (e != null) {
                                LOG.warn("unit {} of finished incident {} could not be made available: {}", u.id(), id,
                                        e.toString());
                            }
                        }));
            }
        }
    }
}
