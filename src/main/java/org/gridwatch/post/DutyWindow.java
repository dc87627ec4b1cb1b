package org.gridwatch.post;

import java.time.LocalTime;
import java.util.Objects;

/**
 * A daily window in which a school-guard post must be staffed, e.g. 07:10–07:50, in local
 * wall-clock time (the city's time zone, {@code city.time-zone}) on school days. A duty window never crosses midnight.
 *
 * @param start first minute of the window (inclusive)
 * @param end   end of the window (exclusive); strictly after {@code start}
 */
public record DutyWindow(LocalTime start, LocalTime end) implements ClockWindow {
    public DutyWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("duty window " + start + "–" + end + " does not end after it starts");
        }
    }

    /** True when {@code t} lies in [start, end). */
    public boolean contains(LocalTime t) {
        return !t.isBefore(start) && t.isBefore(end);
    }

    /** Length of the window in minutes. */
    public long minutes() {
        return java.time.Duration.between(start, end).toMinutes();
    }
}
