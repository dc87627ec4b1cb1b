package org.gridwatch.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.gridwatch.area.Scope;
import org.gridwatch.incident.Actor;
import org.gridwatch.incident.CaseAction;
import org.gridwatch.incident.CaseUnit;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.IncidentChange;
import org.gridwatch.incident.IncidentException;
import org.gridwatch.incident.IncidentQuery;
import org.gridwatch.incident.IncidentService;
import org.gridwatch.incident.IncidentService.Step;
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
 * dispatch (of the lead unit or a supporting one), a reassignment and a recall are each one write
 * (the incident's step and its units made busy or available, in one store transaction, checked
 * together, so two dispatches can never send one unit and a store failure leaves neither half); the {@link AssignmentStage} of the {@code incidents} stream puts the
 * unit on its way; the {@link ArrivalStage} of the {@code positions} stream turns the incident
 * {@code on_scene} when the unit comes within {@link #ARRIVAL_METRES} (a new write); the end of the
 * case frees the unit (a new write). No stage calls back into the one before it.
 *
 * <p>Assignments live in the incidents' histories ({@link Incident#units()}), so a restart
 * recovers them. Thread-safe.
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
            for (CaseUnit u : i.units()) {
                if (!u.onScene()) {
                    assignments.recover(u.unitId(), i.id());
                }
            }
        });
    }

    /** Units on their way to an incident now. State lane. */
    public int enRoute() {
        return assignments.size();
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
     * Sends {@code unitId} to incident {@code incidentId} as its lead unit, or in support when it
     * has one already: as {@link #dispatch(Scope, long, String, Boolean, Actor)} with the role
     * left to the case.
     */
    public CompletableFuture<Incident> dispatch(Scope scope, long incidentId, String unitId, String actor) {
        return dispatch(scope, incidentId, unitId, null, Actor.system(actor));
    }

    /** Like {@link #dispatch(Scope, long, String, String)}, by an authenticated actor. */
    public CompletableFuture<Incident> dispatch(Scope scope, long incidentId, String unitId, Actor actor) {
        return dispatch(scope, incidentId, unitId, null, actor);
    }

    /**
     * Sends {@code unitId} to incident {@code incidentId}: one write that records the step and
     * makes the unit busy together. The lead unit turns an accepted case (or a handled one sent
     * back) {@code dispatched}; a supporting unit joins a case that has units on it already,
     * status unchanged. Fails with {@link IncidentException}: {@code NOT_FOUND} (incident or unit
     * outside the scope), {@code INVALID_TRANSITION} when the incident cannot take the unit now (a
     * lead exists already: reassign it; support before any unit), or the unit is not available;
     * with the store's exception when the write fails. Nothing changes on failure.
     *
     * @param lead true to send the lead unit, false a supporting one, null for the lead when the
     *             case has none and support otherwise
     */
    public CompletableFuture<Incident> dispatch(Scope scope, long incidentId, String unitId, Boolean lead, Actor actor) {
        return writes.submit(() -> {
            UnitRecord before = available(scope, unitId, "unit");
            Incident current = incident(scope, incidentId);
            Optional<String> leader = current.lead();
            boolean asLead = lead != null ? lead : leader.isEmpty();
            if (asLead && leader.isPresent()) {
                throw new IncidentException(IncidentException.Reason.INVALID_TRANSITION, "role",
                        "incident " + incidentId + " is led by unit " + leader.get()
                                + ": reassign it (POST /api/v1/incidents/" + incidentId + "/reassign) or send support");
            }
            if (!asLead && current.units().isEmpty()) {
                throw new IncidentException(IncidentException.Reason.INVALID_TRANSITION, "role",
                        "incident " + incidentId + " has no unit yet: send the lead unit first");
            }
            boolean onCase = current.status() == Status.DISPATCHED || current.status() == Status.ON_SCENE;
            Step step = new Step(asLead && !onCase ? Status.DISPATCHED : null,
                    asLead ? CaseAction.DISPATCH : CaseAction.SUPPORT,
                    (asLead ? "派遣 " : "增援 ") + before.unit().callSign(), null, unitId, null, null);
            IncidentService.Transitioned t = incidents.check(scope, incidentId, step, actor);
            return write(t, List.of(new UnitChange(before, before.withStatus(UnitStatus.BUSY))));
        });
    }

    /**
     * Replaces unit {@code fromUnit} on incident {@code incidentId} by {@code toUnit} in its role
     * (改派): one write recording the step, the new unit busy and the old one available. Fails
     * with {@link IncidentException}: {@code NOT_FOUND} (incident or new unit outside the scope),
     * {@code INVALID_TRANSITION} when {@code fromUnit} is not on the case or the new unit is not
     * available; nothing changes then.
     */
    public CompletableFuture<Incident> reassign(Scope scope, long incidentId, String fromUnit, String toUnit, String note,
                                                Actor actor) {
        return writes.submit(() -> {
            Incident current = incident(scope, incidentId);
            onCase(current, fromUnit, "from");
            UnitRecord next = available(scope, toUnit, "unit");
            List<UnitChange> freed = freed(fromUnit);
            IncidentService.Transitioned t = incidents.check(scope, incidentId, new Step(null, CaseAction.REASSIGN,
                    note != null ? note : "改派 " + next.unit().callSign(), null, toUnit, fromUnit, null), actor);
            List<UnitChange> changed = new ArrayList<>(freed);
            changed.add(new UnitChange(next, next.withStatus(UnitStatus.BUSY)));
            return write(t, changed);
        });
    }

    /**
     * Calls unit {@code unitId} back from incident {@code incidentId} (撤回): one write recording
     * the step and the unit available again. The last unit on its way to a dispatched case takes
     * the case back to {@code accepted}; the last unit of a case on scene cannot be recalled (the
     * case is handled instead). Fails with {@link IncidentException} {@code NOT_FOUND} or
     * {@code INVALID_TRANSITION}; nothing changes then.
     */
    public CompletableFuture<Incident> recall(Scope scope, long incidentId, String unitId, String note, Actor actor) {
        return writes.submit(() -> {
            Incident current = incident(scope, incidentId);
            onCase(current, unitId, "unit");
            boolean last = current.units().size() == 1;
            if (last && current.status() == Status.ON_SCENE) {
                throw new IncidentException(IncidentException.Reason.INVALID_TRANSITION, "unit",
                        "unit " + unitId + " is the last unit on scene of incident " + incidentId
                                + ": mark the case handled instead");
            }
            Status to = last ? Status.ACCEPTED : null;
            IncidentService.Transitioned t = incidents.check(scope, incidentId,
                    new Step(to, CaseAction.RECALL, note != null ? note : "撤回", null, unitId, null, null), actor);
            return write(t, freed(unitId));
        });
    }

    /** State lane: the incident in scope as indexed. */
    private Incident incident(Scope scope, long incidentId) {
        return incidents.index().get(incidentId).filter(i -> scope.includes(i.gridCode()))
                .orElseThrow(() -> new IncidentException(IncidentException.Reason.NOT_FOUND, "id",
                        "no incident " + incidentId));
    }

    /** State lane: unit {@code unitId} in scope and available, or the failure naming {@code field}. */
    private UnitRecord available(Scope scope, String unitId, String field) {
        UnitRecord u = units.unit(unitId).filter(x -> scope.includes(x.unit().homeTownshipCode()))
                .orElseThrow(() -> new IncidentException(IncidentException.Reason.NOT_FOUND, field,
                        "no unit " + unitId));
        if (u.status() != UnitStatus.AVAILABLE) {
            throw new IncidentException(IncidentException.Reason.INVALID_TRANSITION, field,
                    "unit " + unitId + " is " + u.status().id() + ", not available");
        }
        return u;
    }

    private static void onCase(Incident i, String unitId, String field) {
        if (i.unit(unitId).isEmpty()) {
            throw new IncidentException(IncidentException.Reason.INVALID_TRANSITION, field,
                    "unit " + unitId + " is not on incident " + i.id() + "; on it: "
                            + i.units().stream().map(CaseUnit::unitId).toList());
        }
    }

    /** State lane: the change making {@code unitId} available, if it is busy (none when it is not). */
    private List<UnitChange> freed(String unitId) {
        return units.unit(unitId).filter(u -> u.status() == UnitStatus.BUSY)
                .map(u -> List.of(new UnitChange(u, u.withStatus(UnitStatus.AVAILABLE)))).orElse(List.of());
    }

    /** The write of a checked step and its units: stored together, then published, incident first. */
    private Plan<Void, Incident> write(IncidentService.Transitioned t, List<UnitChange> changed) {
        List<UnitRecord> after = changed.stream().map(UnitChange::after).toList();
        return Plan.of(() -> store.recordDispatch(t.next(), t.transition(), after), () -> {
            // The incident first: its dispatch stage puts a unit sent on its way, so that the unit's
            // change that follows meets the arrival stage with the assignment in place.
            incidentStream.publish(List.of(new IncidentChange(t.current(), t.next())));
            unitStream.publish(changed);
            return t.next();
        });
    }
}
