package org.gridwatch.cql2;

import java.util.List;
import java.util.function.UnaryOperator;
import org.gridwatch.cql2.Cql2.Expression;

/** Small shared helpers for building trees. */
final class Nodes {
    private Nodes() {
    }

    /** Adds {@code e} to {@code args}, or its arguments when it is itself of {@code kind} (AND/OR flatten). */
    static void addFlat(List<Expression> args, Expression e, Class<? extends Expression> kind) {
        if (kind == Expression.And.class && e instanceof Expression.And a) {
            args.addAll(a.args());
        } else if (kind == Expression.Or.class && e instanceof Expression.Or o) {
            args.addAll(o.args());
        } else {
            args.add(e);
        }
    }

    /** {@code e} rebuilt with {@code f} applied to its arguments when it is an AND, OR or NOT; else null. */
    static Expression mapLogic(Expression e, UnaryOperator<Expression> f) {
        if (e instanceof Expression.And a) {
            return new Expression.And(a.args().stream().map(f).toList());
        }
        if (e instanceof Expression.Or o) {
            return new Expression.Or(o.args().stream().map(f).toList());
        }
        if (e instanceof Expression.Not n) {
            return new Expression.Not(f.apply(n.arg()));
        }
        return null;
    }
}
