package org.gridwatch.casework;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A time limit: a duration ({@code 5m}, {@code 2h}, {@code 1d}) or a number of working days
 * ({@code 3wd}: through the third working day after the day it starts, as "3个工作日内" is read).
 *
 * @param duration    the duration; {@code null} for working days
 * @param workingDays the working days, ≥ 1; 0 for a duration
 */
public record Limit(Duration duration, int workingDays) {
    /** Longest limit accepted: a year (a longer one is a typing error, not a limit). */
    static final Duration MAX = Duration.ofDays(366);

    public Limit {
        if ((duration == null) == (workingDays == 0)) {
            throw new IllegalArgumentException("a limit is a duration or a number of working days");
        }
        if (duration != null && (duration.isNegative() || duration.isZero() || duration.compareTo(MAX) > 0)) {
            throw new IllegalArgumentException("a limit lies between 1 s and 366 days: " + duration);
        }
        if (workingDays < 0 || workingDays > 250) {
            throw new IllegalArgumentException("working days lie between 1 and 250: " + workingDays);
        }
    }

    /**
     * Parses {@code <n>m} (minutes), {@code <n>h}, {@code <n>d} (calendar days) or {@code <n>wd}
     * (working days), n a positive integer.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static Limit parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.trim();
        String unit = t.endsWith("wd") ? "wd" : t.isEmpty() ? "" : t.substring(t.length() - 1);
        String number = t.substring(0, t.length() - unit.length());
        long n;
        try {
            n = Long.parseLong(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a limit: a positive integer and m, h, d or wd"
                    + " (minutes, hours, days, working days), e.g. 5m, 2h, 3wd");
        }
        if (n < 1 || n > 100_000) {
            throw new IllegalArgumentException("'" + text + "': the number must lie between 1 and 100000");
        }
        return switch (unit) {
            case "m" -> new Limit(Duration.ofMinutes(n), 0);
            case "h" -> new Limit(Duration.ofHours(n), 0);
            case "d" -> new Limit(Duration.ofDays(n), 0);
            case "wd" -> new Limit(null, (int) n);
            default -> throw new IllegalArgumentException("'" + text + "': the unit must be m, h, d or wd");
        };
    }

    /**
     * The deadline of a step whose clock starts at {@code start}: {@code start + duration}, or the
     * end (next local midnight) of the {@code workingDays}-th working day after {@code start}'s
     * local date.
     */
    public Instant deadline(Instant start, ZoneId zone, WorkingDays calendar) {
        if (duration != null) {
            return start.plus(duration);
        }
        LocalDate d = LocalDate.ofInstant(start, zone);
        int left = workingDays;
        int guard = 0;
        while (left > 0) {
            d = d.plusDays(1);
            if (calendar.isWorkingDay(d)) {
                left--;
            }
            if (++guard > 3_660) {
                throw new IllegalStateException("no " + workingDays + " working days within ten years of " + start);
            }
        }
        return d.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** As configured: {@code 5m}, {@code 2h}, {@code 1d}, {@code 3wd}. */
    @Override
    public String toString() {
        if (duration == null) {
            return workingDays + "wd";
        }
        long m = duration.toMinutes();
        return m % 1440 == 0 ? m / 1440 + "d" : m % 60 == 0 ? m / 60 + "h" : m + "m";
    }

    /** In Chinese, for alerts and notes: 5分钟, 2小时, 1天, 3个工作日. */
    public String label() {
        String s = toString();
        if (workingDays > 0) {
            return workingDays + "个工作日";
        }
        String n = s.substring(0, s.length() - 1);
        return n + switch (s.charAt(s.length() - 1)) {
            case 'd' -> "天";
            case 'h' -> "小时";
            default -> "分钟";
        };
    }
}
