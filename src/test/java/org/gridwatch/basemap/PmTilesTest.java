package org.gridwatch.basemap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import org.gridwatch.testsupport.TileArchives;
import org.junit.jupiter.api.Test;

/** The PMTiles v3 encoding against the examples of the specification and its reference implementation. */
class PmTilesTest {
    @Test
    void tileIdsOfTheSpecification() {
        // spec/converter/tile_id_test.go and the Rust and Dart implementations' tests
        assertThat(PmTiles.tileId(0, 0, 0)).isZero();
        assertThat(PmTiles.tileId(1, 0, 0)).isEqualTo(1);
        assertThat(PmTiles.tileId(1, 0, 1)).isEqualTo(2);
        assertThat(PmTiles.tileId(1, 1, 1)).isEqualTo(3);
        assertThat(PmTiles.tileId(1, 1, 0)).isEqualTo(4);
        assertThat(PmTiles.tileId(2, 0, 0)).isEqualTo(5);
        assertThat(PmTiles.tileId(2, 1, 3)).isEqualTo(11);
        assertThat(PmTiles.tileId(3, 3, 0)).isEqualTo(26);
        assertThat(PmTiles.tileId(12, 3423, 1763)).isEqualTo(19_078_479);
        assertThat(PmTiles.zxy(19_078_479)).containsExactly(12, 3423, 1763);
    }

    @Test
    void tileIdsAreABijectionPerZoom() {
        for (int z = 0; z < 9; z++) {
            long base = ((1L << (2 * z)) - 1) / 3;
            Set<Long> seen = new HashSet<>();
            for (int x = 0; x < (1 << z); x++) {
                for (int y = 0; y < (1 << z); y++) {
                    long id = PmTiles.tileId(z, x, y);
                    assertThat(id).isBetween(base, base + (1L << (2 * z)) - 1);
                    assertThat(seen.add(id)).isTrue();
                    assertThat(PmTiles.zxy(id)).containsExactly(z, x, y);
                }
            }
        }
        // Hilbert: consecutive ids are neighbouring tiles
        long[] a = PmTiles.zxy(PmTiles.tileId(14, 13563, 6265));
        long[] b = PmTiles.zxy(PmTiles.tileId(14, 13563, 6265) + 1);
        assertThat(Math.abs(a[1] - b[1]) + Math.abs(a[2] - b[2])).isEqualTo(1);
        assertThatThrownBy(() -> PmTiles.tileId(27, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodesAHandBuiltDirectory() throws IOException {
        // Three entries: ids 5, 6 (run of 2 from id 6: 6, 7) and 20 (a leaf); offsets 0, 10 (contiguous) and 500.
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        TileArchives.varint(b, 3);
        TileArchives.varint(b, 5);
        TileArchives.varint(b, 1);
        TileArchives.varint(b, 14);
        TileArchives.varint(b, 1);
        TileArchives.varint(b, 2);
        TileArchives.varint(b, 0);
        TileArchives.varint(b, 10);
        TileArchives.varint(b, 7);
        TileArchives.varint(b, 300);
        TileArchives.varint(b, 1);   // offset 0
        TileArchives.varint(b, 0);   // contiguous: 0 + 10
        TileArchives.varint(b, 501); // 500
        PmTiles.Entry[] d = PmTiles.directory(b.toByteArray());
        assertThat(d).containsExactly(new PmTiles.Entry(5, 0, 10, 1), new PmTiles.Entry(6, 10, 7, 2),
                new PmTiles.Entry(20, 500, 300, 0));
        assertThat(PmTiles.find(d, 5)).isEqualTo(d[0]);
        assertThat(PmTiles.find(d, 7)).isEqualTo(d[1]);   // inside the run
        assertThat(PmTiles.find(d, 8)).isNull();          // past it
        assertThat(PmTiles.find(d, 4)).isNull();          // before the first
        assertThat(PmTiles.find(d, 99)).isEqualTo(d[2]);  // the leaf covers what follows it
    }

    @Test
    void varintsOfSeveralBytes() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        TileArchives.varint(b, 300);
        TileArchives.varint(b, 1L << 40);
        assertThat(b.toByteArray()[0] & 0xff).isEqualTo(0xac); // 300 = 0xac 0x02 (the protobuf example)
        ByteBuffer in = ByteBuffer.wrap(b.toByteArray());
        assertThat(PmTiles.varint(in)).isEqualTo(300);
        assertThat(PmTiles.varint(in)).isEqualTo(1L << 40);
        assertThatThrownBy(() -> PmTiles.varint(ByteBuffer.wrap(new byte[] {(byte) 0x80}))).isInstanceOf(IOException.class);
    }

    @Test
    void refusesBrokenDirectories() {
        assertThatThrownBy(() -> PmTiles.directory(new byte[] {0})).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> PmTiles.directory(new byte[] {2, 1})).isInstanceOf(IOException.class);
        // one entry of length 0
        assertThatThrownBy(() -> PmTiles.directory(new byte[] {1, 1, 1, 0, 1})).isInstanceOf(IOException.class)
                .hasMessageContaining("length 0");
    }
}
