package org.gridwatch.patrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.patrol.IngestFixtures.CAR;
import static org.gridwatch.patrol.IngestFixtures.NOW;
import static org.gridwatch.patrol.IngestFixtures.located;
import static org.gridwatch.patrol.IngestFixtures.report;

import org.junit.jupiter.api.Test;

class OrderStageTest {
    final OrderStage stage = new OrderStage();

    @Test
    void fixTimesOnlyMoveForwardPerUnitAgainstTheStoredLastPosition() {
        IngestGroup g = new IngestFixtures().last(CAR, 118.0, 37.4, NOW.minusSeconds(60)).group();
        assertThat(stage.check(located(g, report("CAR1", 118.0, 37.4, NOW.minusSeconds(59))), g)).isNull();
        assertThat(stage.check(located(g, report("CAR1", 118.0, 37.4, NOW.minusSeconds(60))), g))
                .isEqualTo(RejectReason.DUPLICATE);
        assertThat(stage.check(located(g, report("CAR1", 118.0, 37.4, NOW.minusSeconds(61))), g))
                .isEqualTo(RejectReason.OUT_OF_ORDER);
        assertThat(stage.check(located(g, report("FOOT1", 118.0, 37.4, NOW.minusSeconds(3600))), g))
                .as("a unit's first fix has nothing to be out of order with").isNull();
    }

    @Test
    void andAgainstTheFixAcceptedEarlierInTheSameGroup() {
        IngestGroup g = new IngestFixtures().group();
        IngestStage.Candidate first = located(g, report("CAR1", 118.0, 37.4, NOW.minusSeconds(30)));
        assertThat(stage.check(first, g)).isNull();
        g.accept(first.position());
        assertThat(stage.check(located(g, report("CAR1", 118.0, 37.4, NOW.minusSeconds(40))), g))
                .isEqualTo(RejectReason.OUT_OF_ORDER);
        assertThat(stage.check(located(g, report("CAR1", 118.0, 37.4, NOW.minusSeconds(30))), g))
                .isEqualTo(RejectReason.DUPLICATE);
    }
}
