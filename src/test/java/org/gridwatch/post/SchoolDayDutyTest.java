package org.gridwatch.post;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.gridwatch.testsupport.LocalTimes;
import org.junit.jupiter.api.Test;

/**
 * The duty monitor follows the school calendar and the city's time zone: no duty window and no
 * 护学岗 alert on a holiday or a school kind's break, a window and an alert on a weekend make-up
 * working day (调休), and windows at the local times of the configured zone.
 */
class SchoolDayDutyTest {
    final PostDutyMonitorTest.Alerts alerts = new PostDutyMonitorTest.Alerts();
    static final SchoolPost PRIMARY = PostDutyMonitorTest.POST;
    static final SchoolPost MIDDLE = new SchoolPost("SP2", "第一中学", SchoolKind.MIDDLE, PRIMARY.gate(), 100,
            PRIMARY.dutyWindows(), 1, PRIMARY.gridCode(), PRIMARY.countyCode(), true);

    PostDutyMonitor monitor(Instant since, ZoneId zone) {
        return new PostDutyMonitor(List.of(PRIMARY, MIDDLE), PostDutyMonitorTest.AREAS, alerts, Duration.ofMinutes(5),
                Duration.ofMinutes(5), since, zone, SchoolCalendar.defaults());
    }

    /** Runs a whole local day (nobody at the gates) and returns the alerts it raised. */
    List<PostDutyMonitorTest.Raised> runDay(LocalDate day) {
        PostDutyMonitor m = monitor(LocalTimes.at(day, "00:00"), LocalTimes.ZONE);
        for (Instant t = LocalTimes.at(day, "00:00"); t.isBefore(LocalTimes.at(day, "23:59")); t = t.plusSeconds(60)) {
            alerts.now = t;
            m.tick(t);
        }
        List<PostDutyMonitor.PostRate> rates = m.onPostRate(day);
        PostDutyMonitor.PostRate city = rates.get(rates.size() - 1);
        assertThat(city.decided()).isEqualTo(alerts.raised.size());
        return List.copyOf(alerts.raised);
    }

    @Test
    void aHolidayRaisesNo护学岗Alert() {
        assertThat(runDay(LocalDate.parse("2026-10-01"))).as("国庆节").isEmpty();
        assertThat(runDay(LocalDate.parse("2026-10-09"))).as("the Friday after: a school day, both schools unstaffed")
                .hasSize(4);
    }

    @Test
    void aWeekendMakeUpWorkingDayHasDutyWindows() {
        assertThat(runDay(LocalDate.parse("2026-10-11"))).as("Sunday").isEmpty();
        assertThat(runDay(LocalDate.parse("2026-10-10"))).as("Saturday, 调休上班").hasSize(4);
    }

    @Test
    void aSchoolOnBreakHasNoWindowWhileAnotherHasItsOwn() {
        List<PostDutyMonitorTest.Raised> raised = runDay(LocalDate.parse("2026-01-26"));
        assertThat(raised).hasSize(2).allSatisfy(r -> assertThat(r.title()).startsWith("第一中学"));
    }

    @Test
    void statusShowsNoWindowOnAHoliday() {
        PostDutyMonitor m = monitor(LocalTimes.at(LocalDate.parse("2026-10-01"), "07:00"), LocalTimes.ZONE);
        m.tick(LocalTimes.at(LocalDate.parse("2026-10-01"), "07:30"));
        assertThat(m.statuses()).allSatisfy(s -> {
            assertThat(s.state()).isEqualTo(DutyState.NONE);
            assertThat(s.windowStart()).isNull();
        });
    }

    @Test
    void aNonDefaultTimeZoneMovesTheDutyWindows() {
        LocalDate friday = LocalDate.parse("2026-10-09");
        ZoneId urumqi = ZoneId.of("Asia/Urumqi"); // UTC+6: 07:10 there is 09:10 in Beijing
        PostDutyMonitor m = monitor(friday.atStartOfDay(urumqi).toInstant(), urumqi);
        Instant start = friday.atTime(7, 10).atZone(urumqi).toInstant();
        m.tick(start.minusSeconds(60));
        assertThat(m.statuses().get(0).windowStart()).isEqualTo(start);
        assertThat(start).isEqualTo(LocalTimes.at(friday, "09:10"));
        alerts.now = start.plus(Duration.ofMinutes(5));
        m.tick(alerts.now);
        assertThat(alerts.raised).hasSize(2).allSatisfy(r -> assertThat(r.at()).isEqualTo(start.plus(Duration.ofMinutes(5))));
        assertThat(m.zone()).isEqualTo(urumqi);
    }
}
