package org.gridwatch.post;

import java.time.Clock;
import java.util.List;
import org.gridwatch.patrol.UnitChange;
import org.gridwatch.pipeline.Stage;

/**
 * Stage {@code key places} of the {@code positions} stream: records the visits of each batch of
 * unit changes in the {@link KeyPlaceMonitor} (见警率) at the server's time. State thread.
 */
public final class KeyPlaceStage implements Stage<UnitChange> {
    private final KeyPlaceMonitor monitor;
    private final Clock clock;

    public KeyPlaceStage(KeyPlaceMonitor monitor, Clock clock) {
        this.monitor = monitor;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "key places";
    }

    @Override
    public void apply(List<? extends UnitChange> changes) {
        monitor.apply(changes, clock.instant());
    }
}
