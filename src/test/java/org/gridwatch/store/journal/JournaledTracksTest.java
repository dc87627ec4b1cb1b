package org.gridwatch.store.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.gridwatch.error.FailureKind;
import org.gridwatch.error.StoreException;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.Unit;
import org.gridwatch.patrol.UnitKind;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.patrol.UnitStatus;
import org.gridwatch.pipeline.ReadBudget;
import org.gridwatch.store.JournalCheckpoints;
import org.gridwatch.store.Store;
import org.gridwatch.store.geopackage.GeoPackageStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;

/**
 * {@link JournaledTracks} over a real GeoPackage store, with a gate between it and the store's
 * checkpointed appends that the tests hold shut, open, or make fail, so "acknowledged but not yet
 * in the store" is a state the tests create on purpose.
 */
class JournaledTracksTest {
    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
    private static final Instant FROM = T0.minusSeconds(3600);
    private static final Instant TO = T0.plusSeconds(3600);
    private static final Envelope CITY = new Envelope(117.3, 118.6, 36.9, 38.3);

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private Store store;
    private Gate gate;
    private JournaledTracks tracks;

    /** The store's checkpointed appends, behind a gate. */
    private static final class Gate implements JournalCheckpoints {
        final Store store;
        /** Permits to pass; none: writes behind wait. */
        final Semaphore open = new Semaphore(0);
        /** When set, a write fails with it (after committing, if {@link #commitFirst}). */
        final AtomicReference<StoreException> fail = new AtomicReference<>();
        volatile boolean commitFirst;
        final AtomicInteger writes = new AtomicInteger();
        final CountDownLatch committed = new CountDownLatch(1);
        volatile CountDownLatch afterCommit;

        Gate(Store store) {
            this.store = store;
        }

        @Override
        public long checkpoint(String journal) {
            return store.checkpoint(journal);
        }

        @Override
        public void appendPositions(List<Position> positions, String journal, long seq) {
            try {
                open.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException(FailureKind.UNAVAILABLE, "interrupted", e);
            }
            StoreException f = fail.get();
            if (f != null && !commitFirst) {
                open.release();
                throw f;
            }
            store.appendPositions(positions, journal, seq);
            writes.incrementAndGet();
            committed.countDown();
            CountDownLatch hold = afterCommit;
            if (hold != null) {
                try {
                    hold.await(10, TimeUnit.SECONDS); // committed, not yet reported back
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            open.release();
            if (f != null) {
                fail.set(null);
                throw f;
            }
        }

        void openFully() {
            open.release(1_000_000);
        }
    }

    @BeforeEach
    void open() {
        store = GeoPackageStore.open(dir.resolve("gw.gpkg"), false);
        store.upsertUnits(List.of(unit("U1"), unit("U2"), unit("U3")));
        gate = new Gate(store);
        tracks = open(1_000_000);
    }

    private JournaledTracks open(int maxBehind) {
        return JournaledTracks.open(vertx, store, gate, PositionJournal.open(dir.resolve("journal"), 1 << 20), maxBehind,
                new SimpleMeterRegistry());
    }

    @AfterEach
    void close() {
        gate.openFully();
        if (tracks != null) {
            tracks.close(10_000);
        }
        store.close();
        vertx.close();
    }

    private static UnitRecord unit(String id) {
        return new UnitRecord(new Unit(id, "巡逻" + id, UnitKind.POLICE_CAR, "滨城区公安分局", "371602", "371602001", true),
                UnitStatus.AVAILABLE, null);
    }

    private static Position fix(String unit, int seconds, double lon) {
        return new Position(unit, lon, 37.4, T0.plusSeconds(seconds), 5.5, 90, 3);
    }

    @Test
    void acknowledgedPositionsAreReadWhileTheStoreLacksThem() throws Exception {
        tracks.appendPositions(List.of(fix("U1", 1, 118.0), fix("U2", 1, 118.2)));
        tracks.appendPositions(List.of(fix("U1", 2, 118.01)));
        // The store has nothing yet ...
        assertThat(store.track("U1", FROM, TO)).isEmpty();
        assertThat(tracks.behind()).isEqualTo(3);
        // ... but every read of the journaled tracks sees the acknowledged positions.
        assertThat(tracks.track("U1", FROM, TO)).containsExactly(fix("U1", 1, 118.0), fix("U1", 2, 118.01));
        assertThat(tracks.track("U1", T0.plusSeconds(2), TO)).containsExactly(fix("U1", 2, 118.01));
        assertThat(tracks.unitsPassed(new Envelope(118.1, 118.3, 37.3, 37.5), FROM, TO)).containsExactly("U2");
        assertThat(tracks.positionsIn(CITY, FROM, TO, ReadBudget.unbounded())).hasSize(3);
        assertThat(tracks.loadUnits()).filteredOn(u -> u.id().equals("U1")).singleElement()
                .extracting(UnitRecord::lastPosition).isEqualTo(fix("U1", 2, 118.01));
        // A bounded read counts them against its budget.
        assertThatThrownBy(() -> tracks.positionsIn(CITY, FROM, TO, new ReadBudget(2)))
                .isInstanceOf(ReadBudget.Exceeded.class);

        gate.openFully();
        tracks.caughtUp().get(10, TimeUnit.SECONDS);
        assertThat(store.track("U1", FROM, TO)).containsExactly(fix("U1", 1, 118.0), fix("U1", 2, 118.01));
        assertThat(store.checkpoint(tracks.journal().id())).isEqualTo(2);
        assertThat(tracks.behind()).isZero();
        assertThat(tracks.track("U1", FROM, TO)).hasSize(2);
    }

    @Test
    void aPositionCommittedButNotYetReportedBackIsReadOnce() throws Exception {
        gate.afterCommit = new CountDownLatch(1);
        tracks.appendPositions(List.of(fix("U1", 1, 118.0), fix("U1", 2, 118.01)));
        gate.openFully();
        assertThat(gate.committed.await(10, TimeUnit.SECONDS)).isTrue();
        // In the store and still waiting in memory: each position once.
        assertThat(store.track("U1", FROM, TO)).hasSize(2);
        assertThat(tracks.behind()).isEqualTo(2);
        assertThat(tracks.track("U1", FROM, TO)).containsExactly(fix("U1", 1, 118.0), fix("U1", 2, 118.01));
        assertThat(tracks.positionsIn(CITY, FROM, TO, ReadBudget.unbounded())).hasSize(2);
        gate.afterCommit.countDown();
        tracks.caughtUp().get(10, TimeUnit.SECONDS);
        assertThat(tracks.track("U1", FROM, TO)).hasSize(2);
    }

    @Test
    void whatTheStoreLackedAtACrashIsReplayedAtTheNextStartOnce() throws Exception {
        tracks.appendPositions(List.of(fix("U1", 1, 118.0)));
        gate.openFully();
        tracks.caughtUp().get(10, TimeUnit.SECONDS); // entry 1 in the store
        gate.open.drainPermits();
        tracks.appendPositions(List.of(fix("U1", 2, 118.01), fix("U2", 2, 118.2)));
        tracks.appendPositions(List.of(fix("U3", 3, 118.3)));
        // The process dies: nothing more reaches the store (a write behind that was about to start fails).
        Gate dead = gate;
        tracks.close(0);
        tracks = null;
        dead.fail.set(new StoreException(FailureKind.UNAVAILABLE, "the process died", null, false));
        dead.openFully();
        gate = new Gate(store);
        assertThat(store.checkpoint(gateJournalId())).isEqualTo(1);
        assertThat(store.track("U2", FROM, TO)).isEmpty();

        gate.openFully();
        tracks = open(1_000_000); // replays entries 2 and 3, blocking, before it returns
        assertThat(store.track("U1", FROM, TO)).containsExactly(fix("U1", 1, 118.0), fix("U1", 2, 118.01));
        assertThat(store.track("U2", FROM, TO)).containsExactly(fix("U2", 2, 118.2));
        assertThat(store.track("U3", FROM, TO)).containsExactly(fix("U3", 3, 118.3));
        assertThat(store.checkpoint(gateJournalId())).isEqualTo(3);
        assertThat(tracks.behind()).isZero();
        // The next entry continues the sequence; a restart now replays nothing.
        tracks.appendPositions(List.of(fix("U1", 4, 118.02)));
        tracks.caughtUp().get(10, TimeUnit.SECONDS);
        tracks.close(10_000);
        tracks = open(1_000_000);
        assertThat(store.track("U1", FROM, TO)).hasSize(3);
        assertThat(store.checkpoint(gateJournalId())).isEqualTo(4);
    }

    private String gateJournalId() {
        try (PositionJournal j = PositionJournal.open(dir.resolve("journal"), 1 << 20)) {
            return j.id();
        }
    }

    @Test
    void aFailedWriteIsRetriedAndOneThatMayHaveCommittedIsNotRepeated() throws Exception {
        // First: the store refuses (down); the positions wait and are retried.
        gate.fail.set(new StoreException(FailureKind.UNAVAILABLE, "connection refused", null, false));
        gate.openFully();
        tracks.appendPositions(List.of(fix("U1", 1, 118.0)));
        assertThat(tracks.track("U1", FROM, TO)).hasSize(1);
        assertThat(store.track("U1", FROM, TO)).isEmpty();
        // Then: it commits but the answer is lost (maybe stored): the checkpoint tells it is in.
        gate.commitFirst = true;
        gate.fail.set(new StoreException(FailureKind.UNAVAILABLE, "connection reset during commit", null, true));
        tracks.caughtUp().get(10, TimeUnit.SECONDS);
        assertThat(store.track("U1", FROM, TO)).containsExactly(fix("U1", 1, 118.0));
        assertThat(gate.writes.get()).isEqualTo(1);
        assertThat(tracks.behind()).isZero();
    }

    @Test
    void beyondMaxBehindABatchIsRefusedAndNothingIsStored() {
        tracks.close(0);
        tracks = open(4);
        long seq = tracks.journal().lastSeq();
        tracks.appendPositions(List.of(fix("U1", 1, 118.0), fix("U2", 1, 118.2), fix("U3", 1, 118.3)));
        assertThatThrownBy(() -> tracks.appendPositions(List.of(fix("U1", 2, 118.0), fix("U2", 2, 118.2))))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.UNAVAILABLE);
                    assertThat(e.maybeStored()).isFalse();
                    assertThat(e.getMessage()).contains("3 positions behind");
                });
        assertThat(tracks.journal().lastSeq()).isEqualTo(seq + 1);
        assertThat(tracks.track("U1", FROM, TO)).hasSize(1);
        // One more fits.
        tracks.appendPositions(List.of(fix("U1", 2, 118.0)));
        assertThat(tracks.behind()).isEqualTo(4);
    }

    @Test
    void aPositionOfAnUnknownUnitIsRefusedAsTheStoreWould() {
        assertThatThrownBy(() -> tracks.appendPositions(List.of(fix("U1", 1, 118.0), fix("U404", 1, 118.0))))
                .isInstanceOf(StoreException.class).hasMessageContaining("U404");
        assertThat(tracks.journal().lastSeq()).isZero();
        tracks.upsertUnits(List.of(unit("U404")));
        tracks.appendPositions(List.of(fix("U404", 1, 118.0)));
        assertThat(tracks.track("U404", FROM, TO)).hasSize(1);
    }

    @Test
    void manyBatchesReachTheStoreInLargeTransactionsInOrder() throws Exception {
        List<Position> all = new ArrayList<>();
        for (int b = 0; b < 40; b++) {
            List<Position> batch = new ArrayList<>();
            for (int k = 0; k < 1_000; k++) {
                batch.add(fix("U" + (1 + k % 3), b * 1_000 + k, 118.0 + k * 1e-6));
            }
            tracks.appendPositions(batch);
            all.addAll(batch);
        }
        gate.openFully();
        tracks.caughtUp().get(30, TimeUnit.SECONDS);
        assertThat(store.positionsIn(CITY, FROM, T0.plusSeconds(100_000), ReadBudget.unbounded())).hasSize(40_000);
        assertThat(gate.writes.get()).isLessThanOrEqualTo(40_000 / 20_000 + 1);
        assertThat(store.checkpoint(tracks.journal().id())).isEqualTo(40);
        assertThat(store.loadUnits()).filteredOn(u -> u.id().equals("U1")).singleElement()
                .extracting(UnitRecord::lastPosition).isEqualTo(all.get(all.size() - 1)); // k = 999: U1
    }
}
