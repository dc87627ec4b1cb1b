package org.gridwatch.sim;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.gridwatch.incident.CaseAction;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.IncidentChange;
import org.gridwatch.pipeline.Stage;

/**
 * Stage {@code sim} of the {@code incidents} stream, in the demo only: a dispatch that a person made
 * (from the console or the API, not the simulator itself) is queued so that the simulator sends the
 * unit on its way at its next step. At most {@link #MAX_QUEUED} wait (older ones are dropped: the
 * simulator steps every second, so this only bounds memory while it is stopped). Thread-safe.
 */
public final class ConsoleDispatches implements Stage<IncidentChange> {
    /** Most dispatches waiting for the simulator. */
    static final int MAX_QUEUED = 1_000;

    private final Queue<Incident> queue = new ConcurrentLinkedQueue<>();

    @Override
    public String name() {
        return "sim";
    }

    /** A step that sends a unit: the lead, a supporting one, or the new unit of a reassignment. */
    private static boolean sendsUnit(CaseAction a) {
        return a == CaseAction.DISPATCH || a == CaseAction.SUPPORT || a == CaseAction.REASSIGN;
    }

    @Override
    public void apply(List<? extends IncidentChange> changes) {
        for (IncidentChange c : changes) {
            Incident i = c.after();
            if (!c.isReport() && sendsUnit(c.transition().action()) && !CitySimulator.ACTOR.equals(c.transition().actor())) {
                queue.add(i);
                while (queue.size() > MAX_QUEUED) {
                    queue.poll();
                }
            }
        }
    }

    /** The oldest dispatch waiting, or null. Simulation lane. */
    Incident poll() {
        return queue.poll();
    }
}
