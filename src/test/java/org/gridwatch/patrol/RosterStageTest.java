package org.gridwatch.patrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.patrol.IngestFixtures.CAR;
import static org.gridwatch.patrol.IngestFixtures.NOW;

import java.util.List;
import org.junit.jupiter.api.Test;

class RosterStageTest {
    @Test
    void eachChangeMakesItsRecordTheCurrentOneAndMovesItInTheIndex() {
        Roster roster = new Roster();
        RosterStage stage = new RosterStage(roster);
        UnitRecord added = new UnitRecord(CAR, UnitStatus.AVAILABLE, null);
        stage.apply(List.of(new UnitChange(null, added)));
        assertThat(roster.unit("CAR1")).contains(added);
        assertThat(roster.index().size()).as("not positioned yet").isZero();
        UnitRecord a = added.withLastPosition(new Position("CAR1", 118.0, 37.4, NOW.minusSeconds(5), 1, 2, 3));
        UnitRecord b = a.withLastPosition(new Position("CAR1", 118.01, 37.41, NOW, 1, 2, 3));
        stage.apply(List.of(new UnitChange(added, a), new UnitChange(a, b)));   // two fixes in one batch
        assertThat(roster.unit("CAR1")).contains(b);
        assertThat(roster.index().get("CAR1").orElseThrow().lon()).isEqualTo(118.01);
        UnitRecord busy = b.withStatus(UnitStatus.BUSY);
        stage.apply(List.of(new UnitChange(b, busy)));
        assertThat(roster.index().get("CAR1").orElseThrow().value().status()).isEqualTo(UnitStatus.BUSY);
        assertThat(stage.name()).isEqualTo("index");
    }
}
