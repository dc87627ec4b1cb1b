package org.gridwatch.tile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

class TileIdTest {
    @Test
    void theWorldTileSpansTheWebMercatorSquare() {
        Envelope e = new TileId(0, 0, 0).envelope();
        assertThat(e.getMinX()).isEqualTo(-180.0);
        assertThat(e.getMaxX()).isEqualTo(180.0);
        assertThat(e.getMaxY()).isCloseTo(85.0511287798, within(1e-9));
        assertThat(e.getMinY()).isCloseTo(-85.0511287798, within(1e-9));
    }

    @Test
    void aTileOfBinzhouContainsTheCityCentre() {
        // 滨州 (Binzhou) city centre, 117.97 E 37.38 N: at z10 column floor((117.97+180)/360*1024).
        double lon = 117.97;
        double lat = 37.38;
        int x = (int) Math.floor(WebMercator.x(lon, 10));
        int y = (int) Math.floor(WebMercator.y(lat, 10));
        assertThat(x).isEqualTo(847);
        assertThat(new TileId(10, x, y).envelope().covers(lon, lat)).isTrue();
        assertThat(WebMercator.lat(WebMercator.y(lat, 10), 10)).isCloseTo(lat, within(1e-9));
        assertThat(WebMercator.lon(WebMercator.x(lon, 10), 10)).isCloseTo(lon, within(1e-9));
    }

    @Test
    void aBufferGrowsTheEnvelopeAndStopsAtTheSquare() {
        TileId t = new TileId(2, 0, 1);
        Envelope plain = t.envelope();
        Envelope grown = t.buffered(64.0 / 4096);
        assertThat(grown.contains(plain)).isTrue();
        assertThat(grown.getMinX()).isEqualTo(-180.0); // column 0: nothing west of the antimeridian
        assertThat(grown.getMaxX()).isGreaterThan(plain.getMaxX());
        assertThat(grown.getMaxY()).isGreaterThan(plain.getMaxY());
    }

    @Test
    void ancestorsShiftTheAddress() {
        assertThat(new TileId(14, 13562, 6301).ancestor(10)).isEqualTo(new TileId(10, 847, 393));
        assertThat(new TileId(14, 13562, 6301).ancestor(14)).isEqualTo(new TileId(14, 13562, 6301));
        assertThatThrownBy(() -> new TileId(3, 1, 1).ancestor(4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addressesOutsideTheMatrixNameTheField() {
        assertThatThrownBy(() -> new TileId(23, 0, 0)).isInstanceOfSatisfying(InvalidTileException.class,
                e -> assertThat(e.field()).isEqualTo("z")).hasMessageContaining("0..22");
        assertThatThrownBy(() -> new TileId(3, 8, 0)).isInstanceOfSatisfying(InvalidTileException.class,
                e -> assertThat(e.field()).isEqualTo("x")).hasMessageContaining("0..7");
        assertThatThrownBy(() -> new TileId(3, 0, -1)).isInstanceOfSatisfying(InvalidTileException.class,
                e -> assertThat(e.field()).isEqualTo("y"));
        assertThatThrownBy(() -> TileId.parse("10", "8a", "1")).isInstanceOfSatisfying(InvalidTileException.class,
                e -> assertThat(e.field()).isEqualTo("x")).hasMessageContaining("'8a'");
        assertThatThrownBy(() -> TileId.parse("99999999999", "0", "0")).isInstanceOfSatisfying(InvalidTileException.class,
                e -> assertThat(e.field()).isEqualTo("z"));
        assertThat(TileId.parse("10", "847", "393")).isEqualTo(new TileId(10, 847, 393));
        assertThat(new TileId(10, 847, 393)).hasToString("10/847/393");
    }
}
