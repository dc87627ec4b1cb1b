package org.gridwatch.feature;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Predicate;
import org.gridwatch.area.Scope;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * What a caller asks of a layer. Layers use {@link #searchEnvelope()}, {@link #from()} and
 * {@link #to()} to narrow their indexes, and must pass every candidate through {@link #test} (which
 * is exact: box, time, filter); jurisdiction ({@link #scope()}) is the layer's to enforce, since only
 * it knows which area each feature belongs to.
 *
 * @param scope  the caller's jurisdiction; never null
 * @param bbox   features whose geometry intersects this box (WGS84 lon/lat), or null for any
 * @param from   features whose time ends at or after this instant, or null
 * @param to     features whose time starts at or before this instant, or null
 * @param filter an exact test (a compiled CQL2 filter), or null
 * @param hint   an envelope every feature passing {@code filter} intersects (an index hint only), or null
 * @param after  resume after the feature with this cursor ({@link FeatureLayer#cursor}), or null for the start
 */
public record FeatureQuery(Scope scope, Envelope bbox, Instant from, Instant to, Predicate<Feature> filter,
                           Envelope hint, String after) {
    private static final GeometryFactory WGS84 = new GeometryFactory();

    public FeatureQuery {
        Objects.requireNonNull(scope, "scope");
    }

    /** Every feature the scope sees. */
    public static FeatureQuery all(Scope scope) {
        return new FeatureQuery(scope, null, null, null, null, null, null);
    }

    /** This query restricted to {@code box} as well (tiles: the tile's buffered envelope). */
    public FeatureQuery within(Envelope box) {
        Envelope b = bbox == null ? box : bbox.intersection(box);
        return new FeatureQuery(scope, b, from, to, filter, hint, after);
    }

    /** This query resuming after {@code cursor}. */
    public FeatureQuery resumingAfter(String cursor) {
        return new FeatureQuery(scope, bbox, from, to, filter, hint, cursor);
    }

    /** The envelope a layer may search its spatial index with: bbox ∩ hint, or null for the whole layer. */
    public Envelope searchEnvelope() {
        if (bbox == null) {
            return hint;
        }
        return hint == null ? bbox : bbox.intersection(hint);
    }

    /** The exact test of box, time and filter (not scope). */
    public boolean test(Feature f) {
        if (bbox != null && !intersectsBox(f.geometry())) {
            return false;
        }
        if ((from != null || to != null) && !f.overlaps(from, to)) {
            return false;
        }
        return filter == null || filter.test(f);
    }

    private boolean intersectsBox(Geometry g) {
        Envelope e = g.getEnvelopeInternal();
        if (!e.intersects(bbox)) {
            return false;
        }
        if (bbox.contains(e) || g.getDimension() == 0) {
            return true;
        }
        // A rectangle's intersects() is JTS's RectangleIntersects: linear in g, no overlay.
        return WGS84.toGeometry(bbox).intersects(g);
    }
}
