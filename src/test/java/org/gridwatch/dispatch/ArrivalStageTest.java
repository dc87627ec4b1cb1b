package org.gridwatch.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gridwatch.incident.Status;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.UnitChange;
import org.gridwatch.patrol.UnitRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stage arrival alone: fed change records by hand, it queues an on-scene transition only for a unit on its way within 50 m. */
class ArrivalStageTest {
    @TempDir
    Path dir;
    DispatchFixture f;
    Assignments assignments;
    ArrivalStage stage;

    @BeforeEach
    void open() {
        f = new DispatchFixture(dir);
        assignments = new Assignments(f.lanes.state);
        stage = new ArrivalStage(assignments, f.incidents, f.city);
    }

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    UnitChange at(String unit, double metresEast) {
        UnitRecord u = f.roster.unit(unit).orElseThrow();
        return new UnitChange(u, u.withLastPosition(new Position(unit, DispatchFixture.LON + metresEast * DispatchFixture.DEG_PER_M,
                DispatchFixture.LAT, DispatchFixture.T0, Double.NaN, Double.NaN, Double.NaN)));
    }

    /** An incident moved to dispatched with CAR1, without the assignment stage (so only this test's assignments know it). */
    long dispatchedIncident() throws Exception {
        long id = f.acceptedIncident();
        f.incidents.transition(f.city, id, Status.DISPATCHED, "调度员", "派遣", null, "CAR1").get(30, TimeUnit.SECONDS);
        return id;
    }

    @Test
    void onlyAUnitOnItsWayWithinFiftyMetresTurnsItsIncidentOnScene() throws Exception {
        long id = dispatchedIncident();
        f.lanes.asStage(() -> stage.apply(List.of(at("CAR1", 10))));   // not on its way, as far as this stage knows
        f.lanes.quiesce();
        assertThat(f.status(id)).isEqualTo(Status.DISPATCHED);
        f.lanes.asStage(() -> {
            assignments.heading("CAR1", id);
            stage.apply(List.of(at("CAR2", 0), at("CAR1", 55)));   // another unit at the scene; CAR1 55 m away
        });
        f.lanes.quiesce();
        assertThat(f.status(id)).isEqualTo(Status.DISPATCHED);
        f.lanes.asStage(() -> stage.apply(List.of(at("CAR1", 49))));
        f.lanes.quiesce();
        assertThat(f.status(id)).isEqualTo(Status.ON_SCENE);
        assertThat(f.lanes.onState(() -> assignments.incidentOf("CAR1"))).as("no longer on its way").isEmpty();
    }

    @Test
    void aUnitWhoseIncidentIsNoLongerDispatchedIsForgotten() throws Exception {
        long id = dispatchedIncident();
        f.incidents.transition(f.city, id, Status.ACCEPTED, "调度员", "召回", null).get(30, TimeUnit.SECONDS);
        f.lanes.asStage(() -> {
            assignments.heading("CAR1", id);
            stage.apply(List.of(at("CAR1", 0)));
        });
        f.lanes.quiesce();
        assertThat(f.status(id)).isEqualTo(Status.ACCEPTED);
        assertThat(f.lanes.onState(() -> assignments.incidentOf("CAR1"))).isEmpty();
    }
}
