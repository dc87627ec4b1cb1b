package org.gridwatch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.gridwatch.area.AdminArea;
import org.gridwatch.geo.Crs;
import org.gridwatch.incident.Category;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.IncidentIndex;
import org.gridwatch.incident.Source;
import org.gridwatch.incident.Status;
import org.gridwatch.incident.Transition;
import org.gridwatch.testsupport.WktCity;
import org.junit.jupiter.api.Test;

/** The figures the live source reads from the incident index: local days, dispatch and arrival times. */
class LiveReportSourceTest {
    private static final LocalDate DAY = LocalDate.parse("2026-11-30");

    /** An incident in 甲区 (grid 371602001001001) or 乙区 (371603001001002) reported at {@code at}. */
    private static Incident incident(long id, boolean west, Instant at, Category c) {
        double lon = WktCity.lon(west ? 0.5 : 2.5);
        double lat = WktCity.lat(west ? 0.75 : 0.5);
        String grid = west ? "371602001001001" : "371603001001002";
        return new Incident(id, Source.POLICE_CALL, null, c, 4, lon, lat, Crs.WGS84, lon, lat, grid, "t" + id, "", at, at,
                Status.REPORTED, null, List.of(new Transition(null, Status.REPORTED, "test", at, null)));
    }

    private static Incident through(Incident i, long dispatchedAfter, Long arrivedAfter) {
        Instant t0 = i.reportedAt();
        i = i.apply(new Transition(Status.REPORTED, Status.ACCEPTED, "d", t0.plusSeconds(5), null), null);
        i = i.apply(new Transition(Status.ACCEPTED, Status.DISPATCHED, "d", t0.plusSeconds(dispatchedAfter), null, "U1"), null);
        if (arrivedAfter != null) {
            i = i.apply(new Transition(Status.DISPATCHED, Status.ON_SCENE, "d", t0.plusSeconds(arrivedAfter), null), null);
        }
        return i;
    }

    @Test
    void incidentsOfTheLocalDayPerAreaAndTheirResponseTimes() {
        IncidentIndex index = new IncidentIndex();
        Instant start = DAY.atStartOfDay(ReportFixture.ZONE).toInstant(); // 2026-11-29T16:00Z
        index.add(through(incident(1, true, start, Category.FRAUD), 40, 170L));           // first instant of the day
        index.add(through(incident(2, true, start.plusSeconds(3_600), Category.FRAUD), 90, 400L));
        index.add(through(incident(3, true, start.plusSeconds(7_200), Category.DISPUTE), 60, null)); // never arrived
        index.add(incident(4, true, start.plus(Duration.ofDays(1)).minusMillis(1), Category.DISPUTE)); // last instant
        index.add(incident(5, true, start.minusMillis(1), Category.FRAUD));                 // the day before
        index.add(incident(6, true, start.plus(Duration.ofDays(1)), Category.FRAUD));       // the day after
        index.add(incident(7, false, start.plusSeconds(60), Category.TRAFFIC));             // 乙区
        Clock clock = Clock.fixed(Instant.parse("2026-11-30T23:00:00Z"), ZoneOffset.UTC);
        LiveReportSource source = new LiveReportSource(index, null, null, null, null, ReportFixture.ZONE, clock, start);
        AdminArea west = ReportFixture.area("371602");
        AdminArea city = ReportFixture.area("371600");
        assertThat(source.incidentsByCategory(west, DAY)).isEqualTo(Map.of(Category.FRAUD, 2L, Category.DISPUTE, 2L));
        assertThat(source.incidentsByCategory(city, DAY)).isEqualTo(Map.of(Category.FRAUD, 2L, Category.DISPUTE, 2L,
                Category.TRAFFIC, 1L));
        assertThat(source.incidentsByCategory(west, DAY.minusDays(1))).isEqualTo(Map.of(Category.FRAUD, 1L));
        ReportSource.Response r = source.response(west, DAY);
        assertThat(r.reported()).isEqualTo(4);
        assertThat(r.toDispatch()).containsExactlyInAnyOrder(Duration.ofSeconds(40), Duration.ofSeconds(90), Duration.ofSeconds(60));
        assertThat(r.toArrival()).containsExactlyInAnyOrder(Duration.ofSeconds(170), Duration.ofSeconds(400), null);
        assertThat(DailyReportBuilder.within(r, 3).text()).isEqualTo("33.3%");
    }
}
