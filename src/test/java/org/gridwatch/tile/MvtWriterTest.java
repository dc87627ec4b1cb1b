package org.gridwatch.tile;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sebasbaumh.mapbox.vectortile.VectorTile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hand-written MVT protobuf, read back by the protobuf classes of mapbox-vector-tile-java:
 * geometry commands against the examples of the MVT 2.1 specification (section 4.3.5), and the
 * layer's keys, values, tags and ids.
 */
class MvtWriterTest {
    private static VectorTile.Tile.Feature only(MvtWriter w, String layer) throws Exception {
        VectorTile.Tile t = VectorTile.Tile.parseFrom(w.toByteArray());
        VectorTile.Tile.Layer l = t.getLayersList().stream().filter(x -> x.getName().equals(layer)).findFirst().orElseThrow();
        assertThat(l.getFeaturesCount()).isEqualTo(1);
        return l.getFeatures(0);
    }

    private static VectorTile.Tile.Feature write(TileShape s, int dx, int dy) throws Exception {
        MvtWriter w = new MvtWriter(4096);
        w.beginTags();
        w.feature("l", -1, s, dx, dy);
        return only(w, "l");
    }

    private static List<Integer> commands(VectorTile.Tile.Feature f) {
        return f.getGeometryList();
    }

    @Test
    void pointsLinesAndPolygonsAreTheSpecificationsExamples() throws Exception {
        assertThat(commands(write(new TileShape(MvtWriter.POINT, new int[][][] {{{25, 17}}}), 0, 0))).containsExactly(9, 50, 34);
        assertThat(commands(write(new TileShape(MvtWriter.POINT, new int[][][] {{{5, 7, 3, 2}}}), 0, 0)))
                .containsExactly(17, 10, 14, 3, 9);
        assertThat(commands(write(new TileShape(MvtWriter.LINESTRING, new int[][][] {{{2, 2, 2, 10, 10, 10}}}), 0, 0)))
                .containsExactly(9, 4, 4, 18, 0, 16, 16, 0);
        assertThat(commands(write(new TileShape(MvtWriter.LINESTRING, new int[][][] {{{2, 2, 2, 10, 10, 10}}, {{1, 1, 3, 5}}}), 0, 0)))
                .containsExactly(9, 4, 4, 18, 0, 16, 16, 0, 9, 17, 17, 10, 4, 8);
        VectorTile.Tile.Feature polygon = write(new TileShape(MvtWriter.POLYGON, new int[][][] {{{3, 6, 8, 12, 20, 34}}}), 0, 0);
        assertThat(commands(polygon)).containsExactly(9, 6, 12, 18, 10, 12, 24, 44, 15);
        assertThat(polygon.getType()).isEqualTo(VectorTile.Tile.GeomType.POLYGON);
        int[] hole = {13, 13, 13, 17, 17, 17, 17, 13};
        assertThat(Rings.area2(hole)).as("the example's hole is negative").isNegative();
        // The multipolygon example, written 100 units away and moved back by (dx, dy).
        int[][][] parts = {{{100, 100, 110, 100, 110, 110, 100, 110}}, {{111, 111, 120, 111, 120, 120, 111, 120}, {113, 113, 113, 117, 117, 117, 117, 113}}};
        assertThat(commands(write(new TileShape(MvtWriter.POLYGON, parts), -100, -100))).containsExactly(9, 0, 0, 26, 20, 0, 0, 20, 19,
                0, 15, 9, 22, 2, 26, 18, 0, 0, 18, 17, 0, 15, 9, 4, 13, 26, 0, 8, 8, 0, 0, 7, 15);
    }

    @Test
    void keysAndValuesAreSharedWithinALayerAndTypedAsTheLibraryTypesThem() throws Exception {
        MvtWriter w = new MvtWriter(4096);
        TileShape p = new TileShape(MvtWriter.POINT, new int[][][] {{{1, 2}}});
        w.beginTags();
        w.tag("a", "hello", "world");
        w.tag("a", "h", "world");
        w.tag("a", "count", 1.23);
        w.feature("a", 1, p, 0, 0);
        w.beginTags();
        w.tag("a", "hello", "again");
        w.tag("a", "count", 2L);
        w.tag("a", "fresh", true);
        w.tag("a", "delta", -3L);
        w.feature("a", 371602001001001L, p, 0, 0);
        w.beginTags();
        w.feature("b", -1, p, 0, 0);
        assertThat(w.features()).isEqualTo(3);
        VectorTile.Tile t = VectorTile.Tile.parseFrom(w.toByteArray());
        assertThat(t.getLayersList()).extracting(VectorTile.Tile.Layer::getName).containsExactly("a", "b");
        VectorTile.Tile.Layer a = t.getLayers(0);
        assertThat(a.getVersion()).isEqualTo(2);
        assertThat(a.getExtent()).isEqualTo(4096);
        assertThat(a.getKeysList()).containsExactly("hello", "h", "count", "fresh", "delta");
        assertThat(a.getValuesCount()).isEqualTo(6);
        assertThat(a.getValues(0).getStringValue()).isEqualTo("world");
        assertThat(a.getValues(1).getDoubleValue()).isEqualTo(1.23);
        assertThat(a.getValues(2).getStringValue()).isEqualTo("again");
        assertThat(a.getValues(3).getSintValue()).isEqualTo(2L);
        assertThat(a.getValues(4).getBoolValue()).isTrue();
        assertThat(a.getValues(5).getSintValue()).isEqualTo(-3L);
        assertThat(a.getFeatures(0).getTagsList()).containsExactly(0, 0, 1, 0, 2, 1);
        assertThat(a.getFeatures(0).getId()).isEqualTo(1L);
        assertThat(a.getFeatures(1).getTagsList()).containsExactly(0, 2, 2, 3, 3, 4, 4, 5);
        assertThat(a.getFeatures(1).getId()).isEqualTo(371602001001001L);
        assertThat(t.getLayers(1).getFeatures(0).hasId()).as("no id given, none written").isFalse();
        assertThat(t.getLayers(1).getFeatures(0).getTagsCount()).isZero();
    }

    @Test
    void aTileWithNoFeatureIsEmpty() {
        assertThat(new MvtWriter(4096).toByteArray()).isEmpty();
    }

    @Test
    void largeDeltasAndManyPointsUseLongVarints() throws Exception {
        int[] ring = new int[2 * 300];
        for (int i = 0; i < 300; i++) {
            double a = 2 * Math.PI * i / 300;
            ring[2 * i] = (int) Math.round(2048 + 2000 * Math.cos(a));
            ring[2 * i + 1] = (int) Math.round(2048 + 2000 * Math.sin(a));
        }
        List<Integer> c = commands(write(new TileShape(MvtWriter.POLYGON, new int[][][] {{ring}}), -100_000, 0));
        assertThat(c.get(0)).isEqualTo(9);
        assertThat(c.get(1)).isEqualTo(MvtWriter.zigzag(ring[0] - 100_000));
        assertThat(c.get(3)).isEqualTo(MvtWriter.command(2, 299));
        assertThat(c).hasSize(1 + 2 + 1 + 2 * 299 + 1);
        assertThat(c.get(c.size() - 1)).isEqualTo(15);
    }
}
