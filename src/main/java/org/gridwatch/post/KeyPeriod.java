package org.gridwatch.post;

import java.time.Duration;
import java.time.LocalTime;
import java.util.Objects;

/**
 * A daily key period (重点时段) of a key place, in local wall-clock time (the city's time zone, {@code city.time-zone}), e.g.
 * 19:00–23:00. When {@code end} is before {@code start} the period crosses midnight
 * (22:00–02:00 runs from 22:00 to 02:00 the next day).
 *
 * @param start first minute of the period (inclusive)
 * @param end   end of the period (exclusive); different from {@code start}
 */
public record KeyPeriod(LocalTime start, LocalTime end) implements ClockWindow {
    public KeyPeriod {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.equals(start)) {
            throw new IllegalArgumentException("key period " + start + "–" + end + " is empty");
        }
    }

    /** True when the period runs past midnight. */
    public boolean crossesMidnight() {
        return end.isBefore(start);
    }

    /** True when wall-clock time {@code t} lies in the period (start inclusive, end exclusive). */
    public boolean contains(LocalTime t) {
        if (crossesMidnight()) {
            return !t.isBefore(start) || t.isBefore(end);
        }
        return !t.isBefore(start) && t.isBefore(end);
    }

    /** Length of the period in minutes (1–1439). */
    public long minutes() {
        long m = Duration.between(start, end).toMinutes();
        return m > 0 ? m : m + 24 * 60;
    }
}
