package org.gridwatch.patrol;


/** What the analytics read from change records. Stateless; thread-safe. */
public final class Fixes {
    private Fixes() {
    }

    /** True for the statuses that count as on duty: available and busy. */
    public static boolean onDuty(UnitRecord u) {
        return u.status() != UnitStatus.OFF_DUTY;
    }

    /**
     * The new fix a change record brings from an on-duty unit, or null when it brings none (a
     * status change, a new unit without a position) or the unit is off duty.
     */
    public static Position newOnDutyFix(UnitChange c) {
        UnitRecord u = c.after();
        Position p = u.lastPosition();
        if (p == null || !onDuty(u) || (c.before() != null && p.equals(c.before().lastPosition()))) {
            return null;
        }
        return p;
    }
}
