package org.gridwatch.tile;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.locationtech.jts.geom.Geometry;

/**
 * Polygons that never move (admin areas, grids), kept across tiles: per geometry object (by
 * identity, held weakly: an entry goes when its geometry is collected), its Web Mercator
 * projection once and its simplified, rounded, checked shape once per zoom up to
 * {@link #MAX_ZOOM} ({@link PolygonShapes#atZoom}). A geometry must not be mutated once seen here.
 * Memory: about 16 bytes per vertex for the projection and 8 per kept vertex per zoom (the demo
 * city's 10,860 grids, 76,000 vertices: about 1.2 MB, plus less than that per zoom).
 * Thread-safe: two threads may compute the same entry at once; one result is kept, both are equal.
 */
final class ShapeCache {
    /** The deepest zoom kept; deeper tiles compute their shapes each time. */
    static final int MAX_ZOOM = 16;

    private final ConcurrentHashMap<Ref, Entry> entries = new ConcurrentHashMap<>();
    private final ReferenceQueue<Geometry> collected = new ReferenceQueue<>();
    private final int extent;
    private final double tolerance;

    ShapeCache(int extent, double tolerance) {
        this.extent = extent;
        this.tolerance = tolerance;
    }

    /**
     * The shape of polygonal {@code g} at zoom {@code z} ≤ {@link #MAX_ZOOM}: as {@link PolygonShapes#atZoom}.
     *
     * @param g a Polygon or MultiPolygon
     */
    PolygonShapes.AtZoom atZoom(Geometry g, int z) {
        Entry e = entries.get(new Ref(g, null));
        if (e == null) {
            expunge();
            e = new Entry(PolygonShapes.world(g));
            Entry had = entries.putIfAbsent(new Ref(g, collected), e);
            if (had != null) {
                e = had;
            }
        }
        PolygonShapes.AtZoom s = e.zooms.get(z);
        if (s == null) {
            s = PolygonShapes.atZoom(e.world, z, extent, tolerance);
            e.zooms.set(z, s);
        }
        return s;
    }

    /** Geometries held (tests). */
    int size() {
        expunge();
        return entries.size();
    }

    private void expunge() {
        for (Object r = collected.poll(); r != null; r = collected.poll()) {
            entries.remove(r);
        }
    }

    private static final class Entry {
        final double[][][] world;
        final AtomicReferenceArray<PolygonShapes.AtZoom> zooms = new AtomicReferenceArray<>(MAX_ZOOM + 1);

        Entry(double[][][] world) {
            this.world = world;
        }
    }

    /** A weak reference equal to another of the same referent (identity). */
    private static final class Ref extends WeakReference<Geometry> {
        private final int hash;

        Ref(Geometry g, ReferenceQueue<Geometry> queue) {
            super(g, queue);
            this.hash = System.identityHashCode(g);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof Ref r)) {
                return false;
            }
            Geometry g = get();
            return g != null && g == r.get();
        }
    }
}
