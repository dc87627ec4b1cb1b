package org.gridwatch.tile;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.valid.IsValidOp;

/**
 * The fast path of polygons into tiles, in two steps:
 * <ol>
 * <li>{@link #atZoom}, once per zoom (and, for geometry that never moves, kept across tiles by
 *     {@link ShapeCache}): the polygon projected to Web Mercator in whole units of that zoom's tile
 *     grid (tile x·extent + tile units), simplified (Douglas–Peucker, {@link TileGeometry#TOLERANCE}),
 *     rounded, rings oriented as MVT wants, and checked valid (rings simple by {@link Rings#simple},
 *     holes and touching parts by JTS);</li>
 * <li>{@link #place}, per tile: moved into the tile; nothing more when it lies inside the buffered
 *     tile, else each ring clipped (Sutherland–Hodgman) and checked again; a clip that leaves an
 *     invalid polygon is redone by JTS's snap-rounding overlay.</li>
 * </ol>
 * Translation by whole tiles does not change rounding or simplification, so step 1 is the same for
 * every tile of a zoom. Where the fast path cannot vouch for the result it answers
 * {@link Verdict#FALLBACK} and the caller takes {@link TileGeometry}'s general path. Stateless.
 */
final class PolygonShapes {
    /** What {@link #atZoom} answers: the polygon's shape at the zoom, or a verdict. */
    sealed interface AtZoom permits Kept, Verdict {
    }

    /** What {@link #place} answers: the shape placed in the tile, or a verdict. */
    sealed interface InTile permits Placed, Verdict {
    }

    /** The answers that are not a shape. */
    enum Verdict implements AtZoom, InTile {
        /** Nothing of the polygon is left (at this zoom, or in this tile). */
        EMPTY,
        /** The fast path cannot vouch for the result: take {@link TileGeometry}'s general path. */
        FALLBACK
    }

    /** {@link Verdict#FALLBACK}. */
    static final Verdict FALLBACK = Verdict.FALLBACK;
    /** {@link Verdict#EMPTY}. */
    static final Verdict EMPTY = Verdict.EMPTY;
    private static final GeometryFactory FACTORY = new GeometryFactory();
    private static final PrecisionModel UNITS = new PrecisionModel(1.0);

    private PolygonShapes() {
    }

    /**
     * A polygon at one zoom: {@code shape} relative to (ox, oy), whole units of the zoom's global
     * grid (tile x · extent + tile units), and its envelope relative to the same origin.
     */
    record Kept(TileShape shape, long ox, long oy, int minX, int minY, int maxX, int maxY) implements AtZoom {
    }

    /**
     * A shape placed in a tile: encode {@code shape} moved by (dx, dy).
     */
    record Placed(TileShape shape, int dx, int dy) implements InTile {
    }

    /**
     * Polygonal WGS84 geometry in Web Mercator world units (the unit square, x east, y south):
     * [polygon][ring] x, y pairs, rings closed. Null when {@code g} is not a Polygon or MultiPolygon.
     */
    static double[][][] world(Geometry g) {
        if (!(g instanceof Polygon || g instanceof MultiPolygon)) {
            return null;
        }
        double[][][] out = new double[g.getNumGeometries()][][];
        for (int p = 0; p < out.length; p++) {
            Polygon poly = (Polygon) g.getGeometryN(p);
            out[p] = new double[1 + poly.getNumInteriorRing()][];
            for (int r = 0; r < out[p].length; r++) {
                LinearRing ring = r == 0 ? poly.getExteriorRing() : poly.getInteriorRingN(r - 1);
                var seq = ring.getCoordinateSequence();
                double[] xy = new double[2 * seq.size()];
                for (int i = 0; i < seq.size(); i++) {
                    xy[2 * i] = WebMercator.x(seq.getX(i), 0);
                    xy[2 * i + 1] = WebMercator.y(seq.getY(i), 0);
                }
                out[p][r] = xy;
            }
        }
        return out;
    }

    /**
     * The polygon at zoom {@code z}: a {@link Kept}, {@link #EMPTY} or {@link #FALLBACK}.
     *
     * @param world     from {@link #world}
     * @param extent    tile units across a tile
     * @param tolerance Douglas–Peucker tolerance, tile units
     */
    static AtZoom atZoom(double[][][] world, int z, int extent, double tolerance) {
        double scale = Math.scalb((double) extent, z);
        double[] first = null;
        for (int p = 0; p < world.length && first == null; p++) {
            first = world[p][0].length >= 2 ? world[p][0] : null;
        }
        if (first == null) {
            return EMPTY;
        }
        long ox = Math.round(first[0] * scale);
        long oy = Math.round(first[1] * scale);
        List<int[][]> polys = new ArrayList<>(world.length);
        for (double[][] poly : world) {
            List<int[]> rings = new ArrayList<>(poly.length);
            for (int r = 0; r < poly.length; r++) {
                int[] ring = simplified(poly[r], scale, tolerance, ox, oy);
                if (ring == FAR) {
                    return FALLBACK;
                }
                if (ring == null) {
                    if (r == 0) {
                        break;
                    }
                    continue;
                }
                long a = Rings.area2(ring);
                if (a == 0) {
                    if (r == 0) {
                        break;
                    }
                    continue;
                }
                if ((a > 0) != (r == 0)) {
                    ring = Rings.reversed(ring);
                }
                if (!Rings.simple(ring)) {
                    return FALLBACK;
                }
                rings.add(ring);
            }
            if (!rings.isEmpty()) {
                polys.add(rings.toArray(int[][]::new));
            }
        }
        if (polys.isEmpty()) {
            return EMPTY;
        }
        int[][][] parts = polys.toArray(int[][][]::new);
        if (!checked(parts)) {
            return FALLBACK;
        }
        int[] env = envelope(parts);
        return new Kept(new TileShape(MvtWriter.POLYGON, parts), ox, oy, env[0], env[1], env[2], env[3]);
    }

    /** Marks a ring that left the range of exact arithmetic. */
    private static final int[] FAR = new int[0];

    /**
     * A closed world ring scaled, simplified, rounded, relative to (ox, oy), without repeated or
     * closing points; null when fewer than three points are left, {@link #FAR} when out of range.
     */
    private static int[] simplified(double[] w, double scale, double tolerance, long ox, long oy) {
        int m = w.length / 2;
        if (m < 4) {
            return null;
        }
        double[] p = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            p[i] = w[i] * scale;
        }
        boolean[] keep = new boolean[m];
        keep[0] = true;
        keep[m - 1] = true;
        int[] stack = new int[2 * m + 2];
        int top = 0;
        stack[top++] = 0;
        stack[top++] = m - 1;
        double tol2 = tolerance * tolerance;
        while (top > 0) {
            int b = stack[--top];
            int a = stack[--top];
            if (b - a < 2) {
                continue;
            }
            int far = -1;
            double max = tol2;
            for (int i = a + 1; i < b; i++) {
                double d = distance2(p, i, a, b);
                if (d > max) {
                    max = d;
                    far = i;
                }
            }
            if (far >= 0) {
                keep[far] = true;
                stack[top++] = a;
                stack[top++] = far;
                stack[top++] = far;
                stack[top++] = b;
            }
        }
        int[] out = new int[2 * m];
        int k = 0;
        for (int i = 0; i < m; i++) {
            if (!keep[i]) {
                continue;
            }
            long x = Math.round(p[2 * i]) - ox;
            long y = Math.round(p[2 * i + 1]) - oy;
            if (Math.abs(x) >= Rings.MAX_COORDINATE / 2 || Math.abs(y) >= Rings.MAX_COORDINATE / 2) {
                return FAR;
            }
            if (k > 0 && out[k - 2] == x && out[k - 1] == y) {
                continue;
            }
            out[k++] = (int) x;
            out[k++] = (int) y;
        }
        while (k >= 4 && out[0] == out[k - 2] && out[1] == out[k - 1]) {
            k -= 2;
        }
        return k < 6 ? null : java.util.Arrays.copyOf(out, k);
    }

    /** Squared distance of point i to segment a–b (to point a when a and b coincide). */
    private static double distance2(double[] p, int i, int a, int b) {
        double ax = p[2 * a];
        double ay = p[2 * a + 1];
        double dx = p[2 * b] - ax;
        double dy = p[2 * b + 1] - ay;
        double px = p[2 * i] - ax;
        double py = p[2 * i + 1] - ay;
        double len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, (px * dx + py * dy) / len2));
        double ex = px - t * dx;
        double ey = py - t * dy;
        return ex * ex + ey * ey;
    }

    /**
     * The kept polygon in tile (tx, ty) with the given buffer: a {@link Placed}, {@link #EMPTY} when
     * nothing of it is in the buffered tile, or {@link #FALLBACK}.
     */
    static InTile place(Kept k, long tx, long ty, int extent, int buffer) {
        long dxl = k.ox() - tx * extent;
        long dyl = k.oy() - ty * extent;
        long minX = k.minX() + dxl;
        long maxX = k.maxX() + dxl;
        long minY = k.minY() + dyl;
        long maxY = k.maxY() + dyl;
        int lo = -buffer;
        int hi = extent + buffer;
        if (maxX <= lo || minX >= hi || maxY <= lo || minY >= hi) {
            return EMPTY;
        }
        if (Math.abs(dxl) >= Rings.MAX_COORDINATE / 2 || Math.abs(dyl) >= Rings.MAX_COORDINATE / 2) {
            return FALLBACK;
        }
        int dx = (int) dxl;
        int dy = (int) dyl;
        if (minX >= lo && maxX <= hi && minY >= lo && maxY <= hi) {
            return new Placed(k.shape(), dx, dy);
        }
        int[][][] parts = k.shape().parts();
        List<int[][]> polys = new ArrayList<>(parts.length);
        boolean ok = true;
        for (int[][] poly : parts) {
            List<int[]> rings = new ArrayList<>(poly.length);
            for (int r = 0; r < poly.length && ok; r++) {
                int[] ring = Rings.clip(moved(poly[r], dx, dy), lo, hi);
                long a = ring == null ? 0 : Rings.area2(ring);
                if (a == 0) {
                    if (r == 0) {
                        break;
                    }
                    continue;
                }
                ok = (a > 0) == (r == 0) && Rings.simple(ring);
                rings.add(ring);
            }
            if (!ok) {
                break;
            }
            if (!rings.isEmpty()) {
                polys.add(rings.toArray(int[][]::new));
            }
        }
        if (ok && polys.isEmpty()) {
            return EMPTY;
        }
        int[][][] clipped = ok ? polys.toArray(int[][][]::new) : null;
        if (clipped != null && checked(clipped)) {
            return new Placed(new TileShape(MvtWriter.POLYGON, clipped), 0, 0);
        }
        return overlay(parts, dx, dy, lo, hi);
    }

    /** The clip redone by JTS: the overlay on a grid of whole units (snap-rounded, valid). */
    private static InTile overlay(int[][][] parts, int dx, int dy, int lo, int hi) {
        Geometry box = FACTORY.toGeometry(new org.locationtech.jts.geom.Envelope(lo, hi, lo, hi));
        Geometry clipped;
        try {
            clipped = OverlayNG.overlay(jts(parts, dx, dy), box, OverlayNG.INTERSECTION, UNITS);
        } catch (RuntimeException e) {
            return FALLBACK;
        }
        TileShape s = TileGeometry.shape(clipped);
        return s == null ? EMPTY : new Placed(s, 0, 0);
    }

    private static int[] moved(int[] ring, int dx, int dy) {
        int[] out = new int[ring.length];
        for (int i = 0; i < ring.length; i += 2) {
            out[i] = ring[i] + dx;
            out[i + 1] = ring[i + 1] + dy;
        }
        return out;
    }

    /**
     * Polygons whose rings are each simple and oriented: valid as a whole? Without holes and with
     * parts whose envelopes are apart, yes; otherwise JTS decides (holes inside, parts apart).
     */
    private static boolean checked(int[][][] parts) {
        boolean simple = true;
        for (int[][] p : parts) {
            simple &= p.length == 1;
        }
        if (simple && parts.length > 1) {
            int[][] env = new int[parts.length][];
            for (int i = 0; i < parts.length; i++) {
                env[i] = envelope(new int[][][] {parts[i]});
                for (int j = 0; j < i && simple; j++) {
                    simple = env[i][2] < env[j][0] || env[j][2] < env[i][0] || env[i][3] < env[j][1] || env[j][3] < env[i][1];
                }
            }
        }
        return simple || IsValidOp.isValid(jts(parts, 0, 0));
    }

    /** [minX, minY, maxX, maxY] of the exterior rings. */
    private static int[] envelope(int[][][] parts) {
        int[] e = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE};
        for (int[][] p : parts) {
            int[] ring = p[0];
            for (int i = 0; i < ring.length; i += 2) {
                e[0] = Math.min(e[0], ring[i]);
                e[1] = Math.min(e[1], ring[i + 1]);
                e[2] = Math.max(e[2], ring[i]);
                e[3] = Math.max(e[3], ring[i + 1]);
            }
        }
        return e;
    }

    /** The polygons as a JTS geometry, moved by (dx, dy). */
    static Geometry jts(int[][][] parts, int dx, int dy) {
        Polygon[] polys = new Polygon[parts.length];
        for (int p = 0; p < parts.length; p++) {
            LinearRing[] rings = new LinearRing[parts[p].length];
            for (int r = 0; r < rings.length; r++) {
                int[] ring = parts[p][r];
                Coordinate[] c = new Coordinate[ring.length / 2 + 1];
                for (int i = 0; i < ring.length; i += 2) {
                    c[i / 2] = new Coordinate(ring[i] + dx, ring[i + 1] + dy);
                }
                c[c.length - 1] = c[0];
                rings[r] = FACTORY.createLinearRing(c);
            }
            polys[p] = FACTORY.createPolygon(rings[0], java.util.Arrays.copyOfRange(rings, 1, rings.length));
        }
        return polys.length == 1 ? polys[0] : FACTORY.createMultiPolygon(polys);
    }
}
