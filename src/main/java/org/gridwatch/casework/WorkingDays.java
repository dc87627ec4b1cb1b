package org.gridwatch.casework;

import java.time.DayOfWeek;
import java.time.LocalDate;

/**
 * Which local dates are working days, for limits in working days (工作日): Monday to Friday by
 * default ({@link #WEEKDAYS}); a calendar of national holidays and make-up working days (调休)
 * replaces it. Implementations are immutable and thread-safe.
 */
@FunctionalInterface
public interface WorkingDays {
    /** Monday to Friday. */
    WorkingDays WEEKDAYS = d -> d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY;

    /** True when {@code date} (local) is a working day. */
    boolean isWorkingDay(LocalDate date);
}
