package org.gridwatch.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.gridwatch.incident.IncidentChange;
import org.gridwatch.incident.IncidentException;
import org.gridwatch.incident.Status;
import org.gridwatch.incident.Transition;
import org.gridwatch.error.StoreException;
import org.gridwatch.patrol.UnitStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dispatch end to end over the stages: dispatched → busy → on scene → closed → available, a straight line. */
class DispatchServiceTest {
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

    static IncidentException refusal(CompletableFuture<?> future) throws Exception {
        try {
            future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IncidentException ie) {
                return ie;
            }
            throw e;
        }
        throw new AssertionError("not refused");
    }

    @Test
    void aDispatchIsOneTransitionThenTheUnitIsBusyThenItsArrivalPutsTheCaseOnScene() throws Exception {
        long id = f.acceptedIncident();
        f.move("CAR1", 2_000, 0);
        var dispatched = f.dispatch.dispatch(f.city, id, "CAR1", "调度员李").get(30, TimeUnit.SECONDS);
        assertThat(dispatched.status()).isEqualTo(Status.DISPATCHED);
        assertThat(dispatched.assignedUnit()).contains("CAR1");
        assertThat(f.unitStatus("CAR1")).as("busy when the dispatch is answered").isEqualTo(UnitStatus.BUSY);
        f.move("CAR1", 60, 120);                     // close, not yet there
        f.lanes.quiesce();
        assertThat(f.status(id)).isEqualTo(Status.DISPATCHED);
        f.move("CAR1", 30, 180);                     // within 50 m
        f.lanes.quiesce();
        assertThat(f.status(id)).isEqualTo(Status.ON_SCENE);
        Transition arrival = f.index.get(id).orElseThrow().history().get(3);
        assertThat(arrival.actor()).isEqualTo("滨城巡逻1号");
        assertThat(arrival.unitId()).isEqualTo("CAR1");
        assertThat(f.index.get(id).orElseThrow().responseTime()).isPresent();
        // The incident stream saw each step once, in order: reported, accepted, dispatched, on scene.
        assertThat(f.incidentChanges.seen).extracting(c -> c.after().status())
                .containsExactly(Status.REPORTED, Status.ACCEPTED, Status.DISPATCHED, Status.ON_SCENE);
        assertThat(f.incidentChanges.seen).extracting(IncidentChange::isReport).containsExactly(true, false, false, false);
        assertThat(f.unitStatus("CAR1")).isEqualTo(UnitStatus.BUSY);
        f.incidents.transition(f.city, id, Status.HANDLED, "调度员李", "已处置", null).get(30, TimeUnit.SECONDS);
        f.lanes.quiesce();
        assertThat(f.unitStatus("CAR1")).as("the feedback (handled) frees its unit").isEqualTo(UnitStatus.AVAILABLE);
        assertThat(f.unitChanges.seen).extracting(c -> c.after().status()).containsSubsequence(UnitStatus.AVAILABLE,
                UnitStatus.BUSY, UnitStatus.AVAILABLE);
    }

    @Test
    void aUnitAlreadyAtTheSceneIsOnSceneAsSoonAsItIsBusy() throws Exception {
        long id = f.acceptedIncident();
        f.move("CAR1", 20, 0);
        f.dispatch.dispatch(f.city, id, "CAR1", "调度员").get(30, TimeUnit.SECONDS);
        f.lanes.quiesce();
        assertThat(f.status(id)).isEqualTo(Status.ON_SCENE);
    }

    @Test
    void refusedDispatchesChangeNothing() throws Exception {
        long id = f.acceptedIncident();
        f.move("CAR1", 500, 0);
        IncidentException ghost = refusal(f.dispatch.dispatch(f.city, id, "GHOST", "调度员"));
        assertThat(ghost.reason()).isEqualTo(IncidentException.Reason.NOT_FOUND);
        assertThat(ghost.field()).isEqualTo("unit");
        f.units.setStatus("CAR2", UnitStatus.OFF_DUTY).get(30, TimeUnit.SECONDS);
        IncidentException offDuty = refusal(f.dispatch.dispatch(f.city, id, "CAR2", "调度员"));
        assertThat(offDuty.reason()).isEqualTo(IncidentException.Reason.INVALID_TRANSITION);
        assertThat(offDuty.field()).isEqualTo("unit");
        long reported = f.incidents.report(new org.gridwatch.incident.IncidentReport(org.gridwatch.incident.Source.HOTLINE,
                null, org.gridwatch.incident.Category.DISPUTE, 4, DispatchFixture.LON, DispatchFixture.LAT,
                org.gridwatch.geo.Crs.WGS84, DispatchFixture.T0, "纠纷", "", "x")).get(30, TimeUnit.SECONDS).incident().id();
        IncidentException notAccepted = refusal(f.dispatch.dispatch(f.city, reported, "CAR1", "调度员"));
        assertThat(notAccepted.field()).isEqualTo("to");
        f.lanes.quiesce();
        assertThat(f.status(id)).isEqualTo(Status.ACCEPTED);
        assertThat(f.status(reported)).isEqualTo(Status.REPORTED);
        assertThat(f.unitStatus("CAR1")).isEqualTo(UnitStatus.AVAILABLE);
    }

    @Test
    void twoDispatchesAtOnceCannotBothTakeOneUnit() throws Exception {
        long a = f.acceptedIncident();
        long b = f.acceptedIncident();
        f.move("CAR1", 500, 0);
        CompletableFuture<?> first = f.dispatch.dispatch(f.city, a, "CAR1", "调度员甲");
        CompletableFuture<?> second = f.dispatch.dispatch(f.city, b, "CAR1", "调度员乙");
        first.get(30, TimeUnit.SECONDS);
        assertThat(refusal(second).getMessage()).contains("busy");
        assertThat(f.status(b)).isEqualTo(Status.ACCEPTED);
    }

    @Test
    void eightDispatchersRacingForTwoUnitsSendEachUnitOnce() throws Exception {
        List<Long> ids = new java.util.ArrayList<>();
        for (int k = 0; k < 8; k++) {
            ids.add(f.acceptedIncident());
        }
        f.move("CAR1", 500, 0);
        f.move("CAR2", 900, 0);
        // Eight threads submit at once, each sending one of the two units to its own incident.
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(ids.size());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(ids.size());
        List<java.util.concurrent.Future<CompletableFuture<org.gridwatch.incident.Incident>>> submitted = new java.util.ArrayList<>();
        for (int k = 0; k < ids.size(); k++) {
            long id = ids.get(k);
            String unit = k % 2 == 0 ? "CAR1" : "CAR2";
            submitted.add(pool.submit(() -> {
                start.await(30, TimeUnit.SECONDS);
                return f.dispatch.dispatch(f.city, id, unit, "调度员");
            }));
        }
        int sent = 0;
        int refused = 0;
        for (var s : submitted) {
            try {
                s.get(30, TimeUnit.SECONDS).get(30, TimeUnit.SECONDS);
                sent++;
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(IncidentException.class).hasMessageContaining("busy");
                refused++;
            }
        }
        pool.shutdown();
        f.lanes.quiesce();
        assertThat(sent).isEqualTo(2);
        assertThat(refused).isEqualTo(6);
        assertThat(ids.stream().filter(id -> f.status(id) != Status.ACCEPTED))
                .extracting(id -> f.index.get(id).orElseThrow().assignedUnit().orElseThrow())
                .containsExactlyInAnyOrder("CAR1", "CAR2");
    }

    @Test
    void aDispatchTheStoreRefusesLeavesTheIncidentAcceptedAndTheUnitAvailable() throws Exception {
        long id = f.acceptedIncident();
        f.move("CAR1", 500, 0);
        DispatchService failing = new DispatchService(f.incidents, f.units, (incident, transition, unit) -> {
            throw new StoreException("disk full");
        }, f.lanes.writes, f.incidentStream, f.positionStream, f.city);
        int incidentChanges = f.incidentChanges.seen.size();
        int unitChanges = f.unitChanges.seen.size();
        assertThatThrownBy(() -> failing.dispatch(f.city, id, "CAR1", "调度员").get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(StoreException.class);
        f.lanes.quiesce();
        assertThat(f.status(id)).isEqualTo(Status.ACCEPTED);
        assertThat(f.unitStatus("CAR1")).isEqualTo(UnitStatus.AVAILABLE);
        assertThat(f.incidentChanges.seen).as("no change record for a write that did not happen").hasSize(incidentChanges);
        assertThat(f.unitChanges.seen).hasSize(unitChanges);
        // And the real store afterwards takes the same dispatch: nothing was left half-done.
        assertThat(f.dispatch.dispatch(f.city, id, "CAR1", "调度员").get(30, TimeUnit.SECONDS).status())
                .isEqualTo(Status.DISPATCHED);
        List<Status> stored = new java.util.ArrayList<>();
        f.lanes.quiesce();
        f.store.forEachIncident(i -> {
            if (i.id() == id) {
                stored.add(i.status());
            }
        });
        assertThat(stored).containsExactly(Status.DISPATCHED);
    }

    @Test
    void assignmentsAreRecoveredFromTheIncidentsHistories() throws Exception {
        long id = f.acceptedIncident();
        f.move("CAR1", 500, 0);
        f.dispatch.dispatch(f.city, id, "CAR1", "调度员").get(30, TimeUnit.SECONDS);
        // A second service over the same state, as after a restart: it learns CAR1 is on its way to id.
        DispatchService again = new DispatchService(f.incidents, f.units, f.store, f.lanes.writes, f.incidentStream,
                f.positionStream, f.city);
        again.recover();
        var arrival = again.arrivalStage();
        f.lanes.run(() -> arrival.apply(List.of(new org.gridwatch.patrol.UnitChange(f.roster.unit("CAR1").orElseThrow(),
                f.roster.unit("CAR1").orElseThrow().withLastPosition(new org.gridwatch.patrol.Position("CAR1",
                        DispatchFixture.LON, DispatchFixture.LAT, DispatchFixture.T0.plusSeconds(600), Double.NaN,
                        Double.NaN, Double.NaN))))));
        f.lanes.quiesce();
        assertThat(f.status(id)).isEqualTo(Status.ON_SCENE);
    }
}
