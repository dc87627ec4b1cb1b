package org.gridwatch.dispatch;

import java.util.concurrent.CompletableFuture;
import org.gridwatch.area.Scope;
import org.gridwatch.error.FailureKind;
import org.gridwatch.error.StoreException;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.IncidentException;
import org.gridwatch.incident.IncidentQuery;
import org.gridwatch.incident.IncidentService;
import org.gridwatch.incident.Status;
import org.gridwatch.patrol.PositionService;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.patrol.UnitStatus;
import org.gridwatch.pipeline.CommitQueue;
import org.gridwatch.pipeline.Lane;
import org.gridwatch.pipeline.Stage;

/**
 * Dispatches units to incidents and follows them, as a straight line of change records: a
 * dispatch is one incident transition ({@code dispatched}, recording the unit); the
 * {@link AssignmentStage} of the {@code incidents} stream then puts the unit on its way and makes it
 * busy (a unit write); the {@link ArrivalStage} of the {@code positions} stream turns the incident
 * {@code on_scene} when the unit comes within {@link #ARRIVAL_METRES} (an incident write); the end of
 * the case frees the unit (a unit write). No stage calls back into the one before it.
 *
 * <p>Assignments live in the incidents' histories (the unit of the last {@code dispatched}
 * transition), so a restart recovers them. Thread-safe.
 */
public final class DispatchService {
    /** A dispatched unit this close to its incident (metres, geodesic) is on scene. */
    public static final double ARRIVAL_METRES = 50;

    private final IncidentService incidents;
    private final PositionService units;
    private final Scope city;
    private final Assignments assignments;
    private final CommitQueue writes;
    private final Lane state;

    /**
     * @param writes the server's commit queue (its state lane owns the assignments)
     * @param city   the whole-city scope, for changes the system makes itself
     */
    public DispatchService(IncidentService incidents, PositionService units, CommitQueue writes, Scope city) {
        this.incidents = incidents;
        this.units = units;
        this.writes = writes;
        this.state = writes.state();
        this.city = city;
        this.assignments = new Assignments(state);
    }

    /** Recovers the units on their way from the incidents' histories. Start-up, after both services loaded. */
    public void recover() {
        incidents.index().forEach(IncidentQuery.all(city, 0), i -> {
            if (i.status() == Status.DISPATCHED) {
                i.assignedUnit().ifPresent(u -> assignments.recover(u, i.id()));
            }
        });
    }

    /** Stage {@code dispatch} of the {@code incidents} stream. */
    public Stage<org.gridwatch.incident.IncidentChange> assignmentStage() {
        return new AssignmentStage(assignments, units);
    }

    /** Stage {@code arrival} of the {@code positions} stream. */
    public Stage<org.gridwatch.patrol.UnitChange> arrivalStage() {
        return new ArrivalStage(assignments, incidents, city);
    }

    /**
     * Sends {@code unitId} to incident {@code incidentId}: completes with the dispatched incident
     * once the unit is busy too. Fails with {@link IncidentException}: {@code NOT_FOUND} (incident or
     * unit outside the scope), {@code INVALID_TRANSITION} when the incident cannot be dispatched now
     * or the unit is not available; nothing changes then. The unit is checked in the same write as
     * the incident, so two dispatches cannot both take one unit.
     */
    public CompletableFuture<Incident> dispatch(Scope scope, long incidentId, String unitId, String actor) {
        CompletableFuture<Incident> dispatched = incidents.transition(scope, incidentId, Status.DISPATCHED, actor,
                () -> {
                    UnitRecord u = units.unit(unitId).filter(x -> scope.includes(x.unit().homeTownshipCode()))
                            .orElseThrow(() -> new IncidentException(IncidentException.Reason.NOT_FOUND, "unit",
                                    "no unit " + unitId));
                    if (u.status() != UnitStatus.AVAILABLE) {
                        throw new IncidentException(IncidentException.Reason.INVALID_TRANSITION, "unit",
                                "unit " + unitId + " is " + u.status().id() + ", not available");
                    }
                    return "派遣 " + u.unit().callSign();
                }, null, unitId);
        return writes.answeredWithin(dispatched.thenComposeAsync(i -> {
            CompletableFuture<UnitRecord> busy = assignments.takeBusyWrite(i.id());
            if (busy == null) {
                return CompletableFuture.failedFuture(new StoreException(FailureKind.UNAVAILABLE, "incident "
                        + i.id() + " was dispatched but its unit's busy write is unknown", null, true));
            }
            return busy.thenApply(u -> i);
        }, state));
    }
}
