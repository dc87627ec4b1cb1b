package org.gridwatch.gen;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.MvtReader;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.TagKeyValueMapConverter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsLayer;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsMvt;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.gridwatch.basemap.MbTilesSource;
import org.gridwatch.basemap.TileFormat;
import org.gridwatch.basemap.TileSource;
import org.gridwatch.city.CityData;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed demo basemap ({@code gis-data/binzhou/basemap.mbtiles}, regenerated and compared
 * byte for byte by {@code CityGeneratorTest}): small, every zoom 6–14 present, every tile a valid
 * gzip-compressed MVT, the four layers with what they should hold, everything marked demo.
 */
class DemoBasemapTest {
    static final Path FILE = CityGenerator.DEFAULT_DIR.resolve(CityData.BASEMAP_FILE);
    /** What the tiles hold, decoded once: per zoom, per layer, the features' properties. */
    static final Map<Integer, Map<String, java.util.List<Map<String, Object>>>> DECODED = new TreeMap<>();
    static int tiles;

    @BeforeAll
    static void decode() throws Exception {
        GeometryFactory f = new GeometryFactory();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + FILE);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT zoom_level, tile_data FROM tiles ORDER BY zoom_level")) {
            while (rs.next()) {
                tiles++;
                byte[] mvt = new GZIPInputStream(new ByteArrayInputStream(rs.getBytes(2))).readAllBytes();
                JtsMvt tile = MvtReader.loadMvt(new ByteArrayInputStream(mvt), f, new TagKeyValueMapConverter());
                Map<String, java.util.List<Map<String, Object>>> zoom = DECODED.computeIfAbsent(rs.getInt(1), z -> new TreeMap<>());
                for (JtsLayer l : tile.getLayers()) {
                    assertThat(l.getExtent()).isEqualTo(MvtTiles.EXTENT);
                    for (Geometry g : l.getGeometries()) {
                        assertThat(g.isEmpty()).isFalse();
                        @SuppressWarnings("unchecked")
                        Map<String, Object> props = (Map<String, Object>) g.getUserData();
                        zoom.computeIfAbsent(l.getName(), n -> new java.util.ArrayList<>()).add(props);
                    }
                }
            }
        }
    }

    static Set<Object> values(int zoom, String layer, String key) {
        Set<Object> out = new HashSet<>();
        for (Map<String, Object> p : DECODED.get(zoom).getOrDefault(layer, java.util.List.of())) {
            out.add(p.get(key));
        }
        return out;
    }

    @Test
    void smallAndEveryZoomPresent() throws Exception {
        assertThat(Files.size(FILE)).isLessThan(3L * 1024 * 1024);
        assertThat(DECODED.keySet()).containsExactly(6, 7, 8, 9, 10, 11, 12, 13, 14);
        assertThat(tiles).isBetween(1_000, 20_000);
        try (TileSource s = MbTilesSource.open(FILE)) {
            assertThat(s.info().format()).isEqualTo(TileFormat.MVT);
            assertThat(s.info().minZoom()).isEqualTo(DemoBasemap.MIN_ZOOM);
            assertThat(s.info().maxZoom()).isEqualTo(DemoBasemap.MAX_ZOOM);
            assertThat(s.info().layerIds()).containsExactly("water", "boundaries", "roads", "places");
            assertThat(s.info().description()).contains("synthetic").contains("演示数据");
            double[] b = s.info().bounds();
            assertThat(b[0]).isBetween(117.0, 117.6);
            assertThat(b[2]).isBetween(118.0, 118.7);
        }
    }

    @Test
    void layersHoldWhatTheySay() throws Exception {
        JsonObject counties = new JsonObject(Files.readString(CityGenerator.DEFAULT_DIR.resolve(CityData.COUNTIES_FILE),
                StandardCharsets.UTF_8));
        Set<Object> countyNames = new HashSet<>();
        counties.getJsonArray("features").forEach(o -> countyNames.add(((JsonObject) o).getJsonObject("properties").getString("name")));
        int townships = new JsonObject(Files.readString(CityGenerator.DEFAULT_DIR.resolve(CityData.TOWNSHIPS_FILE),
                StandardCharsets.UTF_8)).getJsonArray("features").size();
        // zoom 6: county outlines and seats, main roads, the river; no township detail yet
        assertThat(values(6, "places", "name")).isEqualTo(countyNames);
        assertThat(values(6, "boundaries", "level")).containsExactly("county");
        assertThat(values(6, "roads", "class")).containsExactly("main");
        assertThat(values(6, "water", "name")).containsExactly(DemoBasemap.RIVER_NAME);
        // zoom 9: every township seat and outline, the links
        assertThat(values(9, "places", "level")).containsExactlyInAnyOrder("county", "township");
        assertThat(values(9, "places", "name")).hasSize(townships);
        assertThat(values(9, "boundaries", "level")).containsExactlyInAnyOrder("county", "township");
        assertThat(values(9, "roads", "class")).containsExactlyInAnyOrder("main", "link");
        // the main roads are a spanning tree of the township seats: one fewer road than seats
        Set<Object> mains = new HashSet<>();
        for (Map<String, Object> p : DECODED.get(9).get("roads")) {
            if ("main".equals(p.get("class"))) {
                mains.add(p.get("name"));
            }
        }
        assertThat(mains).hasSize(townships - 1);
        assertThat(values(9, "roads", "name")).allSatisfy(n -> assertThat((String) n).matches("(黄河|渤海|长江)[一二三四五六七八九十]+路"));
        for (Map<String, java.util.List<Map<String, Object>>> zoom : DECODED.values()) {
            zoom.values().forEach(l -> l.forEach(p -> assertThat(p).containsEntry("demo", true)));
        }
    }

    @Test
    void highZoomTilesHoldTheRoadsTheLowerOnesDo() {
        assertThat(values(14, "roads", "name")).isEqualTo(values(9, "roads", "name"));
        assertThat(values(14, "places", "name")).isEqualTo(values(9, "places", "name"));
    }
}
