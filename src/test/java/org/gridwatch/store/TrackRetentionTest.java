package org.gridwatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.Unit;
import org.gridwatch.patrol.UnitKind;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.patrol.UnitStatus;
import org.gridwatch.store.geopackage.GeoPackageStore;
import org.gridwatch.testsupport.TestLanes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention keeps the last {@code days} UTC days of tracks, deleting older ones in pieces on the store lane. */
class TrackRetentionTest {
    static final Instant NOW = Instant.parse("2026-11-27T15:00:00Z");

    @TempDir
    Path dir;

    @Test
    void keepsTheLastDaysAndDeletesOlderOnesInPieces() throws Exception {
        try (GeoPackageStore store = GeoPackageStore.open(dir.resolve("r.gpkg"), false); TestLanes lanes = new TestLanes()) {
            Unit u = new Unit("CAR1", "滨城巡逻1号", UnitKind.POLICE_CAR, "公安", "371602", "371602001", true);
            store.upsertUnits(List.of(new UnitRecord(u, UnitStatus.AVAILABLE, null)));
            List<Position> fixes = new ArrayList<>();
            for (int day = 5; day >= 0; day--) {
                for (int k = 0; k < 30; k++) {
                    fixes.add(Position.of("CAR1", 118.0 + k * 1e-4, 37.4, NOW.minus(Duration.ofDays(day)).plusSeconds(k)));
                }
            }
            store.appendPositions(fixes);
            TrackRetention retention = new TrackRetention(store, lanes.store, Clock.fixed(NOW, ZoneOffset.UTC), 3, 7);
            assertThat(retention.firstKeptDay()).hasToString("2026-11-25");
            retention.run().get(30, TimeUnit.SECONDS);
            List<Position> left = store.track("CAR1", Instant.EPOCH, NOW.plusSeconds(60));
            assertThat(left).hasSize(3 * 30);
            assertThat(left.get(0).time()).isEqualTo(NOW.minus(Duration.ofDays(2)));
            assertThat(store.loadUnits().get(0).lastPosition().time()).isEqualTo(NOW.plusSeconds(29));
            retention.run().get(30, TimeUnit.SECONDS);   // nothing left to delete: still done
            assertThat(store.track("CAR1", Instant.EPOCH, NOW.plusSeconds(60))).hasSize(90);
        }
    }
}
