package org.gridwatch.dispatch;

import java.util.List;
import java.util.Optional;
import org.gridwatch.area.Scope;
import org.gridwatch.geo.Geodesy;
import org.gridwatch.incident.Actor;
import org.gridwatch.incident.CaseAction;
import org.gridwatch.incident.CaseUnit;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.IncidentService;
import org.gridwatch.incident.IncidentService.Step;
import org.gridwatch.incident.Status;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.UnitChange;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.pipeline.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage {@code arrival} of the {@code positions} stream: a unit on its way whose position (a new
 * fix, or the one it had when dispatched) lies within {@link DispatchService#ARRIVAL_METRES} of its
 * incident is recorded arriving ({@link CaseAction#ARRIVE}; the first turns the incident
 * {@code on_scene}): a new write, the unit's call sign as actor, whose change record comes down the
 * {@code incidents} stream. State thread.
 */
public final class ArrivalStage implements Stage<UnitChange> {
    private static final Logger LOG = LoggerFactory.getLogger(ArrivalStage.class);

    private final Assignments assignments;
    private final IncidentService incidents;
    private final Scope city;

    ArrivalStage(Assignments assignments, IncidentService incidents, Scope city) {
        this.assignments = assignments;
        this.incidents = incidents;
        this.city = city;
    }

    @Override
    public String name() {
        return "arrival";
    }

    @Override
    public void apply(List<? extends UnitChange> changes) {
        for (UnitChange c : changes) {
            UnitRecord u = c.after();
            Position p = u.lastPosition();
            if (p == null) {
                continue;
            }
            assignments.incidentOf(u.id()).ifPresent(incidentId -> {
                Incident i = incidents.index().get(incidentId).orElse(null);
                var onCase = i == null ? Optional.<CaseUnit>empty() : i.unit(u.id());
                if (onCase.isEmpty() || onCase.get().onScene()) {
                    assignments.arrived(u.id(), incidentId);
                } else if (Geodesy.distance(p.lon(), p.lat(), i.lon(), i.lat()) <= DispatchService.ARRIVAL_METRES) {
                    assignments.arrived(u.id(), incidentId);
                    // The first unit turns the case on scene; a later one is recorded arriving.
                    incidents.record(city, incidentId, new Step(Status.ON_SCENE, CaseAction.ARRIVE, "到达现场", null,
                                    u.id(), null, null), Actor.system(u.unit().callSign()))
                            .whenComplete((x, e) -> {
                                if (e != null) {
                                    LOG.info("unit {} reached incident {}, but on scene was refused: {}", u.id(),
                                            incidentId, e.getMessage());
                                }
                            });
                }
            });
        }
    }
}
