package org.gridwatch.basemap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.gridwatch.testsupport.TileArchives;
import org.gridwatch.testsupport.TileArchives.PmSettings;
import org.gridwatch.testsupport.TileArchives.Zxy;
import org.junit.jupiter.api.Test;

/**
 * {@link PmTilesSource}: the shared contract on a file with a root directory only, again with leaf
 * directories; uncompressed directories and tiles; refused compressions and files.
 */
class PmTilesSourceTest extends TileSourceContract {
    static JsonObject metadata() {
        return new JsonObject().put("name", "测试底图").put("vector_layers", fixtureLayers());
    }

    static SortedMap<Long, byte[]> byId(Map<Zxy, byte[]> tiles) {
        SortedMap<Long, byte[]> m = new TreeMap<>();
        tiles.forEach((a, b) -> m.put(PmTiles.tileId(a.z(), a.x(), a.y()), b));
        return m;
    }

    @Override
    TileSource open(Path dir, Map<Zxy, byte[]> tiles) throws Exception {
        return PmTilesSource.open(TileArchives.pmtiles(dir.resolve("fixture.pmtiles"), PmSettings.vector(6, 14, metadata()),
                byId(tiles)));
    }

    @Test
    void leafDirectoriesAreFollowed() throws Exception {
        Map<Zxy, byte[]> tiles = fixtureTiles();
        for (int leaf : new int[] {1, 2, 3}) {
            Path f = TileArchives.pmtiles(dir.resolve("leaves-" + leaf + ".pmtiles"),
                    PmSettings.vector(6, 14, metadata()).withLeaves(leaf), byId(tiles));
            try (TileSource s = PmTilesSource.open(f)) {
                for (Map.Entry<Zxy, byte[]> e : tiles.entrySet()) {
                    assertThat(s.tile(e.getKey().z(), e.getKey().x(), e.getKey().y()).orElseThrow().data())
                            .as("leaves of %d: %s", leaf, e.getKey()).isEqualTo(e.getValue());
                }
                assertThat(s.tile(10, 849, 391)).isEmpty();
                assertThat(s.tile(14, 13564, 6265)).isEmpty();
            }
        }
    }

    @Test
    void runLengthsCoverRepeatedTiles() throws Exception {
        long base = PmTiles.tileId(12, 3390, 1566);
        byte[] same = tileBytes("one blob for three tiles");
        SortedMap<Long, byte[]> tiles = new TreeMap<>();
        for (long k = 0; k < 3; k++) {
            tiles.put(base + k, same);
        }
        tiles.put(base + 5, tileBytes("another"));
        Path f = TileArchives.pmtiles(dir.resolve("runs.pmtiles"), PmSettings.vector(6, 14, metadata()), tiles);
        PmTiles.Header h = PmTiles.header(java.nio.ByteBuffer.wrap(Files.readAllBytes(f)));
        assertThat(h.tileEntries()).isEqualTo(2);
        assertThat(h.addressedTiles()).isEqualTo(4);
        try (TileSource s = PmTilesSource.open(f)) {
            for (long k = 0; k < 6; k++) {
                long[] a = PmTiles.zxy(base + k);
                java.util.Optional<Tile> t = s.tile((int) a[0], (int) a[1], (int) a[2]);
                if (k < 3) {
                    assertThat(t.orElseThrow().data()).isEqualTo(same);
                } else if (k == 5) {
                    assertThat(t.orElseThrow().data()).isEqualTo(tileBytes("another"));
                } else {
                    assertThat(t).as("id %d", base + k).isEmpty();
                }
            }
        }
    }

    @Test
    void uncompressedDirectoriesAndTiles() throws Exception {
        SortedMap<Long, byte[]> tiles = new TreeMap<>();
        byte[] raw = {0x1a, 0x02, 0x78, 0x01};
        tiles.put(PmTiles.tileId(9, 421, 193), raw);
        Path f = TileArchives.pmtiles(dir.resolve("raw.pmtiles"), PmSettings.vector(6, 14, metadata()).withCompression(1, 1), tiles);
        try (TileSource s = PmTilesSource.open(f)) {
            Tile t = s.tile(9, 421, 193).orElseThrow();
            assertThat(t.data()).isEqualTo(raw);
            assertThat(t.gzip()).isFalse();
            assertThat(s.info().name()).isEqualTo("测试底图");
        }
    }

    @Test
    void refusesCompressionsItCannotServe() throws Exception {
        Path brotli = TileArchives.pmtiles(dir.resolve("br.pmtiles"), PmSettings.vector(6, 14, metadata()).withCompression(3, 2),
                byId(fixtureTiles()));
        assertThatThrownBy(() -> PmTilesSource.open(brotli)).isInstanceOf(IOException.class)
                .hasMessageContaining("tile compression brotli");
        Path zstd = TileArchives.pmtiles(dir.resolve("zstd.pmtiles"), PmSettings.vector(6, 14, metadata()).withCompression(2, 4),
                byId(fixtureTiles()));
        assertThatThrownBy(() -> PmTilesSource.open(zstd)).isInstanceOf(IOException.class)
                .hasMessageContaining("compression zstd");
    }

    @Test
    void refusesWhatIsNoPmTilesV3() throws Exception {
        Path f = TileArchives.pmtiles(dir.resolve("v.pmtiles"), PmSettings.vector(6, 14, metadata()), byId(fixtureTiles()));
        byte[] bytes = Files.readAllBytes(f);
        bytes[7] = 2;
        Path v2 = Files.write(dir.resolve("v2.pmtiles"), bytes);
        assertThatThrownBy(() -> PmTilesSource.open(v2)).isInstanceOf(IOException.class).hasMessageContaining("version 2");
        Path shortFile = Files.write(dir.resolve("short.pmtiles"), java.util.Arrays.copyOf(Files.readAllBytes(f), 60));
        assertThatThrownBy(() -> PmTilesSource.open(shortFile)).isInstanceOf(IOException.class)
                .hasMessageContaining(shortFile.toString());
        byte[] cut = java.util.Arrays.copyOf(Files.readAllBytes(f), 140); // the root directory is cut off
        Path truncated = Files.write(dir.resolve("truncated.pmtiles"), cut);
        assertThatThrownBy(() -> PmTilesSource.open(truncated)).isInstanceOf(IOException.class)
                .hasMessageContaining("beyond the end of the file");
    }
}
