package org.gridwatch.patrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridwatch.patrol.IngestFixtures.CAR;
import static org.gridwatch.patrol.IngestFixtures.FOOT;
import static org.gridwatch.patrol.IngestFixtures.NOW;
import static org.gridwatch.patrol.IngestFixtures.located;
import static org.gridwatch.patrol.IngestFixtures.report;

import java.util.Map;
import org.gridwatch.geo.Geodesy;
import org.junit.jupiter.api.Test;

class JumpFilterStageTest {
    final JumpFilterStage stage = new JumpFilterStage(PositionPipeline.MAX_SPEED, 200);

    @Test
    void aFixFurtherThanSlackPlusTopSpeedTimesTheGapIsAJump() {
        IngestGroup g = new IngestFixtures().last(CAR, 118.0, 37.4, NOW.minusSeconds(60))
                .last(FOOT, 118.0, 37.4, NOW.minusSeconds(60)).group();
        // Allowed in 60 s: 200 m + 50 m/s × 60 s = 3,200 m for a car; 200 m + 25 m/s × 60 s = 1,700 m on foot.
        double lonAt3km = 118.0 + 3_000 / (Geodesy.distance(118.0, 37.4, 118.001, 37.4) / 0.001);
        assertThat(stage.check(located(g, report("CAR1", lonAt3km, 37.4, NOW)), g)).isNull();
        assertThat(stage.check(located(g, report("FOOT1", lonAt3km, 37.4, NOW)), g)).isEqualTo(RejectReason.IMPLAUSIBLE_JUMP);
        double lonAt4km = 118.0 + 4_000 / (Geodesy.distance(118.0, 37.4, 118.001, 37.4) / 0.001);
        assertThat(stage.check(located(g, report("CAR1", lonAt4km, 37.4, NOW)), g)).isEqualTo(RejectReason.IMPLAUSIBLE_JUMP);
    }

    @Test
    void theSlackIsAlwaysAllowedAndAFirstFixIsNeverAJump() {
        IngestGroup g = new IngestFixtures().last(FOOT, 118.0, 37.4, NOW.minusMillis(1)).group();
        double lon150m = 118.0 + 150 / (Geodesy.distance(118.0, 37.4, 118.001, 37.4) / 0.001);
        assertThat(stage.check(located(g, report("FOOT1", lon150m, 37.4, NOW)), g)).as("GPS noise").isNull();
        assertThat(stage.check(located(g, report("CAR1", 121.0, 38.0, NOW)), g)).isNull();
    }

    @Test
    void everyKindNeedsATopSpeed() {
        assertThatThrownBy(() -> new JumpFilterStage(Map.of(UnitKind.POLICE_CAR, 50.0), 200))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no maximum speed");
    }
}
