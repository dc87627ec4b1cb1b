package org.gridwatch.casework;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.Scope;
import org.gridwatch.geo.Crs;
import org.gridwatch.incident.CaseAction;
import org.gridwatch.incident.Category;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.IncidentIndex;
import org.gridwatch.incident.Source;
import org.gridwatch.incident.Status;
import org.gridwatch.incident.Transition;
import org.gridwatch.testsupport.WktCity;
import org.junit.jupiter.api.Test;

/** The casework figures per area: open, overdue, supervised, transferred, 就地化解率, 1-3-5. */
class CaseworkStatsTest {
    static final Instant T0 = Instant.parse("2026-12-01T01:00:00Z");
    static final String GRID_A = "371602001001001";
    static final String GRID_B = "371603001001001";

    /** A case built step by step: {@code then} appends a step at {@code T0 + seconds}. */
    static final class Case {
        Incident i;

        Case(long id, Source source, String grid) {
            i = new Incident(id, source, null, Category.PUBLIC_ORDER, 3, 118.0, 37.4, Crs.WGS84, 118.0, 37.4, grid, "事件",
                    "", T0, T0, Status.REPORTED, null, List.of(new Transition(null, Status.REPORTED, "接警员", T0, null)));
        }

        Case then(int seconds, Status to, CaseAction action, String unit, String target) {
            i = i.apply(new Transition(i.status(), to == null ? i.status() : to, "调度员", T0.plusSeconds(seconds), null,
                    unit, null, action, target, action == CaseAction.SUPERVISE ? T0.plusSeconds(86_400) : null), null);
            return this;
        }
    }

    @Test
    void figuresPerAreaAndForTheScope() {
        IncidentIndex index = new IncidentIndex();
        // A: reached in 2.5 min, handled in the village.
        index.add(new Case(1, Source.POLICE_CALL, GRID_A).then(10, Status.ACCEPTED, CaseAction.STATUS, null, null)
                .then(60, Status.DISPATCHED, CaseAction.DISPATCH, "U1", null)
                .then(150, Status.ON_SCENE, CaseAction.ARRIVE, "U1", null)
                .then(600, Status.HANDLED, CaseAction.STATUS, null, null).i);
        // B: reached in 4 min 40 s, moved to the township, handled there.
        index.add(new Case(2, Source.POLICE_CALL, GRID_A).then(10, Status.ACCEPTED, CaseAction.STATUS, null, null)
                .then(100, Status.DISPATCHED, CaseAction.DISPATCH, "U2", null)
                .then(280, Status.ON_SCENE, CaseAction.ARRIVE, "U2", null)
                .then(300, null, CaseAction.TRANSFER, null, "township")
                .then(900, Status.HANDLED, CaseAction.STATUS, null, null).i);
        // C: a rejected call needs no response.
        index.add(new Case(3, Source.POLICE_CALL, GRID_A).then(20, Status.REJECTED, CaseAction.STATUS, null, null).i);
        // D: a grid matter in the other county: overdue, supervised, sent to a county department, open.
        index.add(new Case(4, Source.GRID_REPORT, GRID_B).then(30, null, CaseAction.OVERDUE, null, "accept")
                .then(40, Status.ACCEPTED, CaseAction.STATUS, null, null)
                .then(50, null, CaseAction.SUPERVISE, null, null)
                .then(60, null, CaseAction.TRANSFER, null, "county").i);
        // E: a call nobody reached yet.
        index.add(new Case(5, Source.POLICE_CALL, GRID_A).i);
        // Outside the window.
        Case late = new Case(6, Source.POLICE_CALL, GRID_A);
        index.add(new Incident(6, Source.POLICE_CALL, null, Category.FRAUD, 4, 118.0, 37.4, Crs.WGS84, 118.0, 37.4, GRID_A,
                "事件", "", T0.plusSeconds(7_200), T0.plusSeconds(7_200), Status.REPORTED, null, late.i.history()));

        Scope city = new Scope(WktCity.hierarchy().city());
        List<CaseworkStats.Row> rows = CaseworkStats.byArea(index, WktCity.hierarchy(), AdminLevel.COUNTY, city, T0,
                T0.plusSeconds(3_600));
        assertThat(rows).extracting(r -> r.area().code()).containsExactly("371602", "371603", "371600");
        Map<String, Object> total = rows.get(2).figures();
        assertThat(total).containsEntry("reported", 5).containsEntry("open", 2).containsEntry("overdue", 1)
                .containsEntry("supervised", 1).containsEntry("transferred", 2).containsEntry("finished", 2)
                .containsEntry("finishedAt", Map.of("village", 1, "township", 1, "county", 0))
                .containsEntry("localRate", 1.0).containsEntry("calls", 3)
                .containsEntry("reachedIn1Rate", 0.0).containsEntry("reachedIn3Rate", 1 / 3.0)
                .containsEntry("reachedIn5Rate", 2 / 3.0).containsEntry("medianDispatchSeconds", 60L)
                .containsEntry("medianArrivalSeconds", 150L);
        assertThat(rows.get(0).figures()).containsEntry("reported", 4).containsEntry("open", 1).containsEntry("calls", 3);
        assertThat(rows.get(1).figures()).containsEntry("reported", 1).containsEntry("overdue", 1)
                .containsEntry("localRate", null).containsEntry("calls", 0).containsEntry("reachedIn3Rate", null);

        // A county's scope sees its own rows only.
        Scope county = new Scope(WktCity.hierarchy().find("371603").orElseThrow());
        List<CaseworkStats.Row> own = CaseworkStats.byArea(index, WktCity.hierarchy(), AdminLevel.COUNTY, county, null,
                null);
        assertThat(own).extracting(r -> r.area().code()).containsExactly("371603", "371603");
        assertThat(own.get(1).figures()).containsEntry("reported", 1);
    }
}
