package org.gridwatch.basemap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gridwatch.testsupport.TileArchives;
import org.gridwatch.testsupport.TileArchives.Zxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of {@link TileSource}, run against each implementation: a fixture archive of a few
 * vector tiles at zooms 6–14 over Binzhou (gzip-compressed, with one tile repeated at several
 * addresses) is read back exactly, addresses not held are empty, addresses outside the zoom's
 * range are refused, the description is the archive's.
 */
abstract class TileSourceContract {
    @TempDir
    Path dir;

    /** Tiles of the fixture: distinct bytes per address, except three that share the same bytes. */
    static Map<Zxy, byte[]> fixtureTiles() {
        Map<Zxy, byte[]> tiles = new LinkedHashMap<>();
        tiles.put(new Zxy(6, 52, 24), tileBytes("z6 52 24"));
        tiles.put(new Zxy(10, 847, 391), tileBytes("z10 847 391"));
        tiles.put(new Zxy(10, 848, 391), tileBytes("z10 848 391"));
        byte[] same = tileBytes("the same tile");
        tiles.put(new Zxy(12, 3390, 1566), same);
        tiles.put(new Zxy(12, 3391, 1566), same);
        tiles.put(new Zxy(12, 3390, 1567), same);
        tiles.put(new Zxy(14, 13563, 6265), tileBytes("z14 13563 6265"));
        return tiles;
    }

    static byte[] tileBytes(String text) {
        return TileArchives.gzip(text.getBytes(StandardCharsets.UTF_8));
    }

    static JsonArray fixtureLayers() {
        return new JsonArray().add(new JsonObject().put("id", "roads").put("fields", new JsonObject().put("name", "String")))
                .add(new JsonObject().put("id", "water").put("fields", new JsonObject()));
    }

    /** Writes the fixture (vector, gzip tiles, zooms 6–14, name 测试底图, the layers above) in this implementation's format. */
    abstract TileSource open(Path dir, Map<Zxy, byte[]> tiles) throws Exception;

    @Test
    void readsBackEveryTileExactly() throws Exception {
        Map<Zxy, byte[]> tiles = fixtureTiles();
        try (TileSource s = open(dir, tiles)) {
            for (Map.Entry<Zxy, byte[]> e : tiles.entrySet()) {
                Zxy a = e.getKey();
                Tile t = s.tile(a.z(), a.x(), a.y()).orElseThrow(() -> new AssertionError("no tile at " + a));
                assertThat(t.data()).as("tile %s", a).isEqualTo(e.getValue());
                assertThat(t.gzip()).isTrue();
            }
        }
    }

    @Test
    void addressesNotHeldAreEmpty() throws Exception {
        try (TileSource s = open(dir, fixtureTiles())) {
            assertThat(s.tile(10, 849, 391)).isEmpty();      // a neighbour
            assertThat(s.tile(10, 847, 1024 - 1 - 391)).isEmpty(); // the TMS row of a held tile is not it
            assertThat(s.tile(12, 3391, 1567)).isEmpty();    // beside the repeated run
            assertThat(s.tile(0, 0, 0)).isEmpty();           // below the archive's zooms
            assertThat(s.tile(15, 27126, 12530)).isEmpty();  // above them
        }
    }

    @Test
    void addressesOutsideTheZoomAreRefused() throws Exception {
        try (TileSource s = open(dir, fixtureTiles())) {
            assertThatThrownBy(() -> s.tile(10, 1024, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("x:");
            assertThatThrownBy(() -> s.tile(10, 0, -1)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("y:");
            assertThatThrownBy(() -> s.tile(31, 0, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("z:");
        }
    }

    @Test
    void describesItself() throws Exception {
        try (TileSource s = open(dir, fixtureTiles())) {
            TileSetInfo i = s.info();
            assertThat(i.name()).isEqualTo("测试底图");
            assertThat(i.format()).isEqualTo(TileFormat.MVT);
            assertThat(i.minZoom()).isEqualTo(6);
            assertThat(i.maxZoom()).isEqualTo(14);
            assertThat(i.bounds()).containsExactly(117.3, 36.7, 118.4, 38.3);
            assertThat(i.center()).containsExactly(117.9, 37.4, 9.0);
            assertThat(i.layerIds()).containsExactly("roads", "water");
        }
    }

    @Test
    void concurrentReadersGetTheirOwnTiles() throws Exception {
        Map<Zxy, byte[]> tiles = fixtureTiles();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (TileSource s = open(dir, tiles)) {
            List<Callable<Boolean>> reads = new ArrayList<>();
            for (int round = 0; round < 50; round++) {
                for (Map.Entry<Zxy, byte[]> e : tiles.entrySet()) {
                    reads.add(() -> java.util.Arrays.equals(s.tile(e.getKey().z(), e.getKey().x(), e.getKey().y())
                            .orElseThrow().data(), e.getValue()));
                }
            }
            for (Future<Boolean> f : pool.invokeAll(reads)) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void readsFailOnceClosed() throws Exception {
        TileSource s = open(dir, fixtureTiles());
        s.close();
        assertThatThrownBy(() -> s.tile(6, 52, 24)).isInstanceOf(java.io.IOException.class);
    }
}
