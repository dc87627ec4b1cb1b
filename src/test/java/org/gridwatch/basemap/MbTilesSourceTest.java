package org.gridwatch.basemap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gridwatch.testsupport.TileArchives;
import org.gridwatch.testsupport.TileArchives.Zxy;
import org.junit.jupiter.api.Test;

/** {@link MbTilesSource}: the shared contract, raster tiles, missing metadata, files that are no MBTiles. */
class MbTilesSourceTest extends TileSourceContract {
    static Map<String, String> metadata(String format) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("name", "测试底图");
        m.put("format", format);
        m.put("minzoom", "6");
        m.put("maxzoom", "14");
        m.put("bounds", "117.3,36.7,118.4,38.3");
        m.put("center", "117.9,37.4,9");
        m.put("json", new io.vertx.core.json.JsonObject().put("vector_layers", fixtureLayers()).encode());
        return m;
    }

    @Override
    TileSource open(Path dir, Map<Zxy, byte[]> tiles) throws Exception {
        return MbTilesSource.open(TileArchives.mbtiles(dir.resolve("fixture.mbtiles"), metadata("pbf"), tiles));
    }

    @Test
    void rasterTilesAreNotGzip() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3};
        Map<String, String> m = metadata("png");
        m.remove("json");
        try (TileSource s = MbTilesSource.open(TileArchives.mbtiles(dir.resolve("r.mbtiles"), m,
                Map.of(new Zxy(8, 211, 97), png)))) {
            assertThat(s.info().format()).isEqualTo(TileFormat.PNG);
            assertThat(s.info().vectorLayers()).isEmpty();
            Tile t = s.tile(8, 211, 97).orElseThrow();
            assertThat(t.data()).isEqualTo(png);
            assertThat(t.gzip()).isFalse();
        }
    }

    @Test
    void zoomsAndBoundsDefaultFromTheTilesAndTheWorld() throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", "pbf");
        try (TileSource s = MbTilesSource.open(TileArchives.mbtiles(dir.resolve("bare.mbtiles"), m, fixtureTiles()))) {
            assertThat(s.info().minZoom()).isEqualTo(6);
            assertThat(s.info().maxZoom()).isEqualTo(14);
            assertThat(s.info().bounds()).containsExactly(TileSetInfo.WORLD);
            assertThat(s.info().name()).isEqualTo("bare.mbtiles");
        }
    }

    @Test
    void refusesWhatIsNoMbTiles() throws Exception {
        Path text = Files.writeString(dir.resolve("x.mbtiles"), "not a database at all, just text of some length");
        assertThatThrownBy(() -> MbTilesSource.open(text)).isInstanceOf(IOException.class)
                .hasMessageContaining(text.toString());
        Map<String, String> m = metadata("tiff");
        Path tiff = TileArchives.mbtiles(dir.resolve("tiff.mbtiles"), m, fixtureTiles());
        assertThatThrownBy(() -> MbTilesSource.open(tiff)).isInstanceOf(IOException.class)
                .hasMessageContaining("format 'tiff'");
        Path noTiles = dir.resolve("empty.sqlite");
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + noTiles);
             var s = c.createStatement()) {
            s.execute("CREATE TABLE metadata (name TEXT, value TEXT)");
        }
        assertThatThrownBy(() -> MbTilesSource.open(noTiles)).isInstanceOf(IOException.class)
                .hasMessageContaining("tiles");
        assertThatThrownBy(() -> MbTilesSource.open(dir.resolve("absent.mbtiles"))).isInstanceOf(IOException.class)
                .hasMessageContaining("no readable file");
    }
}
