package org.gridwatch.patrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.gridwatch.patrol.IngestFixtures.NOW;

import org.gridwatch.geo.ChinaCoordinates;
import org.gridwatch.geo.Crs;
import org.gridwatch.geo.LonLat;
import org.junit.jupiter.api.Test;

class CrsStageTest {
    @Test
    void convertsGcj02AndBd09ToWgs84AndKeepsTheOtherFields() {
        IngestGroup g = new IngestFixtures().group();
        LonLat gcj = ChinaCoordinates.wgs84ToGcj02(118.02, 37.44);
        IngestStage.Candidate c = new IngestStage.Candidate(3, new PositionReport("CAR1", gcj.lon(), gcj.lat(), Crs.GCJ02,
                NOW, 4.5, 90, 12));
        assertThat(new CrsStage().check(c, g)).isNull();
        assertThat(c.position().lon()).isCloseTo(118.02, within(1e-7));
        assertThat(c.position().lat()).isCloseTo(37.44, within(1e-7));
        assertThat(c.position()).extracting(Position::unitId, Position::time, Position::speed, Position::heading,
                Position::accuracy).containsExactly("CAR1", NOW, 4.5, 90.0, 12.0);
        LonLat bd = ChinaCoordinates.wgs84ToBd09(118.02, 37.44);
        IngestStage.Candidate b = new IngestStage.Candidate(0, new PositionReport("CAR1", bd.lon(), bd.lat(), Crs.BD09, NOW, Double.NaN,
                Double.NaN, Double.NaN));
        new CrsStage().check(b, g);
        assertThat(b.position().lon()).isCloseTo(118.02, within(1e-6));
        Telemetry t = Telemetry.NONE.withAlarms(java.util.Set.of(DeviceAlarm.SOS));
        IngestStage.Candidate d = new IngestStage.Candidate(0, new PositionReport("CAR1", 118.0, 37.4, Crs.WGS84, NOW,
                Double.NaN, Double.NaN, Double.NaN, t));
        new CrsStage().check(d, g);
        assertThat(d.position().telemetry()).as("what the device reported beside the fix goes on").isSameAs(t);
        IngestStage.Candidate w = new IngestStage.Candidate(0, IngestFixtures.report("CAR1", 118.0, 37.4, NOW));
        new CrsStage().check(w, g);
        assertThat(w.position().lon()).isEqualTo(118.0);
    }
}
