package org.gridwatch.cql2;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.gridwatch.cql2.Cql2.ComparisonOp;
import org.gridwatch.cql2.Cql2.Expression;
import org.gridwatch.cql2.Cql2.Operand;
import org.gridwatch.cql2.Queryables.Type;

/**
 * Validation against queryables: resolves every property (binding the collection's geometry and
 * time), infers the kind of every value and refuses mismatches, naming the property.
 */
final class Binder {
    /** The kind of a value, for type checking. TIMESTAMP and DATE are both instants. */
    private enum Kind {
        STRING("a string"), NUMBER("a number"), BOOLEAN("a boolean"), INSTANT("an instant (timestamp or date)"),
        INTERVAL("an interval"), GEOMETRY("a geometry"), OPEN("'..'");

        final String noun;

        Kind(String noun) {
            this.noun = noun;
        }
    }

    /** A bound operand, its kind, and the property it reads (for messages), or null. */
    private record Typed(Operand operand, Kind kind, String property) {
        String describe() {
            return property != null ? "property '" + property + "' is " + kind.noun : "the value is " + kind.noun;
        }
    }

    private final Queryables q;

    private Binder(Queryables q) {
        this.q = q;
    }

    static Expression bind(Expression e, Queryables q) {
        return new Binder(q).condition(e);
    }

    private Expression condition(Expression e) {
        Expression logic = Nodes.mapLogic(e, this::condition);
        if (logic != null) {
            return logic;
        }
        if (e instanceof Operand.Bool b) {
            return b;
        }
        if (e instanceof Operand.Function f) {
            throw unsupported(f);
        }
        if (e instanceof Expression.Comparison c) {
            Typed l = typed(c.left());
            Typed r = typed(c.right());
            boolean ordering = c.op() != ComparisonOp.EQ && c.op() != ComparisonOp.NE;
            comparable("compare with '" + c.op().symbol() + "'", l, r);
            if (ordering && l.kind == Kind.BOOLEAN) {
                throw new Cql2Exception(-1, l.property != null ? l.property : r.property, "cannot compare with '"
                        + c.op().symbol() + "': " + (l.property != null ? l : r).describe()
                        + " and booleans cannot be ordered; use = or <>");
            }
            return new Expression.Comparison(c.op(), l.operand, r.operand);
        }
        if (e instanceof Expression.Like l) {
            Typed v = typed(l.value());
            Typed p = typed(l.pattern());
            need("LIKE", v, Kind.STRING);
            if (!(unfold(l.pattern()) instanceof Operand.Str)) {
                throw new Cql2Exception(-1, p.property, "the LIKE pattern must be a string literal"
                        + (p.property != null ? ", not property '" + p.property + "'" : ""));
            }
            return new Expression.Like(v.operand, p.operand);
        }
        if (e instanceof Expression.Between b) {
            Typed v = typed(b.value());
            Typed lo = typed(b.low());
            Typed hi = typed(b.high());
            comparable("use BETWEEN", v, lo);
            comparable("use BETWEEN", v, hi);
            if (v.kind == Kind.BOOLEAN) {
                throw new Cql2Exception(-1, v.property, "BETWEEN needs numbers, strings or instants; " + v.describe());
            }
            return new Expression.Between(v.operand, lo.operand, hi.operand);
        }
        if (e instanceof Expression.In in) {
            Typed v = typed(in.value());
            List<Operand> list = new ArrayList<>();
            for (Operand x : in.list()) {
                Typed t = typed(x);
                comparable("use IN", v, t);
                list.add(t.operand);
            }
            return new Expression.In(v.operand, list);
        }
        if (e instanceof Expression.IsNull n) {
            return new Expression.IsNull(typed(n.value()).operand);
        }
        if (e instanceof Expression.Spatial sp) {
            Typed l = typed(sp.left());
            Typed r = typed(sp.right());
            need(sp.op().name(), l, Kind.GEOMETRY);
            need(sp.op().name(), r, Kind.GEOMETRY);
            return new Expression.Spatial(sp.op(), l.operand, r.operand);
        }
        if (e instanceof Expression.Temporal t) {
            Typed l = typed(t.left());
            Typed r = typed(t.right());
            need(t.op().name(), l, Kind.INSTANT, Kind.INTERVAL);
            need(t.op().name(), r, Kind.INSTANT, Kind.INTERVAL);
            return new Expression.Temporal(t.op(), l.operand, r.operand);
        }
        throw new Cql2Exception(-1, null, "this condition is not supported: " + e);
    }

    private Typed typed(Operand o) {
        if (o instanceof Operand.Property p) {
            return property(p.name());
        }
        if (o instanceof Operand.Str) {
            return new Typed(o, Kind.STRING, null);
        }
        if (o instanceof Operand.Num) {
            return new Typed(o, Kind.NUMBER, null);
        }
        if (o instanceof Operand.Bool) {
            return new Typed(o, Kind.BOOLEAN, null);
        }
        if (o instanceof Operand.Timestamp || o instanceof Operand.Date) {
            return new Typed(o, Kind.INSTANT, null);
        }
        if (o instanceof Operand.Open) {
            return new Typed(o, Kind.OPEN, null);
        }
        if (o instanceof Operand.GeometryLiteral || o instanceof Operand.FeatureGeometry) {
            return new Typed(o, Kind.GEOMETRY, null);
        }
        if (o instanceof Operand.FeatureTime ft) {
            return new Typed(o, ft.end() == null ? Kind.INSTANT : Kind.INTERVAL, ft.start());
        }
        if (o instanceof Operand.Interval i) {
            Typed a = typed(i.start());
            Typed b = typed(i.end());
            need("INTERVAL", a, Kind.INSTANT, Kind.OPEN);
            need("INTERVAL", b, Kind.INSTANT, Kind.OPEN);
            return new Typed(new Operand.Interval(a.operand, b.operand), Kind.INTERVAL, null);
        }
        if (o instanceof Operand.CaseI c) {
            Typed v = typed(c.value());
            need("CASEI", v, Kind.STRING);
            return new Typed(new Operand.CaseI(v.operand), Kind.STRING, v.property);
        }
        if (o instanceof Operand.AccentI a) {
            Typed v = typed(a.value());
            need("ACCENTI", v, Kind.STRING);
            return new Typed(new Operand.AccentI(v.operand), Kind.STRING, v.property);
        }
        if (o instanceof Operand.Arithmetic a) {
            Typed l = typed(a.left());
            Typed r = typed(a.right());
            need("arithmetic ('" + a.op().symbol() + "')", l, Kind.NUMBER);
            need("arithmetic ('" + a.op().symbol() + "')", r, Kind.NUMBER);
            return new Typed(new Operand.Arithmetic(a.op(), l.operand, r.operand), Kind.NUMBER,
                    l.property != null ? l.property : r.property);
        }
        if (o instanceof Operand.Function f) {
            throw unsupported(f);
        }
        throw new Cql2Exception(-1, null, "this value is not supported: " + o);
    }

    private Typed property(String name) {
        Type type = q.properties().get(name);
        if (type == null) {
            if (name.equals(Queryables.GEOMETRY) && q.geometry() != null) {
                return new Typed(new Operand.FeatureGeometry(), Kind.GEOMETRY, name);
            }
            if (name.equals(Queryables.DATETIME) && q.temporalStart() != null) {
                return featureTime(name);
            }
            throw new Cql2Exception(-1, name, "unknown property '" + name + "'; queryables are: " + names());
        }
        if (name.equals(q.geometry())) {
            return new Typed(new Operand.FeatureGeometry(), Kind.GEOMETRY, name);
        }
        if (name.equals(q.temporalStart()) && q.temporalEnd() == null) {
            return featureTime(name);
        }
        Kind kind = switch (type) {
            case STRING -> Kind.STRING;
            case NUMBER, INTEGER -> Kind.NUMBER;
            case BOOLEAN -> Kind.BOOLEAN;
            case TIMESTAMP, DATE -> Kind.INSTANT;
            case GEOMETRY -> Kind.GEOMETRY;
        };
        return new Typed(new Operand.Property(name), kind, name);
    }

    private Typed featureTime(String name) {
        Operand.FeatureTime ft = new Operand.FeatureTime(q.temporalStart(), q.temporalEnd());
        return new Typed(ft, ft.end() == null ? Kind.INSTANT : Kind.INTERVAL, name);
    }

    private String names() {
        List<String> all = new ArrayList<>(q.properties().keySet());
        if (q.geometry() != null && !all.contains(Queryables.GEOMETRY)) {
            all.add(Queryables.GEOMETRY);
        }
        if (q.temporalStart() != null && !all.contains(Queryables.DATETIME)) {
            all.add(Queryables.DATETIME);
        }
        String listed = all.stream().limit(50).collect(Collectors.joining(", "));
        return all.size() > 50 ? listed + ", …" : listed;
    }

    private static void comparable(String what, Typed a, Typed b) {
        for (Typed t : new Typed[] {a, b}) {
            if (t.kind == Kind.GEOMETRY) {
                throw new Cql2Exception(-1, t.property, "cannot " + what + ": " + t.describe()
                        + "; use a spatial function (S_INTERSECTS, S_EQUALS, …)");
            }
            if (t.kind == Kind.INTERVAL || t.kind == Kind.OPEN) {
                throw new Cql2Exception(-1, t.property, "cannot " + what + ": " + t.describe()
                        + "; use a temporal function (T_INTERSECTS, T_EQUALS, …)");
            }
        }
        if (a.kind != b.kind) {
            Typed named = a.property != null ? a : b;
            Typed other = named == a ? b : a;
            throw new Cql2Exception(-1, named.property, "cannot " + what + ": " + named.describe() + " but "
                    + (other.property != null ? "property '" + other.property + "' is " : "the other value is ")
                    + other.kind.noun);
        }
    }

    private static void need(String what, Typed t, Kind... kinds) {
        for (Kind k : kinds) {
            if (t.kind == k) {
                return;
            }
        }
        String wanted = kinds.length == 1 ? kinds[0].noun : kinds[0].noun + " or " + kinds[1].noun;
        throw new Cql2Exception(-1, t.property, what + " needs " + wanted + ", but " + t.describe());
    }

    private static Operand unfold(Operand o) {
        while (true) {
            if (o instanceof Operand.CaseI c) {
                o = c.value();
            } else if (o instanceof Operand.AccentI a) {
                o = a.value();
            } else {
                return o;
            }
        }
    }

    private static Cql2Exception unsupported(Operand.Function f) {
        return new Cql2Exception(-1, f.name(), "function '" + f.name() + "' is not supported (no functions are offered)");
    }
}
