package org.gridwatch.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * When the morning run generates the daily reports: every day at {@code at} local time in the
 * city's zone, for the local day before. Pure: every answer follows from the instant it is given
 * (a clock's), so the schedule is tested without waiting. A local time that a daylight-saving
 * change skips runs at the first instant after the gap; one it repeats runs at its first
 * occurrence (ZonedDateTime's rules).
 *
 * @param at   the local time of the run ({@code report.daily.at}, 07:00 by default)
 * @param zone the city's time zone
 */
public record DailySchedule(LocalTime at, ZoneId zone) {
    public DailySchedule {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(zone, "zone");
    }

    /** The run of local day {@code date}. */
    public Instant runOf(LocalDate date) {
        return ZonedDateTime.of(date, at, zone).toInstant();
    }

    /** The first run strictly after {@code now}. */
    public Instant nextRun(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        Instant run = runOf(today);
        return run.isAfter(now) ? run : runOf(today.plusDays(1));
    }

    /** The latest run at or before {@code now}. */
    public Instant lastRun(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        Instant run = runOf(today);
        return run.isAfter(now) ? runOf(today.minusDays(1)) : run;
    }

    /** The day a run reports on: the local day before the run's. */
    public LocalDate dayReportedAt(Instant run) {
        return LocalDate.ofInstant(run, zone).minusDays(1);
    }
}
