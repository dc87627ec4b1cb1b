package org.gridwatch.tile;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
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
 * WGS84 geometry into one tile's coordinates: projected (Web Mercator, y down), clipped to the
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

    private final TileId tile;
    private final int extent;
    private final Envelope lonLatClip;
    private final Envelope clip;
    private final Geometry clipBox;
    private final GeometryFactory factory = new GeometryFactory();

    TileGeometry(TileId tile, int extent, int buffer) {
        this.tile = tile;
        this.extent = extent;
        this.lonLatClip = tile.buffered((double) buffer / extent);
        this.clip = new Envelope(-buffer, extent + buffer, -buffer, extent + buffer);
        this.clipBox = factory.toGeometry(clip);
    }

    TileId tile() {
        return tile;
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
