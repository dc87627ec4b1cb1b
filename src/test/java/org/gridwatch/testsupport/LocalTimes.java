package org.gridwatch.testsupport;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** Local times of the reference city (Asia/Shanghai) for tests of duty windows and key periods. */
public final class LocalTimes {
    /** The city's time zone. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** Friday 2026-11-27, a school day. */
    public static final LocalDate FRIDAY = LocalDate.of(2026, 11, 27);

    /**
     * A school calendar that covers no day: Monday to Friday are school days, as before calendars
     * (the monitors' tests that are not about the calendar).
     */
    public static final org.gridwatch.post.SchoolCalendar WEEKDAYS = new org.gridwatch.post.SchoolCalendar(
            "weekdays", LocalDate.of(1970, 1, 1), LocalDate.of(1970, 1, 1), java.util.List.of(), java.util.List.of(),
            java.util.List.of(), "");

    private LocalTimes() {
    }

    /** {@code time} ("07:10", "09:59:59") of {@code day} in the city's zone. */
    public static Instant at(LocalDate day, String time) {
        return ZonedDateTime.of(day, LocalTime.parse(time), ZONE).toInstant();
    }
}
