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

    /** Feeds every point inside {@code bbox} (boundary inclusive) and accepted by {@code filter} to {@code sink}. */
    public void forEachIn(Envelope bbox, Predicate<? super T> filter, Consumer<Entry<T>> sink) {
        List<Entry<T>> found = consistently(() -> boxScan(bbox, filter), () -> {
            List<Entry<T>> all = new ArrayList<>();
            for (Entry<T> e : byId.values()) {
                if (bbox.covers(e.lon(), e.lat()) && filter.test(e.value())) {
                    all.add(e);
                }
            }
            return all;
        });
        found.forEach(sink);
    }

    private List<Entry<T>> boxScan(Envelope bbox, Predicate<? super T> filter) {
        List<Entry<T>> out = new ArrayList<>();
        Map<String, Boolean> seen = new HashMap<>();
        for (int cx = cellX(bbox.getMinX()), cx1 = cellX(bbox.getMaxX()); cx <= cx1; cx++) {
            for (int cy = cellY(bbox.getMinY()), cy1 = cellY(bbox.getMaxY()); cy <= cy1; cy++) {
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
     * and at most {@code maxMetres} away; nearest first, ties by id.
     */
    public List<Hit<T>> nearest(double lon, double lat, int k, double maxMetres, Predicate<? super T> filter) {
        if (k <= 0 || byId.isEmpty()) {
            return List.of();
        }
        return consistently(() -> ringSearch(lon, lat, k, maxMetres, filter), () -> {
            List<Hit<T>> all = new ArrayList<>();
            for (Entry<T> e : byId.values()) {
                if (filter.test(e.value())) {
                    double d = Geodesy.distance(lon, lat, e.lon(), e.lat());
                    if (d <= maxMetres) {
                        all.add(new Hit<>(e, d));
                    }
                }
            }
            all.sort(HIT_ORDER);
            return List.copyOf(all.subList(0, Math.min(k, all.size())));
        });
    }

    private List<Hit<T>> ringSearch(double lon, double lat, int k, double maxMetres, Predicate<? super T> filter) {
        @SuppressWarnings("unchecked")
        Comparator<Hit<T>> order = (Comparator<Hit<T>>) (Comparator<?>) HIT_ORDER;
        PriorityQueue<Hit<T>> best = new PriorityQueue<>(order.reversed()); // worst on top
        Map<String, Boolean> seen = new HashMap<>();
        int ccx = cellX(lon);
        int ccy = cellY(lat);
        int maxRing = Math.max(Math.max(ccx - minCx, maxCx - ccx), Math.max(ccy - minCy, maxCy - ccy));
        for (int r = 0; r <= maxRing; r++) {
            // A point in ring r lies outside the block of rings 0..r-1, hence at least r-1 cell
            // sides away; the east-west side shrinks with latitude, so take the widest latitude the
            // ring reaches.
            double side = CELL_DEGREES * MIN_METRES_PER_DEGREE_LAT
                    * Math.cos(Math.toRadians(Math.min(89, Math.abs(lat) + (r + 1) * CELL_DEGREES)));
            double bound = Math.max(0, r - 1) * side;
            if (bound > maxMetres || (best.size() == k && bound > best.peek().metres())) {
                break;
            }
            for (int cx = ccx - r; cx <= ccx + r; cx++) {
                boolean edgeColumn = cx == ccx - r || cx == ccx + r;
                for (int cy = ccy - r; cy <= ccy + r; cy += edgeColumn ? 1 : 2 * r) {
                    Entry<T>[] es = cells.get(key(cx, cy));
                    if (es != null) {
                        for (Entry<T> e : es) {
                            if (!filter.test(e.value()) || seen.put(e.id(), Boolean.TRUE) != null) {
                                continue;
                            }
                            // The flat-earth distance is within 0.5 % up to 200 km: skip the exact
                            // geodesic for candidates that clearly cannot make the cut.
                            double approx = Geodesy.approxDistance(lon, lat, e.lon(), e.lat());
                            if (approx < APPROX_VALID_METRES && (approx * (1 - APPROX_MARGIN) > maxMetres
                                    || (best.size() == k && approx * (1 - APPROX_MARGIN) > best.peek().metres()))) {
                                continue;
                            }
                            double d = Geodesy.distance(lon, lat, e.lon(), e.lat());
                            if (d > maxMetres) {
                                continue;
                            }
                            Hit<T> h = new Hit<>(e, d);
                            if (best.size() < k) {
                                best.add(h);
                            } else if (order.compare(h, best.peek()) < 0) {
                                best.poll();
                                best.add(h);
                            }
                        }
                    }
                    if (r == 0) {
                        break;
                    }
                }
            }
        }
        List<Hit<T>> out = new ArrayList<>(best);
        out.sort(order);
        return out;
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
