package org.gridwatch.cql2;

import java.util.Objects;
import java.util.function.UnaryOperator;
import org.gridwatch.cql2.Cql2.Expression;
import org.gridwatch.cql2.Cql2.Node;
import org.gridwatch.cql2.Cql2.Operand;
import org.locationtech.jts.geom.Geometry;

/** Copies of a tree with every geometry literal transformed (and prepared again). */
final class Rewriter {
    private final UnaryOperator<Geometry> transform;

    private Rewriter(UnaryOperator<Geometry> transform) {
        this.transform = transform;
    }

    static Expression mapGeometries(Expression e, UnaryOperator<Geometry> transform) {
        return new Rewriter(Objects.requireNonNull(transform, "transform")).condition(e);
    }

    private Expression condition(Expression e) {
        Expression logic = Nodes.mapLogic(e, this::condition);
        if (logic != null) {
            return logic;
        }
        if (e instanceof Expression.Comparison c) {
            return new Expression.Comparison(c.op(), value(c.left()), value(c.right()));
        }
        if (e instanceof Expression.Like l) {
            return new Expression.Like(value(l.value()), value(l.pattern()));
        }
        if (e instanceof Expression.Between b) {
            return new Expression.Between(value(b.value()), value(b.low()), value(b.high()));
        }
        if (e instanceof Expression.In in) {
            return new Expression.In(value(in.value()), in.list().stream().map(this::value).toList());
        }
        if (e instanceof Expression.IsNull n) {
            return new Expression.IsNull(value(n.value()));
        }
        if (e instanceof Expression.Spatial sp) {
            return new Expression.Spatial(sp.op(), value(sp.left()), value(sp.right()));
        }
        if (e instanceof Expression.Temporal t) {
            return new Expression.Temporal(t.op(), value(t.left()), value(t.right()));
        }
        if (e instanceof Operand.Function f) {
            return function(f);
        }
        return e; // Bool
    }

    private Operand value(Operand o) {
        if (o instanceof Operand.GeometryLiteral g) {
            Geometry mapped = Objects.requireNonNull(transform.apply(g.geometry()), "the geometry transform returned null");
            return new Operand.GeometryLiteral(mapped);
        }
        if (o instanceof Operand.Interval i) {
            return new Operand.Interval(value(i.start()), value(i.end()));
        }
        if (o instanceof Operand.CaseI c) {
            return new Operand.CaseI(value(c.value()));
        }
        if (o instanceof Operand.AccentI a) {
            return new Operand.AccentI(value(a.value()));
        }
        if (o instanceof Operand.Arithmetic a) {
            return new Operand.Arithmetic(a.op(), value(a.left()), value(a.right()));
        }
        if (o instanceof Operand.Function f) {
            return function(f);
        }
        return o; // leaves without geometry
    }

    private Operand.Function function(Operand.Function f) {
        return new Operand.Function(f.name(), f.args().stream()
                .map(n -> n instanceof Operand o ? (Node) value(o) : condition((Expression) n)).toList());
    }
}
