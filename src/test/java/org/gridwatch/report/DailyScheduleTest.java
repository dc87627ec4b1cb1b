package org.gridwatch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The morning run's times, from given instants (a clock's). */
class DailyScheduleTest {
    private final DailySchedule seven = new DailySchedule(LocalTime.of(7, 0), ZoneId.of("Asia/Shanghai"));

    @Test
    void beforeSevenTheNextRunIsThisMorningAndTheLastYesterdays() {
        Instant now = Instant.parse("2026-11-30T22:59:59Z"); // 06:59:59 on 1 December, local
        assertThat(seven.nextRun(now)).isEqualTo(Instant.parse("2026-11-30T23:00:00Z"));
        assertThat(seven.lastRun(now)).isEqualTo(Instant.parse("2026-11-29T23:00:00Z"));
        assertThat(seven.dayReportedAt(seven.lastRun(now))).isEqualTo(LocalDate.parse("2026-11-29"));
    }

    @Test
    void atSevenTheRunIsDueAndReportsTheDayBefore() {
        Instant now = Instant.parse("2026-11-30T23:00:00Z"); // 07:00 on 1 December, local
        assertThat(seven.lastRun(now)).isEqualTo(now);
        assertThat(seven.nextRun(now)).as("strictly after now").isEqualTo(Instant.parse("2026-12-01T23:00:00Z"));
        assertThat(seven.dayReportedAt(now)).isEqualTo(LocalDate.parse("2026-11-30"));
    }

    @Test
    void theLocalDayNotTheUtcDayDecides() {
        // 20:00 UTC on 30 November is 04:00 on 1 December in Shanghai: the run of 1 December comes next.
        Instant now = Instant.parse("2026-11-30T20:00:00Z");
        assertThat(seven.nextRun(now)).isEqualTo(Instant.parse("2026-11-30T23:00:00Z"));
        DailySchedule late = new DailySchedule(LocalTime.of(23, 30), ZoneId.of("Asia/Shanghai"));
        assertThat(late.nextRun(now)).isEqualTo(Instant.parse("2026-12-01T15:30:00Z"));
        assertThat(late.lastRun(now)).isEqualTo(Instant.parse("2026-11-30T15:30:00Z"));
        assertThat(late.dayReportedAt(late.lastRun(now))).isEqualTo(LocalDate.parse("2026-11-29"));
    }

    @Test
    void aTimeSkippedByDaylightSavingRunsAfterTheGap() {
        DailySchedule berlin = new DailySchedule(LocalTime.of(2, 30), ZoneId.of("Europe/Berlin"));
        // 29 March 2026: 02:00 → 03:00 local; 02:30 does not exist and runs at 03:30 CEST (01:30 UTC).
        assertThat(berlin.runOf(LocalDate.parse("2026-03-29"))).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
        assertThat(berlin.nextRun(Instant.parse("2026-03-28T12:00:00Z"))).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
    }
}
