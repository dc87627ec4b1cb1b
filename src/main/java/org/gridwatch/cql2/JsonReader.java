package org.gridwatch.cql2;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gridwatch.cql2.Cql2.ArithmeticOp;
import org.gridwatch.cql2.Cql2.ComparisonOp;
import org.gridwatch.cql2.Cql2.Expression;
import org.gridwatch.cql2.Cql2.Node;
import org.gridwatch.cql2.Cql2.Operand;
import org.gridwatch.cql2.Cql2.SpatialOp;
import org.gridwatch.cql2.Cql2.TemporalOp;

/** CQL2-JSON reader: the JSON tree ({@link Json}) to the syntax tree, with the JSON positions in errors. */
final class JsonReader {
    /** JSON levels allowed: an operator is two (object and args array); GeoJSON adds up to five. */
    private static final int JSON_DEPTH = 2 * Cql2.MAX_DEPTH + 8;

    private JsonReader() {
    }

    static Expression read(String json) {
        if (json == null) {
            throw new Cql2Exception(0, null, "the filter is missing");
        }
        if (json.length() > Cql2.MAX_LENGTH) {
            throw new Cql2Exception(Cql2.MAX_LENGTH, null, "the filter is longer than " + Cql2.MAX_LENGTH + " characters");
        }
        try {
            Json.Value v = Json.parse(json, JSON_DEPTH);
            return condition(v, 0);
        } catch (Cql2Exception e) {
            throw e;
        } catch (RuntimeException e) {
            // Safety net: the reader is meant to raise only Cql2Exception; anything else is still bad input.
            throw new Cql2Exception(-1, null, "the filter cannot be read: " + e.getMessage());
        }
    }

    private static Expression condition(Json.Value v, int depth) {
        Node n = node(v, depth);
        if (n instanceof Expression e) {
            return e;
        }
        throw new Cql2Exception(v.pos(), null, "a condition is expected here, not a value");
    }

    private static Operand value(Json.Value v, int depth) {
        Node n = node(v, depth);
        if (n instanceof Operand o) {
            return o;
        }
        throw new Cql2Exception(v.pos(), null, "a value is expected here, not a condition");
    }

    private static Node node(Json.Value v, int depth) {
        if (depth > Cql2.MAX_DEPTH) {
            throw new Cql2Exception(v.pos(), null, "the filter nests deeper than " + Cql2.MAX_DEPTH + " levels");
        }
        if (v instanceof Json.Bool b) {
            return new Operand.Bool(b.value());
        }
        if (v instanceof Json.Num n) {
            return new Operand.Num(n.value());
        }
        if (v instanceof Json.Str s) {
            return new Operand.Str(s.value());
        }
        if (v instanceof Json.Obj o) {
            return object(o, depth);
        }
        throw new Cql2Exception(v.pos(), null, v.describe() + " is not allowed here"
                + (v instanceof Json.Arr ? " (arrays are only the list of \"in\", an interval or a bbox)" : ""));
    }

    private static Node object(Json.Obj o, int depth) {
        Map<String, Json.Value> m = o.members();
        if (m.containsKey("op")) {
            return operator(o, depth);
        }
        if (m.containsKey("property")) {
            return new Operand.Property(string(m.get("property"), "property"));
        }
        if (m.containsKey("timestamp")) {
            Json.Value t = m.get("timestamp");
            return Temporals.timestamp(string(t, "timestamp"), t.pos());
        }
        if (m.containsKey("date")) {
            Json.Value d = m.get("date");
            return Temporals.date(string(d, "date"), d.pos());
        }
        if (m.containsKey("interval")) {
            Json.Value i = m.get("interval");
            List<Json.Value> ends = array(i, "interval").items();
            if (ends.size() != 2) {
                throw new Cql2Exception(i.pos(), null, "an interval has 2 ends, not " + ends.size());
            }
            return new Operand.Interval(Temporals.bound(value(ends.get(0), depth + 1), ends.get(0).pos()),
                    Temporals.bound(value(ends.get(1), depth + 1), ends.get(1).pos()));
        }
        if (m.containsKey("bbox")) {
            Json.Value b = m.get("bbox");
            List<Json.Value> items = array(b, "bbox").items();
            double[] a = new double[items.size()];
            for (int i = 0; i < a.length; i++) {
                if (!(items.get(i) instanceof Json.Num n)) {
                    throw new Cql2Exception(items.get(i).pos(), null, "a bbox holds numbers, not " + items.get(i).describe());
                }
                a[i] = n.value();
            }
            return new Operand.GeometryLiteral(Geometries.bbox(a, b.pos()));
        }
        if (m.containsKey("type")) {
            return new Operand.GeometryLiteral(Geometries.geoJson(o, depth));
        }
        throw new Cql2Exception(o.pos(), null, "unknown object: expected {\"op\", \"args\"}, {\"property\"}, {\"timestamp\"},"
                + " {\"date\"}, {\"interval\"}, {\"bbox\"} or a GeoJSON geometry");
    }

    private static Node operator(Json.Obj o, int depth) {
        Json.Value opValue = o.members().get("op");
        String op = string(opValue, "op");
        Json.Value argsValue = o.members().get("args");
        List<Json.Value> args = argsValue == null ? List.of() : array(argsValue, "args").items();
        String lower = op.toLowerCase(Locale.ROOT);
        int d = depth + 1;
        switch (lower) {
            case "and":
            case "or": {
                count(o, op, args, 2, Integer.MAX_VALUE);
                List<Expression> list = new ArrayList<>();
                Class<? extends Expression> kind = lower.equals("and") ? Expression.And.class : Expression.Or.class;
                for (Json.Value a : args) {
                    Nodes.addFlat(list, condition(a, d), kind);
                }
                return lower.equals("and") ? new Expression.And(list) : new Expression.Or(list);
            }
            case "not":
                count(o, op, args, 1, 1);
                return new Expression.Not(condition(args.get(0), d));
            case "like":
                count(o, op, args, 2, 2);
                return new Expression.Like(value(args.get(0), d), value(args.get(1), d));
            case "between":
                count(o, op, args, 3, 3);
                return new Expression.Between(value(args.get(0), d), value(args.get(1), d), value(args.get(2), d));
            case "in": {
                count(o, op, args, 2, 2);
                List<Operand> list = new ArrayList<>();
                for (Json.Value item : array(args.get(1), "in list").items()) {
                    list.add(value(item, d));
                }
                if (list.isEmpty()) {
                    throw new Cql2Exception(args.get(1).pos(), null, "the list of \"in\" is empty");
                }
                return new Expression.In(value(args.get(0), d), list);
            }
            case "isnull":
                count(o, op, args, 1, 1);
                return new Expression.IsNull(value(args.get(0), d));
            case "casei":
                count(o, op, args, 1, 1);
                return new Operand.CaseI(value(args.get(0), d));
            case "accenti":
                count(o, op, args, 1, 1);
                return new Operand.AccentI(value(args.get(0), d));
            case "a_equals":
            case "a_contains":
            case "a_containedby":
            case "a_overlaps":
                throw new Cql2Exception(opValue.pos(), op, "array functions (" + op + ") are not supported");
            default:
                break;
        }
        ComparisonOp cmp = ComparisonOp.of(op);
        if (cmp != null) {
            count(o, op, args, 2, 2);
            return new Expression.Comparison(cmp, value(args.get(0), d), value(args.get(1), d));
        }
        SpatialOp sop = SpatialOp.of(op);
        if (sop != null) {
            count(o, op, args, 2, 2);
            return new Expression.Spatial(sop, value(args.get(0), d), value(args.get(1), d));
        }
        TemporalOp top = TemporalOp.of(op);
        if (top != null) {
            count(o, op, args, 2, 2);
            return new Expression.Temporal(top, value(args.get(0), d), value(args.get(1), d));
        }
        ArithmeticOp aop = ArithmeticOp.of(op);
        if (aop != null) {
            count(o, op, args, 2, 2);
            return new Operand.Arithmetic(aop, value(args.get(0), d), value(args.get(1), d));
        }
        if (op.isEmpty()) {
            throw new Cql2Exception(opValue.pos(), null, "the \"op\" is empty");
        }
        List<Node> nodes = new ArrayList<>();
        for (Json.Value a : args) {
            nodes.add(node(a, d));
        }
        return new Operand.Function(op, nodes);
    }

    private static void count(Json.Obj o, String op, List<Json.Value> args, int min, int max) {
        if (!o.members().containsKey("args")) {
            throw new Cql2Exception(o.pos(), op, "\"" + op + "\" needs \"args\"");
        }
        if (args.size() < min || args.size() > max) {
            String n = min == max ? String.valueOf(min) : max == Integer.MAX_VALUE ? min + " or more" : min + " to " + max;
            throw new Cql2Exception(o.pos(), op, "\"" + op + "\" takes " + n + " argument" + (max == 1 ? "" : "s")
                    + ", not " + args.size());
        }
    }

    private static String string(Json.Value v, String member) {
        if (v instanceof Json.Str s) {
            return s.value();
        }
        throw new Cql2Exception(v.pos(), null, "\"" + member + "\" must be a string, not " + v.describe());
    }

    private static Json.Arr array(Json.Value v, String member) {
        if (v instanceof Json.Arr a) {
            return a;
        }
        throw new Cql2Exception(v.pos(), null, "\"" + member + "\" must be an array, not " + v.describe());
    }
}
