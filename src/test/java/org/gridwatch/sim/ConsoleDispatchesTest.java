package org.gridwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.gridwatch.geo.Crs;
import org.gridwatch.incident.Category;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.IncidentChange;
import org.gridwatch.incident.Source;
import org.gridwatch.incident.Status;
import org.gridwatch.incident.Transition;
import org.junit.jupiter.api.Test;

/** Stage sim: a person's dispatch is queued for the simulator; the simulator's own, and other steps, are not. */
class ConsoleDispatchesTest {
    static final Instant T = Instant.parse("2026-11-27T02:00:00Z");

    static Incident accepted(long id) {
        Incident i = new Incident(id, Source.POLICE_CALL, null, Category.CRIMINAL, 2, 118.0, 37.4, Crs.WGS84, 118.0, 37.4,
                "371602001001001", "斗殴", "", T, T, Status.REPORTED, null,
                List.of(new Transition(null, Status.REPORTED, "x", T, null)));
        return i.apply(new Transition(Status.REPORTED, Status.ACCEPTED, "x", T, null), null);
    }

    static IncidentChange dispatchedBy(Incident i, String actor) {
        return new IncidentChange(i, i.apply(new Transition(Status.ACCEPTED, Status.DISPATCHED, actor, T, null, "CAR1"), null));
    }

    @Test
    void queuesThePeoplesDispatchesOnlyAndBoundsTheQueue() {
        ConsoleDispatches stage = new ConsoleDispatches();
        stage.apply(List.of(dispatchedBy(accepted(1), CitySimulator.ACTOR), dispatchedBy(accepted(2), "调度员李"),
                IncidentChange.reported(accepted(3))));
        assertThat(stage.poll().id()).isEqualTo(2);
        assertThat(stage.poll()).isNull();
        for (int k = 0; k < ConsoleDispatches.MAX_QUEUED + 5; k++) {
            stage.apply(List.of(dispatchedBy(accepted(100 + k), "调度员")));
        }
        assertThat(stage.poll().id()).as("the oldest were dropped").isEqualTo(105);
        assertThat(stage.name()).isEqualTo("sim");
    }
}
