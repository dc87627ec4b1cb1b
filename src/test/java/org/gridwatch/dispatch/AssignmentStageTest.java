package org.gridwatch.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.IncidentChange;
import org.gridwatch.incident.Status;
import org.gridwatch.incident.Transition;
import org.gridwatch.patrol.UnitStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stage dispatch alone: fed incident change records by hand, it tracks who is on their way and frees the unit of a finished case. */
class AssignmentStageTest {
    @TempDir
    Path dir;
    DispatchFixture f;
    Assignments assignments;
    AssignmentStage stage;

    @BeforeEach
    void open() {
        f = new DispatchFixture(dir);
        assignments = new Assignments(f.lanes.state);
        stage = new AssignmentStage(assignments, f.units);
    }

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    static Incident step(Incident i, Status to, String unit) {
        return i.apply(new Transition(i.status(), to, "调度员", DispatchFixture.T0.plusSeconds(i.history().size()), null, unit),
                null);
    }

    @Test
    void aDispatchPutsItsUnitOnItsWayAndItsFeedbackFreesIt() throws Exception {
        Incident accepted = f.index.get(f.acceptedIncident()).orElseThrow();
        // The dispatch write made the unit busy; the stage only follows it.
        f.units.setStatus("CAR1", UnitStatus.BUSY).get(30, TimeUnit.SECONDS);
        Incident dispatched = step(accepted, Status.DISPATCHED, "CAR1");
        f.lanes.asStage(() -> stage.apply(List.of(new IncidentChange(accepted, dispatched))));
        f.lanes.quiesce();
        assertThat(f.lanes.onState(() -> assignments.incidentOf("CAR1"))).contains(accepted.id());

        Incident onScene = step(dispatched, Status.ON_SCENE, "CAR1");
        Incident handled = step(onScene, Status.HANDLED, null);
        f.lanes.asStage(() -> stage.apply(List.of(new IncidentChange(dispatched, onScene))));
        f.lanes.quiesce();
        assertThat(f.lanes.onState(() -> assignments.incidentOf("CAR1"))).as("arrived").isEmpty();
        assertThat(f.unitStatus("CAR1")).as("busy while on scene").isEqualTo(UnitStatus.BUSY);
        f.lanes.asStage(() -> stage.apply(List.of(new IncidentChange(onScene, handled))));
        f.lanes.quiesce();
        assertThat(f.unitStatus("CAR1")).as("its feedback (handled) releases the unit").isEqualTo(UnitStatus.AVAILABLE);
    }

    @Test
    void aRecallTakesTheUnitOffItsWayAndReportsAreIgnored() throws Exception {
        Incident accepted = f.index.get(f.acceptedIncident()).orElseThrow();
        Incident dispatched = step(accepted, Status.DISPATCHED, "CAR1");
        Incident recalled = step(dispatched, Status.ACCEPTED, null);
        f.lanes.asStage(() -> stage.apply(List.of(IncidentChange.reported(accepted), new IncidentChange(accepted, dispatched),
                new IncidentChange(dispatched, recalled))));
        f.lanes.quiesce();
        assertThat(f.lanes.onState(() -> assignments.incidentOf("CAR1"))).isEmpty();
    }
}
