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
        if (p == null || !onDuty(u) || (c.before() != null && sameFix(p, c.before().lastPosition()))) {
            return null;
        }
        return p;
    }

    /**
     * True when {@code b} is the fix {@code a}: most often the very object (a status change keeps
     * it), and a new fix has a new time, which is compared before the rest.
     */
    public static boolean sameFix(Position a, Position b) {
        return a == b || a != null && b != null && a.time().equals(b.time()) && a.equals(b);
    }
}
