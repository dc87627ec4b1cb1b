package org.gridwatch.store.journal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.gridwatch.error.FailureKind;
import org.gridwatch.error.StoreException;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.patrol.UnitStore;
import org.gridwatch.pipeline.Lane;
import org.gridwatch.pipeline.ReadBudget;
import org.gridwatch.store.JournalCheckpoints;
import org.locationtech.jts.geom.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link UnitStore} whose {@link #appendPositions} is durable once the positions are in the
 * {@link PositionJournal} (forced to local disk), and which writes them into the store behind, in
 * transactions of up to {@link #FLUSH_POSITIONS} positions that also move the store's
 * {@link JournalCheckpoints#checkpoint}. Everything else goes to the store directly.
 *
 * <p>Reads see every acknowledged position: a track, a box search or "who passed here" is the
 * store's answer plus the positions still waiting for it (taken before the store is read, so none
 * falls between the two; one written into the store meanwhile is counted once, by unit and time,
 * which the ingest stages keep unique per unit). {@link #loadUnits} gives each unit its latest
 * position, waiting or stored.
 *
 * <p>At most {@code maxBehind} positions wait for the store (in memory, about 100 bytes each):
 * beyond that {@link #appendPositions} refuses with kind UNAVAILABLE and stores nothing, so a store
 * that is down or slow shows as 503s once the bound is reached, never as unbounded memory. A store
 * write that fails is retried every {@link #RETRY_MILLIS} ms; one whose outcome is unknown is
 * checked against the checkpoint first, so no position is stored twice. While positions arrive
 * faster than the store takes them, the write behind waits (see {@link #defer()}) until the burst
 * eases or half of {@code maxBehind} waits.
 *
 * <p>Threads: {@link #appendPositions} on one thread at a time (the store lane); the writes behind
 * on a lane of its own ({@code gridwatch-journal}); reads from any thread. {@link #open} replays, blocking, before
 * anything else runs.
 */
public final class JournaledTracks implements UnitStore, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JournaledTracks.class);
    /**
     * Most positions written into the store in one transaction behind the journal: large enough
     * that each unit's last position is updated once for many fixes, small enough that the store's
     * other writes (which queue behind it on the store's write lock) wait a fraction of a second.
     */
    static final int FLUSH_POSITIONS = 20_000;
    /** A write behind running longer is reported by the blocked-thread checker, ms. */
    private static final long FLUSH_TASK_MILLIS = 60_000;
    /** How often a deferred write behind looks again, ms. */
    static final long TICK_MILLIS = 200;
    /** Longest the write behind is deferred in a row, ns. */
    private static final long MAX_DEFER_NANOS = 30_000_000_000L;
    /** Shortest span the ingest rate is measured over, ns. */
    private static final long RATE_WINDOW_NANOS = 250_000_000L;
    /** Delay before a failed write into the store is retried, ms. */
    static final long RETRY_MILLIS = 1_000;

    private record Key(String unit, long micros) {
        static Key of(Position p) {
            return new Key(p.unitId(), JournaledTracks.micros(p.time()));
        }
    }

    private record Waiter(long seq, CompletableFuture<Void> done) {
    }

    private final Vertx vertx;
    private final UnitStore store;
    private final JournalCheckpoints checkpoints;
    private final PositionJournal journal;
    private final Lane flusher;
    private final int maxBehind;
    /** Entries not yet in the store, oldest first. */
    private final ConcurrentLinkedDeque<PositionJournal.Entry> backlog = new ConcurrentLinkedDeque<>();
    private final AtomicInteger behind = new AtomicInteger();
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    /** Set by {@link #close}: no write behind starts any more. */
    private volatile boolean closed;
    /** A timer to run {@link #flush} again is set. */
    private final AtomicBoolean retryArmed = new AtomicBoolean();
    /** Positions ever appended (the ingest rate is measured from it). */
    private final AtomicLong appended = new AtomicLong();
    /** Flusher lane: the ingest rate, positions/s, measured over at least {@link #RATE_WINDOW_NANOS}. */
    private double ingestRate;
    private long rateSampleNanos = System.nanoTime();
    private long rateSampleCount;
    /** Flusher lane: positions/s the store took in its recent large writes (0 until the first). */
    private double storeRate;
    /** Flusher lane: {@link System#nanoTime()} since which writes have been deferred, 0 when they are not. */
    private long deferringSince;
    private final Queue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    /** Ids of the roster's units: a position of another unit is refused, as the store would. */
    private final Set<String> units = ConcurrentHashMap.newKeySet();
    /** The store's checkpoint: entries up to it are in the store. */
    private volatile long stored;
    /** Flusher lane: failed attempts since the last success. */
    private int failedAttempts;
    private final Counter failures;
    private final Counter refused;
    private final Counter deferred;

    private JournaledTracks(Vertx vertx, UnitStore store, JournalCheckpoints checkpoints, PositionJournal journal,
                            Lane flusher, int maxBehind, long stored, MeterRegistry registry) {
        this.vertx = vertx;
        this.store = store;
        this.checkpoints = checkpoints;
        this.journal = journal;
        this.flusher = flusher;
        this.maxBehind = maxBehind;
        this.stored = stored;
        Gauge.builder("gridwatch.journal.behind", behind, AtomicInteger::get)
                .description("acknowledged positions in the journal not yet written into the store").register(registry);
        Gauge.builder("gridwatch.journal.bytes", journal, PositionJournal::bytes).baseUnit("bytes")
                .description("size of the position journal's segments on disk").register(registry);
        this.failures = Counter.builder("gridwatch.journal.store.failures")
                .description("failed writes of journaled positions into the store (retried)").register(registry);
        this.deferred = Counter.builder("gridwatch.journal.deferred")
                .description("times the write behind was deferred while positions arrived faster than the store takes them")
                .register(registry);
        this.refused = Counter.builder("gridwatch.journal.refused")
                .description("position batches refused because the store is too far behind the journal")
                .register(registry);
    }

    /**
     * Replays into the store the journal's entries after the store's checkpoint (blocking: at
     * start-up, before the store is read), then returns the journaled view.
     *
     * @param store       the system of record
     * @param checkpoints the same store's checkpoints
     * @param journal     the journal, closed by {@link #close()}
     * @param maxBehind   most positions that may wait for the store, ≥ 1
     */
    public static JournaledTracks open(Vertx vertx, UnitStore store, JournalCheckpoints checkpoints,
                                       PositionJournal journal, int maxBehind, MeterRegistry registry) {
        Objects.requireNonNull(store, "store");
        if (maxBehind < 1) {
            throw new IllegalArgumentException("maxBehind must be ≥ 1: " + maxBehind);
        }
        long checkpoint = checkpoints.checkpoint(journal.id());
        long t0 = System.nanoTime();
        List<Position> chunk = new ArrayList<>();
        long[] last = {checkpoint};
        int[] replayed = {0};
        journal.replay(checkpoint, e -> {
            chunk.addAll(e.positions());
            last[0] = e.seq();
            if (chunk.size() >= FLUSH_POSITIONS) {
                checkpoints.appendPositions(chunk, journal.id(), last[0]);
                replayed[0] += chunk.size();
                chunk.clear();
            }
        });
        if (!chunk.isEmpty()) { // (an entry is never empty)
            checkpoints.appendPositions(chunk, journal.id(), last[0]);
            replayed[0] += chunk.size();
        }
        if (last[0] > checkpoint) {
            LOG.info("{}: replayed entries {} to {} ({} positions) into the store in {} ms", journal, checkpoint + 1,
                    last[0], replayed[0], (System.nanoTime() - t0) / 1_000_000);
        }
        journal.continueAfter(last[0]);
        journal.release(last[0]);
        JournaledTracks t = new JournaledTracks(vertx, store, checkpoints, journal,
                new Lane(vertx, "gridwatch-journal", FLUSH_TASK_MILLIS), maxBehind, last[0], registry);
        store.loadUnits().forEach(u -> t.units.add(u.id()));
        return t;
    }

    /** Positions acknowledged but not yet in the store. Any thread. */
    public int behind() {
        return behind.get();
    }

    /** The journal. */
    public PositionJournal journal() {
        return journal;
    }

    /**
     * Completes once every position appended before this call is in the store (at once when none
     * waits). Any thread.
     */
    public CompletableFuture<Void> caughtUp() {
        long seq = journal.lastSeq();
        if (stored >= seq) {
            return CompletableFuture.completedFuture(null);
        }
        Waiter w = new Waiter(seq, new CompletableFuture<>());
        waiters.add(w);
        if (stored >= seq) {
            w.done().complete(null);
        }
        queueFlush();
        return w.done();
    }

    /**
     * Durable once the journal has the positions (they reach the store later); refuses, storing
     * nothing, a position of a unit not in the roster and a batch that would take the positions
     * waiting for the store past {@code maxBehind}. One thread at a time (the store lane).
     */
    @Override
    public void appendPositions(List<Position> positions) {
        Objects.requireNonNull(positions, "positions");
        if (positions.isEmpty()) {
            return;
        }
        for (Position p : positions) {
            if (!units.contains(p.unitId())) {
                throw new StoreException("appendPositions failed: unit \"" + p.unitId()
                        + "\" is not in the roster; nothing was stored");
            }
        }
        int n = positions.size();
        int waiting = behind.get();
        if (waiting + (long) n > maxBehind) {
            refused.increment();
            queueFlush();
            throw new StoreException(FailureKind.UNAVAILABLE, "the store is " + waiting + " positions behind the"
                    + " position journal (at most " + maxBehind + " may wait); nothing was stored", null, false);
        }
        long seq = journal.append(positions);
        backlog.add(new PositionJournal.Entry(seq, positions));
        behind.addAndGet(n);
        appended.addAndGet(n);
        queueFlush();
    }

    private void queueFlush() {
        if (!closed && flushQueued.compareAndSet(false, true)) {
            flusher.execute(this::flush);
        }
    }

    /**
     * Flusher lane: writes the waiting entries into the store, oldest first, until none waits, or
     * until {@link #defer()} says to leave the rest for later (then it looks again in
     * {@link #TICK_MILLIS}).
     */
    private void flush() {
        flushQueued.set(false);
        while (!closed) {
            if (backlog.isEmpty()) {
                deferringSince = 0;
                wake();
                return;
            }
            if (defer()) {
                deferred.increment();
                later(TICK_MILLIS);
                return;
            }
            List<PositionJournal.Entry> take = new ArrayList<>();
            int n = 0;
            for (PositionJournal.Entry e : backlog) {
                if (n > 0 && n + e.positions().size() > FLUSH_POSITIONS) {
                    break;
                }
                take.add(e);
                n += e.positions().size();
            }
            List<Position> all = new ArrayList<>(n);
            take.forEach(e -> all.addAll(e.positions()));
            long seq = take.get(take.size() - 1).seq();
            long t0 = System.nanoTime();
            if (!write(all, seq)) {
                later(RETRY_MILLIS);
                return;
            }
            if (n >= FLUSH_POSITIONS / 2) { // a small write's pace is its fixed cost, not the store's
                double seconds = Math.max(1e-6, (System.nanoTime() - t0) / 1e9);
                storeRate = storeRate == 0 ? n / seconds : (storeRate + n / seconds) / 2;
            }
            for (int i = 0; i < take.size(); i++) {
                backlog.pollFirst();
            }
            behind.addAndGet(-n);
            stored = seq;
            journal.release(seq);
            wake();
        }
    }

    /** Flusher lane: runs {@link #flush} again in {@code millis} (once, however often asked). */
    private void later(long millis) {
        if (!closed && retryArmed.compareAndSet(false, true)) {
            vertx.setTimer(millis, id -> {
                retryArmed.set(false);
                queueFlush();
            });
        }
    }

    /**
     * Flusher lane: true to leave the waiting positions for now. While positions arrive faster than
     * the store has been taking them, writing into the store cannot keep up anyway, and only takes
     * CPU from ingest (on a small machine the store is a process beside this one): the burst is
     * absorbed at the journal's speed and the store catches up once it eases. Never when half of
     * {@code maxBehind} waits (then the store is written continuously, at its own pace), when
     * someone waits for the store ({@link #caughtUp()}), before the store's pace is known (from
     * writes of at least half of {@link #FLUSH_POSITIONS}: in normal operation the writes are small
     * and never deferred), and for no more than {@link #MAX_DEFER_NANOS} in a row (then the store is
     * written until it has caught up).
     */
    private boolean defer() {
        long now = System.nanoTime();
        long total = appended.get();
        if (now - rateSampleNanos >= RATE_WINDOW_NANOS) {
            ingestRate = (total - rateSampleCount) / ((now - rateSampleNanos) / 1e9);
            rateSampleNanos = now;
            rateSampleCount = total;
        }
        if (!(waiters.isEmpty() && behind.get() < maxBehind / 2 && storeRate > 0 && ingestRate > storeRate)) {
            return false;
        }
        if (deferringSince == 0) {
            deferringSince = now;
        }
        return now - deferringSince < MAX_DEFER_NANOS; // after that, the store is written until it has caught up
    }

    /** Flusher lane: one transaction into the store; false when it failed (nothing stored). */
    private boolean write(List<Position> positions, long seq) {
        RuntimeException failure;
        try {
            checkpoints.appendPositions(positions, journal.id(), seq);
            recovered();
            return true;
        } catch (RuntimeException e) {
            failure = e;
        }
        if (failure instanceof StoreException se && se.maybeStored()) {
            try {
                if (checkpoints.checkpoint(journal.id()) >= seq) {
                    recovered();
                    return true; // it did commit
                }
            } catch (RuntimeException again) {
                failure.addSuppressed(again);
            }
        }
        failures.increment();
        if (failedAttempts++ == 0) {
            LOG.warn("{}: writing {} positions (entries up to {}) into the store failed; retrying every {} ms while"
                    + " {} positions wait: {}", journal, positions.size(), seq, RETRY_MILLIS, behind.get(),
                    failure.toString());
        }
        return false;
    }

    private void recovered() {
        if (failedAttempts > 0) {
            LOG.info("{}: the store takes positions again after {} failed attempts", journal, failedAttempts);
            failedAttempts = 0;
        }
    }

    /** Completes the waiters whose positions are all in the store now. */
    private void wake() {
        long s = stored;
        for (java.util.Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (w.seq() <= s) {
                w.done().complete(null);
                it.remove();
            }
        }
    }

    // ------------------------------------------------------------ reads: the store plus what waits

    /** The waiting positions matching {@code test}; read before the store is. */
    private List<Position> waiting(Predicate<Position> test) {
        List<Position> out = new ArrayList<>();
        for (PositionJournal.Entry e : backlog) {
            for (Position p : e.positions()) {
                if (test.test(p)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private static boolean inWindow(Position p, Instant from, Instant to) {
        return !p.time().isBefore(from) && p.time().isBefore(to);
    }

    private static boolean inBox(Position p, Envelope box) {
        return p.lon() >= box.getMinX() && p.lon() <= box.getMaxX() && p.lat() >= box.getMinY()
                && p.lat() <= box.getMaxY();
    }

    /** {@code fromStore} plus those of {@code waiting} it does not hold (by unit and time). */
    private static List<Position> merge(List<Position> fromStore, List<Position> waiting) {
        Map<Key, Position> extra = new HashMap<>(waiting.size() * 2);
        for (Position p : waiting) {
            extra.put(Key.of(p), p);
        }
        for (Position p : fromStore) {
            extra.remove(Key.of(p));
        }
        List<Position> out = new ArrayList<>(fromStore.size() + extra.size());
        out.addAll(fromStore);
        for (Position p : waiting) {
            if (extra.remove(Key.of(p)) != null) {
                out.add(p); // in append order
            }
        }
        return out;
    }

    @Override
    public List<UnitRecord> loadUnits() {
        Map<String, Position> latest = new HashMap<>();
        for (Position p : waiting(p -> true)) {
            latest.merge(p.unitId(), p, (a, b) -> b.time().compareTo(a.time()) >= 0 ? b : a);
        }
        List<UnitRecord> units = store.loadUnits();
        if (latest.isEmpty()) {
            return units;
        }
        List<UnitRecord> out = new ArrayList<>(units.size());
        for (UnitRecord u : units) {
            Position p = latest.get(u.id());
            out.add(p != null && (u.lastPosition() == null || !p.time().isBefore(u.lastPosition().time()))
                    ? u.withLastPosition(p) : u);
        }
        return out;
    }

    @Override
    public void upsertUnits(List<UnitRecord> records) {
        store.upsertUnits(records);
        records.forEach(u -> units.add(u.id()));
    }

    @Override
    public List<Position> track(String unitId, Instant from, Instant to, ReadBudget budget) {
        Objects.requireNonNull(unitId, "unitId");
        List<Position> waiting = waiting(p -> p.unitId().equals(unitId) && inWindow(p, from, to));
        List<Position> fromStore = store.track(unitId, from, to, budget);
        if (waiting.isEmpty()) {
            return fromStore;
        }
        List<Position> out = merge(fromStore, waiting);
        budget.checkRows(out.size());
        out.sort(Comparator.comparing(Position::time)); // stable: equal times stay in append order
        return out;
    }

    @Override
    public List<String> unitsPassed(Envelope bbox, Instant from, Instant to) {
        Set<String> waiting = new HashSet<>();
        if (!bbox.isNull()) {
            waiting(p -> inBox(p, bbox) && inWindow(p, from, to)).forEach(p -> waiting.add(p.unitId()));
        }
        List<String> fromStore = store.unitsPassed(bbox, from, to);
        if (waiting.isEmpty()) {
            return fromStore;
        }
        TreeSet<String> all = new TreeSet<>(fromStore);
        all.addAll(waiting);
        return List.copyOf(all);
    }

    @Override
    public List<Position> positionsIn(Envelope bbox, Instant from, Instant to, ReadBudget budget) {
        List<Position> waiting = bbox.isNull() ? List.of() : waiting(p -> inBox(p, bbox) && inWindow(p, from, to));
        budget.checkRows(waiting.size());
        List<Position> fromStore = store.positionsIn(bbox, from, to, budget);
        if (waiting.isEmpty()) {
            return fromStore;
        }
        List<Position> out = merge(fromStore, waiting);
        budget.checkRows(out.size());
        return out;
    }

    /** The store's retention; positions still waiting are deleted by a later run once written. */
    @Override
    public boolean deleteTracksBefore(LocalDate firstKeptDay, int maxPositions) {
        return store.deleteTracksBefore(firstKeptDay, maxPositions);
    }

    /**
     * Waits up to {@code waitMillis} for the store to catch up, then closes the journal and the lane
     * (what is not in the store yet is replayed at the next start). Blocking; not on the lane.
     * Call after the last {@link #appendPositions}, before the store is closed.
     */
    public void close(long waitMillis) {
        try {
            caughtUp().get(waitMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("{}: {} positions not yet in the store at shutdown; they are replayed at the next start", journal,
                    behind.get());
        }
        closed = true;
        flusher.close();
        journal.close();
    }

    /** {@link #close(long)} waiting up to 30 s. */
    @Override
    public void close() {
        close(30_000);
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    @Override
    public String toString() {
        return "journaled tracks (" + journal + ") over " + store;
    }
}
