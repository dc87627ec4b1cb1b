package org.gridwatch.tile;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.MvtReader;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.TagKeyValueMapConverter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsLayer;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.city.CityData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.io.WKTReader;
import org.locationtech.jts.operation.overlayng.OverlayNG;

/**
 * The fast polygon path against JTS as the oracle, over every grid of the demo city
 * ({@code gis-data/binzhou}, 10,860 grids) in the tiles of zooms 8–14 that hold one: every
 * feature decodes valid, its area is the JTS clip's within what simplification and rounding may
 * move, features are dropped only when the clip leaves next to nothing, and shapes kept across
 * tiles ({@link ShapeCache}) give the same bytes as shapes computed afresh.
 */
class PolygonShapesTest {
    private static final GeometryFactory GF = new GeometryFactory();
    private static AreaHierarchy city;

    @BeforeAll
    static void load() throws Exception {
        city = AreaHierarchy.of(CityData.load(Path.of("gis-data/binzhou")).areas());
    }

    private static List<TileId> tiles(int z, int every) {
        Envelope e = new Envelope();
        city.level(AdminLevel.GRID).forEach(g -> e.expandToInclude(g.geometry().getEnvelopeInternal()));
        List<TileId> out = new java.util.ArrayList<>();
        int i = 0;
        for (int x = (int) WebMercator.x(e.getMinX(), z); x <= (int) WebMercator.x(e.getMaxX(), z); x++) {
            for (int y = (int) WebMercator.y(e.getMaxY(), z); y <= (int) WebMercator.y(e.getMinY(), z); y++) {
                TileId t = new TileId(z, x, y);
                if (!city.intersecting(AdminLevel.GRID, t.envelope()).isEmpty() && i++ % every == 0) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    private static Map<Long, Geometry> decode(byte[] mvt) throws Exception {
        Map<Long, Geometry> out = new HashMap<>();
        if (mvt.length == 0) {
            return out;
        }
        JtsLayer l = MvtReader.loadMvt(new ByteArrayInputStream(mvt), GF, new TagKeyValueMapConverter(false, "mvt:id"),
                MvtReader.RING_CLASSIFIER_V2_1).getLayer("grids");
        for (Geometry g : l.getGeometries()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> tags = (Map<String, Object>) g.getUserData();
            out.put((Long) tags.get("mvt:id"), g);
        }
        return out;
    }

    @Test
    void everyGridInEveryTileIsValidAndClosetoTheJtsClip() throws Exception {
        int checked = 0;
        for (int z = 8; z <= 14; z += 2) {
            for (TileId t : tiles(z, z == 14 ? 9 : 1)) {
                TileGeometry tg = new TileGeometry(t, TileEncoder.EXTENT, TileEncoder.BUFFER);
                Geometry box = GF.toGeometry(new Envelope(-64, 4160, -64, 4160));
                TileEncoder still = new TileEncoder(t);
                TileEncoder fresh = new TileEncoder(t);
                List<AdminArea> grids = city.intersecting(AdminLevel.GRID, t.buffered(64.0 / 4096));
                for (AdminArea g : grids) {
                    still.add("grids", g.geometry(), g.code(), Map.of("name", g.name()), true);
                    fresh.add("grids", g.geometry(), g.code(), Map.of("name", g.name()), false);
                }
                byte[] bytes = still.encode();
                assertThat(bytes).as("tile %s kept and fresh", t).isEqualTo(fresh.encode());
                Map<Long, Geometry> got = decode(bytes);
                for (AdminArea g : grids) {
                    Geometry clip = OverlayNG.overlay(tg.project(g.geometry()), box, OverlayNG.INTERSECTION);
                    // Douglas–Peucker moves an edge by up to 2 units, rounding by half a unit (each side of it).
                    double slack = clip.getLength() * 2.5 + 4;
                    Geometry mvt = got.get(Long.parseLong(g.code()));
                    if (mvt == null) {
                        assertThat(clip.getArea()).as("grid %s dropped from %s", g.code(), t).isLessThanOrEqualTo(slack);
                        continue;
                    }
                    assertThat(mvt).as("grid %s in %s", g.code(), t).isInstanceOf(Polygonal.class);
                    assertThat(mvt.isValid()).as("grid %s in %s: %s", g.code(), t, mvt).isTrue();
                    assertThat(Math.abs(mvt.getArea() - clip.getArea())).as("grid %s in %s", g.code(), t)
                            .isLessThanOrEqualTo(slack);
                    assertThat(mvt.getEnvelopeInternal().getMinX()).isGreaterThanOrEqualTo(-64);
                    assertThat(mvt.getEnvelopeInternal().getMaxY()).isLessThanOrEqualTo(4160);
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(3 * 10_860);
    }

    @Test
    void aPolygonIsKeptOncePerGeometryObject() throws Exception {
        ShapeCache cache = new ShapeCache(4096, 2.0);
        Geometry a = new WKTReader(GF).read("POLYGON ((117.9 37.3, 118.0 37.3, 118.0 37.4, 117.9 37.4, 117.9 37.3))");
        Geometry b = a.copy();
        Object at12 = cache.atZoom(a, 12);
        assertThat(cache.atZoom(a, 12)).isSameAs(at12);
        assertThat(cache.atZoom(a, 10)).isNotSameAs(at12).isInstanceOf(PolygonShapes.Kept.class);
        assertThat(cache.size()).isEqualTo(1);
        Object other = cache.atZoom(b, 12);
        assertThat(other).as("an equal geometry, another object: its own entry").isNotSameAs(at12);
        assertThat(cache.size()).isEqualTo(2);
        PolygonShapes.Kept k = (PolygonShapes.Kept) at12;
        assertThat(k.shape().parts()[0][0]).containsExactly(((PolygonShapes.Kept) other).shape().parts()[0][0]);
    }

    @Test
    void emptyPartsAreSkipped() throws Exception {
        Geometry g = new WKTReader(GF).read(
                "MULTIPOLYGON (EMPTY, ((117.9 37.3, 118.0 37.3, 118.0 37.4, 117.9 37.4, 117.9 37.3)))");
        assertThat(PolygonShapes.atZoom(PolygonShapes.world(g), 12, 4096, 2.0)).isInstanceOf(PolygonShapes.Kept.class);
        assertThat(PolygonShapes.atZoom(PolygonShapes.world(new WKTReader(GF).read("MULTIPOLYGON (EMPTY)")), 12, 4096, 2.0))
                .isSameAs(PolygonShapes.EMPTY);
    }

    @Test
    void aShapeThatSimplificationMakesInvalidTakesTheGeneralPath() throws Exception {
        // Two teeth 0.4 units apart at z12: simplified and rounded they touch; atZoom cannot vouch for the ring.
        TileId t = new TileId(12, 3390, 1589);
        Geometry lonLat = TileGeometry.map(new WKTReader(GF).read(
                "POLYGON ((100 100, 900 100, 900 500, 500.4 500, 500.4 300, 500 300, 500 500, 100 500, 100 100))"),
                px -> WebMercator.lon(t.x() + px / 4096, t.z()), py -> WebMercator.lat(t.y() + py / 4096, t.z()));
        assertThat(PolygonShapes.atZoom(PolygonShapes.world(lonLat), 12, 4096, 2.0)).isSameAs(PolygonShapes.FALLBACK);
        TileEncoder e = new TileEncoder(t);
        assertThat(e.add("areas", lonLat, "1", Map.of(), true)).isTrue();
        Geometry got = MvtReader.loadMvt(new ByteArrayInputStream(e.encode()), GF, new TagKeyValueMapConverter(),
                MvtReader.RING_CLASSIFIER_V2_1).getLayer("areas").getGeometries().iterator().next();
        assertThat(got.isValid()).isTrue();
        assertThat(got.getArea()).isCloseTo(800.0 * 400 - 0.4 * 200, org.assertj.core.api.Assertions.within(800.0));
    }
}
