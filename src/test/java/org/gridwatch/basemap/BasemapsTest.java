package org.gridwatch.basemap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridwatch.testsupport.TileArchives;
import org.gridwatch.testsupport.TileArchives.Zxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Basemaps} and {@link BasemapStyle}: archives told apart by content, configured styles checked and rewritten. */
class BasemapsTest {
    private static final String ORIGIN = "http://10.1.2.3:8080";
    @TempDir
    Path dir;

    Path mbtiles(String name) throws Exception {
        return TileArchives.mbtiles(dir.resolve(name), MbTilesSourceTest.metadata("pbf"),
                Map.of(new Zxy(6, 52, 24), TileArchives.gzip(new byte[] {1, 2, 3})));
    }

    @Test
    void archivesAreRecognisedByTheirBytesNotTheirNames() throws Exception {
        Path looksLikePm = mbtiles("really-mbtiles.pmtiles");
        try (Basemaps b = Basemaps.open(List.of(new Basemaps.SourceFile("city", looksLikePm)), null)) {
            assertThat(b.source("city").orElseThrow()).isInstanceOf(MbTilesSource.class);
            assertThat(b.configured()).isTrue();
            assertThat(b.describe()).contains("city = " + looksLikePm).contains("pbf, z6-14").contains("generated style");
        }
        Path text = Files.writeString(dir.resolve("notes.mbtiles"), "neither kind of archive");
        assertThatThrownBy(() -> Basemaps.open(List.of(new Basemaps.SourceFile("city", looksLikePm),
                new Basemaps.SourceFile("notes", text)), null)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("basemap.sources[1].path (notes): ").hasMessageContaining("neither an MBTiles");
        assertThat(Basemaps.none().configured()).isFalse();
    }

    static JsonObject style(JsonObject sources) {
        return new JsonObject().put("version", 8).put("sprite", "https://tiles.example.com/sprite")
                .put("glyphs", "https://fonts.example.com/{fontstack}/{range}.pbf").put("sources", sources)
                .put("layers", new JsonArray().add(new JsonObject().put("id", "roads").put("type", "line")
                        .put("source", "osm").put("source-layer", "transportation")));
    }

    @Test
    void aConfiguredStyleIsServedFromThisServer() throws Exception {
        JsonObject sources = new JsonObject()
                .put("osm", new JsonObject().put("type", "vector").put("url", "mbtiles://city"))
                .put("city", new JsonObject().put("type", "vector"))
                .put("marks", new JsonObject().put("type", "geojson").put("data", new JsonObject().put("type", "FeatureCollection")
                        .put("features", new JsonArray())));
        Path file = Files.writeString(dir.resolve("style.json"), style(sources).encode());
        try (Basemaps b = Basemaps.open(List.of(new Basemaps.SourceFile("city", mbtiles("city.mbtiles"))), file)) {
            JsonObject served = b.style(ORIGIN);
            assertThat(served.getJsonObject("sources").getJsonObject("osm").getString("url")).isEqualTo(ORIGIN + "/basemap/city.json");
            assertThat(served.getJsonObject("sources").getJsonObject("city").getString("url")).isEqualTo(ORIGIN + "/basemap/city.json");
            assertThat(served.getString("glyphs")).isEqualTo(ORIGIN + "/glyphs/{fontstack}/{range}.pbf");
            assertThat(served.containsKey("sprite")).isFalse();
            assertThat(served.encode()).doesNotContain("example.com");
            assertThat(b.describe()).contains("configured style");
        }
    }

    @Test
    void aStyleReadingFromElsewhereIsRefused() throws Exception {
        Path city = mbtiles("city.mbtiles");
        for (JsonObject source : List.of(new JsonObject().put("type", "vector").put("url", "https://tiles.example.com/v3.json"),
                new JsonObject().put("type", "raster").put("tiles", new JsonArray().add("https://tiles.example.com/{z}/{x}/{y}.png")),
                new JsonObject().put("type", "vector").put("url", "mbtiles://another"),
                new JsonObject().put("type", "geojson").put("data", "https://data.example.com/roads.geojson"))) {
            Path file = Files.writeString(dir.resolve("foreign.json"), style(new JsonObject().put("osm", source)).encode());
            assertThatThrownBy(() -> Basemaps.open(List.of(new Basemaps.SourceFile("city", city)), file))
                    .as(source.encode()).isInstanceOf(IOException.class).hasMessageStartingWith("basemap.style: ")
                    .hasMessageContaining("source 'osm' must name one of basemap.sources [city]");
        }
        Path v7 = Files.writeString(dir.resolve("v7.json"), "{\"version\":7,\"sources\":{},\"layers\":[]}");
        assertThatThrownBy(() -> Basemaps.open(List.of(new Basemaps.SourceFile("city", city)), v7))
                .isInstanceOf(IOException.class).hasMessageContaining("version 8");
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"version\":8,");
        assertThatThrownBy(() -> Basemaps.open(List.of(new Basemaps.SourceFile("city", city)), broken))
                .isInstanceOf(IOException.class).hasMessageStartingWith("basemap.style: " + broken);
    }

    @Test
    void generatedLayersFollowWhatEachLayerHolds() {
        assertThat(BasemapStyle.Kind.of("water")).isEqualTo(BasemapStyle.Kind.WATER);
        assertThat(BasemapStyle.Kind.of("waterway")).isEqualTo(BasemapStyle.Kind.WATER);
        assertThat(BasemapStyle.Kind.of("transportation")).isEqualTo(BasemapStyle.Kind.ROAD);
        assertThat(BasemapStyle.Kind.of("boundaries")).isEqualTo(BasemapStyle.Kind.BOUNDARY);
        assertThat(BasemapStyle.Kind.of("place_label")).isEqualTo(BasemapStyle.Kind.PLACE);
        assertThat(BasemapStyle.Kind.of("building")).isEqualTo(BasemapStyle.Kind.BUILDING);
        assertThat(BasemapStyle.Kind.of("landcover")).isEqualTo(BasemapStyle.Kind.LAND);
        assertThat(BasemapStyle.Kind.of("pois2")).isEqualTo(BasemapStyle.Kind.PLACE);
        assertThat(BasemapStyle.Kind.of("mystery")).isEqualTo(BasemapStyle.Kind.OTHER);
        for (BasemapStyle.Kind k : BasemapStyle.Kind.values()) {
            for (JsonObject l : BasemapStyle.layers(k, "city", "x")) {
                assertThat(l.getString("source")).isEqualTo("city");
                assertThat(l.getString("source-layer")).isEqualTo("x");
                if (l.getString("type").equals("symbol")) {
                    assertThat(l.getJsonObject("layout").getJsonArray("text-font")).containsExactly(BasemapStyle.FONT);
                }
            }
        }
        assertThat(Set.copyOf(BasemapStyle.layers(BasemapStyle.Kind.ROAD, "c", "roads").stream().map(l -> l.getString("type"))
                .toList())).containsExactlyInAnyOrder("line", "symbol");
    }
}
