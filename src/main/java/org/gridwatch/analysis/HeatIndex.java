package org.gridwatch.analysis;

import com.uber.h3core.H3Core;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.gridwatch.area.Scope;
import org.gridwatch.incident.Category;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.IncidentChange;
import org.gridwatch.pipeline.Stage;
import org.gridwatch.vocab.Term;

/**
 * Live incident heat: counts per H3 cell (resolution {@value #RESOLUTION}, about 0.1 km²), grid
 * and category over sliding windows of 1 h, 24 h, 7 d and 30 d, kept incrementally: an incident is
 * counted when added, and uncounted when {@link #advance} moves the clock past the end of its
 * window. Coarser resolutions (lower zooms) are summed from the resolution-9 cells on read. Counts
 * are kept per grid inside each cell, so heat read for a jurisdiction counts exactly the incidents
 * inside it, even in a cell the jurisdiction's border crosses.
 *
 * <p>An incident counts in window {@code w} at time {@code now} when
 * {@code reportedAt > now − w}.
 *
 * <p><b>Thread-safety.</b> Single writer ({@link #add}, {@link #advance}), lock-free readers:
 * counters are atomic, so a reader sees each cell's count either before or after a concurrent
 * change.
 */
public final class HeatIndex implements Stage<IncidentChange> {
    /** H3 resolution of the stored cells. */
    public static final int RESOLUTION = 9;
    private static final int CATEGORIES = Category.values().length;

    /** The sliding windows. */
    public enum Window implements Term {
        H1("1h", "近1小时", Duration.ofHours(1)),
        H24("24h", "近24小时", Duration.ofHours(24)),
        D7("7d", "近7天", Duration.ofDays(7)),
        D30("30d", "近30天", Duration.ofDays(30));

        private final String id;
        private final String label;
        private final Duration length;

        Window(String id, String label, Duration length) {
            this.id = id;
            this.label = label;
            this.length = length;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String label() {
            return label;
        }

        /** The window's length. */
        public Duration length() {
            return length;
        }

        /** Parses an API identifier ({@code 1h}, {@code 24h}, {@code 7d}, {@code 30d}). */
        public static Optional<Window> parse(String text) {
            return Term.parse(Window.class, text);
        }
    }

    /** A resolution-9 cell and a grid: the unit of counting. */
    private record CellGrid(long cell, String grid) {
    }

    /** A counted incident waiting to leave a window. */
    private record Pending(long reportedAtMillis, CellGrid key, int category) {
    }

    private final H3Core h3;
    private final Map<Window, Map<CellGrid, AtomicIntegerArray>> counts = new HashMap<>();
    private final Map<Window, PriorityQueue<Pending>> expiry = new HashMap<>();
    private Instant now;
    /** Bumped by every change of a count; written by the single writer only. */
    private volatile long version;

    /** An empty index at time {@code now}. */
    public HeatIndex(Instant now) {
        try {
            this.h3 = H3Core.newInstance();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the H3 native library", e);
        }
        this.now = now;
        for (Window w : Window.values()) {
            counts.put(w, new ConcurrentHashMap<>());
            expiry.put(w, new PriorityQueue<>((a, b) -> Long.compare(a.reportedAtMillis, b.reportedAtMillis)));
        }
    }

    /** The resolution-9 cell of a WGS84 point. */
    public long cell(double lon, double lat) {
        return h3.latLngToCell(lat, lon, RESOLUTION);
    }

    @Override
    public String name() {
        return "heat";
    }

    /** Stage {@code heat} of the {@code incidents} stream: counts each new report (transitions change no count). */
    @Override
    public void apply(List<? extends IncidentChange> changes) {
        for (IncidentChange c : changes) {
            if (c.isReport()) {
                add(c.after());
            }
        }
    }

    /** Counts a new incident in every window it falls in at the current time. Writer only. */
    public void add(Incident i) {
        CellGrid key = new CellGrid(cell(i.lon(), i.lat()), i.gridCode());
        long t = i.reportedAt().toEpochMilli();
        int cat = i.category().ordinal();
        for (Window w : Window.values()) {
            if (t > now.toEpochMilli() - w.length.toMillis()) {
                counts.get(w).computeIfAbsent(key, c -> new AtomicIntegerArray(CATEGORIES)).incrementAndGet(cat);
                expiry.get(w).add(new Pending(t, key, cat));
            }
        }
        version++;
    }

    /** Moves the clock to {@code time} (never backwards), uncounting incidents that left their windows. Writer only. */
    public void advance(Instant time) {
        if (time.isBefore(now)) {
            return;
        }
        now = time;
        for (Window w : Window.values()) {
            long edge = now.toEpochMilli() - w.length.toMillis();
            PriorityQueue<Pending> q = expiry.get(w);
            Map<CellGrid, AtomicIntegerArray> m = counts.get(w);
            while (!q.isEmpty() && q.peek().reportedAtMillis <= edge) {
                Pending p = q.poll();
                AtomicIntegerArray a = m.get(p.key);
                a.decrementAndGet(p.category);
                if (isZero(a)) {
                    m.remove(p.key);
                }
                version++;
            }
        }
    }

    private static boolean isZero(AtomicIntegerArray a) {
        for (int k = 0; k < a.length(); k++) {
            if (a.get(k) != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Counts per cell for a window and categories (all when empty), at {@code resolution}
     * (0–{@value #RESOLUTION}; coarser cells sum their resolution-9 children). Cells with no
     * incident are absent.
     */
    public Map<Long, Integer> cells(Window w, Set<Category> categories, int resolution) {
        return cells(w, categories, resolution, null);
    }

    /**
     * Like {@link #cells(Window, Set, int)}, counting only the incidents inside {@code scope}
     * (null: the whole city).
     */
    public Map<Long, Integer> cells(Window w, Set<Category> categories, int resolution, Scope scope) {
        if (resolution < 0 || resolution > RESOLUTION) {
            throw new IllegalArgumentException("resolution must be 0–" + RESOLUTION + ": " + resolution);
        }
        boolean all = scope == null || scope.isCity();
        Map<Long, Integer> out = new HashMap<>();
        for (Map.Entry<CellGrid, AtomicIntegerArray> e : counts.get(w).entrySet()) {
            if (!all && !scope.includes(e.getKey().grid())) {
                continue;
            }
            int n = 0;
            for (int k = 0; k < CATEGORIES; k++) {
                if (categories.isEmpty() || categories.contains(Category.values()[k])) {
                    n += e.getValue().get(k);
                }
            }
            if (n > 0) {
                long cell = resolution == RESOLUTION ? e.getKey().cell() : h3.cellToParent(e.getKey().cell(), resolution);
                out.merge(cell, n, Integer::sum);
            }
        }
        return out;
    }

    /**
     * A number that changes whenever a count changes (never otherwise), so readers can skip
     * recomputing views of an unchanged index. Any thread.
     */
    public long version() {
        return version;
    }

    /** The current time of the index. */
    public Instant now() {
        return now;
    }

    /** The boundary of a cell as a closed ring of {lon, lat} pairs, degrees (first = last). */
    public double[][] boundary(long cell) {
        var ring = h3.cellToBoundary(cell);
        double[][] out = new double[ring.size() + 1][];
        for (int i = 0; i < ring.size(); i++) {
            out[i] = new double[] {ring.get(i).lng, ring.get(i).lat};
        }
        out[ring.size()] = out[0];
        return out;
    }

    /** The centre of a cell as {lon, lat}, degrees. */
    public double[] centre(long cell) {
        var c = h3.cellToLatLng(cell);
        return new double[] {c.lng, c.lat};
    }
}
