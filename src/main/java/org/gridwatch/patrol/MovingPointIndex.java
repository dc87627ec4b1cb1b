package org.gridwatch.patrol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.gridwatch.geo.Geodesy;
import org.locationtech.jts.geom.Envelope;

/**
 * An index of moving points (patrol units), keyed by id, answering box queries and k-nearest
 * queries by geodesic distance.
 *
 * <p><b>Layout.</b> A spatial hash of 0.01° cells (about 1 km); each cell holds an immutable
 * array of entries, replaced on every change (copy-on-write: cells hold a handful to a few dozen
 * units, and a unit moves every few seconds). Unlike JTS's build-once {@code STRtree}, updates
 * cost O(entries in two cells).
 *
 * <p><b>Cost of a query.</b> Never more than a scan of all points, whatever its box, point or
 * radius: a box or a ring search that would visit more cells than there are points (a whole-world
 * box, a query far from every point) reads the points instead, and near the poles and across the
 * antimeridian, where cells in degrees say little about metres, nearest reads the points, pruned by
 * a lower bound of the distance. Answers are exact everywhere on the ellipsoid.
 *
 * <p><b>Thread-safety.</b> Single writer, lock-free readers: {@link #put} and {@link #remove}
 * must be called by one thread at a time; queries run on any thread concurrently and never
 * block. A point changing cells is added to its new cell before it leaves the old one, inside a
 * sequence counter (a seqlock): a query that overlapped such a move, and might have visited the
 * new cell before the arrival and the old one after the departure, runs again (and after three
 * overlaps answers from a scan of all points), so a query never misses a point and never
 * reports one twice.
 *
 * @param <T> the value stored with each point (e.g. the unit's state); immutable values advised
 */
public final class MovingPointIndex<T> {
    /** Cell size in degrees. */
    static final double CELL_DEGREES = 0.01;
    /** Range within which {@link Geodesy#approxDistance} is trusted for pruning, metres. */
    private static final double APPROX_VALID_METRES = 200_000;
    /** Relative safety margin on approximate distances. */
    private static final double APPROX_MARGIN = 0.01;
    /** Metres per degree of latitude, rounded down (for distance lower bounds). */
    private static final double MIN_METRES_PER_DEGREE_LAT = 110_500.0;
    /**
     * Highest latitude, degrees, up to which a ring search is used (and the flat-earth distance
     * prunes): beyond, cells in degrees shrink towards nothing and the points are read instead.
     */
    private static final double RING_MAX_LAT = 60;
    /** Cells a ring search may always visit before it gives way to a scan of the points. */
    private static final long MIN_RING_BUDGET = 64;

    /**
     * One point.
     *
     * @param id    the key
     * @param lon   WGS84 longitude, degrees
     * @param lat   WGS84 latitude, degrees
     * @param value the stored value
     * @param <T>   value type
     */
    public record Entry<T>(String id, double lon, double lat, T value) {
    }

    /**
     * A nearest-search result.
     *
     * @param entry  the point
     * @param metres geodesic distance from the query point
     * @param <T>    value type
     */
    public record Hit<T>(Entry<T> entry, double metres) {
    }

    /** Nearest first, ties by id. */
    private static final Comparator<Hit<?>> HIT_ORDER =
            Comparator.<Hit<?>>comparingDouble(Hit::metres).thenComparing(h -> h.entry().id());

    private final Map<String, Entry<T>> byId = new ConcurrentHashMap<>();
    private final Map<Long, Entry<T>[]> cells = new ConcurrentHashMap<>();
    /** Odd while the writer moves a point between cells; bumped twice per move. */
    private volatile long moves;
    /** Occupied cell range ever seen (only grows): bounds the ring search. */
    private volatile int minCx = Integer.MAX_VALUE;
    private volatile int maxCx = Integer.MIN_VALUE;
    private volatile int minCy = Integer.MAX_VALUE;
    private volatile int maxCy = Integer.MIN_VALUE;

    /** Number of points. */
    public int size() {
        return byId.size();
    }

    /** The point with this id. */
    public Optional<Entry<T>> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * Inserts or moves a point. Writer thread only.
     *
     * @return the previous entry, or null
     */
    public Entry<T> put(String id, double lon, double lat, T value) {
        if (!Double.isFinite(lon) || !Double.isFinite(lat)) {
            throw new IllegalArgumentException("point " + id + " has no finite position");
        }
        Entry<T> e = new Entry<>(id, lon, lat, value);
        Entry<T> old = byId.get(id);
        int cx = cellX(lon);
        int cy = cellY(lat);
        long key = key(cx, cy);
        if (old != null && key(cellX(old.lon()), cellY(old.lat())) == key) {
            replaceIn(key, e);
        } else if (old == null) {
            widen(cx, cy);
            addTo(key, e);
        } else {
            widen(cx, cy);
            moves++; // odd: a move is in progress (single writer, so ++ on the volatile is safe)
            addTo(key, e);
            removeFrom(key(cellX(old.lon()), cellY(old.lat())), id);
            moves++;
        }
        byId.put(id, e);
        return old;
    }

    /** Removes a point. Writer thread only. @return the removed entry, or null */
    public Entry<T> remove(String id) {
        Entry<T> old = byId.remove(id);
        if (old != null) {
            removeFrom(key(cellX(old.lon()), cellY(old.lat())), id);
        }
        return old;
    }

    /**
     * Feeds every point inside {@code bbox} (boundary inclusive) and accepted by {@code filter} to
     * {@code sink}, in no particular order.
     *
     * <p>Cost: O(min(cells of the box inside the occupied range, points) + points found): a box
     * larger than the occupied cells are many (a whole-world box) reads the points, not the empty
     * cells, so no box costs more than a scan of all points.
     */
    public void forEachIn(Envelope bbox, Predicate<? super T> filter, Consumer<Entry<T>> sink) {
        if (bbox.isNull() || byId.isEmpty()) {
            return;
        }
        List<Entry<T>> found = consistently(() -> {
            CellWindow w = new CellWindow(cellX(bbox.getMinX()), cellX(bbox.getMaxX()), cellY(bbox.getMinY()),
                    cellY(bbox.getMaxY())).clippedTo(occupied());
            if (w == null) {
                return List.of();
            }
            return w.cells() > byId.size() ? boxScanOfPoints(bbox, filter) : boxScan(bbox, w, filter);
        }, () -> boxScanOfPoints(bbox, filter));
        found.forEach(sink);
    }

    private List<Entry<T>> boxScan(Envelope bbox, CellWindow w, Predicate<? super T> filter) {
        List<Entry<T>> out = new ArrayList<>();
        Map<String, Boolean> seen = new HashMap<>();
        for (int cx = w.x0(); cx <= w.x1(); cx++) {
            for (int cy = w.y0(); cy <= w.y1(); cy++) {
                Entry<T>[] es = cells.get(key(cx, cy));
                if (es == null) {
                    continue;
                }
                for (Entry<T> e : es) {
                    if (bbox.covers(e.lon(), e.lat()) && filter.test(e.value()) && seen.put(e.id(), Boolean.TRUE) == null) {
                        out.add(e);
                    }
                }
            }
        }
        return out;
    }

    /** The box query by a scan of every point (each once: the id map is read, not the cells). */
    private List<Entry<T>> boxScanOfPoints(Envelope bbox, Predicate<? super T> filter) {
        List<Entry<T>> all = new ArrayList<>();
        for (Entry<T> e : byId.values()) {
            if (bbox.covers(e.lon(), e.lat()) && filter.test(e.value())) {
                all.add(e);
            }
        }
        return all;
    }

    /** Runs {@code attempt} until no cross-cell move overlapped it (three tries), else {@code fallback}. */
    private <R> R consistently(java.util.function.Supplier<R> attempt, java.util.function.Supplier<R> fallback) {
        for (int tries = 0; tries < 3; tries++) {
            long before = moves;
            if ((before & 1) == 0) {
                R r = attempt.get();
                if (moves == before) {
                    return r;
                }
            } else {
                Thread.onSpinWait();
            }
        }
        return fallback.get();
    }

    /**
     * The {@code k} points nearest to (lon, lat) by geodesic distance, accepted by {@code filter}
     * and at most {@code maxMetres} away (may be infinite); nearest first, ties by id. Correct
     * everywhere, the poles and the antimeridian included.
     *
     * <p>Cost: O(points) at worst, whatever the query point or radius. A ring search outwards from
     * the query's cell, over the cells of the search disc's box inside the occupied range, visits
     * at most about as many cells as there are points; a search that would need more (a query far
     * from every point with a large radius), and one near a pole or across the antimeridian (where
     * cells in degrees say little about metres), reads the points instead, pruned by their
     * latitude difference (a lower bound of the geodesic distance).
     */
    public List<Hit<T>> nearest(double lon, double lat, int k, double maxMetres, Predicate<? super T> filter) {
        if (k <= 0 || byId.isEmpty() || !(maxMetres >= 0)) {
            return List.of();
        }
        return consistently(() -> {
            CellWindow w = searchWindow(lon, lat, maxMetres);
            List<Hit<T>> found = w == null ? null : ringSearch(lon, lat, k, maxMetres, filter, w,
                    Math.max(MIN_RING_BUDGET, 2L * byId.size()));
            return found != null ? found : nearestByScan(lon, lat, k, maxMetres, filter);
        }, () -> nearestByScan(lon, lat, k, maxMetres, filter));
    }

    /**
     * The cells a ring search around (lon, lat) must visit: the box of the disc of {@code maxMetres}
     * inside the occupied range; null where a ring search is not the right tool (near a pole, across
     * the antimeridian) and the points are to be read instead. Its rectangle may be empty (x0 > x1):
     * no point can be near enough.
     */
    private CellWindow searchWindow(double lon, double lat, double maxMetres) {
        CellWindow occupied = occupied();
        if (occupied == null) {
            return new CellWindow(0, -1, 0, -1);
        }
        if (Math.abs(lat) > RING_MAX_LAT || occupied.y0() * CELL_DEGREES < -RING_MAX_LAT
                || (occupied.y1() + 1) * CELL_DEGREES > RING_MAX_LAT) {
            return null;
        }
        if (Double.isInfinite(maxMetres)) {
            return occupied;
        }
        double dLat = maxMetres / MIN_METRES_PER_DEGREE_LAT;
        double maxAbsLat = Math.abs(lat) + dLat;
        if (maxAbsLat > RING_MAX_LAT) {
            return null;
        }
        double dLon = dLat / Math.cos(Math.toRadians(maxAbsLat));
        if (lon - dLon < -180 || lon + dLon > 180) {
            return null;
        }
        CellWindow disc = new CellWindow(cellX(lon - dLon), cellX(lon + dLon), cellY(lat - dLat), cellY(lat + dLat));
        CellWindow w = disc.clippedTo(occupied);
        return w == null ? new CellWindow(0, -1, 0, -1) : w;
    }

    /**
     * Ring search inside {@code w}, looking at most {@code budget} cells up; null when the budget
     * ran out first (the caller scans the points instead).
     */
    private List<Hit<T>> ringSearch(double lon, double lat, int k, double maxMetres, Predicate<? super T> filter,
                                    CellWindow w, long budget) {
        Best<T> best = new Best<>(k, lon, lat, maxMetres, true);
        if (w.x0() > w.x1() || w.y0() > w.y1()) {
            return best.sorted();
        }
        Map<String, Boolean> seen = new HashMap<>();
        int ccx = cellX(lon);
        int ccy = cellY(lat);
        int maxRing = Math.max(Math.max(ccx - w.x0(), w.x1() - ccx), Math.max(ccy - w.y0(), w.y1() - ccy));
        // Rings closer in than the window hold none of its cells.
        int firstRing = Math.max(Math.max(w.x0() - ccx, ccx - w.x1()), Math.max(w.y0() - ccy, ccy - w.y1()));
        long steps = 0;
        for (int r = Math.max(0, firstRing); r <= maxRing; r++) {
            // A point in ring r lies outside the block of rings 0..r-1, hence at least r-1 cell
            // sides away; the east-west side shrinks with latitude, so take the widest latitude the
            // ring reaches (at most RING_MAX_LAT here, where a cell side is still a lower bound).
            double side = CELL_DEGREES * MIN_METRES_PER_DEGREE_LAT
                    * Math.cos(Math.toRadians(Math.min(RING_MAX_LAT, Math.abs(lat) + (r + 1) * CELL_DEGREES)));
            double bound = Math.max(0, r - 1) * side;
            if (bound > maxMetres || (best.full() && bound > best.worst())) {
                break;
            }
            int cy0 = Math.max(ccy - r, w.y0());
            int cy1 = Math.min(ccy + r, w.y1());
            for (int cx = Math.max(ccx - r, w.x0()), cxEnd = Math.min(ccx + r, w.x1()); cx <= cxEnd; cx++) {
                boolean edgeColumn = cx == ccx - r || cx == ccx + r;
                for (int cy = edgeColumn ? cy0 : ccy - r; cy <= (edgeColumn ? cy1 : ccy + r);
                     cy += edgeColumn || r == 0 ? 1 : 2 * r) {
                    if (++steps > budget) {
                        return null;
                    }
                    if (cy < w.y0() || cy > w.y1()) {
                        continue;
                    }
                    Entry<T>[] es = cells.get(key(cx, cy));
                    if (es != null) {
                        for (Entry<T> e : es) {
                            if (filter.test(e.value()) && seen.put(e.id(), Boolean.TRUE) == null) {
                                best.consider(e);
                            }
                        }
                    }
                }
            }
        }
        return best.sorted();
    }

    /** The nearest search by a scan of every point: O(points), right everywhere on the ellipsoid. */
    private List<Hit<T>> nearestByScan(double lon, double lat, int k, double maxMetres, Predicate<? super T> filter) {
        Best<T> best = new Best<>(k, lon, lat, maxMetres, Math.abs(lat) <= RING_MAX_LAT);
        for (Entry<T> e : byId.values()) {
            if (best.latitudeFloor(e) <= best.limit() && filter.test(e.value())) {
                best.consider(e);
            }
        }
        return best.sorted();
    }

    /**
     * The k best hits so far of one nearest search, worst on top; skips the exact geodesic for
     * candidates that clearly cannot make the cut.
     */
    private static final class Best<T> {
        private final int k;
        private final double lon;
        private final double lat;
        private final double maxMetres;
        /** True where the flat-earth distance may prune (mid latitudes). */
        private final boolean approxValid;
        private final PriorityQueue<Hit<T>> heap;
        private final Comparator<Hit<T>> order;

        @SuppressWarnings("unchecked")
        Best(int k, double lon, double lat, double maxMetres, boolean approxValid) {
            this.k = k;
            this.lon = lon;
            this.lat = lat;
            this.maxMetres = maxMetres;
            this.approxValid = approxValid;
            this.order = (Comparator<Hit<T>>) (Comparator<?>) HIT_ORDER;
            this.heap = new PriorityQueue<>(order.reversed());
        }

        boolean full() {
            return heap.size() == k;
        }

        /** Distance of the k-th best so far, metres (only when {@link #full()}). */
        double worst() {
            return heap.peek().metres();
        }

        /** Farthest a new hit may be: the radius, or the k-th best so far. */
        double limit() {
            return full() ? Math.min(maxMetres, worst()) : maxMetres;
        }

        /**
         * A lower bound of the geodesic distance to {@code e}: the meridian arc between the two
         * parallels is the shortest way from one to the other, at least 110.5 km a degree.
         */
        double latitudeFloor(Entry<T> e) {
            return Math.abs(e.lat() - lat) * MIN_METRES_PER_DEGREE_LAT;
        }

        void consider(Entry<T> e) {
            if (approxValid && Math.abs(e.lat()) <= RING_MAX_LAT) {
                // The flat-earth distance is within 0.5 % up to 200 km at mid latitudes.
                double approx = Geodesy.approxDistance(lon, lat, e.lon(), e.lat());
                if (approx < APPROX_VALID_METRES && approx * (1 - APPROX_MARGIN) > limit()) {
                    return;
                }
            }
            double d = Geodesy.distance(lon, lat, e.lon(), e.lat());
            if (d > maxMetres) {
                return;
            }
            Hit<T> h = new Hit<>(e, d);
            if (heap.size() < k) {
                heap.add(h);
            } else if (order.compare(h, heap.peek()) < 0) {
                heap.poll();
                heap.add(h);
            }
        }

        List<Hit<T>> sorted() {
            List<Hit<T>> out = new ArrayList<>(heap);
            out.sort(order);
            return out;
        }
    }

    /** A rectangle of cells, bounds inclusive. */
    private record CellWindow(int x0, int x1, int y0, int y1) {
        long cells() {
            return (x1 - (long) x0 + 1) * (y1 - (long) y0 + 1);
        }

        /** The part inside {@code o}; null when none (or {@code o} is null). */
        CellWindow clippedTo(CellWindow o) {
            if (o == null) {
                return null;
            }
            int a = Math.max(x0, o.x0);
            int b = Math.min(x1, o.x1);
            int c = Math.max(y0, o.y0);
            int d = Math.min(y1, o.y1);
            return a > b || c > d ? null : new CellWindow(a, b, c, d);
        }
    }

    /** The occupied cell range seen so far (it only grows); null before the first point. */
    private CellWindow occupied() {
        int x0 = minCx;
        int x1 = maxCx;
        int y0 = minCy;
        int y1 = maxCy;
        return x0 > x1 || y0 > y1 ? null : new CellWindow(x0, x1, y0, y1);
    }

    /** Every entry, in no particular order (a snapshot). */
    public List<Entry<T>> all() {
        return new ArrayList<>(byId.values());
    }

    private void widen(int cx, int cy) {
        if (cx < minCx) {
            minCx = cx;
        }
        if (cx > maxCx) {
            maxCx = cx;
        }
        if (cy < minCy) {
            minCy = cy;
        }
        if (cy > maxCy) {
            maxCy = cy;
        }
    }

    @SuppressWarnings("unchecked")
    private void addTo(long key, Entry<T> e) {
        Entry<T>[] es = cells.get(key);
        Entry<T>[] next;
        if (es == null) {
            next = (Entry<T>[]) new Entry<?>[] {e};
        } else {
            next = Arrays.copyOf(es, es.length + 1);
            next[es.length] = e;
        }
        cells.put(key, next);
    }

    private void replaceIn(long key, Entry<T> e) {
        Entry<T>[] es = cells.get(key);
        Entry<T>[] next = es.clone();
        for (int i = 0; i < next.length; i++) {
            if (next[i].id().equals(e.id())) {
                next[i] = e;
                cells.put(key, next);
                return;
            }
        }
        throw new IllegalStateException("index corrupt: " + e.id() + " not in its cell");
    }

    private void removeFrom(long key, String id) {
        Entry<T>[] es = cells.get(key);
        if (es == null) {
            return;
        }
        if (es.length == 1) {
            if (es[0].id().equals(id)) {
                cells.remove(key);
            }
            return;
        }
        Entry<T>[] next = Arrays.copyOf(es, es.length - 1);
        int j = 0;
        for (Entry<T> x : es) {
            if (!x.id().equals(id)) {
                if (j == next.length) {
                    return; // not present: nothing to remove
                }
                next[j++] = x;
            }
        }
        cells.put(key, next);
    }

    private static int cellX(double lon) {
        return (int) Math.floor(lon / CELL_DEGREES);
    }

    private static int cellY(double lat) {
        return (int) Math.floor(lat / CELL_DEGREES);
    }

    private static long key(int cx, int cy) {
        return ((long) cx << 32) ^ (cy & 0xffffffffL);
    }
}
