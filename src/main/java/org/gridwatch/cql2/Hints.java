package org.gridwatch.cql2;

import java.time.Instant;
import java.util.Optional;
import org.gridwatch.cql2.Cql2.ComparisonOp;
import org.gridwatch.cql2.Cql2.Expression;
import org.gridwatch.cql2.Cql2.Operand;
import org.gridwatch.cql2.Cql2.SpatialOp;
import org.gridwatch.cql2.Cql2.TemporalOp;
import org.gridwatch.cql2.Evaluator.Span;
import org.locationtech.jts.geom.Envelope;

/**
 * Index hints: necessary conditions on a feature's geometry and time read from the top-level AND
 * chain. Each hint is implied by the filter (a feature outside it cannot match); never sufficient.
 */
final class Hints {
    private Hints() {
    }

    static Optional<Envelope> envelope(Expression e) {
        if (e instanceof Expression.And a) {
            Envelope acc = null;
            for (Expression x : a.args()) {
                Optional<Envelope> h = envelope(x);
                if (h.isPresent()) {
                    acc = acc == null ? new Envelope(h.get()) : acc.intersection(h.get());
                }
            }
            return Optional.ofNullable(acc);
        }
        if (e instanceof Expression.Spatial sp && sp.op() != SpatialOp.S_DISJOINT) {
            // Every spatial function but S_DISJOINT implies that the two geometries intersect.
            if (sp.left() instanceof Operand.FeatureGeometry && sp.right() instanceof Operand.GeometryLiteral g) {
                return Optional.of(new Envelope(g.geometry().getEnvelopeInternal()));
            }
            if (sp.right() instanceof Operand.FeatureGeometry && sp.left() instanceof Operand.GeometryLiteral g) {
                return Optional.of(new Envelope(g.geometry().getEnvelopeInternal()));
            }
        }
        return Optional.empty();
    }

    static Optional<TimeRange> interval(Expression e) {
        Span s = span(e);
        if (s == null) {
            return Optional.empty();
        }
        return Optional.of(new TimeRange(s.start() == Instant.MIN ? null : s.start(), s.end() == Instant.MAX ? null : s.end()));
    }

    private static Span span(Expression e) {
        if (e instanceof Expression.And a) {
            Span acc = null;
            for (Expression x : a.args()) {
                Span h = span(x);
                if (h != null) {
                    acc = acc == null ? h : new Span(max(acc.start(), h.start()), min(acc.end(), h.end()));
                }
            }
            return acc;
        }
        if (e instanceof Expression.Temporal t) {
            if (t.left() instanceof Operand.FeatureTime) {
                return temporal(t.op(), literal(t.right()), false);
            }
            if (t.right() instanceof Operand.FeatureTime) {
                return temporal(t.op(), literal(t.left()), true);
            }
            return null;
        }
        if (e instanceof Expression.Comparison c) {
            if (instantFeature(c.left())) {
                return comparison(c.op(), instant(c.right()));
            }
            if (instantFeature(c.right())) {
                return comparison(c.op().flip(), instant(c.left()));
            }
            return null;
        }
        if (e instanceof Expression.Between b && instantFeature(b.value())) {
            Instant lo = instant(b.low());
            Instant hi = instant(b.high());
            return lo == null || hi == null ? null : new Span(lo, hi);
        }
        return null;
    }

    /** The range the feature's time must intersect for {@code op(feature, lit)} (or {@code op(lit, feature)} when reversed). */
    private static Span temporal(TemporalOp op, Span lit, boolean reversed) {
        if (lit == null || op == TemporalOp.T_DISJOINT) {
            return null;
        }
        TemporalOp o = op;
        if (reversed && op == TemporalOp.T_BEFORE) {
            o = TemporalOp.T_AFTER;
        } else if (reversed && op == TemporalOp.T_AFTER) {
            o = TemporalOp.T_BEFORE;
        }
        return switch (o) {
            case T_BEFORE -> new Span(Instant.MIN, lit.start());
            case T_AFTER -> new Span(lit.end(), Instant.MAX);
            // Every other relation but T_DISJOINT implies that the two times share an instant.
            default -> lit;
        };
    }

    private static Span comparison(ComparisonOp op, Instant t) {
        if (t == null) {
            return null;
        }
        return switch (op) {
            case EQ -> new Span(t, t);
            case LT, LE -> new Span(Instant.MIN, t);
            case GT, GE -> new Span(t, Instant.MAX);
            case NE -> null;
        };
    }

    private static boolean instantFeature(Operand o) {
        return o instanceof Operand.FeatureTime ft && ft.end() == null;
    }

    /** A temporal literal as a span (no subject needed), or null when it is not a literal. */
    private static Span literal(Operand o) {
        if (o instanceof Operand.Timestamp || o instanceof Operand.Date) {
            return Evaluator.span(o, null);
        }
        if (o instanceof Operand.Interval i && isLiteralEnd(i.start()) && isLiteralEnd(i.end())) {
            return Evaluator.span(o, null);
        }
        return null;
    }

    private static boolean isLiteralEnd(Operand o) {
        return o instanceof Operand.Timestamp || o instanceof Operand.Date || o instanceof Operand.Open;
    }

    /** The instant a comparison uses for a literal (a date: the start of its day), or null. */
    private static Instant instant(Operand o) {
        if (o instanceof Operand.Timestamp t) {
            return t.value();
        }
        return o instanceof Operand.Date d ? Temporals.dayStart(d.value()) : null;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
