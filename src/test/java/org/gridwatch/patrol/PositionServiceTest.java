package org.gridwatch.patrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.gridwatch.Streams;
import org.gridwatch.geo.ChinaCoordinates;
import org.gridwatch.geo.Crs;
import org.gridwatch.geo.LonLat;
import org.gridwatch.error.ConflictException;
import org.gridwatch.error.StoreException;
import org.gridwatch.store.geopackage.GeoPackageStore;
import org.gridwatch.testsupport.TestLanes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The position pipeline end to end on a real GeoPackage store, each rejection reason in its own case. */
class PositionServiceTest {
    static final Instant NOW = Instant.parse("2026-11-27T02:00:00Z");

    @TempDir
    Path dir;
    GeoPackageStore store;
    TestLanes lanes;
    SimpleMeterRegistry registry;
    PositionService service;
    final TestLanes.Recorder<UnitChange> recorded = TestLanes.recorder();
    final List<UnitChange> changes = recorded.seen;

    /** A service over {@link #store} whose stream keeps the roster (stage index) and records the changes. */
    PositionService service(Roster roster, MeterRegistry meters, TestLanes.Recorder<UnitChange> recorder) {
        return new PositionService(store, roster, Streams.ingest(meters), Clock.fixed(NOW, ZoneOffset.UTC), lanes.writes,
                lanes.pipeline("positions", new RosterStage(roster), recorder), meters);
    }

    @BeforeEach
    void open() {
        store = GeoPackageStore.open(dir.resolve("s.gpkg"), false);
        lanes = new TestLanes();
        registry = new SimpleMeterRegistry();
        service = service(new Roster(), registry, recorded);
        service.load(() -> List.of(
                new Unit("CAR1", "滨城巡逻1号", UnitKind.POLICE_CAR, "滨城区公安分局", "371602", "371602001", true),
                new Unit("FOOT1", "滨城步巡1号", UnitKind.FOOT_PATROL, "滨城区公安分局", "371602", "371602001", true)));
    }

    @AfterEach
    void close() throws Exception {
        lanes.close();
        store.close();
    }

    static PositionReport at(String unit, double lon, double lat, Instant t) {
        return new PositionReport(unit, lon, lat, Crs.WGS84, t, Double.NaN, Double.NaN, Double.NaN);
    }

    double rejectedCount(RejectReason r) {
        return registry.get("gridwatch.positions.rejected").tag("reason", r.id()).counter().count();
    }

    @Test
    void goodPositionsAreStoredAppliedAndEmitted() {
        var result = service.ingest(List.of(
                at("CAR1", 118.00, 37.40, NOW.minusSeconds(10)),
                at("CAR1", 118.001, 37.40, NOW.minusSeconds(5)),
                at("FOOT1", 118.01, 37.41, NOW.minusSeconds(5)))).join();
        assertThat(result.accepted()).isEqualTo(3);
        assertThat(result.rejected()).isEmpty();
        assertThat(service.unit("CAR1").orElseThrow().lastPosition().lon()).isEqualTo(118.001);
        assertThat(store.track("CAR1", NOW.minusSeconds(60), NOW)).extracting(Position::lon).containsExactly(118.00, 118.001);
        assertThat(service.index().nearest(118.0, 37.4, 1, 1e6, u -> true)).extracting(h -> h.entry().id())
                .containsExactly("CAR1");
        assertThat(changes).hasSize(3);
        assertThat(changes.get(1).before().lastPosition().lon()).isEqualTo(118.00);
        assertThat(registry.get("gridwatch.positions.accepted").counter().count()).isEqualTo(3);
    }

    @Test
    void eachBadReportIsRejectedWithItsReasonAndTheGoodOnesStillLand() {
        service.ingest(List.of(at("CAR1", 118.00, 37.40, NOW.minusSeconds(100)))).join();
        List<PositionReport> batch = List.of(
                at("CAR1", 118.0005, 37.40, NOW.minusSeconds(90)),                 // 0 ok
                at("GHOST", 118.0, 37.4, NOW.minusSeconds(90)),                    // 1 unknown unit
                at("CAR1", 200, 37.4, NOW.minusSeconds(80)),                       // 2 invalid lon
                at("CAR1", Double.NaN, 37.4, NOW.minusSeconds(80)),                // 3 invalid NaN
                at("CAR1", 118.0, 37.4, null),                                     // 4 invalid time
                at("CAR1", 118.0, 37.4, NOW.plusSeconds(3600)),                    // 5 future
                at("CAR1", 118.0, 37.4, NOW.minusSeconds(95)),                     // 6 older than 0
                at("CAR1", 118.0006, 37.40, NOW.minusSeconds(90)),                 // 7 same time as 0
                at("CAR1", 118.5, 37.40, NOW.minusSeconds(85)),                    // 8 44 km in 5 s
                new PositionReport("CAR1", 118.0, 37.4, Crs.WGS84, NOW.minusSeconds(84), -3, Double.NaN, Double.NaN), // 9
                at("CAR1", 118.001, 37.40, NOW.minusSeconds(80)));                 // 10 ok
        var result = service.ingest(batch).join();
        assertThat(result.accepted()).isEqualTo(2);
        assertThat(result.rejected()).extracting(PositionService.Rejected::index).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(result.rejected()).extracting(PositionService.Rejected::reason).containsExactly(
                RejectReason.UNKNOWN_UNIT, RejectReason.INVALID, RejectReason.INVALID, RejectReason.INVALID,
                RejectReason.FUTURE_TIME, RejectReason.OUT_OF_ORDER, RejectReason.DUPLICATE, RejectReason.IMPLAUSIBLE_JUMP,
                RejectReason.INVALID);
        assertThat(store.track("CAR1", NOW.minusSeconds(1000), NOW)).extracting(Position::lon)
                .containsExactly(118.00, 118.0005, 118.001);
        assertThat(rejectedCount(RejectReason.INVALID)).isEqualTo(4);
        assertThat(rejectedCount(RejectReason.IMPLAUSIBLE_JUMP)).isEqualTo(1);
    }

    @Test
    void footPatrolsCannotDriveOnTheExpressway() {
        service.ingest(List.of(at("FOOT1", 118.00, 37.40, NOW.minusSeconds(60)))).join();
        // ~3.5 km in 60 s is 59 m/s: plausible for no one on foot, and rejected.
        var r = service.ingest(List.of(at("FOOT1", 118.04, 37.40, NOW))).join();
        assertThat(r.rejected()).extracting(PositionService.Rejected::reason).containsExactly(RejectReason.IMPLAUSIBLE_JUMP);
        // The same distance five minutes after the last accepted fix (12 m/s) is fine.
        assertThat(service.ingest(List.of(at("FOOT1", 118.04, 37.40, NOW.plusSeconds(240)))).join().accepted()).isEqualTo(1);
    }

    @Test
    void gcj02PositionsAreConvertedToWgs84() {
        LonLat gcj = ChinaCoordinates.wgs84ToGcj02(118.02, 37.44);
        service.ingest(List.of(new PositionReport("CAR1", gcj.lon(), gcj.lat(), Crs.GCJ02, NOW, Double.NaN, Double.NaN, Double.NaN)))
                .join();
        Position p = service.unit("CAR1").orElseThrow().lastPosition();
        assertThat(p.lon()).isCloseTo(118.02, org.assertj.core.data.Offset.offset(1e-7));
        assertThat(p.lat()).isCloseTo(37.44, org.assertj.core.data.Offset.offset(1e-7));
    }

    @Test
    void aFailingStoreAcknowledgesAndAppliesNothing() {
        store.close();
        assertThatThrownBy(() -> service.ingest(List.of(at("CAR1", 118.0, 37.4, NOW))).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(StoreException.class);
        assertThat(service.unit("CAR1").orElseThrow().lastPosition()).isNull();
        assertThat(service.index().size()).isZero();
    }

    @Test
    void statusAndRosterSurviveAReload() {
        service.setStatus("CAR1", UnitStatus.BUSY).join();
        service.add(new Unit("G9", "网格员9", UnitKind.GRID_WORKER, "杜店街道", "371602", "371602001", true)).join();
        service.ingest(List.of(at("G9", 118.0, 37.4, NOW))).join();
        assertThatThrownBy(() -> service.add(new Unit("G9", "x", UnitKind.GRID_WORKER, "a", "371602", "371602001", true)).join())
                .hasCauseInstanceOf(ConflictException.class);
        PositionService again = service(new Roster(), new SimpleMeterRegistry(), TestLanes.recorder());
        assertThat(again.load(List::of)).isEqualTo(3);
        assertThat(again.unit("CAR1").orElseThrow().status()).isEqualTo(UnitStatus.BUSY);
        assertThat(again.unit("G9").orElseThrow().lastPosition().time()).isEqualTo(NOW);
        assertThat(again.index().get("G9")).isPresent();
    }

    @Test
    void concurrentBatchesAreGroupCommittedAndAllAnswered() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int u = 0; u < 50; u++) {
            String id = "G" + u;
            service.add(new Unit(id, id, UnitKind.GRID_WORKER, "a", "371602", "371602001", true)).join();
            ids.add(id);
        }
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<PositionService.IngestResult>> answers = new ArrayList<>();
        for (int u = 0; u < 50; u++) {
            String id = ids.get(u);
            double lon = 117.9 + u * 0.001;
            answers.add(clients.submit(() -> {
                int accepted = 0;
                for (int t = 0; t < 20; t++) {
                    accepted += service.ingest(List.of(at(id, lon, 37.4, NOW.minusSeconds(200 - t * 5)))).join().accepted();
                }
                return new PositionService.IngestResult(accepted, List.of());
            }));
        }
        int total = 0;
        for (var a : answers) {
            total += a.get().accepted();
        }
        clients.shutdown();
        assertThat(total).isEqualTo(50 * 20);
        for (String id : ids) {
            assertThat(store.track(id, NOW.minusSeconds(1000), NOW)).hasSize(20);
        }
        assertThat(service.index().size()).isEqualTo(50);
    }
}
