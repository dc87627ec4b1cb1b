package org.gridwatch.dispatch;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.gridwatch.area.Scope;
import org.gridwatch.incident.Actor;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.IncidentChange;
import org.gridwatch.incident.IncidentException;
import org.gridwatch.incident.IncidentQuery;
import org.gridwatch.incident.IncidentService;
import org.gridwatch.incident.Status;
import org.gridwatch.patrol.PositionService;
import org.gridwatch.patrol.UnitChange;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.patrol.UnitStatus;
import org.gridwatch.pipeline.CommitQueue;
import org.gridwatch.pipeline.CommitQueue.Plan;
import org.gridwatch.pipeline.Pipeline;
import org.gridwatch.pipeline.Stage;

/**
 * Dispatches units to incidents and follows them, as a straight line of change records: a
 * dispatch is one write (the incident's {@code dispatched} transition and the unit made busy, in
 * one store transaction, checked together, so two dispatches can never send one unit and a store
 * failure leaves neither half); the {@link AssignmentStage} of the {@code incidents} stream puts the
 * unit on its way; the {@link ArrivalStage} of the {@code positions} stream turns the incident
 * {@code on_scene} when the unit comes within {@link #ARRIVAL_METRES} (a new write); the end of the
 * case frees the unit (a new write). No stage calls back into the one before it.
 *
 * <p>Assignments live in the incidents' histories (the unit of the last {@code dispatched}
 * transition), so a restart recovers them. Thread-safe.
 */
public final class DispatchService {
    /** A dispatched unit this close to its incident (metres, geodesic) is on scene. */
    public static final double ARRIVAL_METRES = 50;

    private final IncidentService incidents;
    private final PositionService units;
    private final DispatchStore store;
    private final CommitQueue writes;
    private final Pipeline<IncidentChange> incidentStream;
    private final Pipeline<UnitChange> unitStream;
    private final Scope city;
    private final Assignments assignments;

    /**
     * @param writes         the server's commit queue (its state lane owns the assignments)
     * @param incidentStream the {@code incidents} stream a dispatch publishes its incident change to
     * @param unitStream     the {@code positions} stream a dispatch publishes its unit change to
     * @param city           the whole-city scope, for changes the system makes itself
     */
    public DispatchService(IncidentService incidents, PositionService units, DispatchStore store, CommitQueue writes,
                           Pipeline<IncidentChange> incidentStream, Pipeline<UnitChange> unitStream, Scope city) {
        this.incidents = incidents;
        this.units = units;
        this.store = store;
        this.writes = writes;
        this.incidentStream = incidentStream;
        this.unitStream = unitStream;
        this.city = city;
        this.assignments = new Assignments(writes.state());
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
    public Stage<IncidentChange> assignmentStage() {
        return new AssignmentStage(assignments, units);
    }

    /** Stage {@code arrival} of the {@code positions} stream. */
    public Stage<UnitChange> arrivalStage() {
        return new ArrivalStage(assignments, incidents, city);
    }

    /**
     * Sends {@code unitId} to incident {@code incidentId}: one write that records the incident's
     * {@code dispatched} transition and the unit busy together. Fails with {@link IncidentException}:
     * {@code NOT_FOUND} (incident or unit outside the scope), {@code INVALID_TRANSITION} when the
     * incident cannot be dispatched now or the unit is not available; with the store's exception
     * when the write fails. Nothing changes on failure.
     */
    public CompletableFuture<Incident> dispatch(Scope scope, long incidentId, String unitId, String actor) {
        return dispatch(scope, incidentId, unitId, Actor.system(actor));
    }

    /** Like {@link #dispatch(Scope, long, String, String)}, by an authenticated actor. */
    public CompletableFuture<Incident> dispatch(Scope scope, long incidentId, String unitId, Actor actor) {
        return writes.submit(() -> {
            UnitRecord before = units.unit(unitId).filter(x -> scope.includes(x.unit().homeTownshipCode()))
                    .orElseThrow(() -> new IncidentException(IncidentException.Reason.NOT_FOUND, "unit",
                            "no unit " + unitId));
            if (before.status() != UnitStatus.AVAILABLE) {
                throw new IncidentException(IncidentException.Reason.INVALID_TRANSITION, "unit",
                        "unit " + unitId + " is " + before.status().id() + ", not available");
            }
            IncidentService.Transitioned t = incidents.check(scope, incidentId, Status.DISPATCHED, actor,
                    "派遣 " + before.unit().callSign(), null, unitId);
            UnitRecord busy = before.withStatus(UnitStatus.BUSY);
            return Plan.of(() -> store.recordDispatch(t.next(), t.transition(), busy), () -> {
                // The incident first: its dispatch stage puts the unit on its way, so that the unit's
                // change that follows meets the arrival stage with the assignment in place.
                incidentStream.publish(List.of(new IncidentChange(t.current(), t.next())));
                unitStream.publish(List.of(new UnitChange(before, busy)));
                return t.next();
            });
        });
    }
}
