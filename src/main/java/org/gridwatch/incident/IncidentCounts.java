package org.gridwatch.incident;

import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.area.Scope;

/**
 * Incident counts per grid and category over any time window, maintained incrementally from the
 * writes of the {@link IncidentIndex} that owns it: for each grid and category, the number of
 * incidents, how many had a unit on scene ({@link Incident#responseTime()}) and the sum of their
 * response times in seconds. {@link #tally} answers a window {@code [from, to)} (either end
 * open) with exactly what a recount of the index's incidents of that window would give.
 *
 * <p><b>Layout.</b> Time is cut into UTC days (epoch day = {@code floorDiv(reportedAt ms,
 * 86,400,000)}). Aggregates are kept at six levels of aligned blocks of 1, 4, 16, 64, 256 and
 * 1024 days; each block holds only the (grid, category) cells that received an incident, as
 * parallel arrays (cell key = grid ordinal × categories + category ordinal; count and responded
 * packed in one long, response seconds), kept sorted by key but for a short tail of new cells, so
 * that adding a block up is one forward pass over the query's accumulators. Under them, every UTC hour keeps its incidents as compact tuples (id,
 * ms within the hour, cell key, response seconds), the exact level for the partial days at a
 * window's two edges and the place an update finds the incident's previous version. A window is
 * answered by the raw tuples of its partial first and last day, and for the whole days between
 * by a dyadic-style decomposition: at each level at most three blocks on either side, the rest
 * taken by the next level up. Grid ordinals are given in order of first appearance, so grid
 * codes outside the area hierarchy are counted too (they count for the total and the scope).
 *
 * <p><b>Why these levels.</b> A day holds about as many cells as incidents when a day brings
 * fewer incidents than the city has grid × category cells (108,600 in the demo city), so day
 * blocks alone would not beat a scan; blocks of 16 days and more are nearly dense and answer
 * weeks at once. Fan-out 4 keeps about half the cells of fan-out 2 (estimated from the cell counts
 * per level of the benchmark's data) for a similar worst case. Hour aggregates were left out on purpose: below saturation
 * an hour's cells are as many as its incidents, so the tuples are as fast to add up.
 *
 * <p><b>Cost.</b> A query reads at most the tuples of two days plus the cells of at most six
 * blocks per level (three on either side) and one top block per 1024 days; it allocates one set of
 * accumulators (grids × categories × 16 bytes). A write touches one cell per level and one tuple.
 *
 * <p><b>Memory.</b> Proportional to the data, never to grids × days: 24 bytes a tuple per
 * incident, and per non-empty cell of a block 20 bytes of arrays plus 8 to 16 bytes of hash table
 * (the arrays grow by half, so up to a third more in slack). See docs/PERFORMANCE.md for
 * a measured figure.
 *
 * <p><b>Thread-safety.</b> Single writer, lock-free readers, like the {@link IncidentIndex}:
 * {@link #add} and {@link #update} must be called by one thread at a time (the index's writer);
 * {@link #tally} may run on any number of threads concurrently with it and never blocks. Arrays
 * are published through volatile fields after they are filled; counters are updated in place
 * (plain {@code long} writes) inside a sequence count the writer makes odd before a
 * write and even after. A reader sums optimistically, then re-reads the sequence: if no write
 * ran meanwhile, its answer is exactly the state between two writes; otherwise it sums once more,
 * and if a write overlapped that attempt too it returns it as is. Such an answer reflects every
 * write completed before the query began and part of those that ran during it: each cell counter
 * is read whole, so an incident added meanwhile is counted once or not at all, and an incident
 * whose category changed meanwhile may be counted under both or neither category, the total
 * thus off by at most the number of overlapping writes.
 */
public final class IncidentCounts {
    /** Length of the finest aggregate block (one UTC day), in milliseconds. */
    static final long DAY_MILLIS = Duration.ofDays(1).toMillis();
    /** Length of the raw tuple lists (one UTC hour), in milliseconds. */
    static final long HOUR_MILLIS = Duration.ofHours(1).toMillis();
    /** Block length of each aggregate level, in days: each divides the next (fan-out 4). */
    static final long[] LEVEL_DAYS = {1, 4, 16, 64, 256, 1024};
    private static final Category[] CATEGORIES = Category.values();
    /** Cells per grid: one per category. */
    static final int CATEGORY_COUNT = CATEGORIES.length;
    /** Response seconds of an incident without a unit on scene. */
    private static final long NO_RESPONSE = Long.MIN_VALUE;
    /** Attempts of an optimistic read before answering with a write overlapped. */
    private static final int READ_ATTEMPTS = 2;

    /** Grid code → ordinal; writer only. */
    private final Map<String, Integer> ordinals = new HashMap<>();
    /** Ordinal → grid code; entries below {@link #gridCount} are set before it is raised. */
    private volatile String[] codes = new String[256];
    private volatile int gridCount;
    /** Per level: block index → cells. */
    private final List<Map<Long, Cells>> levels = new ArrayList<>();
    /** Epoch hour → raw tuples. */
    private final Map<Long, Tuples> hours = new ConcurrentHashMap<>();
    /** Earliest and latest reportedAt ms of any incident added; meaningful once {@link #size} > 0. */
    private volatile long firstMillis = Long.MAX_VALUE;
    private volatile long lastMillis = Long.MIN_VALUE;
    private volatile int size;
    /** Odd while the writer changes counters, even between writes. */
    private volatile long sequence;
    /** Per level, the last grid ordinal → area row map made by {@link #byArea}; any thread. */
    private final Map<AdminLevel, RowMap> rowMaps = new ConcurrentHashMap<>();

    public IncidentCounts() {
        for (int l = 0; l < LEVEL_DAYS.length; l++) {
            levels.add(new ConcurrentHashMap<>());
        }
    }

    /** Number of incidents counted. */
    public int size() {
        return size;
    }

    /**
     * What the counts hold and about how much heap their arrays take (capacities × element sizes,
     * object headers and map entries left out). Walks every block: for monitoring and benchmarks,
     * not for every request. Any thread.
     */
    public Footprint footprint() {
        long bytes = 0;
        long tuples = 0;
        for (Tuples t : hours.values()) {
            TupleArrays a = t.arrays;
            tuples += a.size;
            bytes += a.id.length * 24L;
        }
        long[] cells = new long[LEVEL_DAYS.length];
        for (int l = 0; l < LEVEL_DAYS.length; l++) {
            for (Cells c : levels.get(l).values()) {
                CellArrays a = c.arrays;
                cells[l] += a.size;
                bytes += a.key.length * 20L + c.table.length * 4L;
            }
        }
        return new Footprint(tuples, cells, bytes);
    }

    /**
     * See {@link #footprint()}.
     *
     * @param tuples        incidents held as tuples (one each)
     * @param cellsPerLevel non-empty cells of all blocks, per level of {@link #LEVEL_DAYS}
     * @param bytes         heap of the arrays, approximately
     */
    public record Footprint(long tuples, long[] cellsPerLevel, long bytes) {
        @Override
        public String toString() {
            return tuples + " tuples, cells per level (days " + Arrays.toString(LEVEL_DAYS) + ") "
                    + Arrays.toString(cellsPerLevel) + ", about " + bytes / (1 << 20) + " MiB";
        }
    }

    /** Counts a new incident. Writer thread only; the caller guarantees its id is new. */
    public void add(Incident incident) {
        long at = incident.reportedAt().toEpochMilli();
        int key = key(incident);
        long seconds = responseSeconds(incident);
        beginWrite();
        Tuples t = hours.computeIfAbsent(Math.floorDiv(at, HOUR_MILLIS), h -> new Tuples());
        t.add(incident.id(), (int) Math.floorMod(at, HOUR_MILLIS), key, seconds);
        addToLevels(Math.floorDiv(at, DAY_MILLIS), key, 1, seconds, 1);
        if (at < firstMillis) {
            firstMillis = at;
        }
        if (at > lastMillis) {
            lastMillis = at;
        }
        size++;
        endWrite();
    }

    /**
     * Replaces the contribution of {@code before} by that of {@code after}, a newer version of the
     * same incident (same id and reportedAt; category, grid and response time may differ). Writer
     * thread only.
     *
     * @throws IllegalArgumentException if {@code before} is not counted or the two differ in id or time
     */
    public void update(Incident before, Incident after) {
        long at = before.reportedAt().toEpochMilli();
        if (before.id() != after.id() || at != after.reportedAt().toEpochMilli()) {
            throw new IllegalArgumentException("incident " + before.id() + ": id and time are immutable");
        }
        Tuples t = hours.get(Math.floorDiv(at, HOUR_MILLIS));
        int slot = t == null ? -1 : t.find(before.id());
        if (slot < 0) {
            throw new IllegalArgumentException("incident " + before.id() + " is not counted");
        }
        int oldKey = t.key(slot);
        long oldSeconds = t.seconds(slot);
        int newKey = key(after);
        long newSeconds = responseSeconds(after);
        if (oldKey == newKey && oldSeconds == newSeconds) {
            return;
        }
        long day = Math.floorDiv(at, DAY_MILLIS);
        beginWrite();
        t.set(slot, newKey, newSeconds);
        if (oldKey == newKey) {
            // Same cell: only the response changes, the count stays.
            for (int l = 0; l < LEVEL_DAYS.length; l++) {
                Cells c = levels.get(l).get(Math.floorDiv(day, LEVEL_DAYS[l]));
                c.change(c.slot(newKey), 0, responded(newSeconds) - responded(oldSeconds),
                        seconds(newSeconds) - seconds(oldSeconds));
            }
        } else {
            addToLevels(day, oldKey, -1, oldSeconds, -1);
            addToLevels(day, newKey, 1, newSeconds, 1);
        }
        endWrite();
    }

    private void beginWrite() {
        sequence++;
        // The counters' plain writes must not become visible before the odd sequence.
        VarHandle.storeStoreFence();
    }

    private void endWrite() {
        sequence++;
    }

    /** Applies one change record (a report or a new version). Writer thread only. */
    public void apply(IncidentChange change) {
        if (change.isReport()) {
            add(change.after());
        } else {
            update(change.before(), change.after());
        }
    }

    /**
     * Counts per grid and category of the incidents reported in {@code [from, to)}: {@code from}
     * inclusive, {@code to} exclusive, both compared in epoch milliseconds as the index does;
     * {@code null} leaves that end open. Any thread; never blocks.
     */
    public Tally tally(Instant from, Instant to) {
        long lo = from == null ? Long.MIN_VALUE : from.toEpochMilli();
        long hi = to == null ? Long.MAX_VALUE : to.toEpochMilli();
        Tally t = null;
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            long seq = sequence;
            t = sum(lo, hi);
            // The sum's plain reads must be done before the sequence is read again.
            VarHandle.loadLoadFence();
            if ((seq & 1) == 0 && sequence == seq) {
                break;
            }
        }
        return t;
    }

    /**
     * The {@link #tally} of {@code [from, to)} rolled up to the areas of {@code level}, for the
     * incidents inside {@code scope} of the asked {@code categories} (empty: all); see
     * {@link AreaCounts} for which incidents count where. Any thread; never blocks.
     */
    public AreaCounts byArea(Instant from, Instant to, AreaHierarchy areas, AdminLevel level, Scope scope,
                             Set<Category> categories) {
        Tally t = tally(from, to);
        return AreaCounts.of(t, areas.level(level), rowMap(t, areas, level), scope, categories);
    }

    /**
     * Per grid ordinal of {@code t}, the row of the area it counts for at {@code level}: kept
     * between queries, made again when grids were added or for another hierarchy.
     */
    private int[] rowMap(Tally t, AreaHierarchy areas, AdminLevel level) {
        RowMap m = rowMaps.get(level);
        if (m != null && m.areas == areas && m.rows.length >= t.grids()) {
            return m.rows;
        }
        List<AdminArea> list = areas.level(level);
        Map<String, Integer> rowOfCode = new HashMap<>();
        for (int r = 0; r < list.size(); r++) {
            rowOfCode.put(list.get(r).code(), r);
        }
        int length = level.codeLength();
        int[] rows = new int[t.grids()];
        for (int g = 0; g < rows.length; g++) {
            String code = t.code(g);
            Integer r = level == AdminLevel.CITY ? rowOfCode.get(areas.city().code())
                    : code.length() < length ? null : rowOfCode.get(code.substring(0, length));
            rows[g] = r == null ? -1 : r;
        }
        rowMaps.put(level, new RowMap(areas, rows));
        return rows;
    }

    private record RowMap(AreaHierarchy areas, int[] rows) {
    }

    private Tally sum(long from, long to) {
        int grids = gridCount;
        Tally t = new Tally(Arrays.copyOf(codes, grids), grids * CATEGORY_COUNT);
        if (size == 0) {
            return t;
        }
        long lo = Math.max(from, firstMillis);
        long hi = lastMillis == Long.MAX_VALUE ? to : Math.min(to, lastMillis + 1);
        if (lo >= hi) {
            return t;
        }
        long firstWholeDay = -Math.floorDiv(-lo, DAY_MILLIS);
        long endWholeDays = Math.floorDiv(hi, DAY_MILLIS);
        if (firstWholeDay >= endWholeDays) {
            addRaw(t, lo, hi);
        } else {
            addRaw(t, lo, firstWholeDay * DAY_MILLIS);
            addDays(t, firstWholeDay, endWholeDays, LEVEL_DAYS.length - 1);
            addRaw(t, endWholeDays * DAY_MILLIS, hi);
        }
        return t;
    }

    /** Adds the whole days {@code [first, end)} from level {@code level} and below. */
    private void addDays(Tally t, long first, long end, int level) {
        if (first >= end) {
            return;
        }
        long span = LEVEL_DAYS[level];
        long firstBlock = -Math.floorDiv(-first, span);
        long endBlock = Math.floorDiv(end, span);
        if (level == 0 || firstBlock >= endBlock) {
            if (level == 0) {
                for (long d = first; d < end; d++) {
                    add(t, levels.get(0).get(d));
                }
            } else {
                addDays(t, first, end, level - 1);
            }
            return;
        }
        addDays(t, first, firstBlock * span, level - 1);
        for (long b = firstBlock; b < endBlock; b++) {
            add(t, levels.get(level).get(b));
        }
        addDays(t, endBlock * span, end, level - 1);
    }

    private static void add(Tally t, Cells cells) {
        if (cells != null) {
            cells.addTo(t);
        }
    }

    /** Adds the raw tuples reported in {@code [lo, hi)}, which lies within two days. */
    private void addRaw(Tally t, long lo, long hi) {
        if (lo >= hi) {
            return;
        }
        long last = Math.floorDiv(hi - 1, HOUR_MILLIS);
        for (long h = Math.floorDiv(lo, HOUR_MILLIS); h <= last; h++) {
            Tuples tuples = hours.get(h);
            if (tuples != null) {
                long start = h * HOUR_MILLIS;
                tuples.addTo(t, lo - start, hi - start);
            }
        }
    }

    private void addToLevels(long day, int key, int count, long seconds, int sign) {
        int responded = responded(seconds) * sign;
        long sum = seconds(seconds) * sign;
        for (int l = 0; l < LEVEL_DAYS.length; l++) {
            Cells c = levels.get(l).computeIfAbsent(Math.floorDiv(day, LEVEL_DAYS[l]), b -> new Cells());
            c.change(c.slot(key), count, responded, sum);
        }
    }

    private int key(Incident i) {
        Integer g = ordinals.get(i.gridCode());
        if (g == null) {
            g = gridCount;
            String[] a = codes;
            if (g == a.length) {
                a = Arrays.copyOf(a, a.length * 2);
            }
            a[g] = i.gridCode();
            codes = a;
            ordinals.put(i.gridCode(), g);
            gridCount = g + 1;
        }
        return g * CATEGORY_COUNT + i.category().ordinal();
    }

    private static long responseSeconds(Incident i) {
        Optional<Duration> d = i.responseTime();
        return d.isPresent() ? d.get().toSeconds() : NO_RESPONSE;
    }

    private static int responded(long seconds) {
        return seconds == NO_RESPONSE ? 0 : 1;
    }

    private static long seconds(long seconds) {
        return seconds == NO_RESPONSE ? 0 : seconds;
    }

    /**
     * Counts of one window per grid and category. Not thread-safe; one per query.
     */
    public static final class Tally {
        private final String[] codes;
        /**
         * Per cell two longs, side by side so that one cache line serves both: the count (high 32
         * bits) and the responded count (low 32 bits) packed, then the response seconds.
         */
        private final long[] cells;

        Tally(String[] codes, int cells) {
            this.codes = codes;
            this.cells = new long[2 * cells];
        }

        /** Number of grids (grid ordinals are 0 … grids − 1). */
        public int grids() {
            return codes.length;
        }

        /** The code of the grid with this ordinal. */
        public String code(int grid) {
            return codes[grid];
        }

        /** Incidents of the grid and category. */
        public int count(int grid, Category c) {
            return (int) (cells[2 * (grid * CATEGORY_COUNT + c.ordinal())] >> 32);
        }

        /** Of those, the incidents with a unit on scene. */
        public int responded(int grid, Category c) {
            return (int) cells[2 * (grid * CATEGORY_COUNT + c.ordinal())];
        }

        /** Sum of their response times ({@link Duration#toSeconds()} each), seconds. */
        public long responseSeconds(int grid, Category c) {
            return cells[2 * (grid * CATEGORY_COUNT + c.ordinal()) + 1];
        }
    }

    /**
     * The non-empty cells of one block, as parallel arrays: a part sorted by key, then those added
     * since in order of first use. The writer appends and changes in place; readers read
     * {@link CellArrays#size} first, then the arrays it holds.
     */
    private static final class Cells {
        /** Unsorted cells tolerated whatever the size. */
        private static final int SORTED_TAIL_MIN = 32;
        private volatile CellArrays arrays = new CellArrays(8);
        /** Open addressing, key → slot + 1 (0 = free); writer only. */
        private int[] table = new int[16];
        /** The first {@code sorted} slots are in key order; writer only. */
        private int sorted;

        /** The slot of {@code key}, appended with zero counters if new. */
        int slot(int key) {
            int mask = table.length - 1;
            for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
                int s = table[i] - 1;
                if (s < 0) {
                    return append(key, i);
                }
                if (arrays.key[s] == key) {
                    return s;
                }
            }
        }

        private int append(int key, int tableIndex) {
            CellArrays a = arrays;
            int n = a.size;
            if (n == a.key.length) {
                a = a.grown();
                arrays = a;
            }
            a.key[n] = key;
            a.size = n + 1;
            table[tableIndex] = n + 1;
            if (2 * (n + 1) > table.length) {
                rehash(a, n + 1, table.length * 2);
            }
            if (n + 1 - sorted > Math.max(SORTED_TAIL_MIN, sorted >> 2)) {
                sort(a, n + 1);
                return slot(key);
            }
            return n;
        }

        /**
         * Publishes the cells in key order, which turns a reader's additions into one forward pass
         * over its accumulators instead of a cache miss a cell (a city's accumulators outgrow the
         * L2 cache). Done when the unsorted tail exceeds a quarter of the sorted part, so each cell
         * is moved a bounded number of times on average.
         */
        private void sort(CellArrays a, int n) {
            long[] order = new long[n];
            for (int s = 0; s < n; s++) {
                order[s] = ((long) a.key[s] << 32) | s;
            }
            Arrays.sort(order);
            CellArrays b = new CellArrays(a.key.length);
            for (int i = 0; i < n; i++) {
                int s = (int) order[i];
                b.key[i] = a.key[s];
                b.counts[i] = a.counts[s];
                b.seconds[i] = a.seconds[s];
            }
            b.size = n;
            arrays = b;
            rehash(b, n, table.length);
            sorted = n;
        }

        private void rehash(CellArrays a, int n, int length) {
            int[] t = new int[length];
            int mask = t.length - 1;
            for (int s = 0; s < n; s++) {
                int i = mix(a.key[s]) & mask;
                while (t[i] != 0) {
                    i = (i + 1) & mask;
                }
                t[i] = s + 1;
            }
            table = t;
        }

        void change(int slot, int count, int responded, long seconds) {
            CellArrays a = arrays;
            // Exact for the packed pair while both stay in 0 … 2^31 − 1, as counts do.
            a.counts[slot] += ((long) count << 32) + responded;
            a.seconds[slot] += seconds;
        }

        void addTo(Tally t) {
            CellArrays a = arrays;
            int n = a.size;
            long[] out = t.cells;
            int limit = out.length >> 1;
            int[] key = a.key;
            long[] counts = a.counts;
            long[] seconds = a.seconds;
            for (int s = 0; s < n; s++) {
                int k = key[s];
                if (k < limit) {
                    out[2 * k] += counts[s];
                    out[2 * k + 1] += seconds[s];
                }
            }
        }

        private static int mix(int key) {
            return (key * 0x9E3779B9) >>> 7;
        }
    }

    /** The arrays of {@link Cells}: fixed capacity, {@link #size} slots in use. */
    private static final class CellArrays {
        final int[] key;
        /** Count (high 32 bits) and responded count (low 32 bits), packed as in {@link Tally}. */
        final long[] counts;
        final long[] seconds;
        volatile int size;

        CellArrays(int capacity) {
            key = new int[capacity];
            counts = new long[capacity];
            seconds = new long[capacity];
        }

        private CellArrays(CellArrays a, int capacity) {
            key = Arrays.copyOf(a.key, capacity);
            counts = Arrays.copyOf(a.counts, capacity);
            seconds = Arrays.copyOf(a.seconds, capacity);
            size = a.size;
        }

        CellArrays grown() {
            return new CellArrays(this, key.length + (key.length >> 1));
        }
    }

    /**
     * The incidents of one hour as compact tuples, in order of addition. Ids are looked up by
     * binary search while they were added in ascending order (as the service assigns them), by a
     * scan otherwise.
     */
    private static final class Tuples {
        private volatile TupleArrays arrays = new TupleArrays(4);
        private boolean ascending = true;

        void add(long id, int offsetMillis, int key, long seconds) {
            TupleArrays a = arrays;
            int n = a.size;
            if (n == a.id.length) {
                a = a.grown();
                arrays = a;
            }
            if (n > 0 && a.id[n - 1] >= id) {
                ascending = false;
            }
            a.id[n] = id;
            a.offset[n] = offsetMillis;
            a.key[n] = key;
            a.seconds[n] = seconds;
            a.size = n + 1;
        }

        int find(long id) {
            TupleArrays a = arrays;
            int n = a.size;
            if (ascending) {
                int s = Arrays.binarySearch(a.id, 0, n, id);
                return s >= 0 ? s : -1;
            }
            for (int s = 0; s < n; s++) {
                if (a.id[s] == id) {
                    return s;
                }
            }
            return -1;
        }

        int key(int slot) {
            return arrays.key[slot];
        }

        long seconds(int slot) {
            return arrays.seconds[slot];
        }

        void set(int slot, int key, long seconds) {
            TupleArrays a = arrays;
            a.key[slot] = key;
            a.seconds[slot] = seconds;
        }

        /** Adds the tuples with {@code lo ≤ offset < hi} (ms from the hour's start). */
        void addTo(Tally t, long lo, long hi) {
            TupleArrays a = arrays;
            int n = a.size;
            long[] out = t.cells;
            int limit = out.length >> 1;
            boolean whole = lo <= 0 && hi >= HOUR_MILLIS;
            for (int s = 0; s < n; s++) {
                int k = a.key[s];
                if (k < limit && (whole || (a.offset[s] >= lo && a.offset[s] < hi))) {
                    long sec = a.seconds[s];
                    if (sec == NO_RESPONSE) {
                        out[2 * k] += 1L << 32;
                    } else {
                        out[2 * k] += (1L << 32) + 1;
                        out[2 * k + 1] += sec;
                    }
                }
            }
        }
    }

    /** The arrays of {@link Tuples}: fixed capacity, {@link #size} slots in use. */
    private static final class TupleArrays {
        final long[] id;
        final int[] offset;
        final int[] key;
        final long[] seconds;
        volatile int size;

        TupleArrays(int capacity) {
            id = new long[capacity];
            offset = new int[capacity];
            key = new int[capacity];
            seconds = new long[capacity];
        }

        private TupleArrays(TupleArrays a, int capacity) {
            id = Arrays.copyOf(a.id, capacity);
            offset = Arrays.copyOf(a.offset, capacity);
            key = Arrays.copyOf(a.key, capacity);
            seconds = Arrays.copyOf(a.seconds, capacity);
            size = a.size;
        }

        TupleArrays grown() {
            return new TupleArrays(this, id.length + (id.length >> 1));
        }
    }
}
