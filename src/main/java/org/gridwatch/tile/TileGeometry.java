package org.gridwatch.tile;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.TopologyException;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.geom.util.GeometryTransformer;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.precision.GeometryPrecisionReducer;
import org.locationtech.jts.simplify.DouglasPeuckerSimplifier;

/**
 * WGS84 geometry into one tile's coordinates. {@link #place} is the entry point: polygons take
 * {@link PolygonShapes}' fast path; points, lines, mixed collections and what the fast path cannot
 * vouch for take the general path, {@link #toTile}, described here: projected (Web Mercator, y down), clipped to the
 * tile grown by the buffer, simplified (Douglas–Peucker, {@link #TOLERANCE} units: a quarter of a
 * pixel of a tile drawn 512 px wide, so simplification follows the zoom) and snapped to whole
 * units. Polygons stay valid: a ring that rounding makes self-touching is snap-rounded
 * ({@link GeometryPrecisionReducer}); parts that collapse (zero area, zero length) are dropped, and
 * a feature with nothing left is dropped. One thread.
 */
final class TileGeometry {
    /** Simplification tolerance, tile units. */
    static final double TOLERANCE = 2.0;
    private static final PrecisionModel UNITS = new PrecisionModel(1.0);

    /** Polygons that never move, across every tile (see {@link ShapeCache}). */
    private static final ShapeCache STILL = new ShapeCache(TileEncoder.EXTENT, TOLERANCE);

    private final TileId tile;
    private final int extent;
    private final int buffer;
    private final Envelope lonLatClip;
    private final Envelope clip;
    private final Geometry clipBox;
    private final GeometryFactory factory = new GeometryFactory();

    TileGeometry(TileId tile, int extent, int buffer) {
        this.tile = tile;
        this.extent = extent;
        this.buffer = buffer;
        this.lonLatClip = tile.buffered((double) buffer / extent);
        this.clip = new Envelope(-buffer, extent + buffer, -buffer, extent + buffer);
        this.clipBox = factory.toGeometry(clip);
    }

    TileId tile() {
        return tile;
    }

    /**
     * The geometry placed in the tile, or null when nothing of it is left in the tile. Polygons take
     * {@link PolygonShapes}' fast path (kept across tiles by {@link #STILL} when {@code still});
     * what it cannot vouch for, and points and lines, take {@link #toTile}.
     *
     * @param still true when {@code lonLat} never changes (the same object is the same geometry)
     */
    PolygonShapes.Placed place(Geometry lonLat, boolean still) {
        if (lonLat.isEmpty() || !lonLatClip.intersects(lonLat.getEnvelopeInternal())) {
            return null;
        }
        if (lonLat instanceof Polygon || lonLat instanceof MultiPolygon) {
            int z = tile.z();
            PolygonShapes.AtZoom k = still && extent == TileEncoder.EXTENT && z <= ShapeCache.MAX_ZOOM
                    ? STILL.atZoom(lonLat, z) : PolygonShapes.atZoom(PolygonShapes.world(lonLat), z, extent, TOLERANCE);
            if (k == PolygonShapes.EMPTY) {
                return null;
            }
            if (k instanceof PolygonShapes.Kept kept) {
                PolygonShapes.InTile p = PolygonShapes.place(kept, tile.x(), tile.y(), extent, buffer);
                if (p instanceof PolygonShapes.Placed placed) {
                    return placed;
                }
                if (p == PolygonShapes.EMPTY) {
                    return null;
                }
            }
        }
        Geometry g = toTile(lonLat);
        TileShape s = g == null ? null : shape(g);
        return s == null ? null : new PolygonShapes.Placed(s, 0, 0);
    }

    /**
     * Geometry in whole tile units (as {@link #toTile} leaves it) as a {@link TileShape}: polygons'
     * rings oriented for MVT, repeated points removed, parts with no area (no length) left out;
     * null when nothing is left. Of a mixed collection, the parts of its highest dimension.
     */
    static TileShape shape(Geometry g) {
        int dim = g.getDimension();
        List<int[][]> parts = new ArrayList<>();
        List<int[]> points = new ArrayList<>();
        collect(g, dim, parts, points);
        if (dim == 0) {
            if (points.isEmpty()) {
                return null;
            }
            int[] all = new int[2 * points.size()];
            for (int i = 0; i < points.size(); i++) {
                all[2 * i] = points.get(i)[0];
                all[2 * i + 1] = points.get(i)[1];
            }
            return new TileShape(MvtWriter.POINT, new int[][][] {{all}});
        }
        return parts.isEmpty() ? null
                : new TileShape(dim == 1 ? MvtWriter.LINESTRING : MvtWriter.POLYGON, parts.toArray(int[][][]::new));
    }

    private static void collect(Geometry g, int dim, List<int[][]> parts, List<int[]> points) {
        if (g.getNumGeometries() > 1 || g instanceof org.locationtech.jts.geom.GeometryCollection) {
            for (int i = 0; i < g.getNumGeometries(); i++) {
                collect(g.getGeometryN(i), dim, parts, points);
            }
            return;
        }
        if (g.isEmpty() || g.getDimension() != dim) {
            return;
        }
        if (g instanceof Point p) {
            points.add(new int[] {(int) Math.round(p.getX()), (int) Math.round(p.getY())});
        } else if (g instanceof org.locationtech.jts.geom.LineString l) {
            int[] line = units(l.getCoordinateSequence(), false);
            if (line.length >= 4) {
                parts.add(new int[][] {line});
            }
        } else if (g instanceof Polygon poly) {
            List<int[]> rings = new ArrayList<>();
            for (int r = 0; r <= poly.getNumInteriorRing(); r++) {
                int[] ring = units((r == 0 ? poly.getExteriorRing() : poly.getInteriorRingN(r - 1)).getCoordinateSequence(), true);
                long a = Rings.area2(ring);
                if (a == 0) {
                    if (r == 0) {
                        return;
                    }
                    continue;
                }
                rings.add((a > 0) == (r == 0) ? ring : Rings.reversed(ring));
            }
            parts.add(rings.toArray(int[][]::new));
        }
    }

    /** A coordinate sequence as whole units without repeated points (nor, for a ring, the closing one). */
    private static int[] units(CoordinateSequence seq, boolean ring) {
        int[] out = new int[2 * seq.size()];
        int k = 0;
        for (int i = 0; i < seq.size(); i++) {
            int x = (int) Math.round(seq.getX(i));
            int y = (int) Math.round(seq.getY(i));
            if (k > 0 && out[k - 2] == x && out[k - 1] == y) {
                continue;
            }
            out[k++] = x;
            out[k++] = y;
        }
        while (ring && k >= 4 && out[0] == out[k - 2] && out[1] == out[k - 1]) {
            k -= 2;
        }
        return java.util.Arrays.copyOf(out, k);
    }

    /** The geometry in tile units, or null when nothing of it is left in the tile. */
    Geometry toTile(Geometry lonLat) {
        if (lonLat.isEmpty() || !lonLatClip.intersects(lonLat.getEnvelopeInternal())) {
            return null;
        }
        Geometry g = project(lonLat);
        int dim = g.getDimension();
        if (dim == 0) {
            return points(g);
        }
        try {
            return shape(g, dim);
        } catch (TopologyException e) {
            // Invalid input (a self-intersecting ring): repaired, then tried once more.
            return shape(GeometryFixer.fix(g), dim);
        }
    }

    private Geometry shape(Geometry g, int dim) {
        if (!clip.contains(g.getEnvelopeInternal())) {
            g = keep(OverlayNGRobust.overlay(g, clipBox, OverlayNG.INTERSECTION), dim);
            if (g.isEmpty()) {
                return null;
            }
        }
        // Simplified and rounded vertex by vertex, then checked once: the common case (a polygon many
        // units wide) costs one validity test; a polygon that came out invalid (a ring made
        // self-touching) is repaired and snap-rounded, whose result is valid.
        DouglasPeuckerSimplifier dp = new DouglasPeuckerSimplifier(g);
        dp.setDistanceTolerance(TOLERANCE);
        dp.setEnsureValid(false);
        Geometry simple = dp.getResultGeometry();
        GeometryPrecisionReducer pointwise = new GeometryPrecisionReducer(UNITS);
        pointwise.setPointwise(true);
        pointwise.setRemoveCollapsedComponents(true);
        Geometry r = pointwise.reduce(simple);
        if (dim == 2 && !IsValidOp.isValid(r)) {
            r = GeometryPrecisionReducer.reduce(GeometryFixer.fix(simple), UNITS);
        }
        r = keep(r, dim);
        return r.isEmpty() ? null : r;
    }

    /** The parts of {@code g} of dimension {@code dim} with some size (area, length), as one geometry. */
    private Geometry keep(Geometry g, int dim) {
        List<Geometry> parts = new ArrayList<>();
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Geometry p = g.getGeometryN(i);
            if (p.getNumGeometries() > 1) {
                Geometry inner = keep(p, dim);
                for (int j = 0; j < inner.getNumGeometries(); j++) {
                    parts.add(inner.getGeometryN(j));
                }
            } else if (p.getDimension() == dim && !p.isEmpty() && (dim == 2 ? p.getArea() > 0 : p.getLength() > 0)) {
                parts.add(p);
            }
        }
        if (parts.size() == g.getNumGeometries() && g.getDimension() == dim && parts.size() == 1) {
            return parts.get(0);
        }
        return factory.buildGeometry(parts);
    }

    private Geometry points(Geometry g) {
        List<Point> kept = new ArrayList<>();
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Point p = (Point) g.getGeometryN(i);
            if (!p.isEmpty() && clip.contains(p.getX(), p.getY())) {
                kept.add(factory.createPoint(new Coordinate(Math.round(p.getX()), Math.round(p.getY()))));
            }
        }
        if (kept.isEmpty()) {
            return null;
        }
        return kept.size() == 1 ? kept.get(0) : factory.createMultiPoint(kept.toArray(Point[]::new));
    }

    /** A copy of {@code lonLat} in tile units (fractional). */
    Geometry project(Geometry lonLat) {
        int z = tile.z();
        double x0 = tile.x();
        double y0 = tile.y();
        return map(lonLat, lon -> (WebMercator.x(lon, z) - x0) * extent, lat -> (WebMercator.y(lat, z) - y0) * extent);
    }

    /**
     * A copy of {@code g} with every x mapped by {@code fx} and every y by {@code fy} (Web Mercator
     * is separable: x depends on longitude only, y on latitude only).
     */
    static Geometry map(Geometry g, DoubleUnaryOperator fx, DoubleUnaryOperator fy) {
        return new GeometryTransformer() {
            @Override
            protected CoordinateSequence transformCoordinates(CoordinateSequence seq, Geometry parent) {
                CoordinateSequence out = seq.copy();
                for (int i = 0; i < out.size(); i++) {
                    out.setOrdinate(i, 0, fx.applyAsDouble(out.getX(i)));
                    out.setOrdinate(i, 1, fy.applyAsDouble(out.getY(i)));
                }
                return out;
            }
        }.transform(g);
    }
}
