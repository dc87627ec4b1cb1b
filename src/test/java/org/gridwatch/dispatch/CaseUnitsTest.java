package org.gridwatch.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.gridwatch.incident.Actor;
import org.gridwatch.incident.CaseAction;
import org.gridwatch.incident.CaseUnit;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.IncidentException;
import org.gridwatch.incident.Status;
import org.gridwatch.incident.Transition;
import org.gridwatch.patrol.UnitStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several units per incident (issue 13 §1): a lead and supporting units, reassignment and recall,
 * each a recorded step whose units change in the same write, followed by the arrival stage and
 * recovered after a restart.
 */
class CaseUnitsTest {
    static final Actor DISPATCHER = new Actor("u-li", "调度员李");

    @TempDir
    Path dir;
    DispatchFixture f;

    @BeforeEach
    void open() {
        f = new DispatchFixture(dir);
    }

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    static <T> T done(CompletableFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    static IncidentException refusal(CompletableFuture<?> future) throws Exception {
        return DispatchServiceTest.refusal(future);
    }

    /** An accepted incident with CAR1 leading (3 km away) and FOOT1 supporting (900 m away), both on their way. */
    long carLeadingFootSupporting() throws Exception {
        long id = f.acceptedIncident();
        f.move("CAR1", 3000, 0);
        f.move("FOOT1", 900, 0);
        done(f.dispatch.dispatch(f.city, id, "CAR1", DISPATCHER));
        done(f.dispatch.dispatch(f.city, id, "FOOT1", DISPATCHER));
        return id;
    }

    Incident incident(long id) {
        return f.index.get(id).orElseThrow();
    }

    @Test
    void aLeadAndASupportingUnitGoTogetherArriveEachAndAreFreedByTheFeedback() throws Exception {
        long id = f.acceptedIncident();
        f.move("CAR1", 800, 0);
        f.move("FOOT1", 600, 0);
        done(f.dispatch.dispatch(f.city, id, "CAR1", null, DISPATCHER));
        Incident two = done(f.dispatch.dispatch(f.city, id, "FOOT1", null, DISPATCHER));
        assertThat(two.status()).isEqualTo(Status.DISPATCHED);
        assertThat(two.units()).extracting(CaseUnit::unitId, CaseUnit::lead, CaseUnit::onScene)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("CAR1", true, false),
                        org.assertj.core.groups.Tuple.tuple("FOOT1", false, false));
        assertThat(two.history()).extracting(Transition::action).endsWith(CaseAction.DISPATCH, CaseAction.SUPPORT);
        Transition support = two.history().get(two.history().size() - 1);
        assertThat(support.from()).isEqualTo(Status.DISPATCHED).isEqualTo(support.to());
        assertThat(f.unitStatus("CAR1")).isEqualTo(UnitStatus.BUSY);
        assertThat(f.unitStatus("FOOT1")).isEqualTo(UnitStatus.BUSY);

        f.move("FOOT1", 20, 60);                       // the supporting unit is there first
        f.lanes.quiesce();
        assertThat(f.status(id)).isEqualTo(Status.ON_SCENE);
        f.move("CAR1", 10, 90);                        // then the lead: recorded, status unchanged
        f.lanes.quiesce();
        Incident both = incident(id);
        assertThat(both.units()).allMatch(CaseUnit::onScene);
        assertThat(both.history()).filteredOn(t -> t.action() == CaseAction.ARRIVE).extracting(Transition::unitId)
                .containsExactly("FOOT1", "CAR1");
        f.move("CAR1", 5, 120);                        // a later fix on scene records nothing more
        f.lanes.quiesce();
        assertThat(incident(id).history()).hasSize(both.history().size());

        done(f.incidents.transition(f.city, id, Status.HANDLED, "调度员李", "已处置", null));
        f.lanes.quiesce();
        assertThat(incident(id).units()).isEmpty();
        assertThat(f.unitStatus("CAR1")).isEqualTo(UnitStatus.AVAILABLE);
        assertThat(f.unitStatus("FOOT1")).isEqualTo(UnitStatus.AVAILABLE);
        // Stored as shown: the store's history has every step with its action.
        assertThat(f.store.incident(id).orElseThrow().history()).isEqualTo(incident(id).history());
    }

    @Test
    void aSecondLeadAndSupportBeforeAnyUnitAreRefusedAndChangeNothing() throws Exception {
        long id = f.acceptedIncident();
        f.move("CAR1", 800, 0);
        f.move("CAR2", 900, 0);
        IncidentException early = refusal(f.dispatch.dispatch(f.city, id, "CAR2", false, DISPATCHER));
        assertThat(early.field()).isEqualTo("role");
        done(f.dispatch.dispatch(f.city, id, "CAR1", true, DISPATCHER));
        IncidentException second = refusal(f.dispatch.dispatch(f.city, id, "CAR2", true, DISPATCHER));
        assertThat(second.field()).isEqualTo("role");
        assertThat(second.getMessage()).contains("CAR1").contains("reassign");
        f.lanes.quiesce();
        assertThat(f.unitStatus("CAR2")).isEqualTo(UnitStatus.AVAILABLE);
        assertThat(incident(id).units()).extracting(CaseUnit::unitId).containsExactly("CAR1");
    }

    @Test
    void aReassignmentSwapsTheLeadAndItsUnitsInOneWrite() throws Exception {
        long id = f.acceptedIncident();
        f.move("CAR1", 3000, 0);
        f.move("CAR2", 900, 0);
        done(f.dispatch.dispatch(f.city, id, "CAR1", DISPATCHER));
        Incident swapped = done(f.dispatch.reassign(f.city, id, "CAR1", "CAR2", "CAR1 堵车", DISPATCHER));
        assertThat(swapped.status()).isEqualTo(Status.DISPATCHED);
        assertThat(swapped.assignedUnit()).contains("CAR2");
        assertThat(swapped.units()).extracting(CaseUnit::unitId).containsExactly("CAR2");
        Transition t = swapped.history().get(swapped.history().size() - 1);
        assertThat(t.action()).isEqualTo(CaseAction.REASSIGN);
        assertThat(t.unitId()).isEqualTo("CAR2");
        assertThat(t.target()).isEqualTo("CAR1");
        assertThat(t.note()).isEqualTo("CAR1 堵车");
        assertThat(t.actorId()).isEqualTo("u-li");
        assertThat(f.unitStatus("CAR1")).as("taken off, in the same write").isEqualTo(UnitStatus.AVAILABLE);
        assertThat(f.unitStatus("CAR2")).isEqualTo(UnitStatus.BUSY);
        assertThat(f.store.loadUnits()).filteredOn(u -> u.id().equals("CAR1")).extracting(u -> u.status())
                .containsExactly(UnitStatus.AVAILABLE);

        f.move("CAR1", 10, 60);                        // the old unit passing by is no arrival
        f.lanes.quiesce();
        assertThat(f.status(id)).isEqualTo(Status.DISPATCHED);
        f.move("CAR2", 10, 90);
        f.lanes.quiesce();
        assertThat(f.status(id)).isEqualTo(Status.ON_SCENE);

        IncidentException notOn = refusal(f.dispatch.reassign(f.city, id, "CAR1", "FOOT1", null, DISPATCHER));
        assertThat(notOn.field()).isEqualTo("from");
        assertThat(f.unitStatus("FOOT1")).isEqualTo(UnitStatus.AVAILABLE);
    }

    @Test
    void aRecallFreesOneUnitAndTheLastOneOnItsWayTakesTheCaseBackToAccepted() throws Exception {
        long id = carLeadingFootSupporting();
        Incident one = done(f.dispatch.recall(f.city, id, "CAR1", "改由步巡处置", DISPATCHER));
        assertThat(one.status()).isEqualTo(Status.DISPATCHED);
        assertThat(one.units()).extracting(CaseUnit::unitId).containsExactly("FOOT1");
        assertThat(one.lead()).as("no lead left").isEmpty();
        assertThat(one.assignedUnit()).as("the unit of record").contains("CAR1");
        assertThat(f.unitStatus("CAR1")).isEqualTo(UnitStatus.AVAILABLE);
        f.move("CAR1", 10, 60);
        f.lanes.quiesce();
        assertThat(f.status(id)).as("a recalled unit arriving is no arrival").isEqualTo(Status.DISPATCHED);

        Incident back = done(f.dispatch.recall(f.city, id, "FOOT1", null, DISPATCHER));
        assertThat(back.status()).isEqualTo(Status.ACCEPTED);
        assertThat(back.history().get(back.history().size() - 1).action()).isEqualTo(CaseAction.RECALL);
        assertThat(f.unitStatus("FOOT1")).isEqualTo(UnitStatus.AVAILABLE);
        f.lanes.quiesce();
        assertThat(f.lanes.onState(() -> f.dispatch.enRoute())).isZero();

        // The last unit on scene is not recalled: the case is handled instead.
        done(f.dispatch.dispatch(f.city, id, "FOOT1", DISPATCHER));
        f.move("FOOT1", 10, 120);
        f.lanes.quiesce();
        assertThat(f.status(id)).isEqualTo(Status.ON_SCENE);
        IncidentException last = refusal(f.dispatch.recall(f.city, id, "FOOT1", null, DISPATCHER));
        assertThat(last.getMessage()).contains("handled");
        assertThat(f.unitStatus("FOOT1")).isEqualTo(UnitStatus.BUSY);
    }

    @Test
    void everyUnitOnItsWayIsRecoveredAfterARestart() throws Exception {
        carLeadingFootSupporting();
        f.lanes.quiesce();
        DispatchService again = new DispatchService(f.incidents, f.units, f.store, f.lanes.writes, f.incidentStream,
                f.positionStream, f.city);
        again.recover();
        assertThat(f.lanes.onState(again::enRoute)).isEqualTo(2);
    }

    @Test
    void theWorkflowRefusesSupportAfterTheFeedback() {
        assertThatThrownBy(() -> {
            long id = f.acceptedIncident();
            f.move("CAR1", 800, 0);
            done(f.dispatch.dispatch(f.city, id, "CAR1", DISPATCHER));
            done(f.incidents.transition(f.city, id, Status.ON_SCENE, "调度员李", null, null, "CAR1"));
            done(f.incidents.transition(f.city, id, Status.HANDLED, "调度员李", null, null));
            f.lanes.quiesce();
            done(f.dispatch.dispatch(f.city, id, "CAR2", false, DISPATCHER));
        }).hasCauseInstanceOf(IncidentException.class).hasMessageContaining("no unit yet");
    }
}
