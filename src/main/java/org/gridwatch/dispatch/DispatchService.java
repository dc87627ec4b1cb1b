package org.gridwatch.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.gridwatch.area.Scope;
import org.gridwatch.geo.Geodesy;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.IncidentException;
import org.gridwatch.incident.IncidentService;
import org.gridwatch.incident.Status;
import org.gridwatch.incident.Transition;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.PositionService;
import org.gridwatch.patrol.UnitChange;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.patrol.UnitStatus;

/**
 * Dispatches units to incidents and follows them: a dispatch marks the incident
 * {@code dispatched} (recording the unit) and the unit busy; the incident becomes
 * {@code on_scene} by itself when the unit's reported position comes within
 * {@link #ARRIVAL_METRES} of it; closing, rejecting or merging the case frees the unit.
 *
 * <p>Assignments live in the incidents' histories (the unit of the last {@code dispatched}
 * transition), so a restart recovers them. Reacts to change records on the shared writer thread;
 * its own writes go through the incident and position services. Thread-safe.
 */
public final class DispatchService {
    /** A dispatched unit this close to its incident (metres, geodesic) is on scene. */
    public static final double ARRIVAL_METRES = 50;

    private final IncidentService incidents;
    private final PositionService units;
    private final Executor writer;
    private final Scope city;
    /** Unit id → incident it is heading to (dispatched, not yet on scene). */
    private final Map<String, Long> enRoute = new ConcurrentHashMap<>();

    /**
     * @param writer the single writer thread shared with the incident and position services
     * @param city   the whole-city scope, for changes the system makes itself
     */
    public DispatchService(IncidentService incidents, PositionService units, Executor writer, Scope city) {
        this.incidents = incidents;
        this.units = units;
        this.writer = writer;
        this.city = city;
        units.onChange(this::onUnitChanges);
        incidents.onTransition(this::onIncident);
    }

    /** Recovers the units en route from the incidents' histories. Call once after both services loaded. */
    public void recover() {
        incidents.index().forEach(org.gridwatch.incident.IncidentQuery.all(city, 0), i -> {
            if (i.status() == Status.DISPATCHED) {
                i.assignedUnit().ifPresent(u -> enRoute.put(u, i.id()));
            }
        });
    }

    /**
     * Sends {@code unitId} to incident {@code incidentId}. Fails with {@link IncidentException}:
     * {@code NOT_FOUND} (incident or unit outside the scope), {@code INVALID_TRANSITION} when the
     * incident cannot be dispatched now or the unit is not available. Nothing changes on failure.
     */
    public CompletableFuture<Incident> dispatch(Scope scope, long incidentId, String unitId, String actor) {
        return CompletableFuture.supplyAsync(() -> {
            UnitRecord u = units.unit(unitId).filter(x -> scope.includes(x.unit().homeTownshipCode()))
                    .orElseThrow(() -> new IncidentException(IncidentException.Reason.NOT_FOUND, "unit", "no unit " + unitId));
            if (u.status() != UnitStatus.AVAILABLE) {
                throw new IncidentException(IncidentException.Reason.INVALID_TRANSITION, "unit",
                        "unit " + unitId + " is " + u.status().id() + ", not available");
            }
            return u;
        }, writer).thenCompose(u -> incidents.transition(scope, incidentId, Status.DISPATCHED, actor,
                "派遣 " + u.unit().callSign(), null, u.id()))
                .thenCompose(i -> units.setStatus(unitId, UnitStatus.BUSY).thenApply(x -> {
                    enRoute.put(unitId, i.id());
                    arrivedAlready(x);
                    return i;
                }));
    }

    /** Writer thread: a dispatched unit that reports a position within the arrival distance is on scene. */
    private void onUnitChanges(List<UnitChange> changes) {
        for (UnitChange c : changes) {
            arrivedAlready(c.after());
        }
    }

    private void arrivedAlready(UnitRecord u) {
        Long incidentId = enRoute.get(u.id());
        Position p = u.lastPosition();
        if (incidentId == null || p == null) {
            return;
        }
        Incident i = incidents.index().get(incidentId).orElse(null);
        if (i == null || i.status() != Status.DISPATCHED) {
            enRoute.remove(u.id(), incidentId);
            return;
        }
        if (Geodesy.distance(p.lon(), p.lat(), i.lon(), i.lat()) <= ARRIVAL_METRES) {
            enRoute.remove(u.id(), incidentId);
            incidents.transition(city, incidentId, Status.ON_SCENE, u.unit().callSign(), "到达现场", null, u.id());
        }
    }

    /** Writer thread: the end of a case frees its unit. */
    private void onIncident(Incident i) {
        if (i.status() == Status.CLOSED || i.status() == Status.REJECTED || i.status() == Status.MERGED) {
            i.assignedUnit().ifPresent(unitId -> {
                enRoute.remove(unitId, i.id());
                units.unit(unitId).filter(u -> u.status() == UnitStatus.BUSY)
                        .ifPresent(u -> units.setStatus(unitId, UnitStatus.AVAILABLE));
            });
        } else if (i.status() != Status.DISPATCHED) {
            i.assignedUnit().ifPresent(unitId -> enRoute.remove(unitId, i.id()));
        }
    }
}
