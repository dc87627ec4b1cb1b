package org.gridwatch.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.gridwatch.geo.Crs;
import org.junit.jupiter.api.Test;

class IncidentIndexStageTest {
    static final Instant T = Instant.parse("2026-11-27T02:00:00Z");

    static Incident reported(long id) {
        return new Incident(id, Source.POLICE_CALL, "110-" + id, Category.PUBLIC_ORDER, 1, 118.0, 37.4, Crs.WGS84, 118.0,
                37.4, "371602001001001", "打架", "", T, T, Status.REPORTED, null,
                List.of(new Transition(null, Status.REPORTED, "system", T, null)));
    }

    @Test
    void reportsAreAddedAndTransitionsReplaceTheIndexedIncident() {
        IncidentIndex index = new IncidentIndex();
        IncidentIndexStage stage = new IncidentIndexStage(index);
        Incident a = reported(1);
        Incident b = reported(2);
        stage.apply(List.of(IncidentChange.reported(a), IncidentChange.reported(b)));
        assertThat(index.size()).isEqualTo(2);
        assertThat(index.findByExternalId(Source.POLICE_CALL, "110-2")).contains(b);
        Incident accepted = a.apply(new Transition(Status.REPORTED, Status.ACCEPTED, "调度员", T.plusSeconds(60), null), null);
        stage.apply(List.of(new IncidentChange(a, accepted)));
        assertThat(index.get(1)).contains(accepted);
        assertThat(index.size()).isEqualTo(2);
    }
}
