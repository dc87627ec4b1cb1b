package org.gridwatch.sim;

import java.time.Instant;
import java.util.List;
import org.gridwatch.patrol.PositionReport;
import org.gridwatch.patrol.UnitStatus;

/**
 * The output of one simulation step: duty status changes (to apply before the positions),
 * position reports (in time order per unit) and case commands (in the order they must be
 * applied). Immutable.
 *
 * @param at        the simulated instant the step ran to
 * @param statuses  units going off or on duty
 * @param positions position reports with fix times in the step's interval
 * @param commands  incident commands
 */
record Tick(Instant at, List<StatusChange> statuses, List<PositionReport> positions, List<SimCommand> commands) {
    Tick {
        statuses = List.copyOf(statuses);
        positions = List.copyOf(positions);
        commands = List.copyOf(commands);
    }

    /**
     * A unit's new duty status.
     *
     * @param unitId the unit
     * @param status {@code off_duty} at the end of its shift, {@code available} at the start
     */
    record StatusChange(String unitId, UnitStatus status) {
    }
}
