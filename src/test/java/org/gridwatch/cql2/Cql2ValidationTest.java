package org.gridwatch.cql2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.gridwatch.cql2.Cql2.Expression;
import org.gridwatch.cql2.Cql2.Operand;
import org.gridwatch.cql2.Queryables.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Validation against queryables: every refusal names the property; geometry and datetime are bound. */
class Cql2ValidationTest {

    private static Cql2Exception refusal(String filter, Queryables q) {
        Cql2Exception e = catchThrowableOfType(() -> Cql2.parseText(filter).validate(q), Cql2Exception.class);
        assertThat(e).as(filter).isNotNull();
        return e;
    }

    @Test
    void anUnknownPropertyIsNamedWithTheQueryables() {
        Cql2Exception e = refusal("catgory = '盗窃'", Features.INCIDENTS);
        assertThat(e.field()).isEqualTo("catgory");
        assertThat(e.position()).isEqualTo(-1);
        assertThat(e.getMessage()).startsWith("unknown property 'catgory'; queryables are: category, name, floors")
                .contains("geometry").contains("datetime");
        Cql2Exception json = catchThrowableOfType(() -> Cql2.parseJson(
                "{\"op\":\"=\",\"args\":[{\"property\":\"catgory\"},\"x\"]}").validate(Features.INCIDENTS), Cql2Exception.class);
        assertThat(json.field()).isEqualTo("catgory");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "category = 5 | category | a string",
        "5 < category | category | a number",
        "category = floors | category | property 'floors' is a number",
        "floors = '6' | floors | a number",
        "open < true | open | booleans cannot be ordered",
        "floors LIKE '6%' | floors | LIKE needs a string",
        "category LIKE name | name | the LIKE pattern must be a string literal",
        "floors BETWEEN 'a' AND 'b' | floors | BETWEEN",
        "category IN ('a', 1) | category | use IN",
        "S_INTERSECTS(category, POINT(1 2)) | category | S_INTERSECTS needs a geometry",
        "S_WITHIN(geometry, floors) | floors | S_WITHIN needs a geometry",
        "T_BEFORE(floors, DATE('2025-01-01')) | floors | T_BEFORE needs an instant",
        "T_INTERSECTS(datetime, name) | name | T_INTERSECTS needs an instant",
        "INTERVAL(category, '..') = 1 | category | INTERVAL needs an instant",
        "CASEI(floors) = 'a' | floors | CASEI needs a string",
        "ACCENTI(open) = 'a' | open | ACCENTI needs a string",
        "category + 1 > 2 | category | arithmetic",
        "avg(floors) < 4 | avg | function 'avg' is not supported",
        "Foo(geometry) = TRUE | Foo | function 'Foo' is not supported",
        "geometry = 'POINT(1 2)' | geometry | use a spatial function",
        "location IS NULL AND zone = floors | zone | use a spatial function",
    })
    void mismatchesNameTheProperty(String filter, String field, String reason) {
        Cql2Exception e = refusal(filter, Features.INCIDENTS);
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).contains(reason).contains("'" + field + "'");
    }

    @Test
    void anIntervalTimeIsNotComparedWithAnInstant() {
        Cql2Exception e = refusal("datetime > TIMESTAMP('2025-01-01T00:00:00Z')", Features.SHIFTS);
        assertThat(e.field()).isEqualTo("datetime");
        assertThat(e.getMessage()).contains("use a temporal function");
    }

    @Test
    void geometryAndDatetimeAreBoundToTheFeature() {
        Expression e = Cql2.parseText("S_INTERSECTS(geometry, POINT(1 2)) AND T_AFTER(datetime, DATE('2025-01-01'))"
                + " AND S_INTERSECTS(location, POINT(1 2)) AND occurred > DATE('2025-01-01')").validate(Features.INCIDENTS);
        Expression.And and = (Expression.And) e;
        assertThat(((Expression.Spatial) and.args().get(0)).left()).isEqualTo(new Operand.FeatureGeometry());
        assertThat(((Expression.Temporal) and.args().get(1)).left()).isEqualTo(new Operand.FeatureTime("occurred", null));
        assertThat(((Expression.Spatial) and.args().get(2)).left()).isEqualTo(new Operand.FeatureGeometry());
        assertThat(((Expression.Comparison) and.args().get(3)).left()).isEqualTo(new Operand.FeatureTime("occurred", null));
        Expression shifts = Cql2.parseText("T_AFTER(datetime, DATE('2025-01-01'))").validate(Features.SHIFTS);
        assertThat(((Expression.Temporal) shifts).left()).isEqualTo(new Operand.FeatureTime("started", "ended"));
        // The interval's ends stay ordinary properties.
        Expression start = Cql2.parseText("started > DATE('2025-01-01')").validate(Features.SHIFTS);
        assertThat(((Expression.Comparison) start).left()).isEqualTo(new Operand.Property("started"));
    }

    @Test
    void aPropertyNamedGeometryItselfWins() {
        Queryables q = Queryables.of(Map.of("geometry", Type.STRING, "where", Type.GEOMETRY), "where", null);
        Expression e = Cql2.parseText("geometry = 'x'").validate(q);
        assertThat(((Expression.Comparison) e).left()).isEqualTo(new Operand.Property("geometry"));
        Cql2Exception noTime = refusal("T_AFTER(datetime, DATE('2025-01-01'))", q);
        assertThat(noTime.field()).isEqualTo("datetime");
        assertThat(noTime.getMessage()).contains("unknown property 'datetime'");
    }

    @Test
    void validFiltersPassUnchangedButForTheBinding() {
        String text = "category IN ('盗窃', '抢劫') AND floors BETWEEN 1 AND 9 AND CASEI(name) LIKE CASEI('%x%')"
                + " AND floors * 2 > height AND open = TRUE AND day >= DATE('2025-01-01') AND zone IS NOT NULL";
        Expression parsed = Cql2.parseText(text);
        assertThat(parsed.validate(Features.INCIDENTS)).isEqualTo(parsed);
    }

    @Test
    void queryablesRefuseAGeometryThatIsNotOne() {
        assertThat(catchThrowableOfType(() -> Queryables.of(Map.of("a", Type.STRING), "a", null),
                IllegalArgumentException.class)).hasMessageContaining("'a'");
        assertThat(catchThrowableOfType(() -> Queryables.of(Map.of("a", Type.STRING), null, "a"),
                IllegalArgumentException.class)).hasMessageContaining("'a'");
    }
}
