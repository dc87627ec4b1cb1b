package org.gridwatch.analysis;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import org.gridwatch.area.AdminLevel;

/**
 * The duty figures of one local day for one area, as the daily history keeps them: school-guard
 * post duty (护学岗到岗率), key-place police visibility (见警率) and patrol coverage (巡逻覆盖率).
 * Counts, not rates, so that figures measured before and after a restart can be added up.
 *
 * @param day                 the local day (the city's time zone)
 * @param areaCode            the city, a county or a township
 * @param level               the area's level ({@link AdminLevel#CITY}, {@code COUNTY} or {@code TOWNSHIP})
 * @param windowsDecided      post duty windows staffed on time or past their deadline (start + grace)
 * @param windowsOnTime       of those, staffed by start + grace
 * @param windowsLate         decided windows staffed after start + grace
 * @param windowsUnderstaffed decided windows with some but not all staff
 * @param windowsMissed       decided windows with nobody
 * @param slots               completed patrol slots of the key places' key periods (见警率's denominator)
 * @param slotsSeen           of those, slots with a visit
 * @param grids               grids in the area
 * @param gridsVisited        grids an on-duty unit was inside at some fix of the day
 * @param complete            true once the day has ended (the figures are final)
 * @param updatedAt           when the figures were measured
 */
public record DailyFigures(LocalDate day, String areaCode, AdminLevel level, int windowsDecided, int windowsOnTime,
                           int windowsLate, int windowsUnderstaffed, int windowsMissed, int slots, int slotsSeen,
                           int grids, int gridsVisited, boolean complete, Instant updatedAt) {
    public DailyFigures {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(areaCode, "areaCode");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (windowsDecided < 0 || windowsOnTime < 0 || windowsLate < 0 || windowsUnderstaffed < 0 || windowsMissed < 0
                || slots < 0 || slotsSeen < 0 || grids < 0 || gridsVisited < 0) {
            throw new IllegalArgumentException("daily figures of " + areaCode + " on " + day + ": a count is negative");
        }
    }

    /** 到岗率: windows staffed on time / decided windows; null when no window was decided. */
    public Double onPostRate() {
        return windowsDecided == 0 ? null : (double) windowsOnTime / windowsDecided;
    }

    /** 见警率: seen slots / completed slots; null without slots. */
    public Double visibilityRate() {
        return slots == 0 ? null : (double) slotsSeen / slots;
    }

    /** 覆盖率: visited grids / grids; null for an area without grids. */
    public Double coverageRate() {
        return grids == 0 ? null : (double) gridsVisited / grids;
    }

    /**
     * These figures measured since a restart added to {@code before}, those stored before it, of
     * the same day and area: counts are added (a window or slot is counted on one side of a restart
     * only), but visited grids are the larger of the two (a grid visited on both sides counts once,
     * one visited only before the restart may be missed: a lower bound).
     */
    public DailyFigures after(DailyFigures before) {
        if (!before.day().equals(day) || !before.areaCode().equals(areaCode)) {
            throw new IllegalArgumentException("figures of " + before.areaCode() + " on " + before.day()
                    + " cannot be added to those of " + areaCode + " on " + day);
        }
        return new DailyFigures(day, areaCode, level, windowsDecided + before.windowsDecided(),
                windowsOnTime + before.windowsOnTime(), windowsLate + before.windowsLate(),
                windowsUnderstaffed + before.windowsUnderstaffed(), windowsMissed + before.windowsMissed(),
                slots + before.slots(), slotsSeen + before.slotsSeen(), grids, Math.max(gridsVisited, before.gridsVisited()),
                complete, updatedAt);
    }

    /** These figures with another measuring time (to compare two measurements by their counts alone). */
    DailyFigures at(Instant t) {
        return new DailyFigures(day, areaCode, level, windowsDecided, windowsOnTime, windowsLate, windowsUnderstaffed,
                windowsMissed, slots, slotsSeen, grids, gridsVisited, complete, t);
    }
}
