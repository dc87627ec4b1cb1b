package org.gridwatch.cql2;

import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.regex.Pattern;
import org.gridwatch.cql2.Cql2.Expression;
import org.gridwatch.cql2.Cql2.Operand;
import org.gridwatch.cql2.Cql2.SpatialOp;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.prep.PreparedGeometry;

/**
 * Three-valued evaluation of a tree against one subject: {@code TRUE}, {@code FALSE} or
 * {@code null} (unknown). Stateless; never throws for a subject (a value of an unexpected type, a
 * failing geometry operation or a division by zero is unknown).
 */
final class Evaluator {
    private static final int CASE = 1;
    private static final int ACCENT = 2;
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    /** An evaluated time: {@code [start, end]}, open ends as {@link Instant#MIN}/{@link Instant#MAX}. */
    record Span(Instant start, Instant end) {
    }

    private Evaluator() {
    }

    static Boolean truth(Expression e, Subject s) {
        if (e instanceof Expression.And a) {
            return junction(a.args(), s, false);
        }
        if (e instanceof Expression.Or o) {
            return junction(o.args(), s, true);
        }
        if (e instanceof Expression.Not n) {
            Boolean t = truth(n.arg(), s);
            return t == null ? null : !t;
        }
        if (e instanceof Operand.Bool b) {
            return b.value();
        }
        if (e instanceof Expression.Comparison c) {
            int fold = fold(c.left()) | fold(c.right());
            Integer r = compare(value(c.left(), s, fold), value(c.right(), s, fold));
            if (r == null) {
                return null;
            }
            return switch (c.op()) {
                case EQ -> r == 0;
                case NE -> r != 0;
                case LT -> r < 0;
                case LE -> r <= 0;
                case GT -> r > 0;
                case GE -> r >= 0;
            };
        }
        if (e instanceof Expression.Like l) {
            int fold = fold(l.value()) | fold(l.pattern());
            if (value(l.value(), s, fold) instanceof String v && value(l.pattern(), s, fold) instanceof String p) {
                return LikePattern.matches(p, v);
            }
            return null;
        }
        if (e instanceof Expression.Between b) {
            Object v = value(b.value(), s, 0);
            Integer lo = compare(v, value(b.low(), s, 0));
            Integer hi = compare(v, value(b.high(), s, 0));
            return lo == null || hi == null ? null : lo >= 0 && hi <= 0;
        }
        if (e instanceof Expression.In in) {
            int fold = fold(in.value());
            for (Operand x : in.list()) {
                fold |= fold(x);
            }
            Object v = value(in.value(), s, fold);
            boolean unknown = false;
            for (Operand x : in.list()) {
                Integer r = compare(v, value(x, s, fold));
                if (r != null && r == 0) {
                    return true;
                }
                unknown |= r == null;
            }
            return unknown ? null : Boolean.FALSE;
        }
        if (e instanceof Expression.IsNull n) {
            return value(n.value(), s, 0) == null;
        }
        if (e instanceof Expression.Spatial sp) {
            return spatial(sp, s);
        }
        if (e instanceof Expression.Temporal t) {
            Span a = span(t.left(), s);
            Span b = span(t.right(), s);
            return a == null || b == null ? null : TemporalRelations.holds(t.op(), a, b);
        }
        return null; // Function: none is offered, so unknown.
    }

    /** AND (dominant false) or OR (dominant true): the dominant value wins, then unknown, then the other. */
    private static Boolean junction(java.util.List<Expression> args, Subject s, boolean dominant) {
        boolean unknown = false;
        for (Expression x : args) {
            Boolean t = truth(x, s);
            if (t == null) {
                unknown = true;
            } else if (t == dominant) {
                return dominant;
            }
        }
        return unknown ? null : !dominant;
    }

    /** The value of an operand (folded strings when {@code fold} asks), or {@code null}. */
    static Object value(Operand o, Subject s, int fold) {
        Object v = rawValue(o, s);
        if (fold != 0 && v instanceof String str) {
            return fold(str, fold);
        }
        return v;
    }

    private static Object rawValue(Operand o, Subject s) {
        if (o instanceof Operand.Property p) {
            return s.property(p.name());
        }
        if (o instanceof Operand.Str str) {
            return str.value();
        }
        if (o instanceof Operand.Num n) {
            return n.value();
        }
        if (o instanceof Operand.Bool b) {
            return b.value();
        }
        if (o instanceof Operand.Timestamp t) {
            return t.value();
        }
        if (o instanceof Operand.Date d) {
            return d.value();
        }
        if (o instanceof Operand.GeometryLiteral g) {
            return g.geometry();
        }
        if (o instanceof Operand.FeatureGeometry) {
            return s.geometry();
        }
        if (o instanceof Operand.FeatureTime ft) {
            return ft.end() == null ? s.property(ft.start()) : interval(s.property(ft.start()), s.property(ft.end()), true);
        }
        if (o instanceof Operand.Interval i) {
            return interval(bound(i.start(), s), bound(i.end(), s), false);
        }
        if (o instanceof Operand.CaseI c) {
            return value(c.value(), s, CASE);
        }
        if (o instanceof Operand.AccentI a) {
            return value(a.value(), s, ACCENT);
        }
        if (o instanceof Operand.Arithmetic a) {
            return arithmetic(a, s);
        }
        return null; // Open outside an interval, Function.
    }

    private static Object bound(Operand o, Subject s) {
        return o instanceof Operand.Open ? OPEN : rawValue(o, s);
    }

    private static final Object OPEN = new Object();

    /** An interval from two ends (instants, dates, {@link #OPEN}; {@code null} is open but not both when read from properties). */
    private static Span interval(Object start, Object end, boolean fromProperties) {
        if (start == null && end == null && fromProperties) {
            return null;
        }
        Instant a = start == null || start == OPEN ? Instant.MIN
                : start instanceof LocalDate d ? Temporals.dayStart(d) : start instanceof Instant t ? t : null;
        Instant b = end == null || end == OPEN ? Instant.MAX
                : end instanceof LocalDate d ? Temporals.dayEnd(d) : end instanceof Instant t ? t : null;
        return a == null || b == null ? null : new Span(a, b);
    }

    /** A temporal operand as a span (an instant is a span of one instant, a date the whole day), or null. */
    static Span span(Operand o, Subject s) {
        Object v = rawValue(o, s);
        if (v instanceof Span sp) {
            return sp;
        }
        if (v instanceof Instant t) {
            return new Span(t, t);
        }
        if (v instanceof LocalDate d) {
            return new Span(Temporals.dayStart(d), Temporals.dayEnd(d));
        }
        return null;
    }

    private static Object arithmetic(Operand.Arithmetic a, Subject s) {
        if (!(rawValue(a.left(), s) instanceof Number l) || !(rawValue(a.right(), s) instanceof Number r)) {
            return null;
        }
        double x = l.doubleValue();
        double y = r.doubleValue();
        double v = switch (a.op()) {
            case ADD -> x + y;
            case SUBTRACT -> x - y;
            case MULTIPLY -> x * y;
            case DIVIDE -> y == 0 ? Double.NaN : x / y;
            case MODULO -> y == 0 ? Double.NaN : x % y;
            case INTEGER_DIVIDE -> y == 0 ? Double.NaN : (double) (long) (x / y);
            case POWER -> Math.pow(x, y);
        };
        return Double.isFinite(v) ? v : null;
    }

    /** The order of two values of one kind (-1, 0, 1), or {@code null} when missing or incomparable. */
    static Integer compare(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (a instanceof Number x && b instanceof Number y) {
            if (integral(x) && integral(y)) {
                return Long.compare(x.longValue(), y.longValue());
            }
            double dx = x.doubleValue();
            double dy = y.doubleValue();
            return Double.isNaN(dx) || Double.isNaN(dy) ? null : Integer.valueOf(dx == dy ? 0 : dx < dy ? -1 : 1);
        }
        if (a instanceof String x && b instanceof String y) {
            return Integer.signum(x.compareTo(y));
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        if (a instanceof LocalDate x && b instanceof LocalDate y) {
            return Integer.signum(x.compareTo(y));
        }
        Instant x = instant(a);
        Instant y = instant(b);
        return x == null || y == null ? null : Integer.signum(x.compareTo(y));
    }

    private static boolean integral(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
    }

    private static Instant instant(Object o) {
        if (o instanceof Instant t) {
            return t;
        }
        return o instanceof LocalDate d ? Temporals.dayStart(d) : null;
    }

    private static int fold(Operand o) {
        if (o instanceof Operand.CaseI c) {
            return CASE | fold(c.value());
        }
        if (o instanceof Operand.AccentI a) {
            return ACCENT | fold(a.value());
        }
        return 0;
    }

    static String fold(String s, int fold) {
        String out = s;
        if ((fold & ACCENT) != 0) {
            out = MARKS.matcher(Normalizer.normalize(out, Normalizer.Form.NFD)).replaceAll("");
        }
        if ((fold & CASE) != 0) {
            out = out.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        }
        return out;
    }

    private static Boolean spatial(Expression.Spatial sp, Subject s) {
        try {
            if (sp.left() instanceof Operand.GeometryLiteral lit) {
                return rawValue(sp.right(), s) instanceof Geometry g ? prepared(sp.op(), lit.prepared(), g) : null;
            }
            Object left = rawValue(sp.left(), s);
            if (!(left instanceof Geometry a)) {
                return null;
            }
            if (sp.right() instanceof Operand.GeometryLiteral lit) {
                return prepared(reverse(sp.op()), lit.prepared(), a);
            }
            return rawValue(sp.right(), s) instanceof Geometry b ? prepared(sp.op(), null, a, b) : null;
        } catch (RuntimeException e) {
            return null; // JTS topology failures (invalid geometries): unknown.
        }
    }

    /** op(p, g) with {@code p} prepared. */
    private static boolean prepared(SpatialOp op, PreparedGeometry p, Geometry g) {
        return prepared(op, p, p.getGeometry(), g);
    }

    private static boolean prepared(SpatialOp op, PreparedGeometry p, Geometry a, Geometry b) {
        if (p == null) {
            return switch (op) {
                case S_INTERSECTS -> a.intersects(b);
                case S_DISJOINT -> a.disjoint(b);
                case S_CONTAINS -> a.contains(b);
                case S_WITHIN -> a.within(b);
                case S_TOUCHES -> a.touches(b);
                case S_CROSSES -> a.crosses(b);
                case S_OVERLAPS -> a.overlaps(b);
                case S_EQUALS -> a.equalsTopo(b);
            };
        }
        return switch (op) {
            case S_INTERSECTS -> p.intersects(b);
            case S_DISJOINT -> p.disjoint(b);
            case S_CONTAINS -> p.contains(b);
            case S_WITHIN -> p.within(b);
            case S_TOUCHES -> p.touches(b);
            case S_CROSSES -> p.crosses(b);
            case S_OVERLAPS -> p.overlaps(b);
            case S_EQUALS -> a.equalsTopo(b);
        };
    }

    /** The operator with its operands swapped: op(a, b) = reverse(op)(b, a). */
    private static SpatialOp reverse(SpatialOp op) {
        return switch (op) {
            case S_CONTAINS -> SpatialOp.S_WITHIN;
            case S_WITHIN -> SpatialOp.S_CONTAINS;
            default -> op;
        };
    }
}
