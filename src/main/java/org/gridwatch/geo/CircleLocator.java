package org.gridwatch.geo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Envelope;

/**
 * Which of a fixed set of circles (a centre and a radius in metres, e.g. school gates or key
 * places) contain a point, by geodesic distance (boundary inclusive).
 *
 * <p>Two-phase: a hash of {@value #CELL_DEGREES}° cells lists the circles whose bounding box
 * touches each cell; candidates of the point's cell get the exact test
 * ({@link Geodesy#withinDistance}). Built once: the circles are static, so a lookup costs one
 * hash probe plus a handful of distance tests, whatever the number of circles.
 *
 * <p>Immutable and thread-safe. Coordinates are WGS84 lon/lat degrees.
 */
public final class CircleLocator {
    /** Cell size, degrees (about 1 km): a 100 m circle touches one to four cells. */
    static final double CELL_DEGREES = 0.01;
    private static final int[] NONE = new int[0];

    private final double[] lon;
    private final double[] lat;
    private final double[] radius;
    private final Map<Long, int[]> cells;

    /**
     * @param lon          centre longitudes
     * @param lat          centre latitudes
     * @param radiusMetres radii, metres (&gt; 0); the three arrays are parallel and index the circles
     */
    public CircleLocator(double[] lon, double[] lat, double[] radiusMetres) {
        if (lon.length != lat.length || lon.length != radiusMetres.length) {
            throw new IllegalArgumentException("lon, lat and radius arrays differ in length");
        }
        this.lon = lon.clone();
        this.lat = lat.clone();
        this.radius = radiusMetres.clone();
        Map<Long, List<Integer>> build = new HashMap<>();
        for (int i = 0; i < lon.length; i++) {
            Envelope e = Geodesy.envelopeAround(lon[i], lat[i], radius[i]);
            for (long cx = cell(e.getMinX()); cx <= cell(e.getMaxX()); cx++) {
                for (long cy = cell(e.getMinY()); cy <= cell(e.getMaxY()); cy++) {
                    build.computeIfAbsent(key(cx, cy), k -> new ArrayList<>()).add(i);
                }
            }
        }
        this.cells = new HashMap<>();
        build.forEach((k, v) -> cells.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
    }

    /** Number of circles. */
    public int size() {
        return lon.length;
    }

    /** True when circle {@code i} contains (lon, lat). */
    public boolean contains(int i, double pointLon, double pointLat) {
        return Geodesy.withinDistance(lon[i], lat[i], pointLon, pointLat, radius[i]);
    }

    /** Indexes of the circles containing (lon, lat), ascending. */
    public int[] containing(double pointLon, double pointLat) {
        int[] candidates = cells.getOrDefault(key(cell(pointLon), cell(pointLat)), NONE);
        int n = 0;
        int[] out = NONE;
        for (int i : candidates) {
            if (contains(i, pointLon, pointLat)) {
                if (out == NONE) {
                    out = new int[candidates.length];
                }
                out[n++] = i;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private static long cell(double degrees) {
        return (long) Math.floor(degrees / CELL_DEGREES);
    }

    private static long key(long cx, long cy) {
        return (cx << 32) ^ (cy & 0xffffffffL);
    }
}
