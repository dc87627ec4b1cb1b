package org.gridwatch.tile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.WKTReader;

/** Ring area, simplicity and clipping in whole tile units, against JTS as the oracle. */
class RingsTest {
    private static final GeometryFactory GF = new GeometryFactory();

    /** A WKT polygon's exterior ring as x, y pairs without the closing point. */
    private static int[] ring(String wkt) throws Exception {
        Coordinate[] c = ((Polygon) new WKTReader(GF).read(wkt)).getExteriorRing().getCoordinates();
        int[] out = new int[2 * (c.length - 1)];
        for (int i = 0; i + 1 < c.length; i++) {
            out[2 * i] = (int) c[i].x;
            out[2 * i + 1] = (int) c[i].y;
        }
        return out;
    }

    /** JTS's view: is the ring a valid polygon shell? */
    private static boolean jtsSimple(int[] r) {
        Coordinate[] c = new Coordinate[r.length / 2 + 1];
        for (int i = 0; i < r.length; i += 2) {
            c[i / 2] = new Coordinate(r[i], r[i + 1]);
        }
        c[c.length - 1] = c[0];
        LinearRing lr = GF.createLinearRing(c);
        return GF.createPolygon(lr).isValid();
    }

    @Test
    void areaIsPositiveForAClockwiseRingWithYDown() throws Exception {
        // (0 0) → (10 0) → (10 10) → (0 10): east then south, clockwise on screen.
        assertThat(Rings.area2(ring("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))"))).isEqualTo(200);
        assertThat(Rings.area2(ring("POLYGON ((0 0, 0 10, 10 10, 10 0, 0 0))"))).isEqualTo(-200);
        assertThat(Rings.area2(Rings.reversed(ring("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))")))).isEqualTo(-200);
        assertThat(Rings.area2(ring("POLYGON ((0 0, 5 0, 10 0, 0 0))"))).isZero();
    }

    @Test
    void simpleRingsAndTheWaysOneIsNot() throws Exception {
        String[] cases = {
            "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))",
            "POLYGON ((0 0, 5 0, 10 0, 10 10, 0 10, 0 0))", // a redundant collinear point: still simple
            "POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))", // a bow tie
            "POLYGON ((0 0, 10 0, 10 10, 5 0, 0 10, 0 0))", // touches itself at (5 0)
            "POLYGON ((0 0, 10 0, 15 0, 10 0, 10 10, 0 10, 0 0))", // a spike out and back
            "POLYGON ((0 0, 20 0, 20 20, 10 20, 10 5, 10 20, 0 20, 0 0))", // a spike inward
            "POLYGON ((0 0, 20 0, 20 10, 10 10, 10 0, 5 10, 0 10, 0 0))", // a vertex on another segment
            "POLYGON ((0 0, 3 0, 0 3, 0 0))",
        };
        for (String c : cases) {
            int[] r = ring(c);
            assertThat(Rings.simple(r)).as(c).isEqualTo(jtsSimple(r));
        }
        assertThat(Rings.simple(ring(cases[0]))).isTrue();
        assertThat(Rings.simple(ring(cases[2]))).isFalse();
    }

    @Test
    void longRingsTakeTheSweepAndAgreeWithJts() {
        java.util.Random random = new java.util.Random(15);
        int disagreements = 0;
        int invalid = 0;
        for (int trial = 0; trial < 400; trial++) {
            // A star-shaped ring around (500 500) with jittered radii: sometimes crossing itself after rounding spikes.
            int n = 30 + random.nextInt(60);
            int[] r = new int[2 * n];
            for (int i = 0; i < n; i++) {
                double a = 2 * Math.PI * i / n + (trial % 3 == 0 ? random.nextDouble() * 0.5 : 0);
                double radius = 50 + random.nextInt(400);
                r[2 * i] = (int) Math.round(500 + radius * Math.cos(a));
                r[2 * i + 1] = (int) Math.round(500 + radius * Math.sin(a));
            }
            int[] ring = dedupe(r);
            if (ring.length < 6) {
                continue;
            }
            boolean jts = jtsSimple(ring);
            invalid += jts ? 0 : 1;
            disagreements += Rings.simple(ring) == jts ? 0 : 1;
        }
        assertThat(disagreements).isZero();
        assertThat(invalid).as("the fixtures include self-crossing rings").isPositive().isLessThan(400);
    }

    private static int[] dedupe(int[] r) {
        int[] out = new int[r.length];
        int k = 0;
        for (int i = 0; i < r.length; i += 2) {
            if (k > 0 && out[k - 2] == r[i] && out[k - 1] == r[i + 1]) {
                continue;
            }
            out[k++] = r[i];
            out[k++] = r[i + 1];
        }
        while (k >= 4 && out[0] == out[k - 2] && out[1] == out[k - 1]) {
            k -= 2;
        }
        return java.util.Arrays.copyOf(out, k);
    }

    @Test
    void clippingKeepsThePartInsideTheBox() throws Exception {
        int[] inside = ring("POLYGON ((10 10, 50 10, 50 50, 10 50, 10 10))");
        assertThat(Rings.clip(inside, 0, 100)).containsExactly(inside);
        int[] across = Rings.clip(ring("POLYGON ((-50 10, 50 10, 50 50, -50 50, -50 10))"), 0, 100);
        assertThat(Rings.area2(across)).isEqualTo(2 * 50 * 40);
        assertThat(Rings.simple(across)).isTrue();
        int[] covering = Rings.clip(ring("POLYGON ((-500 -500, 500 -500, 500 500, -500 500, -500 -500))"), -64, 4160);
        assertThat(Rings.area2(covering)).isEqualTo(2L * 564 * 564);
        int[] big = Rings.clip(ring("POLYGON ((-5000 -5000, 9000 -5000, 9000 9000, -5000 9000, -5000 -5000))"), -64, 4160);
        assertThat(Rings.area2(big)).isEqualTo(2L * 4224 * 4224);
        assertThat(Rings.clip(ring("POLYGON ((200 10, 300 10, 300 50, 200 50, 200 10))"), 0, 100)).isNull();
        // A triangle with its apex cut off: the cut is rounded to whole units.
        int[] cut = Rings.clip(ring("POLYGON ((0 0, 200 0, 100 150, 0 0))"), 0, 100);
        assertThat(cut).containsExactly(0, 0, 100, 0, 100, 100, 67, 100);
    }

    @Test
    void aRingThatLeavesAndReentersThroughOneSideIsNotSimpleOnceClipped() throws Exception {
        // A C open to the east whose back lies beyond x = 0: clipped, its two arms are joined along x = 0.
        int[] u = ring("POLYGON ((-20 0, 40 0, 40 10, -10 10, -10 30, 40 30, 40 40, -20 40, -20 0))");
        int[] clipped = Rings.clip(u, 0, 100);
        assertThat(Rings.simple(clipped)).isFalse();
        assertThat(jtsSimple(clipped)).isFalse();
    }
}
