package org.gridwatch.patrol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * units, and a unit moves every few seconds). Above the cells, three levels of occupancy masks
 * make an implicit tree of fan-out 16: a block of 4 × 4 cells (0.04°) holds a 16-bit mask of its
 * occupied cells, a block of 4 × 4 such blocks (0.16°) a mask of its occupied blocks, and so on up
 * to regions of 0.64° (about 70 km). Unlike JTS's build-once {@code STRtree}, updates cost
 * O(entries in two cells) and, when a cell fills or empties, at most three mask updates.
 *
 * <p><b>Cost of a query.</b> Nearest is a best-first search (Hjaltason and Samet) over the blocks
 * and cells, nearest lower bound first: it reads only occupied cells, about as many as hold the k
 * answers and their close rivals, however far the query lies from every point (a query 40 km from
 * the nearest unit costs what one in the middle of them does). A box query visits the cells the
 * box meets, or reads the points when those cells would outnumber them (a whole-world box). Near
 * the poles and across the antimeridian, where cells in degrees say little about metres, nearest
 * reads the points, pruned by a lower bound of the distance. No query costs more than a scan of all
 * points; answers are exact everywhere on the ellipsoid.
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
    static final double APPROX_VALID_METRES = 200_000;
    /** Relative safety margin on approximate distances. */
    static final double APPROX_MARGIN = 0.01;
    /** Metres per degree of latitude, rounded down (for distance lower bounds). */
    static final double MIN_METRES_PER_DEGREE_LAT = 110_500.0;
    /**
     * Highest latitude, degrees, up to which the search goes by cells (and the flat-earth distance
     * prunes): beyond, cells in degrees shrink towards nothing and the points are read instead.
     */
    static final double CELL_MAX_LAT = 60;
    /** Metres per degree of longitude at the equator, rounded down (for distance lower bounds). */
    private static final double MIN_METRES_PER_DEGREE_LON = 111_000.0;
    /**
     * Children per side of a node, as a shift: a block of level l + 1 is 4 × 4 nodes of level l
     * (fan-out 16: fewer nodes queued per expansion than 8 × 8, for one more level).
     */
    private static final int FAN_SHIFT = 2;
    /** Levels: 0 = a cell, 1..{@code REGION} = blocks of 0.04°, 0.16°, 0.64°. */
    private static final int CELL = 0;
    private static final int REGION = 3;
    /** Largest number of regions a search starts from; beyond, the points are read instead. */
    private static final int MAX_SEED_REGIONS = 4096;

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
    static final Comparator<Hit<?>> HIT_ORDER =
            Comparator.<Hit<?>>comparingDouble(Hit::metres).thenComparing(h -> h.entry().id());

    private final Map<String, Entry<T>> byId = new ConcurrentHashMap<>();
    private final Map<Long, Entry<T>[]> cells = new ConcurrentHashMap<>();
    /**
     * Per level 1..{@link #REGION}, the occupied children of each block: bit {@code (x & 3) << 2 |
     * (y & 3)} of the child at (x, y) (boxed longs: published by the map). Index 0 is unused.
     */
    private final List<Map<Long, Long>> masks = List.of(Map.of(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>(),
            new ConcurrentHashMap<>());
    /** Odd while the writer moves a point between cells; bumped twice per move. */
    private volatile long moves;
    /** Occupied cell range ever seen (only grows): bounds the search. */
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
        if (old != null && cellX(old.lon()) == cx && cellY(old.lat()) == cy) {
            replaceIn(cx, cy, e);
        } else if (old == null) {
            widen(cx, cy);
            addTo(cx, cy, e);
        } else {
            widen(cx, cy);
            moves++; // odd: a move is in progress (single writer, so ++ on the volatile is safe)
            addTo(cx, cy, e);
            removeFrom(cellX(old.lon()), cellY(old.lat()), id);
            moves++;
        }
        byId.put(id, e);
        return old;
    }

    /** Removes a point. Writer thread only. @return the removed entry, or null */
    public Entry<T> remove(String id) {
        Entry<T> old = byId.remove(id);
        if (old != null) {
            removeFrom(cellX(old.lon()), cellY(old.lat()), id);
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
     * <p>Cost: O(points) at worst, whatever the query point or radius; typically the few cells that
     * hold the answer and the blocks above them. The best-first search starts from the regions
     * that meet the search disc's box (inside the occupied range); one near a pole or across the
     * antimeridian (where cells in degrees say little about metres), or one whose box meets more
     * than {@value #MAX_SEED_REGIONS} regions, reads the points instead, pruned by their latitude
     * difference (a lower bound of the geodesic distance).
     */
    public List<Hit<T>> nearest(double lon, double lat, int k, double maxMetres, Predicate<? super T> filter) {
        return nearest(lon, lat, k, maxMetres, filter, Long.MAX_VALUE);
    }

    /**
     * {@link #nearest(double, double, int, double, Predicate)} within a budget of work: null when the
     * search would read more than {@code budget} cells, blocks and points (a filter that refuses most
     * points, a radius wider than the points' spread), so that a caller on an event loop can answer
     * the cheap questions itself and hand the others to a pool. With {@code Long.MAX_VALUE} it never
     * returns null.
     *
     * @param budget most cells, blocks and candidate points the search may read; &ge; 1
     */
    public List<Hit<T>> nearest(double lon, double lat, int k, double maxMetres, Predicate<? super T> filter,
                                long budget) {
        if (k <= 0 || byId.isEmpty() || !(maxMetres >= 0)) {
            return List.of();
        }
        Object none = new Object();
        Object r = consistently(() -> {
            CellWindow w = searchWindow(lon, lat, maxMetres);
            if (w == null) {
                return scanWithin(lon, lat, k, maxMetres, filter, budget, none);
            }
            Object found = bestFirst(lon, lat, k, maxMetres, filter, w, budget, none);
            return found != null ? found : scanWithin(lon, lat, k, maxMetres, filter, budget, none);
        }, () -> scanWithin(lon, lat, k, maxMetres, filter, budget, none));
        if (r == none) {
            return null;
        }
        @SuppressWarnings("unchecked")
        List<Hit<T>> hits = (List<Hit<T>>) r;
        return hits;
    }

    /** The scan of every point, or {@code none} when it is more than the budget allows. */
    private Object scanWithin(double lon, double lat, int k, double maxMetres, Predicate<? super T> filter, long budget,
                              Object none) {
        return byId.size() > budget ? none : nearestByScan(lon, lat, k, maxMetres, filter);
    }

    /**
     * The cells a search around (lon, lat) may visit: the box of the disc of {@code maxMetres}
     * inside the occupied range; null where a search by cells is not the right tool (near a pole,
     * across the antimeridian) and the points are to be read instead. Its rectangle may be empty
     * (x0 > x1): no point can be near enough.
     */
    private CellWindow searchWindow(double lon, double lat, double maxMetres) {
        CellWindow occupied = occupied();
        if (occupied == null) {
            return new CellWindow(0, -1, 0, -1);
        }
        if (Math.abs(lat) > CELL_MAX_LAT || occupied.y0() * CELL_DEGREES < -CELL_MAX_LAT
                || (occupied.y1() + 1) * CELL_DEGREES > CELL_MAX_LAT) {
            return null;
        }
        if (Double.isInfinite(maxMetres)) {
            return occupied;
        }
        double dLat = maxMetres / MIN_METRES_PER_DEGREE_LAT;
        double maxAbsLat = Math.abs(lat) + dLat;
        if (maxAbsLat > CELL_MAX_LAT) {
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
     * Best-first search from the regions that meet {@code w}: nodes come off the queue nearest lower
     * bound first, so the search stops as soon as the next node cannot beat the k-th hit. Returns
     * null when there are too many regions to start from (the caller scans the points), {@code none}
     * when the budget ran out.
     */
    private Object bestFirst(double lon, double lat, int k, double maxMetres, Predicate<? super T> filter,
                             CellWindow w, long budget, Object none) {
        NearestCandidates<T> best = new NearestCandidates<>(k, lon, lat, maxMetres, true);
        if (w.x0() > w.x1() || w.y0() > w.y1()) {
            return best.sorted();
        }
        int shift = REGION * FAN_SHIFT;
        int rx0 = w.x0() >> shift;
        int rx1 = w.x1() >> shift;
        int ry0 = w.y0() >> shift;
        int ry1 = w.y1() >> shift;
        if ((rx1 - (long) rx0 + 1) * (ry1 - (long) ry0 + 1) > MAX_SEED_REGIONS) {
            return null;
        }
        NodeQueue queue = new NodeQueue();
        double cosQuery = Math.cos(Math.toRadians(Math.min(CELL_MAX_LAT, Math.abs(lat))));
        for (int rx = rx0; rx <= rx1; rx++) {
            for (int ry = ry0; ry <= ry1; ry++) {
                if (masks.get(REGION).containsKey(key(rx, ry))) {
                    offer(queue, REGION, rx, ry, lon, lat, cosParallel(REGION, ry, cosQuery), best);
                }
            }
        }
        long steps = 0;
        while (!queue.isEmpty() && queue.peekFloor() <= best.limit()) {
            // (a node beyond the k-th hit or the radius ends it: every node left is farther still)
            long node = queue.peekNode();
            queue.removeFirst();
            if (++steps > budget) {
                return none;
            }
            int level = NodeQueue.level(node);
            int x = NodeQueue.x(node);
            int y = NodeQueue.y(node);
            if (level == CELL) {
                Entry<T>[] es = cells.get(key(x, y));
                if (es != null) {
                    steps += es.length;
                    for (Entry<T> e : es) {
                        if (filter.test(e.value())) {
                            best.consider(e);
                        }
                    }
                }
                continue;
            }
            Long mask = masks.get(level).get(key(x, y));
            // One cosine for the children: the parent's widest latitude bounds theirs.
            double cos = cosParallel(level, y, cosQuery);
            for (long m = mask == null ? 0 : mask; m != 0; m &= m - 1) {
                int bit = Long.numberOfTrailingZeros(m);
                offer(queue, level - 1, (x << FAN_SHIFT) | (bit >>> FAN_SHIFT),
                        (y << FAN_SHIFT) | (bit & ((1 << FAN_SHIFT) - 1)), lon, lat, cos, best);
            }
        }
        return best.sorted();
    }

    /**
     * The cosine of the widest latitude of row {@code y} of {@code level} and of the query (whose
     * cosine is {@code cosQuery}), capped at {@link #CELL_MAX_LAT}: the smallest scale of a degree
     * of longitude between the query and that row.
     */
    private static double cosParallel(int level, int y, double cosQuery) {
        int shift = level * FAN_SHIFT;
        double y0 = ((long) y << shift) * CELL_DEGREES;
        double y1 = (((long) y + 1) << shift) * CELL_DEGREES;
        double widest = Math.min(CELL_MAX_LAT, Math.max(Math.abs(y0), Math.abs(y1)));
        return Math.min(cosQuery, Math.cos(Math.toRadians(widest)));
    }

    /** Queues the node at (x, y) of {@code level} unless it lies beyond what can still be a hit. */
    private static void offer(NodeQueue queue, int level, int x, int y, double lon, double lat, double cos,
                              NearestCandidates<?> best) {
        int shift = level * FAN_SHIFT;
        double x0 = ((long) x << shift) * CELL_DEGREES;
        double x1 = (((long) x + 1) << shift) * CELL_DEGREES;
        double y0 = ((long) y << shift) * CELL_DEGREES;
        double y1 = (((long) y + 1) << shift) * CELL_DEGREES;
        double floor = floor(lon, lat, x0, x1, y0, y1, cos);
        if (floor <= best.limit()) {
            queue.add(level, x, y, floor);
        }
    }

    /**
     * A lower bound of the geodesic distance from (lon, lat) to any point of the box [x0, x1] ×
     * [y0, y1] (degrees, |latitude| &le; {@link #CELL_MAX_LAT}), metres. Within
     * {@link #APPROX_VALID_METRES} it is the flat-earth distance with the smallest metres per
     * degree either way (meridian: 110.5 km; parallel: 111 km × cos of the box's or the query's
     * widest latitude), less {@link #APPROX_MARGIN}; beyond, the meridian arc between the parallels
     * (always a lower bound), and at least that flat-earth range's own bound.
     */
    static double floor(double lon, double lat, double x0, double x1, double y0, double y1) {
        double widest = Math.min(CELL_MAX_LAT, Math.max(Math.abs(lat), Math.max(Math.abs(y0), Math.abs(y1))));
        return floor(lon, lat, x0, x1, y0, y1, Math.cos(Math.toRadians(widest)));
    }

    /**
     * {@link #floor(double, double, double, double, double, double)} given a cosine no larger than
     * that of the box's and the query's widest latitude.
     */
    private static double floor(double lon, double lat, double x0, double x1, double y0, double y1, double cos) {
        double dx = lon < x0 ? x0 - lon : lon > x1 ? lon - x1 : 0;
        double dy = lat < y0 ? y0 - lat : lat > y1 ? lat - y1 : 0;
        if (dx == 0 && dy == 0) {
            return 0;
        }
        double meridian = dy * MIN_METRES_PER_DEGREE_LAT;
        double parallel = dx * MIN_METRES_PER_DEGREE_LON * cos;
        double flat = Math.sqrt(meridian * meridian + parallel * parallel);
        return flat < APPROX_VALID_METRES ? flat * (1 - APPROX_MARGIN)
                : Math.max(meridian, APPROX_VALID_METRES * (1 - APPROX_MARGIN));
    }

    /** The nearest search by a scan of every point: O(points), right everywhere on the ellipsoid. */
    private List<Hit<T>> nearestByScan(double lon, double lat, int k, double maxMetres, Predicate<? super T> filter) {
        NearestCandidates<T> best = new NearestCandidates<>(k, lon, lat, maxMetres, Math.abs(lat) <= CELL_MAX_LAT);
        for (Entry<T> e : byId.values()) {
            if (best.latitudeFloor(e) <= best.limit() && filter.test(e.value())) {
                best.consider(e);
            }
        }
        return best.sorted();
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
    private void addTo(int cx, int cy, Entry<T> e) {
        long key = key(cx, cy);
        Entry<T>[] es = cells.get(key);
        Entry<T>[] next;
        if (es == null) {
            next = (Entry<T>[]) new Entry<?>[] {e};
        } else {
            next = Arrays.copyOf(es, es.length + 1);
            next[es.length] = e;
        }
        if (es == null) {
            // The masks first: a reader that finds the cell's bit may find the cell still empty, never the reverse.
            mark(cx, cy, true);
        }
        cells.put(key, next);
    }

    /**
     * Replaces a point's entry within its cell, in place: no copy of the cell, no map write (the
     * common update: a unit that moved a few metres). A reader scanning the cell meanwhile sees the
     * old entry or the new one, each complete (an entry is immutable, its fields final), as it
     * would with a copied array read just before or after.
     */
    private void replaceIn(int cx, int cy, Entry<T> e) {
        Entry<T>[] es = cells.get(key(cx, cy));
        for (int i = 0; i < es.length; i++) {
            if (es[i].id().equals(e.id())) {
                es[i] = e;
                return;
            }
        }
        throw new IllegalStateException("index corrupt: " + e.id() + " not in its cell");
    }

    private void removeFrom(int cx, int cy, String id) {
        long key = key(cx, cy);
        Entry<T>[] es = cells.get(key);
        if (es == null) {
            return;
        }
        if (es.length == 1) {
            if (es[0].id().equals(id)) {
                cells.remove(key);
                mark(cx, cy, false);
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

    /** Sets or clears cell (cx, cy)'s bit in its block's mask, and so on up while a mask empties or fills. */
    private void mark(int cx, int cy, boolean occupied) {
        int x = cx;
        int y = cy;
        for (int level = 1; level <= REGION; level++) {
            int px = x >> FAN_SHIFT;
            int py = y >> FAN_SHIFT;
            if (!set(masks.get(level), key(px, py), bit(x, y), occupied)) {
                return; // the parent's mask neither emptied nor filled: the levels above stay as they are
            }
            x = px;
            y = py;
        }
    }

    /** The bit of child (x, y) in its parent's mask. */
    private static long bit(int x, int y) {
        int mask = (1 << FAN_SHIFT) - 1;
        return 1L << (((x & mask) << FAN_SHIFT) | (y & mask));
    }

    /**
     * Sets or clears {@code bit} of the mask at {@code key}; true when the mask went from empty to
     * non-empty or back (the parent's bit must follow).
     */
    private static boolean set(Map<Long, Long> masks, long key, long bit, boolean on) {
        Long was = masks.get(key);
        long before = was == null ? 0 : was;
        long after = on ? before | bit : before & ~bit;
        if (after == 0) {
            masks.remove(key);
        } else if (after != before) {
            masks.put(key, after);
        }
        return (before == 0) != (after == 0);
    }

    private static int cellX(double lon) {
        return (int) Math.floor(lon / CELL_DEGREES);
    }

    private static int cellY(double lat) {
        return (int) Math.floor(lat / CELL_DEGREES);
    }

    /**
     * The map key of (x, y): the two ints side by side, multiplied by an odd constant (a bijection of
     * the longs, so keys stay distinct) so that {@link Long#hashCode}, which folds the halves with
     * XOR, spreads neighbouring cells; unmixed, the cells of one city collide in a few dozen buckets.
     */
    private static long key(int x, int y) {
        return (((long) x << 32) | (y & 0xffffffffL)) * 0x9E3779B97F4A7C15L;
    }
}
