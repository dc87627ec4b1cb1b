package org.gridwatch.patrol;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.gridwatch.error.ConflictException;
import org.gridwatch.error.NotFoundException;

/**
 * The unit roster and the position stream: checks each batch with the {@link PositionPipeline}
 * stages, stores the accepted positions in one transaction (batches waiting together share it:
 * group commit) and only then applies them to the live {@link MovingPointIndex} and emits
 * {@link UnitChange} records to listeners.
 *
 * <p>All writes run one at a time on the single-threaded {@code writer} executor, which makes it
 * the index's single writer and keeps each unit's positions in order. Reads ({@link #unit},
 * {@link #units}, {@link #index}) are lock-free from any thread. Thread-safe.
 */
public final class PositionService {
    /** How far in the future a device's fix time may lie (clock skew). */
    static final Duration FUTURE_SKEW = Duration.ofMinutes(5);
    /** Distance always allowed between consecutive fixes, whatever the time between (GPS noise), metres. */
    static final double JUMP_SLACK_METRES = 200;

    /**
     * Fastest plausible ground speed per kind, m/s: beyond it a fix is an implausible jump.
     * Police cars on expressways reach ~50 m/s (180 km/h); the others move on foot, bicycles or
     * e-bikes, with headroom for a lift in a car.
     */
    private static final Map<UnitKind, Double> MAX_SPEED = new EnumMap<>(Map.of(
            UnitKind.POLICE_CAR, 50.0,
            UnitKind.FOOT_PATROL, 25.0,
            UnitKind.SECURITY_GUARD, 25.0,
            UnitKind.GRID_WORKER, 25.0,
            UnitKind.POLICE_ASSISTANT, 25.0));

    /**
     * The outcome of one batch.
     *
     * @param accepted number of positions stored and applied
     * @param rejected dropped reports, by ascending batch index
     */
    public record IngestResult(int accepted, List<Rejected> rejected) {
    }

    /**
     * A dropped report.
     *
     * @param index  its index in the batch (0-based)
     * @param reason why
     */
    public record Rejected(int index, RejectReason reason) {
    }

    private final UnitStore store;
    private final Clock clock;
    private final Executor writer;
    private final Map<String, UnitRecord> units = new ConcurrentHashMap<>();
    private final MovingPointIndex<UnitRecord> index = new MovingPointIndex<>();
    private final List<Consumer<List<UnitChange>>> listeners = new CopyOnWriteArrayList<>();
    private final Counter accepted;
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);

    /**
     * @param writer single-threaded executor for every write of this service
     */
    public PositionService(UnitStore store, Clock clock, Executor writer, MeterRegistry registry) {
        this.store = store;
        this.clock = clock;
        this.writer = writer;
        this.accepted = Counter.builder("gridwatch.positions.accepted").description("positions stored and applied")
                .register(registry);
        for (RejectReason r : RejectReason.values()) {
            rejected.put(r, Counter.builder("gridwatch.positions.rejected").tag("reason", r.id())
                    .description("positions dropped by the ingest pipeline").register(registry));
        }
    }

    /**
     * Loads the stored units into memory; when the store has none, stores the {@code roster}
     * (asked for only then; every unit available, no position) first. Blocking; call before serving.
     *
     * @return the number of units loaded
     */
    public int load(java.util.function.Supplier<? extends Collection<Unit>> roster) {
        List<UnitRecord> stored = store.loadUnits();
        if (stored.isEmpty()) {
            stored = roster.get().stream().map(u -> new UnitRecord(u, UnitStatus.AVAILABLE, null)).toList();
            if (!stored.isEmpty()) {
                store.upsertUnits(stored);
            }
        }
        for (UnitRecord u : stored) {
            apply(u);
        }
        return stored.size();
    }

    /** Registers a listener for change records; called on the writer thread after each committed write. */
    public void onChange(Consumer<List<UnitChange>> listener) {
        listeners.add(listener);
    }

    /** The live index of positioned units (value: the unit's current record). */
    public MovingPointIndex<UnitRecord> index() {
        return index;
    }

    /** The unit with this id. */
    public Optional<UnitRecord> unit(String id) {
        return Optional.ofNullable(id == null ? null : units.get(id));
    }

    /** Every unit of the roster, positioned or not, in no particular order. */
    public List<UnitRecord> units() {
        return new ArrayList<>(units.values());
    }

    /**
     * Checks, stores and applies a batch. Fails (nothing stored, nothing applied) only when the
     * store fails; bad reports are listed in the result and never affect the good ones.
     *
     * <p>Group commit: batches that arrive while the writer is busy are checked together and
     * stored in one transaction (up to {@link #GROUP_LIMIT} positions), so a thousand devices
     * each sending one fix cost a few transactions, not a thousand.
     */
    public CompletableFuture<IngestResult> ingest(List<PositionReport> batch) {
        Pending p = new Pending(batch, new CompletableFuture<>());
        pending.add(p);
        if (drainScheduled.compareAndSet(false, true)) {
            writer.execute(this::drain);
        }
        return p.result();
    }

    /** Most positions stored in one group-commit transaction. */
    static final int GROUP_LIMIT = 20_000;

    private record Pending(List<PositionReport> batch, CompletableFuture<IngestResult> result) {
    }

    private final java.util.Queue<Pending> pending = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean drainScheduled = new java.util.concurrent.atomic.AtomicBoolean();

    /** Writer thread: takes the waiting batches, checks them, stores them in one transaction, applies them. */
    private void drain() {
        drainScheduled.set(false); // an ingest arriving from now on schedules another drain
        List<Pending> group = new ArrayList<>();
        int size = 0;
        while (size < GROUP_LIMIT) {
            Pending p = pending.poll();
            if (p == null) {
                break;
            }
            group.add(p);
            size += p.batch().size();
        }
        if (group.isEmpty()) {
            return;
        }
        try {
            commit(group, size);
        } catch (RuntimeException e) {
            // Nothing of the group was acknowledged: fail every batch still waiting for its answer.
            group.forEach(p -> p.result().completeExceptionally(e));
        }
        rescheduleIfWaiting();
    }

    private void commit(List<Pending> group, int size) {
        PositionPipeline pipeline = new PositionPipeline(units::get, clock.instant(), FUTURE_SKEW, MAX_SPEED::get,
                JUMP_SLACK_METRES);
        List<Position> ok = new ArrayList<>(size);
        List<IngestResult> results = new ArrayList<>(group.size());
        for (Pending p : group) {
            int before = ok.size();
            List<Rejected> bad = new ArrayList<>();
            for (PositionPipeline.Rejection r : pipeline.run(p.batch(), ok)) {
                bad.add(new Rejected(r.index(), r.reason()));
            }
            results.add(new IngestResult(ok.size() - before, bad));
        }
        if (!ok.isEmpty()) {
            store.appendPositions(ok);
        }
        List<UnitChange> changes = new ArrayList<>(ok.size());
        for (Position p : ok) {
            UnitRecord before = units.get(p.unitId());
            UnitRecord after = before.withLastPosition(p);
            apply(after);
            changes.add(new UnitChange(before, after));
        }
        accepted.increment(ok.size());
        for (IngestResult r : results) {
            r.rejected().forEach(x -> rejected.get(x.reason()).increment());
        }
        publish(changes);
        for (int i = 0; i < group.size(); i++) {
            group.get(i).result().complete(results.get(i));
        }
    }

    private void rescheduleIfWaiting() {
        if (!pending.isEmpty() && drainScheduled.compareAndSet(false, true)) {
            writer.execute(this::drain);
        }
    }

    /** Changes a unit's duty status. Fails with {@link NotFoundException} for an unknown unit. */
    public CompletableFuture<UnitRecord> setStatus(String id, UnitStatus status) {
        return CompletableFuture.supplyAsync(() -> {
            UnitRecord before = units.get(id);
            if (before == null) {
                throw new NotFoundException("id", "no unit '" + id + "'");
            }
            UnitRecord after = before.withStatus(status);
            store.upsertUnits(List.of(after));
            apply(after);
            publish(List.of(new UnitChange(before, after)));
            return after;
        }, writer);
    }

    /** Adds a unit to the roster (available, no position). Fails with {@link ConflictException} if the id exists. */
    public CompletableFuture<UnitRecord> add(Unit unit) {
        return CompletableFuture.supplyAsync(() -> {
            if (units.containsKey(unit.id())) {
                throw new ConflictException("id", null, "id: unit " + unit.id() + " exists already");
            }
            UnitRecord after = new UnitRecord(unit, UnitStatus.AVAILABLE, null);
            store.upsertUnits(List.of(after));
            apply(after);
            publish(List.of(new UnitChange(null, after)));
            return after;
        }, writer);
    }

    private void apply(UnitRecord u) {
        units.put(u.id(), u);
        Position p = u.lastPosition();
        if (p != null) {
            index.put(u.id(), p.lon(), p.lat(), u);
        }
    }

    private void publish(List<UnitChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        for (Consumer<List<UnitChange>> l : listeners) {
            try {
                l.accept(changes);
            } catch (RuntimeException e) {
                // A failing consumer must not stop the stream or undo a committed write.
                org.slf4j.LoggerFactory.getLogger(PositionService.class).error("unit change listener failed", e);
            }
        }
    }
}
