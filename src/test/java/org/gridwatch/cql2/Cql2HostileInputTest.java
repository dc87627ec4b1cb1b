package org.gridwatch.cql2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.gridwatch.cql2.Cql2.Expression;
import org.junit.jupiter.api.Test;

/**
 * Hostile filters: whatever the input, reading raises only Cql2Exception (with a position inside
 * the input), never another exception or a stack overflow, and fast.
 */
class Cql2HostileInputTest {

    private static Cql2Exception refused(Function<String, Expression> reader, String input) {
        long start = System.nanoTime();
        Cql2Exception e = catchThrowableOfType(() -> reader.apply(input), Cql2Exception.class);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(e).as("refused: " + clip(input)).isNotNull();
        assertThat(millis).as("milliseconds to refuse").isLessThan(2_000);
        return e;
    }

    private static String clip(String s) {
        return s != null && s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    @Test
    void nestingIsBounded() {
        String ok = "(".repeat(Cql2.MAX_DEPTH - 1) + "a = 1" + ")".repeat(Cql2.MAX_DEPTH - 1);
        assertThat(Cql2.parseText(ok)).isEqualTo(Cql2.parseText("a = 1"));
        for (int n : new int[] {Cql2.MAX_DEPTH + 1, 10_000, 30_000}) {
            tooDeep(Cql2::parseText, "(".repeat(n) + "a = 1" + ")".repeat(n));
            tooDeep(Cql2::parseText, "NOT ".repeat(n) + "a = 1");
            tooDeep(Cql2::parseText, "a = " + "-".repeat(n + 1) + "1 AND b = 2");
            tooDeep(Cql2::parseText, "a = 2" + "^2".repeat(n));
            tooDeep(Cql2::parseText, "f(".repeat(n) + ")".repeat(n));
            tooDeep(Cql2::parseText, "CASEI(".repeat(n) + "a) = 'x'");
            tooDeep(Cql2::parseText, "S_INTERSECTS(geometry, GEOMETRYCOLLECTION " + "(".repeat(n));
            tooDeep(Cql2::parseJson, "{\"op\":\"not\",\"args\":[".repeat(n) + "true" + "]}".repeat(n));
            tooDeep(Cql2::parseJson, "[".repeat(3 * n) + "]".repeat(3 * n));
            // Shallow enough for the JSON reader, then refused as CQL2: an array is no condition.
            assertThat(refused(Cql2::parseJson, "[".repeat(Cql2.MAX_DEPTH) + "]".repeat(Cql2.MAX_DEPTH)).position()).isZero();
        }
    }

    /** Refused for its nesting, or for its length when it is longer than the limit. */
    private static void tooDeep(Function<String, Expression> reader, String input) {
        String message = refused(reader, input).getMessage();
        assertThat(message).contains(input.length() > Cql2.MAX_LENGTH ? "longer than" : "nests deeper than");
    }

    @Test
    void lengthIsBounded() {
        String mb = "'" + "盗".repeat(1 << 20) + "'";
        Cql2Exception text = refused(Cql2::parseText, "category = " + mb);
        assertThat(text.getMessage()).contains("longer than 65536 characters");
        assertThat(text.position()).isEqualTo(Cql2.MAX_LENGTH);
        assertThat(refused(Cql2::parseJson, "{\"op\":\"=\",\"args\":[{\"property\":\"a\"},\"" + "x".repeat(1 << 20) + "\"]}")
                .getMessage()).contains("longer than");
        // A long but legal AND chain is read iteratively, not recursively.
        String chain = String.join(" AND ", java.util.Collections.nCopies(5_000, "a = 1"));
        assertThat(chain.length()).isLessThan(Cql2.MAX_LENGTH);
        assertThat(((Expression.And) Cql2.parseText(chain)).args()).hasSize(5_000);
    }

    @Test
    void unterminatedAndMalformedInputNamesThePlace() {
        Cql2Exception quote = refused(Cql2::parseText, "category = '盗窃");
        assertThat(quote.position()).isEqualTo(11);
        assertThat(quote.getMessage()).contains("not closed");
        assertThat(refused(Cql2::parseText, "\"category = 1").getMessage()).contains("quoted property name is not closed");
        assertThat(refused(Cql2::parseText, "S_INTERSECTS(geometry, POLYGON((1 2, 3 4)").getMessage()).contains("not closed");
        assertThat(refused(Cql2::parseText, "S_INTERSECTS(geometry, POLYGON((1 2, 3 4, 5 6, 7 8)))").getMessage())
                .contains("invalid WKT");
        assertThat(refused(Cql2::parseText, "S_INTERSECTS(geometry, POINT(1 'x'))").getMessage()).contains("unexpected character");
        assertThat(refused(Cql2::parseText, "S_INTERSECTS(geometry, BBOX(1, 2, 3))").getMessage()).contains("4 or 6 numbers");
        assertThat(refused(Cql2::parseText, "S_INTERSECTS(geometry, BBOX(3, 2, 1, 4))").getMessage()).contains("minx <= maxx");
        assertThat(refused(Cql2::parseText, "a = TIMESTAMP('2025-13-01T00:00:00Z')").getMessage()).contains("not a valid timestamp");
        assertThat(refused(Cql2::parseText, "a = TIMESTAMP('2025-01-01 00:00:00')").getMessage()).contains("not a timestamp");
        assertThat(refused(Cql2::parseText, "a = DATE('2025-02-30')").getMessage()).contains("not a valid date");
        assertThat(refused(Cql2::parseText, "a != 1").getMessage()).contains("write '<>'");
        assertThat(refused(Cql2::parseText, "a = 1 b = 2").position()).isEqualTo(6);
        assertThat(refused(Cql2::parseText, "a").getMessage()).contains("a condition is expected");
        assertThat(refused(Cql2::parseText, "(a = 1) = TRUE").getMessage()).contains("a value is expected");
        assertThat(refused(Cql2::parseText, "").getMessage()).contains("empty");
        assertThat(refused(Cql2::parseText, "a = 1e999").getMessage()).contains("out of range");
        assertThat(refused(Cql2::parseText, "a IN ()").position()).isEqualTo(6);
        assertThat(refused(Cql2::parseJson, "{\"op\":\"=\",\"args\":[1]}").getMessage()).contains("takes 2 arguments, not 1");
        assertThat(refused(Cql2::parseJson, "{\"op\":\"=\",\"args\":[1,2],\"op\":\"<\"}").getMessage()).contains("twice");
        assertThat(refused(Cql2::parseJson, "{\"op\":\"and\",\"args\":[true]}").getMessage()).contains("2 or more");
        assertThat(refused(Cql2::parseJson, "{\"op\":\"in\",\"args\":[1,[]]}").getMessage()).contains("empty");
        assertThat(refused(Cql2::parseJson, "{\"op\":\"=\",\"args\":[{\"property\":\"a\"},null]}").position()).isEqualTo(35);
        assertThat(refused(Cql2::parseJson, "{\"op\":\"s_intersects\",\"args\":[{\"property\":\"g\"},"
                + "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,1],[1,0],[2,2]]]}]}").getMessage()).contains("invalid GeoJSON Polygon");
        assertThat(refused(Cql2::parseJson, "{\"op\":\"=\",\"args\":[1,2]} x").getMessage()).contains("after the JSON value");
        assertThat(refused(Cql2::parseJson, "{\"op\":\"=\",\"args\":[1,\"\\u12\"]}").getMessage()).contains("escape");
        assertThat(refused(Cql2::parseJson, "\"just a string\"").getMessage()).contains("a condition is expected");
        assertThat(refused(Cql2::parseJson, "{\"foo\":1}").getMessage()).contains("unknown object");
        assertThat(refused(Cql2::parseText, null).getMessage()).contains("missing");
    }

    private static final List<String> TOKENS = List.of("a", "\"b c\"", "'盗窃'", "'x''y'", "1", "-2.5e3", ".5", "(", ")",
            ",", "=", "<>", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "^", "AND", "OR", "NOT", "LIKE", "BETWEEN",
            "IN", "IS", "NULL", "TRUE", "false", "div", "CASEI", "ACCENTI", "TIMESTAMP('2025-01-01T00:00:00Z')",
            "DATE('2025-01-01')", "INTERVAL", "'..'", "BBOX", "POINT", "POINT(1 2)", "POLYGON((0 0, 1 0, 1 1, 0 0))",
            "GEOMETRYCOLLECTION", "EMPTY", "Z", "S_INTERSECTS", "S_WITHIN", "T_DURING", "T_BEFORE", "A_CONTAINS",
            "geometry", "datetime", "avg", "'", "\"", "\\", "!", "\u0000", "😀", "类别");

    @Provide
    Arbitrary<String> tokenSoup() {
        return Arbitraries.of(TOKENS).list().ofMaxSize(40).map(l -> String.join(" ", l));
    }

    @Provide
    Arbitrary<String> jsonSoup() {
        return Arbitraries.of("{", "}", "[", "]", ",", ":", "\"op\"", "\"args\"", "\"and\"", "\"not\"", "\"=\"",
                "\"like\"", "\"in\"", "\"between\"", "\"s_intersects\"", "\"t_during\"", "\"property\"", "\"a\"",
                "\"interval\"", "\"..\"", "\"bbox\"", "\"type\"", "\"Point\"", "\"coordinates\"", "\"timestamp\"",
                "\"2025-01-01T00:00:00Z\"", "1", "-0.5", "true", "null", "\"\\u00e9\"", "\"\\x\"")
                .list().ofMaxSize(50).map(l -> String.join("", l));
    }

    @Property(tries = 3000)
    void tokenSoupIsReadOrRefusedCleanly(@ForAll("tokenSoup") String text) {
        readOrRefuse(Cql2::parseText, text);
    }

    @Property(tries = 3000)
    void jsonSoupIsReadOrRefusedCleanly(@ForAll("jsonSoup") String json) {
        readOrRefuse(Cql2::parseJson, json);
    }

    @Property(tries = 2000)
    void randomBytesAreRefusedCleanly(@ForAll byte[] bytes) {
        readOrRefuse(Cql2::parseText, new String(bytes, StandardCharsets.UTF_8));
        readOrRefuse(Cql2::parseJson, new String(bytes, StandardCharsets.ISO_8859_1));
    }

    @Property(tries = 2000)
    void randomStringsAreRefusedCleanly(@ForAll String s) {
        readOrRefuse(Cql2::parseText, s);
        readOrRefuse(Cql2::parseJson, s);
    }

    /** Read: then validation and evaluation raise nothing but Cql2Exception either. Refused: a position inside. */
    private static void readOrRefuse(Function<String, Expression> reader, String input) {
        try {
            Expression e = reader.apply(input);
            try {
                Expression bound = e.validate(Features.INCIDENTS);
                bound.test(Features.burglary());
                bound.envelopeHint();
                bound.intervalHint();
            } catch (Cql2Exception expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        } catch (Cql2Exception e) {
            assertThat(e.position()).isBetween(-1, Math.max(input.length(), 0));
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
