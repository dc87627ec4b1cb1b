package org.gridwatch.cql2;

import org.gridwatch.cql2.Cql2.TemporalOp;
import org.gridwatch.cql2.Evaluator.Span;

/**
 * The CQL2 temporal functions on spans {@code a = [a.start, a.end]}, {@code b = [b.start, b.end]}
 * (OGC 21-065r2 table 5, Allen's interval algebra; an instant is a span of one instant, a date the
 * whole UTC day, open ends infinitely far). Every function accepts instants and intervals.
 */
final class TemporalRelations {
    private TemporalRelations() {
    }

    static boolean holds(TemporalOp op, Span a, Span b) {
        int ss = a.start().compareTo(b.start());
        int ee = a.end().compareTo(b.end());
        int se = a.start().compareTo(b.end());
        int es = a.end().compareTo(b.start());
        return switch (op) {
            case T_AFTER -> se > 0;
            case T_BEFORE -> es < 0;
            case T_CONTAINS -> ss < 0 && ee > 0;
            case T_DISJOINT -> se > 0 || es < 0;
            case T_DURING -> ss > 0 && ee < 0;
            case T_EQUALS -> ss == 0 && ee == 0;
            case T_FINISHEDBY -> ss < 0 && ee == 0;
            case T_FINISHES -> ss > 0 && ee == 0;
            case T_INTERSECTS -> se <= 0 && es >= 0;
            case T_MEETS -> es == 0;
            case T_METBY -> se == 0;
            case T_OVERLAPPEDBY -> ss > 0 && se < 0 && ee > 0;
            case T_OVERLAPS -> ss < 0 && es > 0 && ee < 0;
            case T_STARTEDBY -> ss == 0 && ee > 0;
            case T_STARTS -> ss == 0 && ee < 0;
        };
    }
}
