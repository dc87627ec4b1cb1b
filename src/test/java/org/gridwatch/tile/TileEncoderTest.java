package org.gridwatch.tile;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.MvtReader;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.TagKeyValueMapConverter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsLayer;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsMvt;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * Tiles encoded and decoded again (the library's MVT reader): fixtures are written in tile units
 * (WKT), turned into WGS84 lon/lat through the inverse projection, encoded, and read back in tile
 * units.
 */
class TileEncoderTest {
    /** A z12 tile over Binzhou (滨城区). */
    private static final TileId TILE = new TileId(12, 3390, 1589);
    private static final GeometryFactory GF = new GeometryFactory();

    /** A WKT fixture in tile units of {@link #TILE} as WGS84 lon/lat. */
    private static Geometry lonLat(String tileWkt) {
        try {
            return TileGeometry.map(new WKTReader(GF).read(tileWkt), px -> WebMercator.lon(TILE.x() + px / 4096, TILE.z()),
                    py -> WebMercator.lat(TILE.y() + py / 4096, TILE.z()));
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Geometry wkt(String text) throws ParseException {
        return new WKTReader(GF).read(text);
    }

    private static JtsLayer decode(byte[] mvt, String layer) throws IOException {
        JtsMvt tile = MvtReader.loadMvt(new ByteArrayInputStream(mvt), GF, new TagKeyValueMapConverter(false, "mvt:id"),
                MvtReader.RING_CLASSIFIER_V2_1);
        return tile.getLayer(layer);
    }

    private static List<Geometry> geometries(byte[] mvt, String layer) throws IOException {
        JtsLayer l = decode(mvt, layer);
        return l == null ? List.of() : new ArrayList<>(l.getGeometries());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tags(Geometry g) {
        return (Map<String, Object>) g.getUserData();
    }

    @Test
    void aPolygonInsideTheTileComesBackInTileUnits() throws Exception {
        TileEncoder e = new TileEncoder(TILE);
        assertThat(e.add("grids", lonLat("POLYGON ((1000 1000, 3000 1000, 3000 2500, 1000 2500, 1000 1000))"), "371602001001001",
                Map.of())).isTrue();
        List<Geometry> got = geometries(e.encode(), "grids");
        assertThat(got).hasSize(1);
        assertThat(got.get(0).equalsTopo(wkt("POLYGON ((1000 1000, 3000 1000, 3000 2500, 1000 2500, 1000 1000))"))).isTrue();
        assertThat(got.get(0).isValid()).isTrue();
        assertThat(tags(got.get(0))).containsEntry("mvt:id", 371602001001001L);
    }

    @Test
    void geometryIsClippedAtTheBuffer() throws Exception {
        TileEncoder e = new TileEncoder(TILE);
        e.add("areas", lonLat("POLYGON ((-5000 -5000, 9000 -5000, 9000 9000, -5000 9000, -5000 -5000))"), "371600", Map.of());
        e.add("lines", lonLat("LINESTRING (-1000 2048, 5000 2048)"), "l1", Map.of());
        List<Geometry> areas = geometries(e.encode(), "areas");
        assertThat(areas).hasSize(1);
        assertThat(areas.get(0).equalsTopo(wkt("POLYGON ((-64 -64, 4160 -64, 4160 4160, -64 4160, -64 -64))"))).isTrue();
        List<Geometry> lines = geometries(e.encode(), "lines");
        assertThat(lines.get(0).equalsTopo(wkt("LINESTRING (-64 2048, 4160 2048)"))).isTrue();
    }

    @Test
    void pointsInTheBufferStayAndPointsBeyondItGo() throws Exception {
        TileEncoder e = new TileEncoder(TILE);
        assertThat(e.add("units", lonLat("POINT (-30 100)"), "u-in-buffer", Map.of())).isTrue();
        assertThat(e.add("units", lonLat("POINT (-100 100)"), "u-beyond", Map.of())).isFalse();
        assertThat(e.add("units", lonLat("POINT (4200.4 4100.6)"), "u-south-east", Map.of())).isFalse();
        assertThat(e.add("units", lonLat("POINT (2048.4 10.6)"), "u-inside", Map.of())).isTrue();
        List<Geometry> got = geometries(e.encode(), "units");
        assertThat(got).extracting(g -> g.getCoordinate()).containsExactly(new Coordinate(-30, 100), new Coordinate(2048, 11));
        assertThat(got).extracting(g -> tags(g).get("id")).containsExactly("u-in-buffer", "u-inside");
    }

    @Test
    void aFeatureOutsideTheTileAndBufferIsNotEncoded() {
        TileEncoder e = new TileEncoder(TILE);
        assertThat(e.add("grids", lonLat("POLYGON ((5000 0, 6000 0, 6000 1000, 5000 1000, 5000 0))"), "1", Map.of())).isFalse();
        assertThat(e.features()).isZero();
        assertThat(e.encode()).isEmpty();
    }

    @Test
    void simplificationDropsSubPixelDetailAndKeepsPolygonsValid() throws Exception {
        // A square whose edges zigzag by half a unit (far below a pixel) and a hole near its corner.
        StringBuilder ring = new StringBuilder("POLYGON ((100 100");
        for (int x = 110; x < 3000; x += 10) {
            ring.append(", ").append(x).append(x % 20 == 0 ? " 100.5" : " 99.6");
        }
        ring.append(", 3000 100, 3000 3000, 100 3000, 100 100), (120 120, 130 120, 130 130, 120 130, 120 120))");
        Geometry input = lonLat(ring.toString());
        TileEncoder e = new TileEncoder(TILE);
        e.add("grids", input, "1", Map.of());
        Geometry got = geometries(e.encode(), "grids").get(0);
        assertThat(got.isValid()).isTrue();
        assertThat(got.getNumPoints()).isLessThan(20).isLessThan(input.getNumPoints() / 10);
        assertThat(got.getArea()).isCloseTo(2900.0 * 2900 - 100, org.assertj.core.api.Assertions.within(2900.0 * 4));
    }

    @Test
    void featuresThatVanishAtThisZoomAreDropped() {
        TileEncoder e = new TileEncoder(TILE);
        // A sliver 0.3 units wide: rounds to nothing.
        assertThat(e.add("grids", lonLat("POLYGON ((100 100, 900 100, 900 100.3, 100 100.3, 100 100))"), "1", Map.of())).isFalse();
        // A triangle thinner than the tolerance.
        assertThat(e.add("grids", lonLat("POLYGON ((100 200, 900 200, 500 201, 100 200))"), "2", Map.of())).isFalse();
        assertThat(e.encode()).isEmpty();
    }

    @Test
    void twoPolygonsThatRoundingWouldTouchStayValid() throws Exception {
        // Two parts 0.4 units apart: rounding makes them share an edge; the result must still be valid.
        TileEncoder e = new TileEncoder(TILE);
        e.add("areas", lonLat("MULTIPOLYGON (((100 100, 500 100, 500 500, 100 500, 100 100)),"
                + " ((500.4 100, 900 100, 900 500, 500.4 500, 500.4 100)))"), "3716", Map.of());
        Geometry got = geometries(e.encode(), "areas").get(0);
        assertThat(got.isValid()).isTrue();
        assertThat(got.getArea()).isCloseTo(800.0 * 400, org.assertj.core.api.Assertions.within(800.0));
    }

    @Test
    void attributesKeepTheirTypesAndInstantsBecomeIsoText() throws Exception {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("name", "滨城区");
        a.put("population", 682_717);
        a.put("households", 241_000L);
        a.put("dosageMinutes", 12.5);
        a.put("fresh", true);
        a.put("lastVisit", Instant.parse("2026-12-01T08:00:00Z"));
        a.put("day", LocalDate.parse("2026-12-01"));
        a.put("gridWorker", null);
        TileEncoder e = new TileEncoder(TILE);
        e.add("grids", lonLat("POLYGON ((1000 1000, 3000 1000, 3000 2500, 1000 2500, 1000 1000))"), "371602", a);
        e.add("incidents", lonLat("POINT (50 50)"), "inc-20261201-0001", Map.of("category", "fraud"));
        e.add("units", lonLat("POINT (60 60)"), "u-1", Map.of("id", "own id"));
        byte[] mvt = e.encode();
        Map<String, Object> t = tags(geometries(mvt, "grids").get(0));
        assertThat(t).containsEntry("name", "滨城区").containsEntry("population", 682_717L).containsEntry("households", 241_000L)
                .containsEntry("dosageMinutes", 12.5).containsEntry("fresh", true)
                .containsEntry("lastVisit", "2026-12-01T08:00:00Z").containsEntry("day", "2026-12-01")
                .containsEntry("mvt:id", 371602L).doesNotContainKey("gridWorker").doesNotContainKey("id");
        Map<String, Object> inc = tags(geometries(mvt, "incidents").get(0));
        assertThat(inc).containsEntry("id", "inc-20261201-0001").containsEntry("category", "fraud");
        assertThat(inc.get("mvt:id")).as("no MVT id for a text id").isNull();
        assertThat(tags(geometries(mvt, "units").get(0))).containsEntry("id", "own id");
        assertThat(decode(mvt, "grids").getExtent()).isEqualTo(4096);
    }
}
