package org.gridwatch.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/** {@link GeoJson}: round trips from WKT fixtures, output rounding, and rejection of malformed input. */
class GeoJsonTest {
    private static final WKTReader WKT = new WKTReader(Geo.FACTORY);

    static Geometry wkt(String text) {
        try {
            return WKT.read(text);
        } catch (ParseException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    // ------------------------------------------------------------------ round trips

    @ParameterizedTest
    @ValueSource(strings = {
        "POINT (117.9707 37.3822)",
        "POINT (-179.9999999 -89.9999999)",
        "LINESTRING (117.97 37.38, 117.98 37.39, 118.0012345 37.4000001)",
        // a township-sized square with a square hole (a lake)
        "POLYGON ((117.9 37.3, 118.1 37.3, 118.1 37.5, 117.9 37.5, 117.9 37.3),"
                + " (117.95 37.35, 117.95 37.45, 118.05 37.45, 118.05 37.35, 117.95 37.35))",
        "MULTIPOLYGON (((117.2 36.6, 117.5 36.6, 117.5 36.9, 117.2 36.6)),"
                + " ((118 38, 118.4 38, 118.4 38.4, 118 38.4, 118 38),"
                + " (118.1 38.1, 118.1 38.2, 118.2 38.2, 118.1 38.1)))",
        "GEOMETRYCOLLECTION (POINT (117.9707 37.3822), LINESTRING (117.9 37.3, 118 37.4),"
                + " POLYGON ((117.9 37.3, 118 37.3, 118 37.4, 117.9 37.3)))",
        "GEOMETRYCOLLECTION (POINT (1 2), GEOMETRYCOLLECTION (LINESTRING (1 2, 3 4)))",
        "MULTIPOINT ((117.1 37.1), (117.2 37.2))",
        "MULTILINESTRING ((117.1 37.1, 117.2 37.2), (117.3 37.3, 117.4 37.4, 117.5 37.3))",
    })
    void roundTripsThroughObjectAndText(String text) {
        Geometry original = wkt(text);
        JsonObject json = GeoJson.write(original);
        assertThat(json.getString("type")).isEqualTo(original.getGeometryType());

        Geometry back = GeoJson.read(json);
        assertThat(back.equalsExact(original)).as("%s -> %s -> %s", text, json, back).isTrue();
        assertThat(back.getSRID()).isEqualTo(4326);

        // and through JSON text, as it arrives over HTTP
        Geometry parsed = GeoJson.read(new JsonObject(json.encode()));
        assertThat(parsed.equalsExact(original)).as("%s via text %s", text, json.encode()).isTrue();

        // written straight as text (the OGC API items path): the same JSON as the object
        String direct = GeoJson.append(new JsonText(16), original).toString();
        assertThat(new JsonObject(direct)).as(direct).isEqualTo(json);
    }

    @Test
    void appendsEmptyAndProjectedGeometriesAsTheObjectWriterDoes() {
        for (String text : new String[] {"POINT EMPTY", "POLYGON EMPTY", "LINESTRING EMPTY",
            "POINT (13131827.123456789 4495543.987654321)", "POINT (39500000.5 4150000.25)", "POINT (-0.00000001 1e-12)"}) {
            Geometry g = wkt(text);
            String direct = GeoJson.append(new JsonText(16), g).toString();
            assertThat(new JsonObject(direct)).as("%s: %s", text, direct).isEqualTo(GeoJson.write(g));
        }
    }

    @Test
    void writesRfc7946Layout() {
        // Expected objects written by hand from RFC 7946 §3.1, not from the codec: x = lon first, rings nested.
        assertThat(GeoJson.write(wkt("POINT (117.9707 37.3822)")))
                .isEqualTo(new JsonObject("{\"type\":\"Point\",\"coordinates\":[117.9707,37.3822]}"));
        assertThat(GeoJson.write(wkt("POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 1 2, 2 2, 1 1))")))
                .isEqualTo(new JsonObject("{\"type\":\"Polygon\",\"coordinates\":["
                        + "[[0.0,0.0],[4.0,0.0],[4.0,4.0],[0.0,4.0],[0.0,0.0]],"
                        + "[[1.0,1.0],[1.0,2.0],[2.0,2.0],[1.0,1.0]]]}"));
        assertThat(GeoJson.write(wkt("GEOMETRYCOLLECTION (POINT (1 2))")))
                .isEqualTo(new JsonObject("{\"type\":\"GeometryCollection\",\"geometries\":["
                        + "{\"type\":\"Point\",\"coordinates\":[1.0,2.0]}]}"));
    }

    @Test
    void readsHandWrittenGeoJson() {
        Geometry g = GeoJson.read(new JsonObject("{\"type\":\"MultiPolygon\",\"coordinates\":["
                + "[[[117.2,36.6],[117.5,36.6],[117.5,36.9],[117.2,36.6]]],"
                + "[[[118,38],[118.4,38],[118.4,38.4],[118,38.4],[118,38]],[[118.1,38.1],[118.1,38.2],[118.2,38.2],[118.1,38.1]]]]}"));
        assertThat(g.equalsExact(wkt("MULTIPOLYGON (((117.2 36.6, 117.5 36.6, 117.5 36.9, 117.2 36.6)),"
                + " ((118 38, 118.4 38, 118.4 38.4, 118 38.4, 118 38), (118.1 38.1, 118.1 38.2, 118.2 38.2, 118.1 38.1)))")))
                .isTrue();
        // integers are numbers too; a third (altitude) value is allowed by RFC 7946 and ignored
        assertThat(GeoJson.read(new JsonObject("{\"type\":\"Point\",\"coordinates\":[118,37,12.5]}"))
                .equalsExact(wkt("POINT (118 37)"))).isTrue();
    }

    @Test
    void writesLinearRingAsLineString() {
        // "LinearRing" is not a GeoJSON type (RFC 7946 §1.4 lists the seven geometry types).
        Geometry ring = Geo.FACTORY.createLinearRing(wkt("LINESTRING (0 0, 1 0, 1 1, 0 0)").getCoordinates());
        JsonObject json = GeoJson.write(ring);
        assertThat(json.getString("type")).isEqualTo("LineString");
        assertThat(GeoJson.read(json).equalsExact(wkt("LINESTRING (0 0, 1 0, 1 1, 0 0)"))).isTrue();
    }

    // ------------------------------------------------------------------ rounding

    @ParameterizedTest
    @CsvSource({
        // input,            expected (by hand, to 7 decimals)
        "117.123456789,      117.1234568",
        "37.98765432149,     37.9876543",
        "-122.41941551,      -122.4194155",
        "-0.00000004,        0.0",
        "179.99999996,       180.0",
        "118.0,              118.0",
    })
    void roundsToTenMillionthsOfADegree(double input, double expected) {
        assertThat(GeoJson.round(input)).isEqualTo(expected, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void writtenCoordinatesAreRounded() {
        JsonObject json = GeoJson.write(wkt("LINESTRING (117.123456789 37.98765432149, 118.00000001 37.99999999)"));
        JsonArray c = json.getJsonArray("coordinates");
        assertThat(c.getJsonArray(0).getDouble(0)).isEqualTo(117.1234568);
        assertThat(c.getJsonArray(0).getDouble(1)).isEqualTo(37.9876543);
        assertThat(c.getJsonArray(1).getDouble(0)).isEqualTo(118.0);
        assertThat(c.getJsonArray(1).getDouble(1)).isEqualTo(38.0);
    }

    // ------------------------------------------------------------------ malformed input

    static void assertRejected(JsonObject json, String... messageParts) {
        assertThatThrownBy(() -> GeoJson.read(json))
                .isInstanceOf(IllegalArgumentException.class)
                .message().contains(messageParts);
    }

    static void assertRejected(String json, String... messageParts) {
        assertRejected(new JsonObject(json), messageParts);
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> GeoJson.read(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsMissingOrNonStringType() {
        assertRejected("{\"coordinates\":[117.9,37.4]}", "type");
        assertRejected("{\"type\":7,\"coordinates\":[117.9,37.4]}", "type");
    }

    @Test
    void rejectsUnknownTypeNamingIt() {
        assertRejected("{\"type\":\"Circle\",\"coordinates\":[117.9,37.4]}", "Circle");
        // reported as an unknown type, not as a missing "coordinates"
        assertRejected("{\"type\":\"Circle\",\"radius\":5}", "Circle");
        // a Feature is not a geometry
        assertRejected("{\"type\":\"Feature\",\"geometry\":null}", "Feature");
        // case matters in GeoJSON
        assertRejected("{\"type\":\"point\",\"coordinates\":[117.9,37.4]}", "point");
    }

    @Test
    void rejectsUnclosedRing() {
        assertRejected("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1]]]}", "coordinates[0]", "closed");
        // in a hole, of the second polygon
        assertRejected("{\"type\":\"MultiPolygon\",\"coordinates\":[[[[0,0],[1,0],[1,1],[0,0]]],"
                + "[[[0,0],[4,0],[4,4],[0,0]],[[1,1],[1,2],[2,2],[2,1]]]]}", "coordinates[1][1]", "closed");
    }

    @Test
    void rejectsRingWithThreePositions() {
        assertRejected("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[0,0]]]}", "coordinates[0]", "4");
        assertRejected("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[4,0],[4,4],[0,0]],[[1,1],[2,1],[1,1]]]}",
                "coordinates[1]", "4");
    }

    @Test
    void rejectsLineStringWithOnePosition() {
        assertRejected("{\"type\":\"LineString\",\"coordinates\":[[117.9,37.4]]}", "coordinates", "2");
    }

    @Test
    void rejectsNaNAndInfinity() {
        // JSON text cannot carry NaN; a JsonObject built in code can.
        assertRejected(new JsonObject().put("type", "Point")
                .put("coordinates", new JsonArray().add(Double.NaN).add(37.4)), "coordinates[0]");
        assertRejected(new JsonObject().put("type", "LineString").put("coordinates", new JsonArray()
                .add(new JsonArray().add(117.9).add(37.4))
                .add(new JsonArray().add(118.0).add(Double.POSITIVE_INFINITY))), "coordinates[1][1]");
    }

    @Test
    void rejectsStringsAsNumbers() {
        assertRejected("{\"type\":\"Point\",\"coordinates\":[\"117.9\",37.4]}", "coordinates[0]", "number");
        assertRejected("{\"type\":\"LineString\",\"coordinates\":[[117.9,37.4],[118.0,\"37.5\"]]}",
                "coordinates[1][1]", "number");
        assertRejected("{\"type\":\"Point\",\"coordinates\":[117.9,null]}", "coordinates[1]");
        assertRejected("{\"type\":\"Point\",\"coordinates\":[true,37.4]}", "coordinates[0]");
    }

    @Test
    void rejectsLonLatOutOfRange() {
        assertRejected("{\"type\":\"Point\",\"coordinates\":[181,37.4]}", "coordinates", "range");
        assertRejected("{\"type\":\"Point\",\"coordinates\":[-180.0000001,37.4]}", "coordinates", "range");
        assertRejected("{\"type\":\"Point\",\"coordinates\":[117.9,91]}", "coordinates", "range");
        // the classic latitude-first mistake is out of range in China (lat 117.9)
        assertRejected("{\"type\":\"LineString\",\"coordinates\":[[117.9,37.4],[37.4,117.9]]}", "coordinates[1]", "range");
    }

    @Test
    void acceptsTheExactLimits() {
        assertThat(GeoJson.read(new JsonObject("{\"type\":\"Point\",\"coordinates\":[180,90]}"))
                .equalsExact(wkt("POINT (180 90)"))).isTrue();
        assertThat(GeoJson.read(new JsonObject("{\"type\":\"Point\",\"coordinates\":[-180,-90]}"))
                .equalsExact(wkt("POINT (-180 -90)"))).isTrue();
    }

    @Test
    void rejectsNonArrayCoordinates() {
        assertRejected("{\"type\":\"Point\",\"coordinates\":\"117.9,37.4\"}", "coordinates");
        assertRejected("{\"type\":\"Point\"}", "coordinates");
        assertRejected("{\"type\":\"Point\",\"coordinates\":{\"lon\":117.9,\"lat\":37.4}}", "coordinates");
        assertRejected("{\"type\":\"LineString\",\"coordinates\":[[117.9,37.4],118.0]}", "coordinates[1]");
        assertRejected("{\"type\":\"Polygon\",\"coordinates\":[[0,0],[1,0],[1,1],[0,0]]}", "coordinates[0]");
        assertRejected("{\"type\":\"Point\",\"coordinates\":[117.9]}", "coordinates");
    }

    @Test
    void rejectsMalformedGeometryCollectionNamingTheMemberPath() {
        assertRejected("{\"type\":\"GeometryCollection\"}", "geometries");
        assertRejected("{\"type\":\"GeometryCollection\",\"geometries\":[5]}", "geometries[0]");
        assertRejected("{\"type\":\"GeometryCollection\",\"geometries\":["
                + "{\"type\":\"Point\",\"coordinates\":[1,2]},"
                + "{\"type\":\"LineString\",\"coordinates\":[[0,0],[1,\"x\"]]}]}", "geometries[1].coordinates[1][1]");
        assertRejected("{\"type\":\"GeometryCollection\",\"geometries\":[{\"coordinates\":[1,2]}]}",
                "geometries[0]", "type");
        assertRejected("{\"type\":\"GeometryCollection\",\"geometries\":[{\"type\":\"GeometryCollection\","
                + "\"geometries\":[{\"type\":\"Point\",\"coordinates\":[200,0]}]}]}",
                "geometries[0].geometries[0].coordinates", "range");
    }
}
