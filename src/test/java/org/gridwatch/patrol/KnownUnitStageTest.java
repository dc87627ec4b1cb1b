package org.gridwatch.patrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridwatch.patrol.IngestFixtures.NOW;

import org.junit.jupiter.api.Test;

class KnownUnitStageTest {
    @Test
    void aUnitOfTheRosterIsFoundAndAnyOtherIsUnknown() {
        IngestGroup g = new IngestFixtures().group();
        IngestStage.Candidate known = new IngestStage.Candidate(0, IngestFixtures.report("CAR1", 118.0, 37.4, NOW));
        new CrsStage().check(known, g);
        assertThat(new KnownUnitStage().check(known, g)).isNull();
        assertThat(known.unit().unit()).isEqualTo(IngestFixtures.CAR);
        IngestStage.Candidate ghost = new IngestStage.Candidate(1, IngestFixtures.report("GHOST", 118.0, 37.4, NOW));
        new CrsStage().check(ghost, g);
        assertThat(new KnownUnitStage().check(ghost, g)).isEqualTo(RejectReason.UNKNOWN_UNIT);
        assertThat(ghost.unit()).isNull();
    }
}
