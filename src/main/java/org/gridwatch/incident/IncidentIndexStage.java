package org.gridwatch.incident;

import java.util.List;
import org.gridwatch.pipeline.Stage;

/**
 * Stage {@code index} of the {@code incidents} stream: applies each committed report and
 * transition to the {@link IncidentIndex}. Declared first, so the later stages and the next
 * write see the index as stored. State thread (the index's single writer).
 */
public final class IncidentIndexStage implements Stage<IncidentChange> {
    private final IncidentIndex index;

    public IncidentIndexStage(IncidentIndex index) {
        this.index = index;
    }

    @Override
    public String name() {
        return "index";
    }

    @Override
    public void apply(List<? extends IncidentChange> changes) {
        for (IncidentChange c : changes) {
            if (c.isReport()) {
                index.add(c.after());
            } else {
                index.update(c.after());
            }
        }
    }
}
