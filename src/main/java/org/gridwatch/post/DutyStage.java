package org.gridwatch.post;

import java.time.Clock;
import java.util.List;
import org.gridwatch.patrol.UnitChange;
import org.gridwatch.pipeline.Pipeline;
import org.gridwatch.pipeline.Stage;

/**
 * Stage {@code duty} of the {@code positions} stream: applies each batch of unit changes to the
 * {@link PostDutyMonitor} at the server's time, then publishes the post statuses that changed as
 * {@link PostChange} records to the {@code posts} stream. {@link #tick()} does the same for the
 * periodic check (window edges, stale fixes). State thread.
 */
public final class DutyStage implements Stage<UnitChange> {
    private final PostDutyMonitor monitor;
    private final Clock clock;
    private final Pipeline<PostChange> posts;

    public DutyStage(PostDutyMonitor monitor, Clock clock, Pipeline<PostChange> posts) {
        this.monitor = monitor;
        this.clock = clock;
        this.posts = posts;
    }

    @Override
    public String name() {
        return "duty";
    }

    @Override
    public void apply(List<? extends UnitChange> changes) {
        monitor.apply(changes, clock.instant());
        posts.publish(monitor.takeChanges());
    }

    /** The periodic check: window edges that came due, fixes gone stale. State thread. */
    public void tick() {
        monitor.tick(clock.instant());
        posts.publish(monitor.takeChanges());
    }
}
