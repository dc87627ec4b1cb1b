package org.gridwatch.incident;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import org.gridwatch.geo.Geodesy;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;

/**
 * In-memory index of incidents, answering area × time × attribute queries without touching the store.
 *
 * <p><b>Layout.</b> Incidents are partitioned by {@code reportedAt} into weeks; inside a week, a
 * spatial hash of 0.01° cells (about 1 km) holds append-only buckets. A query visits only the
 * weeks its time window meets and the cells its area meets (phase one), then tests each
 * candidate exactly: inclusive envelope, prepared polygon, or geodesic distance (phase two).
 * Results come newest {@code reportedAt} first, ties by descending id, paged by cursor.
 *
 * <p><b>Thread-safety.</b> Single writer, lock-free readers: {@link #add} and {@link #update}
 * must be called by one thread at a time (the service serialises writes); queries may run on
 * any number of threads concurrently with the writer and never block. A reader sees each
 * incident either before or after a concurrent write, never torn.
 *
 * <p><b>Counts.</b> The index keeps its {@link IncidentCounts} (per grid, category and time) in
 * step with every {@link #add} and {@link #update}, so whatever writes the index (the
 * {@code index} stage, the load at start-up, rebuilds) also keeps the counts, with the same
 * single writer.
 */
public final class IncidentIndex {
    /** Partition length: one week, in milliseconds. */
    static final long PARTITION_MILLIS = 7L * 24 * 3600 * 1000;
    /** Spatial hash cell size in degrees. */
    static final double CELL_DEGREES = 0.01;

    private static final Comparator<Entry> NEWEST_FIRST = (a, b) -> {
        int c = Long.compare(b.reportedAtMillis, a.reportedAtMillis);
        return c != 0 ? c : Long.compare(b.id, a.id);
    };

    private final Map<Long, Entry> byId = new ConcurrentHashMap<>();
    private final Map<String, Long> byExternalId = new ConcurrentHashMap<>();
    private final NavigableMap<Long, Partition> partitions = new ConcurrentSkipListMap<>();
    private final IncidentCounts counts = new IncidentCounts();

    /** Number of incidents indexed. */
    public int size() {
        return byId.size();
    }

    /** The counts per grid, category and time of the indexed incidents, kept by this index's writes. */
    public IncidentCounts counts() {
        return counts;
    }

    /** The incident with this id, if indexed. */
    public Optional<Incident> get(long id) {
        Entry e = byId.get(id);
        return e == null ? Optional.empty() : Optional.of(e.current);
    }

    /** The incident reported by {@code source} under its own {@code externalId}, if indexed. */
    public Optional<Incident> findByExternalId(Source source, String externalId) {
        Long id = externalId == null ? null : byExternalId.get(externalKey(source, externalId));
        return id == null ? Optional.empty() : get(id);
    }

    /**
     * Adds a new incident. Writer thread only.
     *
     * @throws IllegalArgumentException if its id is indexed already
     */
    public void add(Incident incident) {
        Entry e = new Entry(incident);
        if (byId.putIfAbsent(incident.id(), e) != null) {
            throw new IllegalArgumentException("incident " + incident.id() + " is indexed already");
        }
        if (incident.externalId() != null) {
            byExternalId.put(externalKey(incident.source(), incident.externalId()), incident.id());
        }
        long key = Math.floorDiv(e.reportedAtMillis, PARTITION_MILLIS);
        partitions.computeIfAbsent(key, k -> new Partition()).add(cellKey(e.lon, e.lat), e);
        counts.add(incident);
    }

    /**
     * Replaces an indexed incident by a newer version of itself (same id, location and time).
     * Writer thread only.
     *
     * @throws IllegalArgumentException if the id is unknown or location/time changed
     */
    public void update(Incident incident) {
        Entry e = byId.get(incident.id());
        if (e == null) {
            throw new IllegalArgumentException("incident " + incident.id() + " is not indexed");
        }
        if (e.lon != incident.lon() || e.lat != incident.lat()
                || e.reportedAtMillis != incident.reportedAt().toEpochMilli()) {
            throw new IllegalArgumentException("incident " + incident.id() + ": location and time are immutable");
        }
        Incident before = e.current;
        e.current = incident;
        counts.update(before, incident);
    }

    /**
     * One page of incidents matching {@code q}, newest first.
     *
     * @return the page; {@link Page#next()} is the cursor of the next page, or null when none remains
     */
    public Page query(IncidentQuery q) {
        Matcher m = new Matcher(q);
        List<Incident> items = new ArrayList<>(Math.min(q.limit(), 1024));
        List<Entry> candidates = new ArrayList<>();
        boolean more = false;
        for (Partition p : partitionsFor(q).descendingMap().values()) {
            candidates.clear();
            p.collect(m, candidates::add);
            candidates.sort(NEWEST_FIRST);
            for (Entry e : candidates) {
                if (items.size() == q.limit()) {
                    more = true;
                    break;
                }
                items.add(e.current);
            }
            if (more) {
                break;
            }
        }
        IncidentQuery.Cursor next = null;
        if (more && !items.isEmpty()) {
            Incident last = items.get(items.size() - 1);
            next = new IncidentQuery.Cursor(last.reportedAt().toEpochMilli(), last.id());
        }
        return new Page(List.copyOf(items), next);
    }

    /** Number of incidents matching {@code q}, ignoring its limit (the cursor still applies). */
    public long count(IncidentQuery q) {
        Matcher m = new Matcher(q);
        long[] n = {0};
        for (Partition p : partitionsFor(q).values()) {
            p.collect(m, e -> n[0]++);
        }
        return n[0];
    }

    /**
     * How many incidents {@link #query} or {@link #count} of {@code q} would read (an upper bound of
     * its cost), or some number above {@code cap} once that is certain. Costs O(cells of the query's
     * box in each week of its window), with no test of any incident: a caller on an event loop asks
     * it first, and runs the query itself only when the answer is cheap.
     */
    public long work(IncidentQuery q, long cap) {
        Matcher m = new Matcher(q);
        long n = 0;
        for (Partition p : partitionsFor(q).values()) {
            n += p.work(m, cap - n);
            if (n > cap) {
                break;
            }
        }
        return n;
    }

    /**
     * The earliest and the latest {@code reportedAt} of the incidents held, as {earliest, latest}, or
     * null when there are none. Reads only the first and the last week partitions (an incident's
     * partition is its report time's week). Lock-free; any thread.
     */
    public Instant[] span() {
        Map.Entry<Long, Partition> first = partitions.firstEntry();
        Map.Entry<Long, Partition> last = partitions.lastEntry();
        if (first == null) {
            return null;
        }
        long lo = first.getValue().reportedAt(true);
        long hi = last.getValue().reportedAt(false);
        return lo > hi ? null : new Instant[] {Instant.ofEpochMilli(lo), Instant.ofEpochMilli(hi)};
    }

    /** Feeds every incident matching {@code q} (ignoring limit) to {@code sink}, in no particular order. */
    public void forEach(IncidentQuery q, Consumer<Incident> sink) {
        Matcher m = new Matcher(q);
        for (Partition p : partitionsFor(q).values()) {
            p.collect(m, e -> sink.accept(e.current));
        }
    }

    private NavigableMap<Long, Partition> partitionsFor(IncidentQuery q) {
        long lo = q.from() == null ? Long.MIN_VALUE : Math.floorDiv(q.from().toEpochMilli(), PARTITION_MILLIS);
        long hiMillis = q.to() == null ? Long.MAX_VALUE : q.to().toEpochMilli() - 1;
        if (q.after() != null) {
            hiMillis = Math.min(hiMillis, q.after().reportedAtMillis());
        }
        long hi = Math.floorDiv(hiMillis, PARTITION_MILLIS);
        return lo > hi ? new ConcurrentSkipListMap<>() : partitions.subMap(lo, true, hi, true);
    }

    private static String externalKey(Source s, String externalId) {
        return s.id() + '\u0000' + externalId;
    }

    private static long cellKey(double lon, double lat) {
        return cellKey((long) Math.floor(lon / CELL_DEGREES), (long) Math.floor(lat / CELL_DEGREES));
    }

    /**
     * The map key of cell (cx, cy): the two halves side by side, multiplied by an odd constant (a
     * bijection, so keys stay distinct) so that {@link Long#hashCode}, which folds the halves with
     * XOR, spreads neighbouring cells instead of piling a city's cells into a few buckets.
     */
    private static long cellKey(long cx, long cy) {
        return ((cx << 32) | (cy & 0xffffffffL)) * 0x9E3779B97F4A7C15L;
    }

    /**
     * A page of results.
     *
     * @param items incidents, newest first
     * @param next  cursor for the following page, or {@code null} when this is the last page
     */
    public record Page(List<Incident> items, IncidentQuery.Cursor next) {
    }

    /** The immutable location/time of an incident plus its current version. */
    private static final class Entry {
        final long id;
        final double lon;
        final double lat;
        final long reportedAtMillis;
        volatile Incident current;

        Entry(Incident i) {
            this.id = i.id();
            this.lon = i.lon();
            this.lat = i.lat();
            this.reportedAtMillis = i.reportedAt().toEpochMilli();
            this.current = i;
        }
    }

    /** One week of incidents in a spatial hash of append-only buckets. */
    private static final class Partition {
        final Map<Long, Bucket> cells = new ConcurrentHashMap<>();
        /** Incidents in the partition (written by the one writer after the bucket's). */
        volatile int size;

        void add(long cell, Entry e) {
            cells.computeIfAbsent(cell, c -> new Bucket()).add(e);
            size++; // single writer
        }

        /** The earliest ({@code min}) or the latest report time of the partition, epoch ms. */
        long reportedAt(boolean min) {
            long v = min ? Long.MAX_VALUE : Long.MIN_VALUE;
            for (Bucket b : cells.values()) {
                int n = b.size;
                Entry[] a = b.items;
                for (int i = 0; i < n; i++) {
                    v = min ? Math.min(v, a[i].reportedAtMillis) : Math.max(v, a[i].reportedAtMillis);
                }
            }
            return v;
        }

        /** What {@link #collect} would read, or more than {@code cap} once that is certain. */
        long work(Matcher m, long cap) {
            if (m.envelope == null) {
                return size;
            }
            long cx0 = (long) Math.floor(m.envelope.getMinX() / CELL_DEGREES);
            long cx1 = (long) Math.floor(m.envelope.getMaxX() / CELL_DEGREES);
            long cy0 = (long) Math.floor(m.envelope.getMinY() / CELL_DEGREES);
            long cy1 = (long) Math.floor(m.envelope.getMaxY() / CELL_DEGREES);
            if ((cx1 - cx0 + 1) * (cy1 - cy0 + 1) > cells.size()) {
                return size;
            }
            long n = 0;
            for (long cx = cx0; cx <= cx1 && n <= cap; cx++) {
                for (long cy = cy0; cy <= cy1; cy++) {
                    Bucket b = cells.get(cellKey(cx, cy));
                    if (b != null) {
                        n += b.size;
                    }
                }
            }
            return n;
        }

        void collect(Matcher m, Consumer<Entry> sink) {
            if (m.envelope == null) {
                for (Bucket b : cells.values()) {
                    b.collect(m, sink);
                }
                return;
            }
            long cx0 = (long) Math.floor(m.envelope.getMinX() / CELL_DEGREES);
            long cx1 = (long) Math.floor(m.envelope.getMaxX() / CELL_DEGREES);
            long cy0 = (long) Math.floor(m.envelope.getMinY() / CELL_DEGREES);
            long cy1 = (long) Math.floor(m.envelope.getMaxY() / CELL_DEGREES);
            long span = (cx1 - cx0 + 1) * (cy1 - cy0 + 1);
            if (span > cells.size()) {
                // A large area holds more cells than are occupied: walk the occupied ones.
                for (Bucket b : cells.values()) {
                    b.collect(m, sink);
                }
                return;
            }
            for (long cx = cx0; cx <= cx1; cx++) {
                for (long cy = cy0; cy <= cy1; cy++) {
                    Bucket b = cells.get(cellKey(cx, cy));
                    if (b != null) {
                        b.collect(m, sink);
                    }
                }
            }
        }
    }

    /**
     * Append-only array, one writer: the element is written before the volatile size, so a reader
     * that reads the size first sees every element below it, in whichever array it then reads.
     */
    private static final class Bucket {
        private volatile Entry[] items = new Entry[4];
        volatile int size;

        void add(Entry e) {
            Entry[] a = items;
            int n = size;
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, n * 2);
                items = a;
            }
            a[n] = e;
            size = n + 1;
        }

        void collect(Matcher m, Consumer<Entry> sink) {
            int n = size;
            Entry[] a = items;
            for (int i = 0; i < n; i++) {
                Entry e = a[i];
                if (m.matches(e)) {
                    sink.accept(e);
                }
            }
        }
    }

    /** Compiled form of a query: cheap tests first, exact geometry last. */
    private static final class Matcher {
        final Envelope envelope;
        final long fromMillis;
        final long toMillis;
        final IncidentQuery.Cursor after;
        final IncidentQuery q;
        final String[] scopePrefixes;
        final IndexedPointInAreaLocator polygon;
        final IncidentQuery.Circle circle;

        Matcher(IncidentQuery q) {
            this.q = q;
            this.fromMillis = q.from() == null ? Long.MIN_VALUE : q.from().toEpochMilli();
            this.toMillis = q.to() == null ? Long.MAX_VALUE : q.to().toEpochMilli();
            this.after = q.after();
            this.scopePrefixes = q.scope().prefixes().toArray(String[]::new);
            this.circle = q.circle();
            if (q.bbox() != null) {
                envelope = q.bbox();
                polygon = null;
            } else if (q.polygon() != null) {
                Geometry g = (Geometry) q.polygon();
                envelope = g.getEnvelopeInternal();
                polygon = new IndexedPointInAreaLocator(g);
            } else if (circle != null) {
                envelope = Geodesy.envelopeAround(circle.lon(), circle.lat(), circle.radiusMetres());
                polygon = null;
            } else {
                envelope = null;
                polygon = null;
            }
        }

        boolean matches(Entry e) {
            if (e.reportedAtMillis < fromMillis || e.reportedAtMillis >= toMillis) {
                return false;
            }
            if (after != null && (e.reportedAtMillis > after.reportedAtMillis()
                    || (e.reportedAtMillis == after.reportedAtMillis() && e.id >= after.id()))) {
                return false;
            }
            if (envelope != null && !envelope.covers(e.lon, e.lat)) {
                return false;
            }
            Incident i = e.current;
            if (!q.categories().isEmpty() && !q.categories().contains(i.category())) {
                return false;
            }
            if (!q.statuses().isEmpty() && !q.statuses().contains(i.status())) {
                return false;
            }
            if (!q.sources().isEmpty() && !q.sources().contains(i.source())) {
                return false;
            }
            if (!inScope(i.gridCode())) {
                return false;
            }
            if (polygon != null && polygon.locate(new Coordinate(e.lon, e.lat)) == Location.EXTERIOR) {
                return false;
            }
            return circle == null || Geodesy.withinDistance(circle.lon(), circle.lat(), e.lon, e.lat, circle.radiusMetres());
        }

        private boolean inScope(String gridCode) {
            for (String p : scopePrefixes) {
                if (gridCode.startsWith(p)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** All indexed incidents, in no particular order (for tests and rebuilds). */
    Collection<Incident> snapshot() {
        List<Incident> all = new ArrayList<>(byId.size());
        byId.values().forEach(e -> all.add(e.current));
        return all;
    }
}
