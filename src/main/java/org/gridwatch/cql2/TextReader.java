package org.gridwatch.cql2;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.gridwatch.cql2.Cql2.ArithmeticOp;
import org.gridwatch.cql2.Cql2.ComparisonOp;
import org.gridwatch.cql2.Cql2.Expression;
import org.gridwatch.cql2.Cql2.Node;
import org.gridwatch.cql2.Cql2.Operand;
import org.gridwatch.cql2.Cql2.SpatialOp;
import org.gridwatch.cql2.Cql2.TemporalOp;

/**
 * CQL2-Text reader: a recursive-descent parser over one precedence ladder for conditions and
 * values (OR, AND, NOT, predicates, + -, * / % div, ^, unary minus, primaries), so that a
 * parenthesis can hold either without backtracking. Not thread-safe: one instance per filter.
 */
final class TextReader {
    private static final Set<String> RESERVED = Set.of("AND", "OR", "NOT", "LIKE", "BETWEEN", "IN", "IS", "NULL",
            "DIV");
    private static final Set<String> WKT = Set.of("POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING",
            "MULTIPOLYGON", "GEOMETRYCOLLECTION");

    private enum Kind { IDENT, QUOTED, STRING, NUMBER, SYMBOL, EOF }

    private record Token(Kind kind, String text, int start, int end) {
        boolean is(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }

        boolean isWord(String word) {
            return kind == Kind.IDENT && text.equalsIgnoreCase(word);
        }

        String upper() {
            return text.toUpperCase(Locale.ROOT);
        }
    }

    private final String s;
    private int pos;
    private Token peeked;
    private int depth;

    private TextReader(String s) {
        this.s = s;
    }

    static Expression read(String text) {
        if (text == null) {
            throw new Cql2Exception(0, null, "the filter is missing");
        }
        if (text.length() > Cql2.MAX_LENGTH) {
            throw new Cql2Exception(Cql2.MAX_LENGTH, null, "the filter is longer than " + Cql2.MAX_LENGTH + " characters");
        }
        TextReader r = new TextReader(text);
        try {
            Token first = r.peek();
            if (first.kind == Kind.EOF) {
                throw new Cql2Exception(first.start, null, "the filter is empty");
            }
            Node n = r.or();
            Token t = r.next();
            if (t.kind != Kind.EOF) {
                throw r.unexpected(t, "the end of the filter");
            }
            return r.condition(n, first);
        } catch (Cql2Exception e) {
            throw e;
        } catch (RuntimeException e) {
            // Safety net: the reader is meant to raise only Cql2Exception; anything else is still bad input.
            throw new Cql2Exception(r.pos, null, "the filter cannot be read: " + e.getMessage());
        }
    }

    // ---- grammar ----

    private Node or() {
        return junction("OR", this::and, Expression.Or.class);
    }

    private Node and() {
        return junction("AND", this::not, Expression.And.class);
    }

    /** {@code operand (keyword operand)*}, flattened into one AND or OR when the keyword appears. */
    private Node junction(String keyword, Supplier<Node> operand, Class<? extends Expression> kind) {
        Token first = peek();
        Node left = operand.get();
        if (!peek().isWord(keyword)) {
            return left;
        }
        List<Expression> args = new ArrayList<>();
        Nodes.addFlat(args, condition(left, first), kind);
        while (peek().isWord(keyword)) {
            next();
            Token at = peek();
            Nodes.addFlat(args, condition(operand.get(), at), kind);
        }
        return kind == Expression.And.class ? new Expression.And(args) : new Expression.Or(args);
    }

    private Node not() {
        if (peek().isWord("NOT")) {
            next();
            enter();
            Token at = peek();
            Node n = not();
            depth--;
            return new Expression.Not(condition(n, at));
        }
        return predicate();
    }

    private Node predicate() {
        Token first = peek();
        Node left = additive();
        Token t = peek();
        if (t.kind == Kind.SYMBOL) {
            ComparisonOp op = ComparisonOp.of(t.text);
            if (op != null) {
                next();
                Token at = peek();
                Operand right = value(additive(), at);
                return new Expression.Comparison(op, value(left, first), right);
            }
            if (t.is("!=")) {
                throw new Cql2Exception(t.start, null, "'!=' is not CQL2; write '<>'");
            }
        }
        if (t.isWord("NOT")) {
            next();
            Token what = peek();
            if (!what.isWord("LIKE") && !what.isWord("BETWEEN") && !what.isWord("IN")) {
                throw unexpected(what, "LIKE, BETWEEN or IN after NOT");
            }
            return new Expression.Not(positive(value(left, first)));
        }
        if (t.isWord("LIKE") || t.isWord("BETWEEN") || t.isWord("IN")) {
            return positive(value(left, first));
        }
        if (t.isWord("IS")) {
            next();
            boolean negated = false;
            if (peek().isWord("NOT")) {
                next();
                negated = true;
            }
            expectWord("NULL");
            Expression isNull = new Expression.IsNull(value(left, first));
            return negated ? new Expression.Not(isNull) : isNull;
        }
        return left;
    }

    /** LIKE, BETWEEN or IN after its value (the keyword not yet consumed). */
    private Expression positive(Operand value) {
        Token kw = next();
        if (kw.isWord("LIKE")) {
            Token at = peek();
            return new Expression.Like(value, value(additive(), at));
        }
        if (kw.isWord("BETWEEN")) {
            Token at = peek();
            Operand low = value(additive(), at);
            expectWord("AND");
            at = peek();
            return new Expression.Between(value, low, value(additive(), at));
        }
        expect("(");
        enter();
        List<Operand> list = new ArrayList<>();
        do {
            Token at = peek();
            list.add(value(additive(), at));
        } while (accept(","));
        expect(")");
        depth--;
        return new Expression.In(value, list);
    }

    private Node additive() {
        return arithmetic(this::multiplicative, t -> t.is("+") || t.is("-"));
    }

    private Node multiplicative() {
        return arithmetic(this::power, t -> t.is("*") || t.is("/") || t.is("%") || t.isWord("DIV"));
    }

    /** {@code operand (op operand)*}, left-associative, for the operators {@code isOperator} accepts. */
    private Node arithmetic(Supplier<Node> operand, Predicate<Token> isOperator) {
        Token first = peek();
        Node left = operand.get();
        while (isOperator.test(peek())) {
            ArithmeticOp op = ArithmeticOp.of(next().text);
            Token at = peek();
            Operand right = value(operand.get(), at);
            left = new Operand.Arithmetic(op, value(left, first), right);
        }
        return left;
    }

    private Node power() {
        Token first = peek();
        Node base = unary();
        if (!peek().is("^")) {
            return base;
        }
        next();
        enter();
        Token at = peek();
        Operand exponent = value(power(), at);
        depth--;
        return new Operand.Arithmetic(ArithmeticOp.POWER, value(base, first), exponent);
    }

    private Node unary() {
        Token t = peek();
        if (t.is("-") || t.is("+")) {
            next();
            boolean minus = t.is("-");
            if (peek().kind == Kind.NUMBER) {
                double v = number(next());
                return new Operand.Num(minus ? -v : v);
            }
            enter();
            Token at = peek();
            Operand v = value(unary(), at);
            depth--;
            return minus ? new Operand.Arithmetic(ArithmeticOp.MULTIPLY, new Operand.Num(-1), v) : v;
        }
        return primary();
    }

    private Node primary() {
        Token t = next();
        switch (t.kind) {
            case EOF:
                throw new Cql2Exception(t.start, null, "the filter ends where a value or condition is expected");
            case STRING:
                return new Operand.Str(t.text);
            case NUMBER:
                return new Operand.Num(number(t));
            case QUOTED:
                return new Operand.Property(t.text);
            case SYMBOL:
                if (t.is("(")) {
                    enter();
                    Node n = or();
                    expect(")");
                    depth--;
                    return n;
                }
                throw unexpected(t, "a value or condition");
            default:
                return word(t);
        }
    }

    private Node word(Token t) {
        String w = t.upper();
        if (w.equals("TRUE") || w.equals("FALSE")) {
            return new Operand.Bool(w.equals("TRUE"));
        }
        if (RESERVED.contains(w)) {
            throw unexpected(t, "a value or condition");
        }
        if (WKT.contains(w)) {
            return new Operand.GeometryLiteral(Geometries.wkt(s, t.start, wktEnd(t)));
        }
        if (!followedByParen()) {
            return new Operand.Property(t.text);
        }
        SpatialOp sop = SpatialOp.of(w);
        if (sop != null) {
            List<Operand> a = operands(t, 2);
            return new Expression.Spatial(sop, a.get(0), a.get(1));
        }
        TemporalOp top = TemporalOp.of(w);
        if (top != null) {
            List<Operand> a = operands(t, 2);
            return new Expression.Temporal(top, a.get(0), a.get(1));
        }
        switch (w) {
            case "CASEI":
                return new Operand.CaseI(operands(t, 1).get(0));
            case "ACCENTI":
                return new Operand.AccentI(operands(t, 1).get(0));
            case "TIMESTAMP":
            case "DATE": {
                expect("(");
                Token str = next();
                if (str.kind != Kind.STRING) {
                    throw unexpected(str, "a quoted " + w.toLowerCase(Locale.ROOT));
                }
                expect(")");
                return w.equals("DATE") ? Temporals.date(str.text, str.start) : Temporals.timestamp(str.text, str.start);
            }
            case "INTERVAL": {
                List<Operand> a = operands(t, 2);
                return new Operand.Interval(Temporals.bound(a.get(0), t.start), Temporals.bound(a.get(1), t.start));
            }
            case "BBOX":
                return bbox(t);
            case "A_EQUALS":
            case "A_CONTAINS":
            case "A_CONTAINEDBY":
            case "A_OVERLAPS":
                throw new Cql2Exception(t.start, t.text, "array functions (" + w + ") are not supported");
            default:
                return function(t);
        }
    }

    private Node function(Token name) {
        expect("(");
        enter();
        List<Node> args = new ArrayList<>();
        if (!accept(")")) {
            do {
                args.add(or());
            } while (accept(","));
            expect(")");
        }
        depth--;
        return new Operand.Function(name.text, args);
    }

    private List<Operand> operands(Token name, int count) {
        expect("(");
        enter();
        List<Operand> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                Token comma = next();
                if (!comma.is(",")) {
                    throw unexpected(comma, "',' (" + name.upper() + " takes " + count + " arguments)");
                }
            }
            Token at = peek();
            out.add(value(or(), at));
        }
        Token close = next();
        if (!close.is(")")) {
            throw unexpected(close, "')' (" + name.upper() + " takes " + count + " argument" + (count > 1 ? "s" : "") + ")");
        }
        depth--;
        return out;
    }

    private Operand bbox(Token t) {
        expect("(");
        List<Double> v = new ArrayList<>();
        do {
            v.add(signedNumber());
        } while (accept(",") && v.size() < 7);
        expect(")");
        double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
        return new Operand.GeometryLiteral(Geometries.bbox(a, t.start));
    }

    private double signedNumber() {
        Token t = next();
        boolean minus = false;
        if (t.is("-") || t.is("+")) {
            minus = t.is("-");
            t = next();
        }
        if (t.kind != Kind.NUMBER) {
            throw unexpected(t, "a number");
        }
        double v = number(t);
        return minus ? -v : v;
    }

    // ---- node kinds ----

    private Expression condition(Node n, Token at) {
        if (n instanceof Expression e) {
            return e;
        }
        throw new Cql2Exception(at.start, null, "a condition is expected here, not a value");
    }

    private Operand value(Node n, Token at) {
        if (n instanceof Operand o) {
            return o;
        }
        throw new Cql2Exception(at.start, null, "a value is expected here, not a condition");
    }

    private void enter() {
        if (++depth > Cql2.MAX_DEPTH) {
            throw new Cql2Exception(pos, null, "the filter nests deeper than " + Cql2.MAX_DEPTH + " levels");
        }
    }

    // ---- tokens ----

    private boolean accept(String symbol) {
        if (peek().is(symbol)) {
            next();
            return true;
        }
        return false;
    }

    private void expect(String symbol) {
        Token t = next();
        if (!t.is(symbol)) {
            throw unexpected(t, "'" + symbol + "'");
        }
    }

    private void expectWord(String word) {
        Token t = next();
        if (!t.isWord(word)) {
            throw unexpected(t, word);
        }
    }

    private Cql2Exception unexpected(Token t, String expected) {
        String found = switch (t.kind) {
            case EOF -> "the end of the filter";
            case STRING -> "a string";
            case QUOTED -> "the property \"" + clip(t.text) + "\"";
            default -> "'" + clip(t.text) + "'";
        };
        return new Cql2Exception(t.start, null, "expected " + expected + " but found " + found);
    }

    private static String clip(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    private static double number(Token t) {
        double v = Double.parseDouble(t.text);
        if (Double.isInfinite(v)) {
            throw new Cql2Exception(t.start, null, "the number " + clip(t.text) + " is out of range");
        }
        return v;
    }

    private boolean followedByParen() {
        int i = skipSpace(pos);
        return i < s.length() && s.charAt(i) == '(';
    }

    /** The end of a WKT literal whose tag is {@code t}: after its balanced parentheses or EMPTY. */
    private int wktEnd(Token t) {
        int i = skipSpace(t.end);
        int word = wordEnd(i);
        String w = s.substring(i, word).toUpperCase(Locale.ROOT);
        if (w.equals("Z") || w.equals("M") || w.equals("ZM")) {
            i = skipSpace(word);
            word = wordEnd(i);
            w = s.substring(i, word).toUpperCase(Locale.ROOT);
        }
        if (w.equals("EMPTY")) {
            pos = word;
            return word;
        }
        if (i >= s.length() || s.charAt(i) != '(') {
            throw new Cql2Exception(i, t.text, "expected '(' or EMPTY after " + t.upper());
        }
        int level = 0;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                if (++level > Cql2.MAX_DEPTH) {
                    throw new Cql2Exception(i, t.text, "the geometry nests deeper than " + Cql2.MAX_DEPTH + " levels");
                }
            } else if (c == ')') {
                if (--level == 0) {
                    pos = i + 1;
                    return pos;
                }
            } else if (!(Character.isLetterOrDigit(c) && c < 128) && " \t\r\n.,+-".indexOf(c) < 0) {
                throw new Cql2Exception(i, t.text, "unexpected character '" + c + "' in the " + t.upper() + " literal");
            }
        }
        throw new Cql2Exception(t.start, t.text, "the " + t.upper() + " literal is not closed");
    }

    private int wordEnd(int i) {
        while (i < s.length() && Character.isLetter(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private int skipSpace(int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private Token peek() {
        if (peeked == null) {
            peeked = lex();
        }
        return peeked;
    }

    private Token next() {
        Token t = peek();
        peeked = null;
        return t;
    }

    private Token lex() {
        int i = skipSpace(pos);
        if (i >= s.length()) {
            pos = i;
            return new Token(Kind.EOF, "", i, i);
        }
        int c = s.codePointAt(i);
        if (c == '\'') {
            return string(i);
        }
        if (c == '"') {
            int close = s.indexOf('"', i + 1);
            if (close < 0) {
                throw new Cql2Exception(i, null, "the quoted property name is not closed");
            }
            if (close == i + 1) {
                throw new Cql2Exception(i, null, "the quoted property name is empty");
            }
            pos = close + 1;
            return new Token(Kind.QUOTED, s.substring(i + 1, close), i, pos);
        }
        if (isDigit(c) || (c == '.' && i + 1 < s.length() && isDigit(s.charAt(i + 1)))) {
            return numberToken(i);
        }
        if (identifierStart(c)) {
            int j = i + Character.charCount(c);
            while (j < s.length()) {
                int d = s.codePointAt(j);
                if (!identifierPart(d)) {
                    break;
                }
                j += Character.charCount(d);
            }
            pos = j;
            return new Token(Kind.IDENT, s.substring(i, j), i, j);
        }
        for (String sym : new String[] {"<>", "<=", ">=", "!="}) {
            if (s.startsWith(sym, i)) {
                pos = i + 2;
                return new Token(Kind.SYMBOL, sym, i, pos);
            }
        }
        if ("()=<>,+-*/%^".indexOf(c) >= 0) {
            pos = i + 1;
            return new Token(Kind.SYMBOL, String.valueOf((char) c), i, pos);
        }
        throw new Cql2Exception(i, null, "unexpected character '" + new String(Character.toChars(c)) + "'"
                + String.format(Locale.ROOT, " (U+%04X)", c));
    }

    private Token string(int start) {
        StringBuilder b = new StringBuilder();
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\'') {
                if (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                    b.append('\'');
                    i += 2;
                    continue;
                }
                pos = i + 1;
                return new Token(Kind.STRING, b.toString(), start, pos);
            }
            if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                b.append('\'');
                i += 2;
                continue;
            }
            b.append(c);
            i++;
        }
        throw new Cql2Exception(start, null, "the string starting here is not closed (a ' is missing)");
    }

    private Token numberToken(int start) {
        int i = start;
        while (i < s.length() && isDigit(s.charAt(i))) {
            i++;
        }
        if (i < s.length() && s.charAt(i) == '.') {
            i++;
            while (i < s.length() && isDigit(s.charAt(i))) {
                i++;
            }
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < s.length() && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
                j++;
            }
            if (j < s.length() && isDigit(s.charAt(j))) {
                i = j;
                while (i < s.length() && isDigit(s.charAt(i))) {
                    i++;
                }
            }
        }
        if (i < s.length() && identifierStart(s.codePointAt(i))) {
            throw new Cql2Exception(start, null, "a number runs into a name: '" + clip(s.substring(start, Math.min(s.length(), i + 8))) + "'");
        }
        pos = i;
        return new Token(Kind.NUMBER, s.substring(start, i), start, i);
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean identifierStart(int c) {
        return c == ':' || c == '_' || Character.isLetter(c);
    }

    private static boolean identifierPart(int c) {
        if (identifierStart(c) || c == '.' || isDigit(c) || c == 0x203F || c == 0x2040) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
    }
}
