package org.gridwatch.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.gridwatch.area.GridIndex;
import org.gridwatch.error.FailureKind;
import org.gridwatch.error.StoreException;
import org.gridwatch.geo.Crs;
import org.gridwatch.pipeline.Pipeline;
import org.gridwatch.store.geopackage.GeoPackageStore;
import org.gridwatch.testsupport.TestLanes;
import org.gridwatch.testsupport.WktCity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports when the store fails (issue 11, row 6): an id is never given twice, a write whose
 * commit had an unknown outcome is settled from the store (the server then shows what it holds),
 * and an {@code Idempotency-Key} makes a retry answer the first incident instead of making a
 * second one — across a restart, and after a first attempt of unknown outcome.
 */
class IncidentServiceTest {
    private static final Instant T0 = Instant.parse("2026-11-27T02:00:00Z");
    private static final double LON = WktCity.lon(0.5);
    private static final double LAT = WktCity.lat(0.75);

    /** What the next insert does. */
    enum Next { STORE, FAIL, STORE_THEN_FAIL }

    @TempDir
    Path dir;
    GeoPackageStore file;
    TestLanes lanes;
    IncidentIndex index;
    IncidentService service;
    volatile Next next = Next.STORE;

    /** The file store, except that an insert may fail before or after it is stored (a commit of unknown outcome). */
    final IncidentStore store = new IncidentStore() {
        @Override
        public long maxIncidentId() {
            return file.maxIncidentId();
        }

        private void insert(Runnable r) {
            Next n = next;
            next = Next.STORE;
            if (n == Next.FAIL) {
                throw new StoreException(FailureKind.UNAVAILABLE, "the commit failed (test)", null, true);
            }
            r.run();
            if (n == Next.STORE_THEN_FAIL) {
                throw new StoreException(FailureKind.UNAVAILABLE, "the commit failed (test)", null, true);
            }
        }

        @Override
        public void insertIncident(Incident incident) {
            insert(() -> file.insertIncident(incident));
        }

        @Override
        public void insertIncident(Incident incident, String key) {
            insert(() -> file.insertIncident(incident, key));
        }

        @Override
        public Map<String, Long> incidentKeys() {
            return file.incidentKeys();
        }

        @Override
        public void insertIncidents(List<Incident> incidents) {
            insert(() -> file.insertIncidents(incidents));
        }

        @Override
        public void updateIncident(Incident updated, Transition transition) {
            file.updateIncident(updated, transition);
        }

        @Override
        public void forEachIncident(Consumer<Incident> sink) {
            file.forEachIncident(sink);
        }

        @Override
        public Optional<Incident> incident(long id) {
            return file.incident(id);
        }
    };

    @BeforeEach
    void open() {
        file = GeoPackageStore.open(dir.resolve("i.gpkg"), false);
        start();
    }

    /** A new service over the store, as after a restart. */
    void start() {
        lanes = new TestLanes();
        index = new IncidentIndex();
        Pipeline<IncidentChange> stream = new Pipeline<>("incidents", lanes.state, lanes.registry);
        service = new IncidentService(store, index, GridIndex.build(WktCity.hierarchy()), Clock.fixed(T0, ZoneOffset.UTC),
                lanes.writes, stream);
        stream.declare(new IncidentIndexStage(index));
        service.loadFromStore();
    }

    @AfterEach
    void close() throws Exception {
        lanes.close();
        file.close();
    }

    static IncidentReport report(String title) {
        return new IncidentReport(Source.HOTLINE, null, Category.TRAFFIC, 1, LON, LAT, Crs.WGS84, T0.minusSeconds(60), title,
                "", "接警员");
    }

    IncidentService.Reported send(String title, String key) throws Exception {
        return service.report(null, report(title), null, key).get(30, TimeUnit.SECONDS);
    }

    @Test
    void row6_aFailedReportsIdIsNeverGivenAgain() throws Exception {
        assertThat(send("一", null).incident().id()).isEqualTo(1);
        next = Next.FAIL;
        assertThatThrownBy(() -> send("二", null)).hasCauseInstanceOf(StoreException.class);
        // Before: the next report took id 2 again, and when the failed one had been stored after all,
        // every later report failed with "incident id 2 exists already".
        assertThat(send("三", null).incident().id()).isEqualTo(3);
        lanes.quiesce();
        assertThat(index.get(2)).isEmpty();
        assertThat(service.settle().get(30, TimeUnit.SECONDS)).as("not stored after all").isZero();
        assertThat(service.unsettled()).isFalse();
    }

    @Test
    void row6_aReportStoredDespiteItsFailedCommitIsSettledAndShown() throws Exception {
        next = Next.STORE_THEN_FAIL;
        assertThatThrownBy(() -> send("已存", null)).hasCauseInstanceOf(StoreException.class);
        assertThat(service.unsettled()).isTrue();
        lanes.quiesce();
        assertThat(index.get(1)).as("not acknowledged, not shown yet").isEmpty();
        assertThat(send("下一个", null).incident().id()).isEqualTo(2);
        assertThat(service.settle().get(30, TimeUnit.SECONDS)).isEqualTo(1);
        lanes.quiesce();
        assertThat(index.get(1)).map(Incident::title).contains("已存");
        assertThat(service.unsettled()).isFalse();
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyAnswersTheFirstIncident() throws Exception {
        IncidentService.Reported first = send("一次", "k1");
        assertThat(first.created()).isTrue();
        IncidentService.Reported again = send("一次", "k1");
        assertThat(again.created()).isFalse();
        assertThat(again.incident().id()).isEqualTo(first.incident().id());
        assertThat(send("另一个", "k2").created()).isTrue();
        // After a restart the key is still known.
        lanes.close();
        start();
        IncidentService.Reported later = send("一次", "k1");
        assertThat(later.created()).isFalse();
        assertThat(later.incident().id()).isEqualTo(first.incident().id());
        assertThat(index.size()).isEqualTo(2);
    }

    @Test
    void aRetryAfterACommitOfUnknownOutcomeNeverMakesASecondIncident() throws Exception {
        next = Next.STORE_THEN_FAIL;
        assertThatThrownBy(() -> send("断线", "k")).hasCauseInstanceOf(StoreException.class);
        IncidentService.Reported retry = send("断线", "k");
        assertThat(retry.created()).as("it was stored: the retry gets it").isFalse();
        assertThat(retry.incident().id()).isEqualTo(1);
        lanes.quiesce();
        assertThat(index.size()).isEqualTo(1);

        // Not stored after all: the retry stores it, once.
        next = Next.FAIL;
        assertThatThrownBy(() -> send("再次", "k2")).hasCauseInstanceOf(StoreException.class);
        IncidentService.Reported made = send("再次", "k2");
        assertThat(made.created()).isTrue();
        assertThat(send("再次", "k2").incident().id()).isEqualTo(made.incident().id());
        lanes.quiesce();
        assertThat(index.size()).isEqualTo(2);
        List<Long> stored = new java.util.ArrayList<>();
        file.forEachIncident(i -> stored.add(i.id()));
        assertThat(stored).containsExactly(1L, made.incident().id());
    }
}
