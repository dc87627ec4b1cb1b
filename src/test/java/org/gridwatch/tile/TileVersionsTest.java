package org.gridwatch.tile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

class TileVersionsTest {
    /** A point at tile units (px, py) of tile t. */
    private static Envelope at(TileId t, double px, double py) {
        double lon = WebMercator.lon(t.x() + px / 4096, t.z());
        double lat = WebMercator.lat(t.y() + py / 4096, t.z());
        return new Envelope(lon, lon, lat, lat);
    }

    private static final TileId CELL = new TileId(14, 13562, 6301);

    @Test
    void aChangeStampsItsTileAtEveryZoomAndNothingElse() {
        TileVersions v = new TileVersions(1000);
        List<TileVersions.Stamp> stamps = v.record("units", at(CELL, 2048, 2048));
        assertThat(stamps).containsExactly(new TileVersions.Stamp(CELL, 1));
        for (int z = 0; z <= 14; z++) {
            assertThat(v.version("units", CELL.ancestor(z))).as("z" + z).isEqualTo(1);
        }
        assertThat(v.version("units", new TileId(14, 13563, 6301))).isZero();
        assertThat(v.version("grids", CELL)).as("another layer").isZero();
        // Deeper than the log: the ancestor's version.
        assertThat(v.version("units", new TileId(16, 13562 * 4 + 3, 6301 * 4 + 1))).isEqualTo(1);
        assertThat(v.version("units", new TileId(16, 13563 * 4, 6301 * 4))).isZero();
        v.record("units", at(CELL, 100, 100));
        assertThat(v.version("units", CELL)).isEqualTo(2);
        assertThat(v.head("units")).isEqualTo(2);
    }

    @Test
    void aChangeInTheBufferOfANeighbourStampsTheNeighbourToo() {
        TileVersions v = new TileVersions(1000);
        // 30 units east of the cell's east edge: inside the east neighbour, within the cell's 64-unit buffer.
        List<TileVersions.Stamp> stamps = v.record("units", at(CELL, 4096 + 30, 2048));
        assertThat(stamps).extracting(TileVersions.Stamp::tile)
                .containsExactlyInAnyOrder(CELL, new TileId(14, 13563, 6301));
        // 100 units east: beyond the buffer.
        TileVersions w = new TileVersions(1000);
        assertThat(w.record("units", at(CELL, 4096 + 100, 2048))).extracting(TileVersions.Stamp::tile)
                .containsExactly(new TileId(14, 13563, 6301));
        assertThat(w.version("units", CELL)).isZero();
    }

    @Test
    void overTheBoundAZoomForgetsItsStampsAndRaisesItsFloor() {
        TileVersions v = new TileVersions(3);
        v.record("units", at(CELL, 2048, 2048));
        v.record("units", at(new TileId(14, 13570, 6301), 2048, 2048));
        v.record("units", at(new TileId(14, 13580, 6301), 2048, 2048));
        assertThat(v.version("units", new TileId(14, 13000, 6000))).as("untouched, still within bound").isZero();
        List<TileVersions.Stamp> fourth = v.record("units", at(new TileId(14, 13590, 6301), 2048, 2048));
        assertThat(fourth).as("too many to name").isEmpty();
        assertThat(v.version("units", new TileId(14, 13000, 6000))).as("every tile of z14 looks changed").isEqualTo(4);
        assertThat(v.version("units", CELL)).isEqualTo(4);
        // Low zooms hold few tiles: still exact.
        assertThat(v.version("units", new TileId(0, 0, 0))).isEqualTo(4);
        assertThat(v.version("units", new TileId(10, 100, 100))).isZero();
    }
}
