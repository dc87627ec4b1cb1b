package org.gridwatch.patrol;

import java.util.List;
import org.gridwatch.pipeline.Stage;

/**
 * Stage {@code index} of the {@code positions} stream: makes each change's new record the unit's
 * current one in the {@link Roster} and its index. Declared first, so the later stages and the
 * next write see the roster as stored. State thread.
 */
public final class RosterStage implements Stage<UnitChange> {
    private final Roster roster;

    public RosterStage(Roster roster) {
        this.roster = roster;
    }

    @Override
    public String name() {
        return "index";
    }

    @Override
    public void apply(List<? extends UnitChange> changes) {
        for (UnitChange c : changes) {
            roster.apply(c.after());
        }
    }
}
