package org.gridwatch.cql2;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * CQL2 (OGC 21-065r2) filters: reading CQL2-Text and CQL2-JSON into one immutable syntax tree,
 * checking it against a collection's {@link Queryables}, and testing features with it.
 *
 * <p>Both encodings of the same filter give equal trees ({@code equals}): {@code a AND b AND c} and
 * nested ANDs flatten to one {@link Expression.And}; {@code x NOT LIKE p}, {@code NOT BETWEEN},
 * {@code NOT IN} and {@code IS NOT NULL} become {@link Expression.Not} of the positive predicate;
 * numbers are doubles; timestamps are {@link Instant}s.
 *
 * <p>Use: {@code Expression f = Cql2.parseText(text).validate(queryables);} (the returned tree is
 * the one to evaluate: it has the collection's geometry and time bound), then optionally
 * {@code f.mapGeometries(toCrs84)} for {@code filter-crs}, {@code f.envelopeHint()} /
 * {@code f.intervalHint()} to pre-filter with an index, and {@code f.test(subject)} per feature.
 *
 * <p>Bounds: a filter longer than {@link #MAX_LENGTH} characters or nesting deeper than
 * {@link #MAX_DEPTH} levels is refused with a {@link Cql2Exception}; so is every other bad input
 * (never another exception). Parsing is linear in the filter's length.
 *
 * <p>Everything here is immutable and thread-safe; a tree may be tested from many threads at once.
 */
public final class Cql2 {

    /** The longest filter read, in characters (64 KiB). */
    public static final int MAX_LENGTH = 64 * 1024;
    /** The deepest nesting read (parentheses, NOT, function arguments, operator objects). */
    public static final int MAX_DEPTH = 64;

    private static final String CONF = "http://www.opengis.net/spec/cql2/1.0/conf/";
    /**
     * The CQL2 conformance classes implemented (for {@code /conformance}). Not declared: Array
     * Functions ({@code A_*} are refused) and Custom Functions (none are offered; a call is refused
     * by {@link Expression#validate}).
     */
    public static final List<String> CONFORMANCE = List.of(
            CONF + "cql2-text",
            CONF + "cql2-json",
            CONF + "basic-cql2",
            CONF + "advanced-comparison-operators",
            CONF + "case-insensitive-comparison",
            CONF + "accent-insensitive-comparison",
            CONF + "basic-spatial-functions",
            CONF + "basic-spatial-functions-plus",
            CONF + "spatial-functions",
            CONF + "temporal-functions",
            CONF + "property-property",
            CONF + "arithmetic");

    private Cql2() {
    }

    /**
     * Reads a CQL2-Text filter. Keywords are case-insensitive; property names may be double-quoted;
     * string literals use single quotes ({@code ''} or {@code \'} for a quote inside).
     *
     * <p>Geometry literals (WKT, {@code BBOX(minx, miny, maxx, maxy)}) are kept in the filter's
     * CRS as written (axis order as written; for EPSG:4326 the spec's order is lat/lon — swapping
     * is the caller's, through {@link Expression#mapGeometries}).
     *
     * @throws Cql2Exception with the position and the reason, for every bad input
     */
    public static Expression parseText(String text) {
        return TextReader.read(text);
    }

    /**
     * Reads a CQL2-JSON filter (OGC 21-065r2 JSON schema): {@code {"op": …, "args": […]}},
     * {@code {"property": …}}, {@code {"timestamp": …}}, {@code {"date": …}},
     * {@code {"interval": […]}}, {@code {"bbox": […]}} and GeoJSON geometries.
     *
     * @throws Cql2Exception with the position and the reason, for every bad input
     */
    public static Expression parseJson(String json) {
        return JsonReader.read(json);
    }

    /** A node of the syntax tree: a condition ({@link Expression}) or a value ({@link Operand}). */
    public sealed interface Node {
    }

    /**
     * A condition: the filter itself and its parts. Evaluation is three-valued as CQL2 specifies:
     * a predicate on a missing value ({@code null}) is unknown, NOT unknown is unknown, and a
     * feature matches only when the filter is true.
     */
    public sealed interface Expression extends Node {

        /**
         * Whether the feature matches (the filter is true for it; false or unknown do not match).
         * Never throws for any subject; cost: no parsing, spatial literals are prepared geometries.
         * Evaluate the tree returned by {@link #validate}: an unvalidated tree reads every property
         * through {@link Subject#property}.
         */
        default boolean test(Subject subject) {
            return Evaluator.truth(this, subject) == Boolean.TRUE;
        }

        /**
         * Checks the filter against a collection's queryables and returns the tree to evaluate:
         * the well-known names {@code geometry} and {@code datetime} and the collection's geometry
         * and temporal properties are bound to the feature's geometry and time.
         *
         * @throws Cql2Exception naming the property (in {@link Cql2Exception#field()} and the
         *         message) for an unknown property, a type mismatch (comparing a string with a
         *         number, S_INTERSECTS on a non-geometry, ...) or a function call
         */
        default Expression validate(Queryables queryables) {
            return Binder.bind(this, queryables);
        }

        /**
         * A copy of this tree with every geometry literal replaced by {@code transform} of it (e.g.
         * from the {@code filter-crs} to CRS84); the result's literals are prepared again.
         */
        default Expression mapGeometries(UnaryOperator<Geometry> transform) {
            return Rewriter.mapGeometries(this, transform);
        }

        /**
         * An envelope every matching feature's geometry intersects, from the spatial predicates
         * (all but S_DISJOINT) between the feature's geometry and a literal in the top-level AND
         * chain (intersected); empty when there is none, e.g. under OR or NOT. A null envelope
         * ({@link Envelope#isNull()}) means no feature can match. Only a validated tree names the
         * feature's geometry; same CRS as the literals.
         */
        default Optional<Envelope> envelopeHint() {
            return Hints.envelope(this);
        }

        /**
         * A time range every matching feature's time intersects, from the temporal predicates and
         * comparisons between the feature's time and literals in the top-level AND chain
         * (intersected); empty when there is none, e.g. under OR or NOT. An empty range
         * ({@link TimeRange#isEmpty()}) means no feature can match. Only a validated tree names the
         * feature's time.
         */
        default Optional<TimeRange> intervalHint() {
            return Hints.interval(this);
        }

        /** All of the conditions (two or more, none itself an {@code And}). */
        record And(List<Expression> args) implements Expression {
            public And {
                args = List.copyOf(args);
            }
        }

        /** Any of the conditions (two or more, none itself an {@code Or}). */
        record Or(List<Expression> args) implements Expression {
            public Or {
                args = List.copyOf(args);
            }
        }

        /** The negation; of unknown, unknown. */
        record Not(Expression arg) implements Expression {
            public Not {
                Objects.requireNonNull(arg);
            }
        }

        /** A binary comparison of two scalar values. */
        record Comparison(ComparisonOp op, Operand left, Operand right) implements Expression {
        }

        /** {@code value LIKE pattern}: {@code %} any characters, {@code _} one, {@code \} escapes. */
        record Like(Operand value, Operand pattern) implements Expression {
        }

        /** {@code low <= value <= high}. */
        record Between(Operand value, Operand low, Operand high) implements Expression {
        }

        /** The value equals one of the list. */
        record In(Operand value, List<Operand> list) implements Expression {
            public In {
                list = List.copyOf(list);
            }
        }

        /** The value is missing; never unknown. */
        record IsNull(Operand value) implements Expression {
        }

        /** A spatial relation of two geometries (DE-9IM, as JTS computes it). */
        record Spatial(SpatialOp op, Operand left, Operand right) implements Expression {
        }

        /** A temporal relation of two instants or intervals (Allen's relations, CQL2 table 5). */
        record Temporal(TemporalOp op, Operand left, Operand right) implements Expression {
        }
    }

    /** A value: a property, a literal, or a computation on values. */
    public sealed interface Operand extends Node {

        /** A property of the feature, by name. */
        record Property(String name) implements Operand {
        }

        /** A character string literal. */
        record Str(String value) implements Operand {
        }

        /** A numeric literal. */
        record Num(double value) implements Operand {
        }

        /** {@code TRUE} or {@code FALSE}: a value, and a condition on its own. */
        record Bool(boolean value) implements Operand, Expression {
        }

        /** {@code TIMESTAMP('…Z')}: an instant in UTC. */
        record Timestamp(Instant value) implements Operand {
        }

        /** {@code DATE('YYYY-MM-DD')}: a calendar day; as a temporal value, the whole UTC day. */
        record Date(LocalDate value) implements Operand {
        }

        /** {@code '..'}: an open end of an interval. */
        record Open() implements Operand {
        }

        /** {@code INTERVAL(start, end)}: each end a timestamp, a date, {@link Open}, a property or a function. */
        record Interval(Operand start, Operand end) implements Operand {
        }

        /**
         * A geometry literal in the filter's CRS (WKT, BBOX, GeoJSON), with its prepared form for
         * fast repeated tests. Equality is the geometry's ({@link Geometry#equalsExact}). The
         * geometry must not be modified.
         */
        record GeometryLiteral(Geometry geometry, PreparedGeometry prepared) implements Operand {
            public GeometryLiteral {
                Objects.requireNonNull(geometry);
                Objects.requireNonNull(prepared);
                // JTS caches the envelope lazily; compute it before the tree is shared between threads.
                geometry.getEnvelopeInternal();
            }

            /** The literal of {@code geometry}, prepared. */
            public GeometryLiteral(Geometry geometry) {
                this(geometry, PreparedGeometryFactory.prepare(geometry));
            }

            @Override
            public boolean equals(Object o) {
                return o instanceof GeometryLiteral g && g.geometry.equalsExact(geometry);
            }

            @Override
            public int hashCode() {
                return geometry.getEnvelopeInternal().hashCode();
            }

            @Override
            public String toString() {
                return "GeometryLiteral[" + geometry + "]";
            }
        }

        /** {@code CASEI(value)}: compared case-insensitively (and the other side with it). */
        record CaseI(Operand value) implements Operand {
        }

        /** {@code ACCENTI(value)}: compared accent-insensitively (and the other side with it). */
        record AccentI(Operand value) implements Operand {
        }

        /** Arithmetic on numbers; division by zero is unknown. */
        record Arithmetic(ArithmeticOp op, Operand left, Operand right) implements Operand {
        }

        /** A call of a function; read but refused by {@link Expression#validate} (none is offered). */
        record Function(String name, List<Node> args) implements Operand, Expression {
            public Function {
                args = List.copyOf(args);
            }
        }

        /** Bound by {@link Expression#validate}: the feature's geometry ({@link Subject#geometry()}). */
        record FeatureGeometry() implements Operand {
        }

        /**
         * Bound by {@link Expression#validate}: the feature's time, the property {@code start}
         * (an instant when {@code end} is {@code null}) or the interval from {@code start} to
         * {@code end} (a missing end is open: the feature is ongoing).
         */
        record FeatureTime(String start, String end) implements Operand {
        }
    }

    /** The binary comparison operators. */
    public enum ComparisonOp {
        EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

        private final String symbol;

        ComparisonOp(String symbol) {
            this.symbol = symbol;
        }

        /** The operator as written in both encodings. */
        public String symbol() {
            return symbol;
        }

        /** The operator with its operands swapped ({@code a < b} is {@code b > a}). */
        public ComparisonOp flip() {
            return switch (this) {
                case LT -> GT;
                case LE -> GE;
                case GT -> LT;
                case GE -> LE;
                default -> this;
            };
        }

        static ComparisonOp of(String symbol) {
            for (ComparisonOp op : values()) {
                if (op.symbol.equals(symbol)) {
                    return op;
                }
            }
            return null;
        }
    }

    /** The spatial functions. */
    public enum SpatialOp {
        S_INTERSECTS, S_EQUALS, S_DISJOINT, S_TOUCHES, S_WITHIN, S_OVERLAPS, S_CROSSES, S_CONTAINS;

        static SpatialOp of(String name) {
            return lookup(values(), name);
        }
    }

    /** The temporal functions. */
    public enum TemporalOp {
        T_AFTER, T_BEFORE, T_CONTAINS, T_DISJOINT, T_DURING, T_EQUALS, T_FINISHEDBY, T_FINISHES, T_INTERSECTS,
        T_MEETS, T_METBY, T_OVERLAPPEDBY, T_OVERLAPS, T_STARTEDBY, T_STARTS;

        static TemporalOp of(String name) {
            return lookup(values(), name);
        }
    }

    /** The arithmetic operators. */
    public enum ArithmeticOp {
        ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/"), MODULO("%"), INTEGER_DIVIDE("div"), POWER("^");

        private final String symbol;

        ArithmeticOp(String symbol) {
            this.symbol = symbol;
        }

        /** The operator as written in both encodings. */
        public String symbol() {
            return symbol;
        }

        static ArithmeticOp of(String symbol) {
            for (ArithmeticOp op : values()) {
                if (op.symbol.equalsIgnoreCase(symbol)) {
                    return op;
                }
            }
            return null;
        }
    }

    private static <E extends Enum<E>> E lookup(E[] values, String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        for (E e : values) {
            if (e.name().equals(upper)) {
                return e;
            }
        }
        return null;
    }
}
