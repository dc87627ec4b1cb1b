package org.gridwatch.sim;

import java.time.Instant;
import java.util.List;
import org.gridwatch.patrol.PositionReport;

/**
 * The output of one simulation step: position reports (in time order per unit) and case
 * commands (in the order they must be applied). Immutable.
 *
 * @param at        the simulated instant the step ran to
 * @param positions position reports with fix times in the step's interval
 * @param commands  incident commands
 */
record Tick(Instant at, List<PositionReport> positions, List<SimCommand> commands) {
    Tick {
        positions = List.copyOf(positions);
        commands = List.copyOf(commands);
    }
}
