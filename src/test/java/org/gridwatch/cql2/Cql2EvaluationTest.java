package org.gridwatch.cql2;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.gridwatch.cql2.Features.Feature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Evaluation of validated filters against WKT fixture features: every operator true and false, nulls. */
class Cql2EvaluationTest {
    private final Feature f = Features.burglary();

    private static boolean test(String filter, Subject s) {
        return Cql2.parseText(filter).validate(Features.INCIDENTS).test(s);
    }

    private static boolean testShift(String filter, Subject s) {
        return Cql2.parseText(filter).validate(Features.SHIFTS).test(s);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "floors = 6 | true", "floors = 7 | false", "floors <> 7 | true", "floors <> 6 | false",
        "floors < 7 | true", "floors < 6 | false", "floors <= 6 | true", "floors <= 5 | false",
        "floors > 5 | true", "floors > 6 | false", "floors >= 6 | true", "floors >= 7 | false",
        "height = 18.5 | true", "height > 18.49 | true", "height < 18.5 | false",
        "category = '盗窃' | true", "category = '抢劫' | false", "category <> '抢劫' | true",
        "category > '盗' | true", "name = 'Straße débárquér' | true",
        "open = true | true", "open = FALSE | false", "open <> false | true",
        "occurred = TIMESTAMP('2025-03-01T10:00:00Z') | true", "occurred > TIMESTAMP('2025-03-01T10:00:00Z') | false",
        "occurred < TIMESTAMP('2025-03-01T10:00:00.001Z') | true",
        "day = DATE('2025-03-01') | true", "day < DATE('2025-03-01') | false", "day >= DATE('2025-02-28') | true",
        "occurred > DATE('2025-03-01') | true", "occurred < DATE('2025-03-01') | false",
        "floors < height | true", "height < floors | false",
        "TRUE | true", "FALSE | false", "NOT FALSE | true",
    })
    void comparisons(String filter, boolean expected) {
        assertThat(test(filter, f)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "floors > 5 | false", "NOT floors > 5 | false", "floors <> 5 | false", "floors IS NULL | true",
        "floors IS NOT NULL | false", "NOT floors IS NULL | false",
        "floors > 5 OR open = true | true", "floors > 5 OR open = false | false",
        "NOT (floors > 5 OR open = false) | false", "floors > 5 AND open = false | false",
        "NOT (floors > 5 AND open = false) | true", "floors BETWEEN 1 AND 9 | false",
        "NOT floors BETWEEN 1 AND 9 | false", "floors IN (6, 7) | false", "floors NOT IN (6, 7) | false",
        "floors + 1 > 2 | false", "category = '盗窃' AND floors IS NULL | true",
    })
    void nullIsUnknownAndUnknownDoesNotMatch(String filter, boolean expected) {
        assertThat(test(filter, f.with("floors", null))).isEqualTo(expected);
    }

    @Test
    void aMissingGeometryOrTimeIsUnknown() {
        Feature nowhere = new Feature(f.values(), null);
        assertThat(test("S_INTERSECTS(geometry, BBOX(0, 0, 180, 90))", nowhere)).isFalse();
        assertThat(test("NOT S_INTERSECTS(geometry, BBOX(0, 0, 180, 90))", nowhere)).isFalse();
        assertThat(test("geometry IS NULL", nowhere)).isTrue();
        Feature never = f.with("occurred", null);
        assertThat(test("T_BEFORE(datetime, TIMESTAMP('2030-01-01T00:00:00Z'))", never)).isFalse();
        assertThat(test("NOT T_BEFORE(datetime, TIMESTAMP('2030-01-01T00:00:00Z'))", never)).isFalse();
        assertThat(test("datetime IS NULL", never)).isTrue();
    }

    @Test
    void aValueOfTheWrongTypeIsUnknownNotAnError() {
        assertThat(test("floors = 6", f.with("floors", "six"))).isFalse();
        assertThat(test("NOT floors = 6", f.with("floors", "six"))).isFalse();
        assertThat(test("category LIKE '%'", f.with("category", 3))).isFalse();
    }

    @ParameterizedTest(name = "{0} LIKE {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "盗窃 | '盗%' | true", "盗窃 | '%窃' | true", "盗窃 | '_窃' | true", "盗窃 | '__' | true", "盗窃 | '_' | false",
        "盗窃 | '抢%' | false", "盗窃 | '%' | true", "盗窃 | '盗窃' | true", "盗窃 | '盗' | false",
        "100% | '100\\%' | true", "1000 | '100\\%' | false", "a_b | 'a\\_b' | true", "axb | 'a\\_b' | false",
        "a\\b | 'a\\\\b' | true", "it's | 'it''s' | true", "it's | 'it\\'s' | true",
        "abcabcabd | '%abc%abd' | true", "abcabcab | '%abc%abd' | false", "ab | 'a%%b' | true",
        "😀x | '_x' | true",
    })
    void like(String value, String pattern, boolean expected) {
        Feature g = f.with("category", value);
        assertThat(test("category LIKE " + pattern, g)).isEqualTo(expected);
        assertThat(test("category NOT LIKE " + pattern, g)).isEqualTo(!expected);
    }

    @Test
    void caseAndAccentInsensitive() {
        assertThat(test("CASEI(name) = CASEI('STRASSE DÉBÁRQUÉR')", f)).isTrue();
        assertThat(test("name = 'STRASSE DÉBÁRQUÉR'", f)).isFalse();
        assertThat(test("ACCENTI(name) = ACCENTI('Straße debarquer')", f)).isTrue();
        assertThat(test("ACCENTI(name) = ACCENTI('Strasse debarquer')", f)).isFalse();
        assertThat(test("CASEI(ACCENTI(name)) = CASEI(ACCENTI('strasse DEBARQUER'))", f)).isTrue();
        assertThat(test("CASEI(name) LIKE CASEI('%DÉB%')", f)).isTrue();
        assertThat(test("name LIKE CASEI('%DÉB%')", f)).isTrue();
        assertThat(test("name LIKE '%DÉB%'", f)).isFalse();
        assertThat(test("CASEI(name) IN (CASEI('x'), CASEI('straße DÉBÁRQUÉR'))", f)).isTrue();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "floors BETWEEN 6 AND 9 | true", "floors BETWEEN 1 AND 6 | true", "floors BETWEEN 7 AND 9 | false",
        "floors NOT BETWEEN 7 AND 9 | true", "height BETWEEN 18 AND 19 | true",
        "occurred BETWEEN TIMESTAMP('2025-03-01T00:00:00Z') AND TIMESTAMP('2025-03-02T00:00:00Z') | true",
        "floors IN (1, 6, 9) | true", "floors IN (1, 9) | false", "floors NOT IN (1, 9) | true",
        "category IN ('抢劫', '盗窃') | true", "category IN ('抢劫') | false",
        "floors * 3 > 17 | true", "floors * 3 > 18 | false", "floors - 10 = -4 | true", "-floors = -6 | true",
        "floors / 4 = 1.5 | true", "floors div 4 = 1 | true", "floors % 4 = 2 | true", "floors ^ 2 = 36 | true",
        "2 + 3 * floors = 20 | true", "(2 + 3) * floors = 30 | true", "floors / 0 = 1 | false",
        "NOT floors / 0 = 1 | false",
    })
    void advancedComparisonAndArithmetic(String filter, boolean expected) {
        assertThat(test(filter, f)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} at {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "S_INTERSECTS(geometry, BBOX(117.9, 37.3, 118.1, 37.5)) | POINT (118 37.4) | true",
        "S_INTERSECTS(geometry, BBOX(117.0, 37.3, 117.5, 37.5)) | POINT (118 37.4) | false",
        "S_INTERSECTS(geometry, POINT(118 37.4)) | POINT (118 37.4) | true",
        "S_INTERSECTS(location, POINT(118 37.5)) | POINT (118 37.4) | false",
        "S_WITHIN(geometry, POLYGON((117.9 37.3, 118.1 37.3, 118.1 37.5, 117.9 37.5, 117.9 37.3))) | POINT (118 37.4) | true",
        "S_WITHIN(geometry, POLYGON((117.9 37.3, 118.1 37.3, 118.1 37.5, 117.9 37.5, 117.9 37.3))) | POINT (117.9 37.4) | false",
        "S_WITHIN(POINT(118 37.4), geometry) | POLYGON ((117.9 37.3, 118.1 37.3, 118.1 37.5, 117.9 37.5, 117.9 37.3)) | true",
        "S_CONTAINS(geometry, POINT(118 37.4)) | POLYGON ((117.9 37.3, 118.1 37.3, 118.1 37.5, 117.9 37.5, 117.9 37.3)) | true",
        "S_CONTAINS(geometry, POINT(119 37.4)) | POLYGON ((117.9 37.3, 118.1 37.3, 118.1 37.5, 117.9 37.5, 117.9 37.3)) | false",
        "S_CONTAINS(BBOX(117, 37, 119, 38), geometry) | LINESTRING (117.5 37.5, 118.5 37.5) | true",
        "S_DISJOINT(geometry, BBOX(117.0, 37.3, 117.5, 37.5)) | POINT (118 37.4) | true",
        "S_DISJOINT(geometry, BBOX(117.9, 37.3, 118.1, 37.5)) | POINT (118 37.4) | false",
        "S_EQUALS(geometry, POINT(118 37.4)) | POINT (118 37.4) | true",
        "S_EQUALS(geometry, LINESTRING(118 37.4, 118.5 37.4)) | LINESTRING (118.5 37.4, 118 37.4) | true",
        "S_EQUALS(geometry, POINT(118 37.41)) | POINT (118 37.4) | false",
        "S_TOUCHES(geometry, BBOX(118, 37, 119, 38)) | LINESTRING (117 37.5, 118 37.5) | true",
        "S_TOUCHES(geometry, BBOX(118, 37, 119, 38)) | LINESTRING (117 37.5, 118.5 37.5) | false",
        "S_CROSSES(geometry, BBOX(118, 37, 119, 38)) | LINESTRING (117 37.5, 118.5 37.5) | true",
        "S_CROSSES(geometry, BBOX(118, 37, 119, 38)) | LINESTRING (118.2 37.5, 118.5 37.5) | false",
        "S_OVERLAPS(geometry, BBOX(118, 37, 119, 38)) | POLYGON ((117.5 37.5, 118.5 37.5, 118.5 38.5, 117.5 38.5, 117.5 37.5)) | true",
        "S_OVERLAPS(geometry, BBOX(118, 37, 119, 38)) | POLYGON ((118.2 37.2, 118.5 37.2, 118.5 37.5, 118.2 37.5, 118.2 37.2)) | false",
        "S_INTERSECTS(geometry, MULTIPOINT((0 0), (118 37.4))) | POINT (118 37.4) | true",
        "S_INTERSECTS(geometry, MULTILINESTRING((0 0, 1 1), (117 37.4, 119 37.4))) | POINT (118 37.4) | true",
        "S_INTERSECTS(geometry, MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)))) | POINT (118 37.4) | false",
        "S_INTERSECTS(geometry, GEOMETRYCOLLECTION(POINT(0 0), LINESTRING(117 37.4, 119 37.4))) | POINT (118 37.4) | true",
        "S_INTERSECTS(geometry, POINT EMPTY) | POINT (118 37.4) | false",
        "S_WITHIN(geometry, zone) | POINT (118 37.4) | true",
        "S_WITHIN(geometry, zone) | POINT (120 37.4) | false",
    })
    void spatialFunctions(String filter, String wkt, boolean expected) {
        assertThat(test(filter, f.at(wkt))).isEqualTo(expected);
    }

    @Test
    void geoJsonLiteralsEvaluateLikeWkt() {
        String json = "{\"op\":\"s_within\",\"args\":[{\"property\":\"geometry\"},{\"type\":\"Polygon\",\"coordinates\":"
                + "[[[117.9,37.3],[118.1,37.3],[118.1,37.5],[117.9,37.5],[117.9,37.3]]]}]}";
        Cql2.Expression e = Cql2.parseJson(json).validate(Features.INCIDENTS);
        assertThat(e.test(f)).isTrue();
        assertThat(e.test(f.at("POINT (118.2 37.4)"))).isFalse();
        Cql2.Expression box = Cql2.parseJson("{\"op\":\"s_intersects\",\"args\":[{\"property\":\"geometry\"},"
                + "{\"bbox\":[117.9,37.3,118.1,37.5]}]}").validate(Features.INCIDENTS);
        assertThat(box.test(f)).isTrue();
        assertThat(box.test(f.at("POINT (118.2 37.4)"))).isFalse();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "T_INTERSECTS(datetime, INTERVAL('2025-03-01T00:00:00Z', '2025-03-02T00:00:00Z')) | true",
        "T_INTERSECTS(datetime, INTERVAL('2025-03-02T00:00:00Z', '..')) | false",
        "T_INTERSECTS(datetime, INTERVAL('..', '..')) | true",
        "T_INTERSECTS(occurred, TIMESTAMP('2025-03-01T10:00:00Z')) | true",
        "T_BEFORE(datetime, TIMESTAMP('2025-03-01T10:00:01Z')) | true",
        "T_BEFORE(datetime, TIMESTAMP('2025-03-01T10:00:00Z')) | false",
        "T_AFTER(datetime, TIMESTAMP('2025-03-01T09:59:59Z')) | true",
        "T_AFTER(datetime, INTERVAL('2025-02-01', '2025-03-01')) | false",
        "T_AFTER(datetime, DATE('2025-02-28')) | true",
        "T_AFTER(datetime, DATE('2025-03-01')) | false",
        "T_BEFORE(datetime, DATE('2025-03-02')) | true",
        "T_DURING(datetime, INTERVAL('2025-01-01', '..')) | true",
        "T_DURING(datetime, INTERVAL('..', '2025-02-28')) | false",
        "T_DURING(datetime, DATE('2025-03-01')) | true",
        "T_EQUALS(datetime, TIMESTAMP('2025-03-01T10:00:00Z')) | true",
        "T_EQUALS(datetime, TIMESTAMP('2025-03-01T10:00:00.000000001Z')) | false",
        "T_EQUALS(day, DATE('2025-03-01')) | true",
        "T_DISJOINT(datetime, INTERVAL('2025-03-02', '..')) | true",
        "T_DISJOINT(datetime, DATE('2025-03-01')) | false",
        "T_CONTAINS(INTERVAL('2025-01-01', '2025-12-31'), datetime) | true",
        "T_CONTAINS(INTERVAL('2025-04-01', '2025-12-31'), datetime) | false",
    })
    void temporalFunctionsOnInstants(String filter, boolean expected) {
        assertThat(test(filter, f)).isEqualTo(expected);
    }

    @Test
    void intervalsOfTheCollectionWithAnOngoingEnd() {
        // started 08:00, ended 16:00 on 2025-03-01
        assertThat(testShift("T_DURING(datetime, DATE('2025-03-01'))", f)).isTrue();
        assertThat(testShift("T_OVERLAPS(datetime, INTERVAL('2025-03-01T12:00:00Z', '2025-03-02T00:00:00Z'))", f)).isTrue();
        assertThat(testShift("T_INTERSECTS(datetime, INTERVAL('2025-03-01T17:00:00Z', '..'))", f)).isFalse();
        Feature ongoing = f.with("ended", null);
        assertThat(testShift("T_INTERSECTS(datetime, INTERVAL('2030-01-01T00:00:00Z', '..'))", ongoing)).isTrue();
        assertThat(testShift("T_BEFORE(datetime, TIMESTAMP('2030-01-01T00:00:00Z'))", ongoing)).isFalse();
        assertThat(testShift("datetime IS NULL", ongoing)).isFalse();
        assertThat(testShift("datetime IS NULL", ongoing.with("started", null))).isTrue();
        assertThat(testShift("T_INTERSECTS(datetime, INTERVAL('..', '..'))", ongoing.with("started", null))).isFalse();
        assertThat(testShift("T_DURING(INTERVAL(started, ended), DATE('2025-03-01'))", f)).isTrue();
    }

    /** a = [10:00, 12:00]; each relation with a b that makes it true, and one that makes it false. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "T_AFTER | 08:00 | 09:00 | 10:00 | 11:00",
        "T_BEFORE | 13:00 | 14:00 | 12:00 | 14:00",
        "T_CONTAINS | 10:30 | 11:00 | 10:00 | 11:00",
        "T_DISJOINT | 13:00 | 14:00 | 12:00 | 14:00",
        "T_DURING | 09:00 | 13:00 | 10:00 | 13:00",
        "T_EQUALS | 10:00 | 12:00 | 10:00 | 12:01",
        "T_FINISHEDBY | 11:00 | 12:00 | 10:00 | 12:00",
        "T_FINISHES | 09:00 | 12:00 | 10:00 | 12:00",
        "T_INTERSECTS | 12:00 | 13:00 | 12:01 | 13:00",
        "T_MEETS | 12:00 | 13:00 | 11:59 | 13:00",
        "T_METBY | 08:00 | 10:00 | 08:00 | 10:01",
        "T_OVERLAPPEDBY | 09:00 | 11:00 | 09:00 | 12:30",
        "T_OVERLAPS | 11:00 | 13:00 | 09:00 | 13:00",
        "T_STARTEDBY | 10:00 | 11:00 | 10:00 | 12:00",
        "T_STARTS | 10:00 | 13:00 | 10:00 | 12:00",
    })
    void everyTemporalRelation(String op, String trueStart, String trueEnd, String falseStart, String falseEnd) {
        String a = "INTERVAL('2025-03-01T10:00:00Z', '2025-03-01T12:00:00Z')";
        String t = op + "(" + a + ", INTERVAL('2025-03-01T" + trueStart + ":00Z', '2025-03-01T" + trueEnd + ":00Z'))";
        String x = op + "(" + a + ", INTERVAL('2025-03-01T" + falseStart + ":00Z', '2025-03-01T" + falseEnd + ":00Z'))";
        assertThat(test(t, f)).as(t).isTrue();
        assertThat(test(x, f)).as(x).isFalse();
    }

    @Test
    void jsonAndTextEvaluateAlike() {
        String text = "category = '盗窃' AND floors BETWEEN 5 AND 7 AND NOT open = false";
        String json = "{\"op\":\"and\",\"args\":[{\"op\":\"=\",\"args\":[{\"property\":\"category\"},\"盗窃\"]},"
                + "{\"op\":\"between\",\"args\":[{\"property\":\"floors\"},5,7]},{\"op\":\"not\",\"args\":["
                + "{\"op\":\"=\",\"args\":[{\"property\":\"open\"},false]}]}]}";
        for (Feature g : new Feature[] {f, f.with("floors", 8), f.with("category", "抢劫"), f.with("open", null)}) {
            assertThat(Cql2.parseJson(json).validate(Features.INCIDENTS).test(g))
                    .isEqualTo(Cql2.parseText(text).validate(Features.INCIDENTS).test(g));
        }
        assertThat(test(text, f)).isTrue();
        assertThat(test(text, f.with("floors", 8))).isFalse();
    }

    @Test
    void anInstantPropertyComparesWithTimestamps() {
        Feature later = f.with("occurred", Instant.parse("2025-03-05T00:00:00Z"));
        assertThat(test("datetime > TIMESTAMP('2025-03-02T00:00:00Z')", later)).isTrue();
        assertThat(test("datetime > TIMESTAMP('2025-03-02T00:00:00Z')", f)).isFalse();
    }
}
