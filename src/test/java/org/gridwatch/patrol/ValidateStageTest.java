package org.gridwatch.patrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.patrol.IngestFixtures.NOW;

import java.time.Duration;
import org.gridwatch.geo.Crs;
import org.junit.jupiter.api.Test;

class ValidateStageTest {
    final ValidateStage stage = new ValidateStage(Duration.ofMinutes(5));
    final IngestGroup group = new IngestFixtures().group();

    RejectReason check(PositionReport r) {
        return stage.check(new IngestStage.Candidate(0, r), group);
    }

    static PositionReport with(String unit, double lon, double lat, java.time.Instant t, double speed, double heading,
                               double accuracy) {
        return new PositionReport(unit, lon, lat, Crs.WGS84, t, speed, heading, accuracy);
    }

    @Test
    void aCompleteReportPasses() {
        assertThat(check(with("CAR1", 118.0, 37.4, NOW, 12.5, 359.9, 8))).isNull();
        assertThat(check(with("CAR1", -180, -90, NOW.plus(Duration.ofMinutes(5)), 0, 0, 0))).isNull();  // bounds inclusive
        assertThat(check(with("CAR1", 118.0, 37.4, NOW, Double.NaN, Double.NaN, Double.NaN))).isNull(); // optional unknown
    }

    @Test
    void missingOrOutOfRangeFieldsAreInvalid() {
        assertThat(check(with(null, 118.0, 37.4, NOW, 1, 1, 1))).isEqualTo(RejectReason.INVALID);
        assertThat(check(with(" ", 118.0, 37.4, NOW, 1, 1, 1))).isEqualTo(RejectReason.INVALID);
        assertThat(check(with("CAR1", 118.0, 37.4, null, 1, 1, 1))).isEqualTo(RejectReason.INVALID);
        assertThat(check(with("CAR1", 180.5, 37.4, NOW, 1, 1, 1))).isEqualTo(RejectReason.INVALID);
        assertThat(check(with("CAR1", 118.0, Double.NaN, NOW, 1, 1, 1))).isEqualTo(RejectReason.INVALID);
        assertThat(check(with("CAR1", 118.0, 37.4, NOW, -0.1, 1, 1))).isEqualTo(RejectReason.INVALID);
        assertThat(check(with("CAR1", 118.0, 37.4, NOW, 1_000, 1, 1))).isEqualTo(RejectReason.INVALID);
        assertThat(check(with("CAR1", 118.0, 37.4, NOW, 1, 360.1, 1))).isEqualTo(RejectReason.INVALID);
        assertThat(check(with("CAR1", 118.0, 37.4, NOW, 1, 1, Double.POSITIVE_INFINITY))).isEqualTo(RejectReason.INVALID);
        assertThat(check(new PositionReport("CAR1", 118.0, 37.4, null, NOW, 1, 1, 1))).isEqualTo(RejectReason.INVALID);
    }

    @Test
    void row13_aTimeBefore2000IsEarly() {
        java.time.Instant earliest = java.time.Instant.parse("2000-01-01T00:00:00Z");
        assertThat(check(with("CAR1", 118.0, 37.4, earliest, 1, 1, 1))).isNull(); // inclusive
        assertThat(check(with("CAR1", 118.0, 37.4, earliest.minusMillis(1), 1, 1, 1))).isEqualTo(RejectReason.EARLY_TIME);
        assertThat(check(with("CAR1", 118.0, 37.4, java.time.Instant.parse("1900-01-01T00:00:00Z"), 1, 1, 1)))
                .isEqualTo(RejectReason.EARLY_TIME);
        assertThat(check(with("CAR1", 118.0, 37.4, java.time.Instant.MIN, 1, 1, 1))).isEqualTo(RejectReason.EARLY_TIME);
        assertThat(check(with("CAR1", 118.0, 37.4, java.time.Instant.MAX, 1, 1, 1))).isEqualTo(RejectReason.FUTURE_TIME);
    }

    @Test
    void aTimeBeyondTheSkewIsInTheFuture() {
        assertThat(check(with("CAR1", 118.0, 37.4, NOW.plus(Duration.ofMinutes(5)).plusMillis(1), 1, 1, 1)))
                .isEqualTo(RejectReason.FUTURE_TIME);
    }
}
